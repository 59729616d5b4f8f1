// Discussions: the post editor's pickers. The pages work without this file (the picker results
// are checkboxes inside the form); with it:
//   - a person or document ticked in the search results moves to the "chosen" list, so a new
//     search does not lose it; unticking a chosen one removes it;
//   - typing "@" and two letters in the message searches the people picker; choosing a person
//     writes "@Their Name" in place of what was typed;
//   - Enter in a picker's search box searches instead of submitting the post.
(function () {
  "use strict";

  var MENTION = /(^|\s)@([^\s@]{2,40})$/u;

  function editorOf(element) {
    return element.closest("[data-discussion-editor]");
  }

  function textOf(editor) {
    return editor.querySelector("textarea[name='body']");
  }

  function pendingMention(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = MENTION.exec(before);
    return match ? { start: before.length - match[2].length - 1, text: match[2] } : null;
  }

  function writeMention(editor, name) {
    var textarea = textOf(editor);
    if (!textarea || !name) {
      return;
    }
    var pending = pendingMention(textarea);
    var mention = "@" + name + " ";
    if (pending) {
      var end = pending.start + 1 + pending.text.length;
      textarea.value = textarea.value.slice(0, pending.start) + mention + textarea.value.slice(end);
      textarea.selectionStart = textarea.selectionEnd = pending.start + mention.length;
    } else if (textarea.value.indexOf("@" + name) === -1) {
      var sep = textarea.value && !/\s$/.test(textarea.value) ? " " : "";
      textarea.value += sep + mention;
    }
  }

  function choose(checkbox) {
    var picker = checkbox.closest("[data-picker]");
    var chosen = picker && picker.querySelector("[data-picker-chosen]");
    if (!chosen) {
      return;
    }
    var label = checkbox.closest("label");
    var duplicate = chosen.querySelector("input[value='" + checkbox.value + "']");
    if (!duplicate) {
      var item = document.createElement("li");
      label.classList.add("picker__choice--chosen");
      item.appendChild(label);
      chosen.appendChild(item);
      // Keep only the name in the chosen chip.
      var extra = label.querySelector(".muted");
      if (extra) {
        extra.remove();
      }
    } else {
      label.remove();
    }
    if (picker.getAttribute("data-picker") === "mentions") {
      writeMention(editorOf(checkbox), checkbox.getAttribute("data-mention-name"));
      var textarea = textOf(editorOf(checkbox));
      if (textarea) {
        textarea.focus();
      }
    }
    var results = picker.querySelector("[data-picker-results]");
    var search = picker.querySelector("[data-picker-search]");
    if (results) {
      results.innerHTML = "";
    }
    if (search) {
      search.value = "";
    }
  }

  document.addEventListener("change", function (event) {
    var checkbox = event.target;
    if (!checkbox.matches || !checkbox.matches("[data-picker] input[type='checkbox']")) {
      return;
    }
    if (checkbox.checked && checkbox.closest("[data-picker-results]")) {
      choose(checkbox);
    } else if (!checkbox.checked && checkbox.closest("[data-picker-chosen]")) {
      var item = checkbox.closest("li");
      if (item) {
        item.remove();
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
      if (window.htmx) {
        window.htmx.trigger(event.target, "search");
      }
    }
  });

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("[data-discussion-editor] textarea[name='body']")) {
      return;
    }
    var pending = pendingMention(textarea);
    if (!pending) {
      return;
    }
    var search = editorOf(textarea).querySelector("[data-picker='mentions'] [data-picker-search]");
    if (search && search.value !== pending.text) {
      search.value = pending.text;
      if (window.htmx) {
        window.htmx.trigger(search, "search");
      }
    }
  });
})();

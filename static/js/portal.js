/*
 * Compact Portal — small progressive enhancements.
 *
 * Everything here is optional: every page works without JavaScript. This file is loaded with
 * <script defer> from base.html (no inline scripts: the CSP forbids them).
 *
 *   - Mobile navigation toggle ([data-nav-toggle] inside [data-site-header]).
 *   - Account drop-down in the header ([data-account-menu] with its [data-account-toggle]):
 *     Escape, a click elsewhere or Tab past its last link closes it.
 *   - Focus the error summary ([data-error-summary]) after a failed form submission.
 *   - Ask once before destructive actions: <form data-confirm="…"> or <button data-confirm="…">.
 *     (For htmx requests prefer hx-confirm="…", which htmx handles itself.)
 *   - Filter panels <details data-collapse-on-mobile open> start closed on phones.
 */
(function () {
  "use strict";

  var PHONE_QUERY = "(max-width: 47.99rem)";

  document.documentElement.classList.add("js");

  function initNavToggle() {
    var header = document.querySelector("[data-site-header]");
    if (!header) {
      return;
    }
    var toggle = header.querySelector("[data-nav-toggle]");
    var menuId = toggle && toggle.getAttribute("aria-controls");
    var menu = menuId && document.getElementById(menuId);
    if (!menu) {
      return;
    }

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("is-open", open);
    }

    header.classList.add("is-enhanced");
    toggle.hidden = false;
    setOpen(false);

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("is-open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  function initAccountMenu() {
    var menu = document.querySelector("[data-account-menu]");
    var toggle = menu && menu.querySelector("[data-account-toggle]");
    var panelId = toggle && toggle.getAttribute("aria-controls");
    var panel = panelId && document.getElementById(panelId);
    if (!panel) {
      return;
    }

    function isOpen() {
      return toggle.getAttribute("aria-expanded") === "true";
    }

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }

    menu.classList.add("is-enhanced");
    toggle.hidden = false;
    setOpen(false);

    toggle.addEventListener("click", function () {
      setOpen(!isOpen());
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) {
        var inside = menu.contains(document.activeElement);
        setOpen(false);
        if (inside) {
          toggle.focus();
        }
      }
    });

    document.addEventListener("click", function (event) {
      if (isOpen() && !menu.contains(event.target)) {
        setOpen(false);
      }
    });

    menu.addEventListener("focusout", function (event) {
      if (isOpen() && event.relatedTarget && !menu.contains(event.relatedTarget)) {
        setOpen(false);
      }
    });
  }

  function focusErrorSummary(scope) {
    var root = scope && scope.querySelector ? scope : document;
    var summary =
      root.matches && root.matches("[data-error-summary]")
        ? root
        : root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function initConfirm() {
    // Capture phase, so a cancelled action never reaches other listeners (htmx included).
    document.addEventListener(
      "submit",
      function (event) {
        var form = event.target;
        var message = form && form.getAttribute && form.getAttribute("data-confirm");
        if (message && !window.confirm(message)) {
          event.preventDefault();
          event.stopPropagation();
        }
      },
      true
    );

    document.addEventListener(
      "click",
      function (event) {
        var target = event.target.closest
          ? event.target.closest("button[data-confirm], a[data-confirm], input[data-confirm]")
          : null;
        if (!target) {
          return;
        }
        if (!window.confirm(target.getAttribute("data-confirm"))) {
          event.preventDefault();
          event.stopPropagation();
        }
      },
      true
    );
  }

  function collapseOnPhones(scope) {
    if (!window.matchMedia || !window.matchMedia(PHONE_QUERY).matches) {
      return;
    }
    var root = scope && scope.querySelectorAll ? scope : document;
    var panels = root.querySelectorAll("details[data-collapse-on-mobile]");
    for (var i = 0; i < panels.length; i += 1) {
      panels[i].open = false;
    }
  }

  function init() {
    initNavToggle();
    initAccountMenu();
    initConfirm();
    collapseOnPhones(document);
    focusErrorSummary(document);

    // Content swapped in by htmx: move focus to a new error summary.
    document.addEventListener("htmx:afterSettle", function (event) {
      var target = event.detail && event.detail.target;
      if (target) {
        focusErrorSummary(target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

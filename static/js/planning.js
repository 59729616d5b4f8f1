// Joint planning: small conveniences; every page works without them.
(function () {
  "use strict";

  // Activity form: long multiple selects say what is chosen (the selection may be scrolled away).
  var form = document.querySelector("form[data-chosen-label]");
  if (form) {
    var label = form.getAttribute("data-chosen-label");
    var none = form.getAttribute("data-chosen-none");
    form.querySelectorAll("select[multiple]").forEach(function (select) {
      var summary = document.createElement("p");
      summary.className = "planning-chosen";
      summary.setAttribute("aria-live", "polite");
      summary.id = select.id + "_chosen";
      select.insertAdjacentElement("afterend", summary);
      function update() {
        var names = Array.prototype.map.call(select.selectedOptions, function (option) {
          return option.textContent.trim();
        });
        summary.textContent = label + " " + (names.length ? names.join("; ") : none);
      }
      select.addEventListener("change", update);
      update();
    });
  }

  // Activity form: "Completed" means 100% done.
  var status = document.getElementById("id_status");
  var progress = document.getElementById("id_progress");
  if (status && progress) {
    status.addEventListener("change", function () {
      if (status.value === "completed") {
        progress.value = "100";
      }
    });
  }
})();

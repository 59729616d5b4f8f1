/*
 * Progress reports and the annual report: a "Print" button ([data-print], hidden without
 * JavaScript: the browser's own print command works the same).
 */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();

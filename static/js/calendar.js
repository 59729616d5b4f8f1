/*
 * Joint Calendar — small progressive enhancements (every page works without JavaScript).
 *
 *   - Event form: hide the time fields for all-day events; show the repeat-until and custom-rule
 *     fields only when they apply.
 *   - Preferences: offer this device's time zone ([data-detect-zone]).
 *   - Feed address: select it all on focus ([data-select-on-focus]).
 *   - Conflict warning: move focus to it ([data-conflicts]).
 */
(function () {
  "use strict";

  function fieldOf(name) {
    var input = document.querySelector('[name="' + name + '"]');
    return input ? input.closest(".field") : null;
  }

  function initEventForm() {
    var allDay = document.querySelector('.calendar-form [name="all_day"]');
    if (allDay) {
      var timeFields = document.querySelectorAll(".calendar-form [data-time-field]");
      var syncTimes = function () {
        timeFields.forEach(function (wrapper) {
          wrapper.hidden = allDay.checked;
        });
      };
      allDay.addEventListener("change", syncTimes);
      syncTimes();
    }
    var repeat = document.querySelector('.calendar-form [name="repeat"]');
    if (repeat) {
      var until = fieldOf("repeat_until");
      var rule = fieldOf("rrule");
      var syncRepeat = function () {
        if (until) {
          until.hidden = repeat.value === "" || repeat.value === "custom";
        }
        if (rule) {
          rule.hidden = repeat.value !== "custom";
        }
      };
      repeat.addEventListener("change", syncRepeat);
      syncRepeat();
    }
    var conflicts = document.querySelector("[data-conflicts]");
    if (conflicts && !document.querySelector("[data-error-summary]")) {
      conflicts.focus();
    }
  }

  function initZoneDetection() {
    var box = document.querySelector("[data-detect-zone]");
    var select = document.querySelector('select[name="timezone"]');
    if (!box || !select || !window.Intl || !Intl.DateTimeFormat) {
      return;
    }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (!zone || !known || select.value === zone) {
      return;
    }
    box.querySelector("[data-detected-zone]").textContent = zone;
    box.hidden = false;
    box.querySelector("button").addEventListener("click", function () {
      select.value = zone;
      box.hidden = true;
      select.focus();
    });
  }

  function initSelectOnFocus() {
    document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () {
        input.select();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initEventForm();
    initZoneDetection();
    initSelectOnFocus();
  });
})();

// Library document form: show the audience lists only when the chosen visibility needs them.
(function () {
  "use strict";

  function fieldOf(name) {
    var input = document.querySelector('[name="' + name + '"]');
    return input ? input.closest(".field") : null;
  }

  function update() {
    var checked = document.querySelector('input[name="visibility"]:checked');
    var value = checked ? checked.value : "";
    var groups = fieldOf("audience_groups");
    var organizations = fieldOf("audience_organizations");
    if (groups) {
      groups.hidden = value !== "groups";
    }
    if (organizations) {
      organizations.hidden = value !== "organizations";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var radios = document.querySelectorAll('input[name="visibility"]');
    if (!radios.length) {
      return;
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
})();

// The solution-type picker (progressive enhancement: without JavaScript it is 9 groups of checkboxes):
// a filter box that shows only the types whose names contain the words typed, opening their groups,
// and beside each group's name how many of its types are ticked.
(function () {
  "use strict";
  document.querySelectorAll("[data-type-picker]").forEach(function (picker) {
    var filter = picker.querySelector("[data-type-filter]");
    var groups = picker.querySelectorAll("[data-type-group]");

    function count() {
      groups.forEach(function (group) {
        var ticked = group.querySelectorAll("input:checked").length;
        group.querySelector("[data-type-count]").textContent = ticked ? "(" + ticked + ")" : "";
      });
    }

    function apply() {
      var words = filter.value.trim().toLowerCase();
      groups.forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-type-option]").forEach(function (option) {
          var match = !words || option.textContent.toLowerCase().indexOf(words) !== -1;
          option.hidden = !match;
          shown += match ? 1 : 0;
        });
        group.hidden = shown === 0;
        if (words && shown) { group.open = true; }
      });
    }

    filter.parentNode.hidden = false;
    filter.addEventListener("input", apply);
    picker.addEventListener("change", count);
    count();
  });
})();

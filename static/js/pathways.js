// The pathway list follows the sector: only the chosen sector's pathways stay selectable.
// Without this script every pathway is listed under its sector, and the server checks the pair.
"use strict";
(function () {
  function follow(select) {
    var sector = document.getElementById(select.getAttribute("data-follows"));
    if (!sector) { return; }
    function update() {
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var match = group.getAttribute("data-sector") === sector.value;
        group.hidden = !match;
        group.disabled = !match;
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.parentNode.tagName === "OPTGROUP" && chosen.parentNode.disabled) { select.value = ""; }
    }
    sector.addEventListener("change", update);
    update();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-follows]"), follow);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

// wbl_match's own scripts. Served from this origin only; the CSP allows no inline script.
"use strict";

// The site menu is a <details> (a "Menu" button that works without scripts). On a wide screen it is
// opened, and its button hidden by the stylesheet, so the entries show as a row.
(function () {
  var wide = window.matchMedia("(min-width: 768px)");
  function follow() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-site-menu]"), function (menu) {
      menu.open = wide.matches;
    });
  }
  function start() {
    follow();
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

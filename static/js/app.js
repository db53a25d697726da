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
// A box that scrolls sideways (a wide table or chart on a phone) can be scrolled from the keyboard: when
// nothing inside it takes the focus, the box itself does, named by the table or figure it holds.
(function () {
  var BOXES = ".overflow-auto, .chart, .schedule-scroll, .wblr-preview";
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(BOXES), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(box).overflowX);
      if (!scrolls || box.querySelector(FOCUSABLE)) {
        if (box.dataset.scrollFocus) { box.removeAttribute("tabindex"); delete box.dataset.scrollFocus; }
        return;
      }
      if (!box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.dataset.scrollFocus = "1";
        if (!box.hasAttribute("role")) {
          var named = box.querySelector("caption, figcaption, title, h2, h3");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", named ? named.textContent.trim() : document.title);
        }
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mark); } else { mark(); }
  window.addEventListener("resize", mark);
})();

// A button marked data-print prints the page (the letters home).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
});

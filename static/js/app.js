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
// A long list of checkboxes (a round's schools and slots): the filter narrows what is shown as one types,
// "select all shown" and "clear shown" act on what is shown, and the count follows. Without this script
// the list is plain checkboxes and the tools stay hidden.
(function () {
  function setUp(list) {
    var tools = list.querySelector("[data-pick-tools]");
    var filter = list.querySelector("[data-pick-filter]");
    var count = list.querySelector("[data-pick-count]");
    var empty = list.querySelector("[data-pick-empty]");
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-pick-text]"));
    var nouns = list.dataset.nouns;

    function shown() { return items.filter(function (item) { return !item.hidden; }); }
    function box(item) { return item.querySelector("input[type=checkbox]"); }
    function recount() {
      var chosen = items.filter(function (item) { return box(item).checked; }).length;
      var visible = shown().length;
      var text = chosen + " of " + items.length + " " + nouns + " chosen";
      if (visible < items.length) { text += " · " + visible + " shown"; }
      count.textContent = text;
      empty.hidden = visible > 0;
    }
    function narrow() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      items.forEach(function (item) {
        var text = item.dataset.pickText;
        item.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
      });
      recount();
    }
    function mark(value) {
      shown().forEach(function (item) { box(item).checked = value; });
      recount();
      chosenFromList();
    }
    var every = list.dataset.pickEvery ? document.getElementById(list.dataset.pickEvery) : null;
    var ignored = list.querySelector("[data-pick-ignored]");
    function follow() { if (ignored) { ignored.hidden = !(every && every.checked); } }
    function chosenFromList() {
      if (every && every.checked && items.some(function (item) { return box(item).checked; })) {
        every.checked = false;  // choosing from the list means these, not every one
      }
      follow();
    }
    tools.hidden = false;
    filter.addEventListener("input", narrow);
    if (every) { every.addEventListener("change", follow); follow(); }
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // the filter never submits the form
    });
    list.querySelector("[data-pick-all]").addEventListener("click", function () { mark(true); });
    list.querySelector("[data-pick-none]").addEventListener("click", function () { mark(false); });
    list.addEventListener("change", function () { recount(); chosenFromList(); });
    recount();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pick-list]"), setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

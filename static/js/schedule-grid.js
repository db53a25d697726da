// The weekly schedule grid: plain checkboxes work on their own; this adds
// - arrow keys (and Home/End) moving between cells, with one tab stop for the whole grid,
// - Shift+arrow marking (or clearing) every cell it passes over, like the first cell,
// - dragging with a mouse, a finger or a pen to mark or clear a run of cells (pointer events; a touch that
//   starts on a cell marks instead of scrolling, one that starts on the times or days scrolls),
// - "Copy Monday to Tuesday–Friday" and "Clear" buttons (their words from the table's data-* attributes,
//   in the page's language).
"use strict";
(function () {
  function setUp(table) {
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return Array.prototype.slice.call(row.querySelectorAll("input[type=checkbox]"));
    });
    var all = [].concat.apply([], rows);
    if (!all.length) { return; }
    var current = all.filter(function (box) { return box.checked; })[0] || all[0];

    function focusCell(box) {
      current.tabIndex = -1;
      box.tabIndex = 0;
      current = box;
      box.focus();
    }
    all.forEach(function (box) { box.tabIndex = box === current ? 0 : -1; });

    function position(box) {
      for (var r = 0; r < rows.length; r++) {
        var c = rows[r].indexOf(box);
        if (c >= 0) { return [r, c]; }
      }
      return [0, 0];
    }

    table.addEventListener("keydown", function (event) {
      var box = event.target;
      if (!box.matches || !box.matches("input[type=checkbox]")) { return; }
      var at = position(box), r = at[0], c = at[1];
      var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      var target = null;
      if (moves[event.key]) {
        var nr = r + moves[event.key][0], nc = c + moves[event.key][1];
        if (nr >= 0 && nr < rows.length && nc >= 0 && nc < rows[nr].length) { target = rows[nr][nc]; }
      } else if (event.key === "Home") {
        target = rows[r][0];
      } else if (event.key === "End") {
        target = rows[r][rows[r].length - 1];
      } else if (event.key === "Enter") {
        event.preventDefault();  // Enter would submit the whole form from inside the grid
        box.checked = !box.checked;
        return;
      } else {
        return;
      }
      event.preventDefault();
      if (!target) { return; }
      if (event.shiftKey) { target.checked = box.checked; }
      focusCell(target);
    });

    var painting = null, firstBox = null;
    function isBox(node) { return node && node.matches && node.matches("input[type=checkbox]"); }
    table.addEventListener("pointerdown", function (event) {
      if (!isBox(event.target) || (event.pointerType === "mouse" && event.button !== 0)) { return; }
      painting = !event.target.checked;
      event.target.checked = painting;
      firstBox = event.target;
      // A finger or pen is captured by the cell it first touched; let the cells it moves over get the events.
      if (event.target.hasPointerCapture && event.target.hasPointerCapture(event.pointerId)) {
        event.target.releasePointerCapture(event.pointerId);
      }
    });
    table.addEventListener("pointerover", function (event) {
      if (painting === null || !isBox(event.target)) { return; }
      event.target.checked = painting;
    });
    table.addEventListener("pointermove", function (event) {
      if (painting === null || event.pointerType === "mouse") { return; }
      var under = document.elementFromPoint(event.clientX, event.clientY);
      if (isBox(under) && table.contains(under)) { under.checked = painting; }
    });
    table.addEventListener("click", function (event) {
      // The press already marked its cell; the click that follows must not toggle it back.
      if (event.target === firstBox && event.detail > 0) { event.preventDefault(); }
      firstBox = null;
    });
    function stop() { painting = null; }
    document.addEventListener("pointerup", stop);
    document.addEventListener("pointercancel", stop);
    table.addEventListener("focusin", function (event) {
      if (event.target.matches("input[type=checkbox]") && event.target !== current) {
        current.tabIndex = -1;
        event.target.tabIndex = 0;
        current = event.target;
      }
    });

    var tools = document.createElement("div");
    tools.className = "schedule-tools";
    function button(text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary outline";
      b.textContent = text;
      b.addEventListener("click", action);
      tools.appendChild(b);
    }
    button(table.dataset.copyLabel || "Copy Monday to Tuesday–Friday", function () {
      rows.forEach(function (row) {
        for (var c = 1; c < 5 && c < row.length; c++) { row[c].checked = row[0].checked; }
      });
    });
    button(table.dataset.clearLabel || "Clear all", function () { all.forEach(function (box) { box.checked = false; }); });
    var scroller = table.closest(".schedule-scroll") || table;
    scroller.parentNode.insertBefore(tools, scroller);
    var hint = table.closest("fieldset") && table.closest("fieldset").querySelector("small");
    if (hint) { hint.textContent += " " + (table.dataset.keysHint || "Use the arrow keys to move; Space marks a time; Shift+arrow marks as you move."); }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-schedule-grid]"), setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

// The slot form tells, as the schedule is filled in, which ages it is open to under the limits for minors.
// The sentence is the server's (the engine's rule); this only asks again after a change, a little later.
"use strict";
(function () {
  function start() {
    var note = document.getElementById("hours-note");
    var form = note && note.closest("form");
    if (!form) { return; }
    var timer = null, asked = 0;
    function ask() {
      var mine = ++asked;
      fetch(note.getAttribute("data-url"), {method: "POST", body: new FormData(form), credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null && mine === asked) { note.innerHTML = html; } })
        .catch(function () {});
    }
    function later() { clearTimeout(timer); timer = setTimeout(ask, 300); }
    ["change", "mouseup", "keyup"].forEach(function (name) { form.addEventListener(name, later); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

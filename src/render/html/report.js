"use strict";
(function () {
  var doc = document.documentElement;
  var only = document.getElementById("only");
  var units = Array.prototype.slice.call(document.querySelectorAll("tbody.unit"));
  var current = -1;
  function showChangesOnly(on) {
    only.checked = on;
    document.body.classList.toggle("only", on);
    units.forEach(function (u) {
      if (!u.classList.contains("changed")) { u.hidden = on; }
    });
  }
  function changes() {
    return units.filter(function (u) { return u.classList.contains("changed") && !u.hidden; });
  }
  function step(by) {
    var list = changes();
    if (!list.length) { return; }
    var at = list.indexOf(units[current]);
    var next = at < 0 ? (by > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + by));
    if (current >= 0) { units[current].classList.remove("cur"); }
    current = units.indexOf(list[next]);
    list[next].classList.add("cur");
    list[next].scrollIntoView({ block: "center" });
    list[next].focus({ preventScroll: true });
  }
  only.addEventListener("change", function () { showChangesOnly(only.checked); });
  document.getElementById("next").addEventListener("click", function () { step(1); });
  document.getElementById("prev").addEventListener("click", function () { step(-1); });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
    if (e.key === "n") { step(1); } else if (e.key === "p") { step(-1); }
  });
  var query = new URLSearchParams(location.search);
  showChangesOnly(only.checked || query.get("view") === "changes");
  (query.get("keys") || "").split("").forEach(function (k) {
    if (k === "n") { step(1); } else if (k === "p") { step(-1); }
  });
  var cell = document.querySelector("table.sbs td");
  doc.setAttribute("data-layout", cell && getComputedStyle(cell).display === "block" ? "stacked" : "columns");
  doc.setAttribute("data-ready", "1");
})();

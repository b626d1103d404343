"use strict";
(function () {
  var table = document.getElementById("certs");
  var tools = document.getElementById("tools");
  if (!table || !tools) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById("filter");
  var when = document.getElementById("when");
  var shown = document.getElementById("shown");
  tools.hidden = false;
  var order = ["u0", "u1", "u2", "u3", "u4"];
  function apply() {
    var q = text.value.toLowerCase();
    var limit = when.value === "" ? 5 : order.indexOf(when.value) + 1;
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = order.indexOf(r.className) < limit &&
        (q === "" || r.textContent.toLowerCase().indexOf(q) !== -1);
      r.hidden = !ok;
      if (ok) { n++; }
    }
    shown.value = n + " of " + rows.length + " shown";
  }
  text.addEventListener("input", apply);
  when.addEventListener("change", apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    if (!th.hasAttribute("data-sort")) { return; }
    th.tabIndex = 0;
    function sort() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var num = th.getAttribute("data-sort") === "num";
      var keyed = rows.map(function (r, i) {
        var t = r.cells[col].textContent;
        return { r: r, k: num ? parseFloat(t) : t.toLowerCase(), i: i };
      });
      keyed.sort(function (a, b) {
        if (a.k < b.k) { return -dir; }
        if (a.k > b.k) { return dir; }
        return a.i - b.i;
      });
      var f = document.createDocumentFragment();
      keyed.forEach(function (x) { f.appendChild(x.r); });
      body.appendChild(f);
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
  apply();
})();

/* The profile form's repeatable rows (occupations, languages), in place: empty rows are put away behind an
 * "Add another" button and a filled row can be removed. Without this file every row is shown and an empty row is
 * simply left out when saving. */
(function () {
  "use strict";

  function controls(row) { return row.querySelectorAll("input, select, textarea"); }

  function filled(row) {
    return Array.prototype.some.call(controls(row), function (c) { return c.value !== ""; });
  }

  function clear(row) {
    Array.prototype.forEach.call(controls(row), function (c) { c.value = ""; });
  }

  document.querySelectorAll("[data-rows]").forEach(function (group) {
    var rows = Array.prototype.slice.call(group.querySelectorAll("[data-row]"));
    var add = group.querySelector("[data-row-add]");
    if (!rows.length || !add) { return; }

    function visible() { return rows.filter(function (r) { return !r.hidden; }); }

    function refresh() {
      var shown = visible().length;
      add.hidden = shown >= rows.length;
      rows.forEach(function (row) {
        var remove = row.querySelector("[data-row-remove]");
        if (remove) { remove.hidden = shown <= 1 && !filled(row); }
      });
    }

    var any = false;
    rows.forEach(function (row) {
      var keep = filled(row) || row.querySelector(".errorlist");
      row.hidden = !keep;
      any = any || Boolean(keep);
    });
    if (!any) { rows[0].hidden = false; }

    add.addEventListener("click", function () {
      var next = rows.filter(function (r) { return r.hidden; })[0];
      if (!next) { return; }
      next.hidden = false;
      var first = controls(next)[0];
      if (first) { first.focus(); }
      refresh();
    });

    rows.forEach(function (row) {
      var remove = row.querySelector("[data-row-remove]");
      if (!remove) { return; }
      remove.addEventListener("click", function () {
        clear(row);
        if (visible().length > 1) { row.hidden = true; }
        // The emptied row is left out when saving; rows below keep their place.
        (add.hidden ? controls(visible()[0])[0] : add).focus();
        refresh();
      });
    });

    group.addEventListener("input", refresh);
    group.addEventListener("change", refresh);
    refresh();
  });
})();

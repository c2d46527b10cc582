/* The posting form's workplaces, in place: "Add another workplace" clones the <template> block, "Remove" takes a
 * block out. Without this file both buttons submit the form, which comes back with one block more or less. */
(function () {
  "use strict";

  var box = document.querySelector("[data-workplaces]");
  if (!box) { return; }
  var list = box.querySelector("[data-workplace-list]");
  var template = box.querySelector("template[data-workplace-template]");
  var count = document.querySelector("input[name='workplace_count']");
  var add = box.querySelector("[data-workplace-add]");
  if (!list || !template || !count || !add) { return; }
  var max = parseInt(add.getAttribute("data-max") || "0", 10) || 0;

  function blocks() { return list.querySelectorAll("[data-workplace]"); }

  function refresh() {
    var shown = blocks().length;
    add.hidden = max > 0 && shown >= max;
    blocks().forEach(function (block) {
      var remove = block.querySelector("[data-workplace-remove]");
      if (remove) { remove.hidden = shown <= 1; }
    });
  }

  add.addEventListener("click", function (event) {
    event.preventDefault();
    var n = (parseInt(count.value, 10) || blocks().length) + 1;
    count.value = String(n);
    var html = template.innerHTML.split("__N__").join(String(n));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var block = holder.firstElementChild;
    while (block && !block.hasAttribute("data-workplace")) { block = block.nextElementSibling; }
    if (!block) { return; }
    list.appendChild(block);
    var input = block.querySelector("input[data-suggest]");
    if (input) {
      if (window.regiojobsSuggest) { window.regiojobsSuggest(input); }
      input.focus();
    }
    refresh();
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-workplace-remove]") : null;
    if (!button || blocks().length <= 1) { return; }
    event.preventDefault();
    var block = button.closest("[data-workplace]");
    if (block) { block.parentNode.removeChild(block); }
    var first = list.querySelector("input");
    if (first) { first.focus(); }
    refresh();
  });

  refresh();
})();

/* The occupational field, suggested from the job title as it is typed: the field select takes the best suggestion
 * while the company has not chosen a field itself, and a note under it names the suggestion. Never required:
 * without this file (or when the endpoint is unsure) the select stays as it is. */
(function () {
  "use strict";

  var title = document.querySelector("input[data-field-suggest]");
  var select = document.querySelector("select[name='field']");
  var note = document.querySelector("[data-field-suggestion]");
  if (!title || !select || !note || !window.fetch) { return; }
  var url = title.getAttribute("data-field-suggest");
  // Ours to change: empty, or holding what we suggested last. A field the company picked stays.
  var suggested = null;
  var timer = null;
  var controller = null;
  var last = "";

  function ours() { return select.value === "" || select.value === suggested; }

  function show(items) {
    if (!items.length) {
      note.hidden = true;
      note.textContent = "";
      if (suggested !== null && select.value === suggested) { select.value = ""; }
      suggested = null;
      return;
    }
    var best = items[0];
    if (ours() && select.querySelector("option[value='" + best.code + "']")) {
      select.value = best.code;
      suggested = best.code;
    }
    note.textContent = note.getAttribute("data-label") + " " +
      items.map(function (item) { return item.code + " " + item.name; }).join(" · ");
    note.hidden = false;
  }

  function ask() {
    var q = title.value.trim();
    if (q === last) { return; }
    last = q;
    if (controller) { controller.abort(); }
    if (q.length < 3) { show([]); return; }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?title=" + encodeURIComponent(q.slice(0, 200)), {
      headers: { "Accept": "application/json" },
      signal: controller ? controller.signal : undefined
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (Array.isArray(data)) { show(data); } })
      .catch(function () { /* a convenience: the select still works by hand */ });
  }

  title.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 300);
  });
  select.setAttribute("aria-describedby",
    ((select.getAttribute("aria-describedby") || "") + " field-suggestion").trim());
  if (title.value.trim() && select.value === "") { ask(); }
})();

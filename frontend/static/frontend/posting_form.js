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

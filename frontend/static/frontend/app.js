/* regiojobs: progressive enhancement only. Every page works without this file.
 * Suggestions: an input with data-suggest="URL" and list="ID" gets <datalist> options from the API as one types.
 * After a refused form the focus goes to its error summary (_form_errors.html), which links each error to its field,
 * so a screen reader reads what is wrong first. */
(function () {
  "use strict";

  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function labelsOf(kind, data) {
    // The place API answers a list of places; the search suggest API an object with titles and places.
    if (kind === "place") {
      // The value must be something the search resolves: the plain name when it is unambiguous, else the
      // postal code; the label shows which place it is.
      return (Array.isArray(data) ? data : []).map(function (p) {
        var plain = p.kind === "municipality" && p.label === p.name;
        return { value: plain ? p.name : p.postal_code, label: p.label };
      });
    }
    var out = [];
    ["titles", "companies", "suggestions", "results"].forEach(function (key) {
      (data && Array.isArray(data[key]) ? data[key] : []).forEach(function (item) {
        out.push(typeof item === "string" ? item : (item.text || item.title || item.label || item.name || ""));
      });
    });
    if (Array.isArray(data)) {
      data.forEach(function (item) { out.push(typeof item === "string" ? item : (item.text || item.label || "")); });
    }
    return out.filter(Boolean);
  }

  function attach(input) {
    var url = input.getAttribute("data-suggest");
    var list = document.getElementById(input.getAttribute("list"));
    if (!url || !list || !window.fetch) { return; }
    var kind = input.getAttribute("data-suggest-kind") || "text";
    var last = "";
    var controller = null;
    input.addEventListener("input", debounce(function () {
      var q = input.value.trim();
      if (q.length < 2 || q === last) { return; }
      last = q;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), {
        headers: { "Accept": "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          list.textContent = "";
          labelsOf(kind, data).slice(0, 10).forEach(function (item) {
            var option = document.createElement("option");
            option.value = typeof item === "string" ? item : item.value;
            if (typeof item !== "string" && item.label !== item.value) { option.label = item.label; }
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience; typing still works */ });
    }, 150));
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
  // For inputs added later (a cloned block of the posting form).
  window.regiojobsSuggest = attach;
})();

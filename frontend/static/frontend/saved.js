/* regiojobs, saved jobs (signed-in visitors only): saving works without this file (the cards link to the save form,
 * the posting page has the form). Here the cards, cached and the same for everybody, are marked by the user's own
 * list, and saving or removing happens in place: the same address is POSTed to and answers JSON. */
(function () {
  "use strict";
  var script = document.currentScript;
  var idsUrl = (script && script.getAttribute("data-saved-ids-url")) || "/seeker/saved/ids/";
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-save-job]"));
  var forms = Array.prototype.slice.call(document.querySelectorAll("[data-save-form]"));
  if (!links.length && !forms.length) { return; }
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!tokenInput) { return; }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("data-save-status", "");
  document.body.appendChild(status);

  function post(url, action) {
    var body = new URLSearchParams();
    body.append("action", action);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": tokenInput.value },
      body: body
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw data; }
        return data;
      });
    });
  }

  function markLink(link, saved) {
    link.setAttribute("data-saved", saved ? "true" : "false");
    link.classList.toggle("is-saved", saved);
    link.querySelector("[data-save-label]").textContent =
      link.getAttribute(saved ? "data-label-saved" : "data-label-save");
  }

  if (links.length) {
    fetch(idsUrl, {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : { ids: [] }; }).then(function (data) {
      var ids = {};
      (data.ids || []).forEach(function (id) { ids[String(id)] = true; });
      links.forEach(function (link) { markLink(link, !!ids[link.getAttribute("data-save-job")]); });
    }).catch(function () { /* the links still lead to the save form */ });
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!link.hasAttribute("data-saved")) { return; } // state unknown yet: the plain link
        event.preventDefault();
        var saved = link.getAttribute("data-saved") === "true";
        post(link.href, saved ? "remove" : "save").then(function (data) {
          markLink(link, data.saved);
          status.textContent = data.message;
        }, function () { window.location.href = link.href; });
      });
    });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("button[name=action]");
      if (!button) { return; }
      event.preventDefault();
      // getAttribute: form.action would be the button named "action"
      post(form.getAttribute("action"), button.value).then(function (data) {
        button.value = data.saved ? "remove" : "save";
        button.textContent = form.getAttribute(data.saved ? "data-label-saved" : "data-label-save");
        button.classList.toggle("is-saved", data.saved);
        status.textContent = data.message;
      }, function () {
        // Not answered as expected: the plain form does it (and shows the reason).
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = "action";
        field.value = button.value;
        form.appendChild(field);
        form.submit();
      });
    });
  });
})();

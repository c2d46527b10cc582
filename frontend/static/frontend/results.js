/* regiojobs, the results page: progressive enhancement only (the page works without this file).
 * - The filter drawer (narrow screens): opened by the "Filters" link, which without JavaScript targets it (:target);
 *   here it opens in place over the page, moves the focus into it and keeps it there while it covers the page (Tab
 *   past its last control goes to its first), closes with Escape or its close link and returns the focus. (No
 *   role="dialog": an <aside>, the filters' landmark on wide screens, may not take it.)
 * - "Jobs near me": shown only where the browser can locate; asks once (the browser's prompt is the consent), puts
 *   the position, rounded to about a kilometre, into lat/lon of the search form and sends it. Nothing is stored. */
(function () {
  "use strict";

  var drawer = document.querySelector("[data-drawer]");
  var opener = document.querySelector("[data-drawer-open]");
  var closer = document.querySelector("[data-drawer-close]");

  function isOpen() { return drawer.classList.contains("is-open"); }

  // Over the page (narrow screens) the drawer is fixed; on wide screens it is the sidebar and nothing is held.
  function isOverlay() { return isOpen() && window.getComputedStyle(drawer).position === "fixed"; }

  function controls() {
    return Array.prototype.filter.call(
      drawer.querySelectorAll("a[href], button, input, select, textarea, summary"),
      function (el) { return !el.disabled && el.getClientRects().length > 0; }
    );
  }

  function open() {
    drawer.classList.add("is-open");
    opener.setAttribute("aria-expanded", "true");
    drawer.focus();
  }

  function close() {
    drawer.classList.remove("is-open");
    opener.setAttribute("aria-expanded", "false");
    if (window.location.hash === "#filters") {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    opener.focus();
  }

  if (drawer && opener && closer) {
    opener.setAttribute("aria-expanded", "false");
    opener.addEventListener("click", function (event) {
      event.preventDefault();
      if (isOpen()) { close(); } else { open(); }
    });
    closer.addEventListener("click", function (event) {
      event.preventDefault();
      close();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && (isOpen() || window.location.hash === "#filters")) {
        event.preventDefault();
        close();
      }
    });
    if (window.location.hash === "#filters") { open(); }
    // Keep the focus in the open overlay: a Tab that leaves it comes back at its other end.
    var backwards = false;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Tab") { backwards = event.shiftKey; }
    });
    document.addEventListener("focusin", function (event) {
      if (!isOverlay() || drawer.contains(event.target)) { return; }
      var items = controls();
      (items.length ? items[backwards ? items.length - 1 : 0] : drawer).focus();
    });
  }

  var geo = document.querySelector("[data-geo]");
  var form = document.getElementById("job-search");
  if (!geo || !form || !("geolocation" in navigator)) { return; }
  var button = geo.querySelector("[data-geo-button]");
  var status = geo.querySelector("[data-geo-status]");
  geo.hidden = false;

  function field(name) {
    var input = form.querySelector("input[type=hidden][name='" + name + "']");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }

  var place = form.querySelector("[name=place]");
  if (place) {
    // A place typed replaces the location: the hidden lat/lon go.
    place.addEventListener("input", function () {
      form.querySelectorAll("input[type=hidden][name=lat], input[type=hidden][name=lon]").forEach(function (i) {
        i.remove();
      });
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = status.getAttribute("data-geo-busy");
    navigator.geolocation.getCurrentPosition(function (position) {
      field("lat").value = position.coords.latitude.toFixed(2);
      field("lon").value = position.coords.longitude.toFixed(2);
      if (place) { place.value = ""; }
      var sort = form.querySelector("[name=sort]");
      if (sort) { sort.value = "distance"; } else { field("sort").value = "distance"; }
      form.submit();
    }, function () {
      button.disabled = false;
      status.textContent = status.getAttribute("data-geo-denied");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  });
})();

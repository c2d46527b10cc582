/* The map of a search's places (frontend/_map.html): one Leaflet marker per municipality with its number of postings;
   a click (or Enter on the focused marker) opens a popup linking to that place's results. Everything it needs comes
   from the element's data- attributes. Without this script, or without tiles, the list of places under it is the
   map. Tiles that fail to load leave an empty background: the markers are a layer of their own. */
(function () {
  "use strict";

  var THURINGIA = [50.9, 11.0];

  function label(el, name, count) {
    var pattern = count === 1 ? el.dataset.labelOne : el.dataset.labelOther;
    return pattern.replace("{name}", name).replace("{count}", String(count));
  }

  function marker(el, feature, latlng) {
    var props = feature.properties;
    var text = label(el, props.name, props.count);
    var icon = document.createElement("span");
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = text;
    var shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = String(props.count);
    icon.appendChild(hidden);
    icon.appendChild(shown);
    var size = props.count >= 100 ? 44 : props.count >= 10 ? 38 : 32;
    var m = L.marker(latlng, {
      icon: L.divIcon({ className: "map-marker", html: icon, iconSize: [size, size] }),
      keyboard: true,
      riseOnHover: true,
    });
    var popup = document.createElement("p");
    popup.className = "map-popup";
    var strong = document.createElement("strong");
    strong.textContent = text;
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = el.dataset.linkText;
    popup.appendChild(strong);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(link);
    m.bindPopup(popup);
    // Keyboard: the popup of the focused marker takes the focus (its link comes next, not the other markers);
    // closed (Escape, its close button), it gives the focus back to this marker, unless the focus has moved on
    // (to another marker, whose popup replaces this one).
    m.on("popupopen", function (event) {
      var own = m.getElement();
      var target = event.popup.getElement().querySelector(".map-popup a");
      if (own && target && document.activeElement === own) {
        target.focus();
      }
    });
    m.on("popupclose", function (event) {
      var own = m.getElement();
      var active = document.activeElement;
      var closing = event.popup.getElement();
      if (own && (!active || active === document.body || (closing && closing.contains(active)))) {
        own.focus();
      }
    });
    return m;
  }

  // Leaflet (about 160 KB) is fetched only when a map is shown: a results page whose map stays folded never loads it.
  var leafletWaiting = null;

  function withLeaflet(el, then) {
    if (typeof L !== "undefined") {
      then();
      return;
    }
    if (!leafletWaiting) {
      leafletWaiting = [];
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = el.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = el.dataset.leafletJs;
      script.onload = function () {
        leafletWaiting.forEach(function (fn) { fn(); });
        leafletWaiting = [];
      };
      document.head.appendChild(script);
    }
    leafletWaiting.push(then);
  }

  function show(el) {
    if (el.dataset.mapReady) {
      return;
    }
    el.dataset.mapReady = "1";
    withLeaflet(el, function () { draw(el); });
  }

  function draw(el) {
    el.hidden = false;
    var map = L.map(el, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: el.dataset.zoomIn, zoomOutTitle: el.dataset.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.setView(THURINGIA, 8);
    if (el.dataset.tileUrl) {
      var tiles = L.tileLayer(el.dataset.tileUrl, {
        attribution: el.dataset.tileAttribution || "",
        maxZoom: 18,
        referrerPolicy: "strict-origin-when-cross-origin",
      });
      tiles.on("tileerror", function () {
        el.classList.add("map-no-tiles");
      });
      tiles.addTo(map);
    } else {
      el.classList.add("map-no-tiles");
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && el.dataset.close) {
        close.setAttribute("aria-label", el.dataset.close);
        close.title = el.dataset.close;
      }
    });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        map.closePopup();
      }
    });
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("map data: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return marker(el, feature, latlng);
          },
        }).addTo(map);
        if (data.features && data.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 11 });
        }
        el.dataset.markers = String(data.features ? data.features.length : 0);
      })
      .catch(function () {
        // The list of places under the map still leads to every result.
        el.hidden = true;
      });
  }

  function init() {
    document.querySelectorAll("[data-map]").forEach(function (el) {
      var folded = el.closest("details");
      if (folded && !folded.open) {
        folded.addEventListener("toggle", function () {
          if (folded.open) {
            show(el);
          }
        });
      } else {
        show(el);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

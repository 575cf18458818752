// Maps on the report pages, drawn with Leaflet. Every page works without them: the reporting form
// takes an address instead, and the staff list is a table. Tiles come from settings (PDOK's base map by
// default); when they fail to load, as without internet, the boundaries of provinces, water boards and
// municipalities are drawn with their names, so that a person can still find their place.
(function () {
  "use strict";
  var NETHERLANDS = [[50.75, 3.3], [53.6, 7.25]];
  // A tile server that has sent nothing by then is taken to be out of reach.
  var TILE_PATIENCE_MS = 6000;
  var LOOKUP_PATIENCE_MS = 5000;
  // Which names are shown from which zoom level on, and up to which.
  var LABELS = {
    provincie: [0, 8.5],
    waterschap: [9, 9.5],
    gemeente: [10, 99]
  };
  var STYLES = {
    gemeente: { color: "#6b7280", weight: 0.7, fillColor: "#f6f4ee", fillOpacity: 1 },
    waterschap: { color: "#1f6fb2", weight: 1.5, dashArray: "6 4", fill: false },
    provincie: { color: "#154273", weight: 2.5, fill: false }
  };

  function fetchWithin(url, milliseconds) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, milliseconds);
    return fetch(url, {
      signal: controller.signal,
      headers: { "Accept-Language": document.documentElement.lang }
    }).finally(function () { clearTimeout(timer); });
  }

  function showLabels(map, labels) {
    var zoom = map.getZoom();
    Object.keys(labels).forEach(function (kind) {
      var shown = zoom >= LABELS[kind][0] && zoom <= LABELS[kind][1];
      if (shown && !map.hasLayer(labels[kind])) labels[kind].addTo(map);
      if (!shown && map.hasLayer(labels[kind])) map.removeLayer(labels[kind]);
    });
    // A name that would overlap one already placed is left out, so that every name shown can be read.
    var placed = [];
    map.getContainer().querySelectorAll(".thorbecke-map__label span").forEach(function (name) {
      name.style.visibility = "";
      var box = name.getBoundingClientRect();
      var overlaps = placed.some(function (other) {
        return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
      });
      if (overlaps) name.style.visibility = "hidden"; else placed.push(box);
    });
  }

  function drawBoundaries(map, element) {
    element.dataset.background = "boundaries";
    element.classList.add("thorbecke-map--boundaries");
    // Nothing finer than the boundaries is there to see; zoomed in closer, a flat colour would fill the map.
    map.setMaxZoom(15);
    if (map.getZoom() > 12) map.setZoom(12);
    // Under the reports' and the picked place's markers, which are drawn in the overlay pane (400); the
    // names too, which Leaflet would otherwise put in its marker pane (600), over the points.
    map.createPane("boundaries").style.zIndex = 350;
    map.createPane("boundary-names").style.zIndex = 360;
    map.attributionControl.addAttribution(element.dataset.boundariesAttribution);
    fetchWithin(element.dataset.outline, 20000)
      .then(function (response) { return response.json(); })
      .then(function (outline) {
        var labels = { provincie: L.layerGroup(), waterschap: L.layerGroup(), gemeente: L.layerGroup() };
        // Municipalities first (filled), so that water board and province lines are drawn over them.
        ["gemeente", "waterschap", "provincie"].forEach(function (kind) {
          var features = outline.features.filter(function (f) { return f.properties.kind === kind; });
          L.geoJSON(features, { style: STYLES[kind], interactive: false, pane: "boundaries" }).addTo(map);
          features.forEach(function (feature) {
            var at = feature.properties.label;
            L.marker([at[1], at[0]], {
              pane: "boundary-names",
              interactive: false,
              keyboard: false,
              icon: L.divIcon({
                className: "thorbecke-map__label thorbecke-map__label--" + kind,
                html: "",
                iconSize: null
              })
            }).on("add", function (event) {
              // Leaflet places the marker with a transform; the name is centred on it inside.
              var name = document.createElement("span");
              name.textContent = feature.properties.name;
              event.target.getElement().replaceChildren(name);
            }).addTo(labels[kind]);
          });
        });
        map.on("zoomend moveend", function () { showLabels(map, labels); });
        showLabels(map, labels);
        element.dataset.ready = "1";
      })
      .catch(function () { element.dataset.ready = "1"; });
  }

  function drawBackground(map, element) {
    if (!element.dataset.tiles) {
      drawBoundaries(map, element);
      return;
    }
    var tiles = L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 });
    var loaded = false;
    var given = false;
    function giveUp() {
      if (loaded || given) return;
      given = true;
      map.removeLayer(tiles);
      drawBoundaries(map, element);
    }
    tiles.on("tileload", function () {
      if (given) return;
      loaded = true;
      element.dataset.background = "tiles";
      element.dataset.ready = "1";
    });
    tiles.on("tileerror", giveUp);
    setTimeout(giveUp, TILE_PATIENCE_MS);
    tiles.addTo(map);
  }

  function showPoints(map, points) {
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.long], { radius: 7, color: "#154273", fillOpacity: 0.8, className: "thorbecke-map__report" });
      if (point.url) {
        var link = document.createElement("a");
        link.href = point.url;
        link.textContent = point.label;
        marker.bindPopup(link);
      }
      marker.addTo(map);
      bounds.push([point.lat, point.long]);
    });
    if (bounds.length) map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
  }

  // The place picked is said in words (the municipality, or the address typed), never as coordinates.
  function letPick(map, element) {
    var lat = document.getElementById("id_lat");
    var long = document.getElementById("id_long");
    var address = document.getElementById("id_address");
    var said = document.getElementById("picked-place");
    var marker = null;
    var asked = 0;
    function say(text) { said.textContent = text; }
    function describe() {
      var question = ++asked;
      var query = "?lat=" + lat.value + "&long=" + long.value + "&address=" + encodeURIComponent(address.value);
      say(said.dataset.looking);
      fetchWithin(said.dataset.api + query, LOOKUP_PATIENCE_MS)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (answer) {
          if (question !== asked) return;
          say(answer.inNetherlands ? said.dataset.picked + " " + answer.place : said.dataset.abroad);
        })
        .catch(function () { if (question === asked) say(said.dataset.unnamed); });
    }
    function place(latlng) {
      if (marker) marker.setLatLng(latlng); else marker = L.circleMarker(latlng, { radius: 9, color: "#b00020" }).addTo(map);
      lat.value = latlng.lat.toFixed(6);
      long.value = latlng.lng.toFixed(6);
      describe();
    }
    if (lat.value && long.value) {
      var start = L.latLng(parseFloat(lat.value), parseFloat(long.value));
      if (isFinite(start.lat) && isFinite(start.lng)) {
        place(start);
        map.setView(start, 13);
      }
    }
    map.on("click", function (event) { place(event.latlng); });
    // From the keyboard: the arrows move the map, Enter picks its centre.
    element.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === element) {
        event.preventDefault();
        place(map.getCenter());
      }
    });
    address.addEventListener("change", function () { if (lat.value && long.value) describe(); });
  }

  // Suggested kinds of problem, most likely first, right under the description; the chance the
  // classifier gives each is for staff, not for the person reporting.
  function suggestCategories() {
    var box = document.getElementById("category-suggestions");
    var text = document.getElementById("id_description");
    var select = document.getElementById("id_category");
    if (!box || !text || !select) return;
    var timer = null;
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (text.value.trim().length < 8) { box.textContent = ""; return; }
        fetchWithin(box.dataset.api + "?text=" + encodeURIComponent(text.value.slice(0, 1000)), 30000)
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (answer) {
            box.textContent = "";
            if (!answer.suggestions.length) return;
            var label = document.createElement("p");
            label.className = "utrecht-paragraph thorbecke-suggestions__label";
            label.id = "category-suggestions-label";
            label.textContent = box.dataset.label;
            var group = document.createElement("div");
            group.className = "thorbecke-suggestions";
            group.setAttribute("role", "group");
            group.setAttribute("aria-labelledby", label.id);
            answer.suggestions.forEach(function (suggestion) {
              var button = document.createElement("button");
              button.type = "button";
              button.className = "utrecht-button utrecht-button--secondary-action";
              button.textContent = suggestion.name;
              button.setAttribute("aria-pressed", String(select.value === suggestion.serviceCode));
              button.addEventListener("click", function () {
                select.value = suggestion.serviceCode;
                select.dispatchEvent(new Event("change"));
                group.querySelectorAll("button").forEach(function (other) {
                  other.setAttribute("aria-pressed", String(other === button));
                });
              });
              group.appendChild(button);
            });
            box.appendChild(label);
            box.appendChild(group);
          })
          .catch(function () { box.textContent = ""; });
      }, 350);
    });
  }

  // Without JavaScript every category's questions are on the form, each under its name; with it,
  // only those of the kind of problem chosen.
  function askQuestions() {
    var select = document.getElementById("id_category");
    var groups = document.querySelectorAll(".thorbecke-questions");
    if (!select || !groups.length) return;
    function show() {
      groups.forEach(function (group) { group.hidden = group.dataset.category !== select.value; });
    }
    select.addEventListener("change", show);
    show();
  }

  document.querySelectorAll(".thorbecke-map").forEach(function (element) {
    var map = L.map(element, { zoomSnap: 0.5 }).fitBounds(NETHERLANDS);
    drawBackground(map, element);
    if (element.dataset.points) showPoints(map, JSON.parse(element.dataset.points));
    if (element.dataset.pick) letPick(map, element);
  });
  suggestCategories();
  askQuestions();
})();

// Maps on the report pages, drawn with Leaflet. Every page works without them: the reporting form
// takes an address instead, and the staff list is a table. Tiles come from settings; without a tile
// server the outline of the provinces is drawn so that a person can still find a place.
(function () {
  "use strict";
  var NETHERLANDS = [[50.75, 3.3], [53.6, 7.25]];

  function drawBackground(map, element) {
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 19 }).addTo(map);
      return;
    }
    fetch(element.dataset.outline)
      .then(function (response) { return response.json(); })
      .then(function (outline) {
        L.geoJSON(outline, { style: { color: "#154273", weight: 1, fillColor: "#f3f5f8", fillOpacity: 1 } }).addTo(map);
      });
  }

  function showPoints(map, points) {
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.long], { radius: 7, color: "#154273", fillOpacity: 0.8 });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.label;
      marker.bindPopup(link).addTo(map);
      bounds.push([point.lat, point.long]);
    });
    if (bounds.length) map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
  }

  function letPick(map) {
    var lat = document.getElementById("id_lat");
    var long = document.getElementById("id_long");
    var said = document.getElementById("picked-place");
    var marker = null;
    function place(latlng) {
      if (marker) marker.setLatLng(latlng); else marker = L.circleMarker(latlng, { radius: 9, color: "#b00020" }).addTo(map);
      lat.value = latlng.lat.toFixed(6);
      long.value = latlng.lng.toFixed(6);
      said.textContent = said.dataset.template.replace("%s", lat.value + ", " + long.value);
    }
    said.dataset.template = document.documentElement.lang === "en" ? "Place on the map: %s" : "Plaats op de kaart: %s";
    if (lat.value && long.value) place(L.latLng(parseFloat(lat.value), parseFloat(long.value)));
    map.on("click", function (event) { place(event.latlng); });
  }

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
        fetch(box.dataset.api + "?text=" + encodeURIComponent(text.value.slice(0, 1000)), {
          headers: { "Accept-Language": document.documentElement.lang }
        })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (answer) {
            box.textContent = "";
            if (!answer.suggestions.length) return;
            var label = document.createElement("p");
            label.className = "utrecht-paragraph";
            label.textContent = box.dataset.label;
            box.appendChild(label);
            answer.suggestions.forEach(function (suggestion) {
              var button = document.createElement("button");
              button.type = "button";
              button.className = "utrecht-button utrecht-button--subtle";
              button.textContent = suggestion.name + " (" + Math.round(suggestion.confidence * 100) + "%)";
              button.addEventListener("click", function () {
                select.value = suggestion.serviceCode;
                select.dispatchEvent(new Event("change"));
                select.focus();
              });
              box.appendChild(button);
            });
          });
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
    var map = L.map(element).fitBounds(NETHERLANDS);
    drawBackground(map, element);
    if (element.dataset.points) showPoints(map, JSON.parse(element.dataset.points));
    if (element.dataset.pick) letPick(map);
  });
  suggestCategories();
  askQuestions();
})();

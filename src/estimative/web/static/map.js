// The workbench's map to work on (/map): Leaflet and leaflet.markercluster, served by the app from
// the npm packages `make install` installed, over Natural Earth countries (world-atlas, TopoJSON)
// and admin-1 borders (build/map). Layers: stored events (clustered; a time slider narrows them
// to a span of months), watch areas, and the report's incidents. A click on an incident opens
// its page. Every value from the data goes in as text (textContent or an attribute), never HTML.
(function () {
  "use strict";
  var el = document.getElementById("work-map");
  if (!el || !window.L || !window.topojson) return;
  var ADMIN1_ZOOM = 4;
  var map = L.map(el, {preferCanvas: true, minZoom: 2, maxZoom: 13, worldCopyJump: true}).setView([28, 35], 3);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth");

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function tip(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function openIncident(id) {
    window.location.assign("/incidents/" + encodeURIComponent(id));
  }

  // ---- base: countries, then admin-1 borders from zoom ADMIN1_ZOOM
  var admin1 = L.layerGroup();
  getJSON(el.dataset.countries).then(function (topo) {
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      interactive: false, style: {color: "#9aa5b1", weight: 0.8, fillColor: "#f7f5ef", fillOpacity: 1}
    }).addTo(map).bringToBack();
  });
  getJSON(el.dataset.admin1).then(function (topo) {
    var mesh = topojson.mesh(topo, topo.objects.admin1, function (a, b) { return a !== b; });
    L.geoJSON(mesh, {interactive: false, style: {color: "#8d99a6", weight: 0.6, dashArray: "3 3"}}).addTo(admin1);
    showAdmin1();
    el.dataset.admin1Loaded = "1";
  });
  function showAdmin1() {
    if (map.getZoom() >= ADMIN1_ZOOM) admin1.addTo(map); else admin1.remove();
  }
  map.on("zoomend", showAdmin1);

  // ---- stored events, clustered, with the time slider
  var cluster = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50});
  cluster.addTo(map);
  var events = [];  // {month, marker}, oldest first
  var months = [];
  var from = document.getElementById("time-from"), to = document.getElementById("time-to");
  var out = document.getElementById("time-range"), count = document.getElementById("map-count");

  function eventMarker(f) {
    var p = f.properties || {}, c = f.geometry.coordinates;
    var what = p.sub_event_type || p.event_type || "incident";
    var m = L.marker([c[1], c[0]], {
      icon: L.divIcon({className: "map-event", iconSize: [12, 12]}),
      keyboard: true, title: p.date_start + ": " + what + ", " + (p.location || p.country || "")
    });
    m.bindTooltip(tip(p.date_start + " · " + what + " · " + (p.location || p.country || "") +
      (p.fatalities == null ? "" : " · killed " + p.fatalities)));
    m.on("click", function () { openIncident(p.event_id); });
    m.on("add", function () { var e = m.getElement(); if (e) e.dataset.id = p.event_id; });
    return m;
  }

  function applyRange() {
    var lo = Math.min(+from.value, +to.value), hi = Math.max(+from.value, +to.value);
    var shown = events.filter(function (e) { return e.index >= lo && e.index <= hi; });
    cluster.clearLayers();
    cluster.addLayers(shown.map(function (e) { return e.marker; }));
    out.textContent = months.length ? months[lo] + " to " + months[hi] : "no events";
    count.textContent = " · " + shown.length.toLocaleString() + " of " + events.length.toLocaleString() + " events";
    el.dataset.shown = String(shown.length);
  }

  getJSON(el.dataset.events).then(function (fc) {
    var feats = (fc.features || []).filter(function (f) { return f.geometry && f.properties; });
    months = Array.from(new Set(feats.map(function (f) { return f.properties.date_start.slice(0, 7); }))).sort();
    var at = new Map(months.map(function (m, i) { return [m, i]; }));
    events = feats.map(function (f) {
      return {index: at.get(f.properties.date_start.slice(0, 7)), marker: eventMarker(f)};
    });
    from.max = to.max = String(Math.max(months.length - 1, 0));
    from.value = "0";
    to.value = to.max;
    if (!reportLayer.getLayers().length && events.length) {  // before clustering: no animation to wait for
      map.fitBounds(L.latLngBounds(events.map(function (e) { return e.marker.getLatLng(); })).pad(0.1),
                    {animate: false});
    }
    applyRange();
    el.dataset.events = String(events.length);
    el.dataset.ready = "1";
  }).catch(function (err) { out.textContent = "could not load the events (" + err.message + ")"; });
  from.addEventListener("input", applyRange);
  to.addEventListener("input", applyRange);

  // ---- watch areas
  var areas = L.layerGroup().addTo(map);
  var areaRenderer = L.svg();  // SVG rather than the canvas: each area is an element to hover and click
  getJSON(el.dataset.areas).then(function (fc) {
    (fc.features || []).forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      L.circle([c[1], c[0]], {radius: p.radius_km * 1000, color: "#16a085", weight: 1.5, dashArray: "4 3",
                              fillOpacity: 0.1, className: "map-area", renderer: areaRenderer})
        .bindTooltip(tip(p.name + " · " + p.radius_km + " km"))
        .on("click", function () { window.location.assign("/watchlists#" + encodeURIComponent(p.watchlist_id)); })
        .addTo(areas);
    });
    el.dataset.areaCount = String((fc.features || []).length);
  });

  // ---- this report's incidents (the page's JSON island)
  var reportLayer = L.layerGroup().addTo(map);
  var island = document.getElementById("map-report");
  var incidents = island ? JSON.parse(island.textContent || "[]") : [];
  incidents.forEach(function (i) {
    var m = L.marker([i.lat, i.lon], {icon: L.divIcon({className: "map-incident", iconSize: [18, 18]}),
                                     title: i.date + ": " + i.label, zIndexOffset: 1000});
    m.bindTooltip(tip(i.date + " · " + i.label), {permanent: true, direction: "right"});
    m.on("click", function () { openIncident(i.id); });
    m.addTo(reportLayer);
  });
  if (incidents.length) {
    map.fitBounds(L.latLngBounds(incidents.map(function (i) { return [i.lat, i.lon]; })).pad(0.5),
                {maxZoom: 7, animate: false});
  }

  L.control.layers(null, {"Stored events": cluster, "Watch areas": areas, "This report's incidents": reportLayer},
                   {collapsed: false}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
})();

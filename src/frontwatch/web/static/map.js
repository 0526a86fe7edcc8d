// The frontwatch map: events from /api/events as clustered markers coloured by type,
// a time slider and filters, and who held which place from /api/control.
// Every script and data file is served by frontwatch itself: no CDN, no network.
// The server's Content-Security-Policy allows no inline style attribute: colours are set
// through the DOM (element.style), never written into HTML.
(function () {
  "use strict";
  const config = window.FRONTWATCH_CONFIG || { tiles: null, types: [] };
  const PAGE = config.max_page || 1000; // the API's largest page (params.MAX_PAGE)
  const TYPE_COLOURS = {
    ASSAULT: "#d62728", COERCE: "#ff7f0e", THREATEN: "#e377c2", PROTEST: "#bcbd22",
    SANCTION: "#8c564b", MOBILIZE: "#9467bd", RETREAT: "#7f7f7f", REJECT: "#c49c94",
    ACCUSE: "#f7b6d2", REQUEST: "#17becf", AID: "#2ca02c", COOPERATE: "#98df8a",
    CONCEDE: "#aec7e8", SUPPORT: "#1f77b4", CONSULT: "#393b79", AGREE: "#637939",
  };
  const CONTROLLER_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"];

  const map = L.map("map", { worldCopyJump: true, maxZoom: 18, minZoom: 2 }).setView([30, 30], 3);
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 18, attribution: "base map: configured tiles" }).addTo(map);
  }
  const clusters = L.markerClusterGroup({ maxClusterRadius: 40, iconCreateFunction: clusterIcon });
  const controlLayer = L.layerGroup();
  map.addLayer(clusters);
  map.addLayer(controlLayer);

  let outlines = null;
  const el = (id) => document.getElementById(id);
  const state = { events: [], days: [], markers: new Map() };

  function escape(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, (c) => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function colourOf(type) { return TYPE_COLOURS[type] || "#555"; }

  // A cluster's icon: a ring shared among its events' types, each in its type's colour, around
  // the number of events (markercluster's own icons are green, yellow, orange by size alone).
  const TypeRingIcon = L.DivIcon.extend({
    createIcon(old) {
      const node = L.DivIcon.prototype.createIcon.call(this, old);
      node.style.background = this.options.ring; // through the DOM: the policy forbids style attributes
      node.dataset.types = this.options.types;
      return node;
    },
  });

  function clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      counts.set(marker.options.eventType, (counts.get(marker.options.eventType) || 0) + 1);
    }
    const total = cluster.getChildCount();
    const shares = [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
    let at = 0;
    const stops = shares.map(([type, n]) => {
      const from = at;
      at += (360 * n) / total;
      return `${colourOf(type)} ${from}deg ${at}deg`;
    });
    return new TypeRingIcon({
      html: `<div><span>${total}</span></div>`, className: "marker-cluster fw-cluster", iconSize: [40, 40],
      ring: `conic-gradient(${stops.join(", ")})`, types: shares.map(([type, n]) => `${type}:${n}`).join(" "),
    });
  }

  // World outlines whose rings cross the antimeridian (Fiji, Russia's far east) jump from
  // 180 to -180 between two points; Leaflet would draw each jump as a line across the
  // world. A ring is unwrapped instead (each longitude moved by 360 to within 180 of the
  // one before), so it runs on past 180, and drawn again 360 degrees to the west so both
  // edges of the map show it; a ring around a pole (Antarctica) is closed along the pole.
  function unwrapRing(ring) {
    const out = [ring[0].slice()];
    for (const [lon, lat] of ring.slice(1)) {
      const before = out[out.length - 1][0];
      out.push([lon + 360 * Math.round((before - lon) / 360), lat]);
    }
    const first = out[0];
    const last = out[out.length - 1];
    if (Math.abs(last[0] - first[0]) > 180) {
      const pole = out.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
      out.push([last[0], pole], [first[0], pole], first.slice());
    }
    return out;
  }

  function shifted(polygon, by) { return polygon.map((ring) => ring.map(([lon, lat]) => [lon + by, lat])); }

  function unwrapPolygon(polygon) {
    let rings = polygon.map(unwrapRing);
    const west = Math.min(...rings[0].map((p) => p[0]));
    if (west < -180) rings = shifted(rings, 360); // a ring that started east of the line
    const east = Math.max(...rings[0].map((p) => p[0]));
    return east > 180 ? [rings, shifted(rings, -360)] : [rings];
  }

  function wrapOutlines(collection) {
    for (const feature of collection.features) {
      const geometry = feature.geometry;
      if (!geometry) continue;
      const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      feature.geometry = { type: "MultiPolygon", coordinates: polygons.flatMap(unwrapPolygon) };
    }
    return collection;
  }

  function swatch(colour) {
    const node = document.createElement("span");
    node.className = "fw-swatch";
    node.style.background = colour;
    return node;
  }

  function controllerColour(key) {
    let hash = 0;
    for (const ch of key || "") hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return CONTROLLER_COLOURS[hash % CONTROLLER_COLOURS.length];
  }

  function actorText(actor) {
    return actor ? `${escape(actor.name)} (${escape(actor.country || "?")})` : "";
  }

  function eventDay(p) { return p.date || p.date_start || p.date_end || p.published || null; }

  function popupHtml(p) {
    const sources = (p.sources || []).map((s) =>
      `<li>${escape(s.source || "?")} ${escape(s.published || "")}` +
      (s.title ? `: ${escape(s.title)}` : "") + "</li>").join("");
    const span = p.date || `${p.date_start || "?"} .. ${p.date_end || "?"}`;
    const place = p.location ? `${escape(p.location.name)}, ${escape(p.location.country || "")}` : "";
    return `<div class="fw-popup" data-event-id="${escape(p.event_id)}">
      <b>${escape(p.event_type)}</b>${p.acled_sub_event_type ? " · " + escape(p.acled_sub_event_type) : ""}<br>
      <span class="date">${escape(span)}</span> · ${place}
      <p class="evidence">“${escape((p.evidence || {}).sentence)}”</p>
      <div>actors: ${actorText(p.actor1)}${p.actor2 ? " → " + actorText(p.actor2) : ""}</div>
      <div>fatalities: ${p.fatalities == null ? "not stated" : escape(p.fatalities)}</div>
      <div>confidence: ${escape(p.confidence)}</div>
      <ul class="sources">${sources}</ul></div>`;
  }

  function makeMarker(feature) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const icon = L.divIcon({
      className: "fw-marker fw-type-" + p.event_type,
      html: "", iconSize: [14, 14],
    });
    const marker = L.marker([lat, lon], { icon, title: `${p.event_type} ${eventDay(p) || ""}`, eventType: p.event_type });
    marker.bindPopup(popupHtml(p), { maxWidth: 360 });
    marker.on("add", () => { const node = marker.getElement(); if (node) node.style.background = colourOf(p.event_type); });
    return marker;
  }

  async function fetchJson(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  // Every feature of a paged FeatureCollection endpoint (pages of at most PAGE, the API's maximum).
  async function loadAll(path) {
    const features = [];
    const join = path.includes("?") ? "&" : "?";
    for (let offset = 0; ; offset += PAGE) {
      const page = await fetchJson(`${path}${join}limit=${PAGE}&offset=${offset}`);
      features.push(...page.features);
      if (page.paging.next_offset == null) break;
    }
    return features;
  }

  function loadEvents() { return loadAll("/api/events"); }

  async function loadOutlines() {
    try {
      const topo = await fetchJson("/static/vendor/world-atlas/countries-110m.json");
      outlines = L.geoJSON(wrapOutlines(topojson.feature(topo, topo.objects.countries)), {
        style: { color: "#8a8a8a", weight: 1, fillColor: "#f4f1ea", fillOpacity: config.tiles ? 0 : 1 },
        interactive: false,
      }).addTo(map).bringToBack();
    } catch (error) {
      console.warn("country outlines not loaded:", error);
    }
  }

  function daysBetween(first, last) {
    const days = [];
    for (let d = new Date(first + "T00:00:00Z"); d <= new Date(last + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1)) {
      days.push(d.toISOString().slice(0, 10));
    }
    return days;
  }

  // The slider's days and the legend's types, from the events loaded; the slider stays on
  // the day it showed, or on the latest day when it was there (new events come in there).
  function fitControls(atLatest) {
    const shown = state.days.length ? selectedDay() : null;
    const known = [...new Set(state.events.map((f) => eventDay(f.properties)).filter(Boolean))].sort();
    state.days = known.length ? daysBetween(known[0], known[known.length - 1]) : [new Date().toISOString().slice(0, 10)];
    const slider = el("day");
    slider.max = String(state.days.length - 1);
    slider.value = atLatest || !state.days.includes(shown) ? slider.max : String(state.days.indexOf(shown));
    const present = [...new Set(state.events.map((f) => f.properties.event_type))].sort();
    el("legend").replaceChildren(...present.map((t) => {
      const entry = document.createElement("span");
      entry.append(swatch(colourOf(t)), t, " ");
      return entry;
    }));
  }

  function setupControls() {
    fitControls(true);
    const slider = el("day");
    const select = el("type");
    for (const type of config.types) {
      const option = document.createElement("option");
      option.value = option.textContent = type;
      select.appendChild(option);
    }
    slider.addEventListener("input", refresh);
    for (const id of ["type", "min-confidence", "q", "show-control"]) el(id).addEventListener("input", refresh);
  }

  function selectedDay() { return state.days[Number(el("day").value)]; }

  function visible(p, day) {
    const type = el("type").value;
    const minConfidence = Number(el("min-confidence").value) || 0;
    const q = el("q").value.trim().toLowerCase();
    const start = p.date_start || p.date || p.published;
    if (start && start > day) return false;
    if (type && p.event_type !== type) return false;
    if ((p.confidence || 0) < minConfidence) return false;
    if (q) {
      const text = [(p.evidence || {}).sentence, (p.actor1 || {}).name, (p.actor2 || {}).name, (p.location || {}).name]
        .join(" ").toLowerCase();
      if (!text.includes(q)) return false;
    }
    return true;
  }

  function refresh() {
    const day = selectedDay();
    el("day-label").textContent = day;
    const shown = [];
    for (const feature of state.events) {
      const p = feature.properties;
      const on = visible(p, day);
      const item = document.querySelector(`#event-list li[data-event-id="${p.event_id}"]`);
      if (item) item.classList.toggle("hidden", !on);
      const marker = state.markers.get(p.event_id);
      if (on && marker) shown.push(marker);
    }
    clusters.clearLayers();
    clusters.addLayers(shown);
    el("status").textContent = `${shown.length} of ${state.markers.size} mapped events shown (up to ${day})`;
    el("status").dataset.shown = String(shown.length);
    refreshControl(day);
  }

  async function refreshControl(day) {
    controlLayer.clearLayers();
    const list = el("control-list");
    if (!el("show-control").checked) { list.innerHTML = ""; return; }
    const held = await loadAll(`/api/control?date=${day}`);
    if (day !== selectedDay()) return; // the slider moved on while this was loading
    list.innerHTML = "";
    for (const feature of held) {
      const p = feature.properties;
      const colour = controllerColour(p.controller_key);
      const disputed = (p.disputed || []).map((c) => `${actorText(c.controller)} (${escape(c.date)})`).join("; ");
      const text = `<b>${escape(p.name)}</b> (${escape(p.place.feature)}): ${actorText(p.controller)} since ${escape(p.since)}` +
        ` · confidence ${escape(p.confidence)}` + (disputed ? ` <span class="fw-disputed">disputed by ${disputed}</span>` : "");
      const item = document.createElement("li");
      item.className = "fw-control";
      item.dataset.place = p.name;
      item.innerHTML = text;
      item.prepend(swatch(colour));
      list.appendChild(item);
      if (feature.geometry) {
        const [lon, lat] = feature.geometry.coordinates;
        const evidence = (p.evidence || []).map((c) => `<li>${escape(c.date)}: “${escape(c.evidence.sentence)}”</li>`).join("");
        L.circleMarker([lat, lon], { radius: 14, color: colour, weight: 3, fillOpacity: 0.15, className: "fw-control-area" })
          .bindTooltip(text).bindPopup(`<div class="fw-popup">${text}<ul>${evidence}</ul></div>`, { maxWidth: 360 })
          .addTo(controlLayer);
      }
    }
  }

  function fillEventList() {
    const list = el("event-list");
    list.replaceChildren();
    for (const feature of state.events) {
      const p = feature.properties;
      const item = document.createElement("li");
      item.dataset.eventId = p.event_id;
      item.textContent = `${eventDay(p) || "?"} ${p.event_type} ${(p.location || {}).name || ""}`;
      item.title = (p.evidence || {}).sentence || "";
      item.addEventListener("click", () => openEvent(p.event_id));
      list.appendChild(item);
    }
  }

  function openEvent(eventId) {
    const marker = state.markers.get(eventId);
    if (!marker || !clusters.hasLayer(marker)) return false;
    // Events at one point stay clustered at every zoom, so the popup opens on the
    // point itself rather than on a marker the cluster may never show.
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
    L.popup({ maxWidth: 360 }).setLatLng(marker.getLatLng()).setContent(marker.getPopup().getContent()).openOn(map);
    return true;
  }

  function setEvents(features) {
    state.events = features;
    state.markers = new Map();
    for (const feature of state.events) {
      if (feature.geometry) state.markers.set(feature.properties.event_id, makeMarker(feature));
    }
  }

  // New events without a reload (``frontwatch watch`` stores them as it runs): every
  // config.poll_s seconds the page asks /api/updates, and when the store has changed it
  // loads the events again and redraws, the filters and the chosen day kept.
  function followUpdates(seen) {
    let last = JSON.stringify(seen);
    let busy = false;
    setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const now = await fetchJson("/api/updates");
        if (JSON.stringify(now) !== last) {
          const atLatest = el("day").value === el("day").max;
          setEvents(await loadEvents());
          last = JSON.stringify(now);
          fitControls(atLatest);
          fillEventList();
          refresh();
          el("status").dataset.updatedAt = now.updated_at || "";
        }
      } catch (error) {
        console.warn("updates not loaded:", error);
      } finally {
        busy = false;
      }
    }, Math.max(1, Number(config.poll_s) || 30) * 1000);
  }

  async function start() {
    await loadOutlines();
    const seen = await fetchJson("/api/updates").catch(() => null);
    setEvents(await loadEvents());
    setupControls();
    fillEventList();
    refresh();
    if (state.markers.size) map.fitBounds(L.featureGroup([...state.markers.values()]).getBounds().pad(0.3), { maxZoom: 8 });
    if (seen) followUpdates(seen);
  }

  window.frontwatch = { map, clusters, controlLayer, openEvent, colourOf, outlines: () => outlines, ready: start().catch((error) => {
    el("status").textContent = "could not load events: " + error.message;
    throw error;
  }) };
})();

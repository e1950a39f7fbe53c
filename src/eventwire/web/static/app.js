// eventwire page: events table with filters, map, timeline, actor network, article view and a
// box to code an article. Plain JavaScript, no build step. Text from articles is only ever
// inserted with textContent, never as HTML.
"use strict";

const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
  "ASSAULT"];
// Cooperative types in greens and blues, verbal conflict in oranges, material conflict in reds.
const COLORS = {
  AGREE: "#2b8a3e", CONSULT: "#37b24d", SUPPORT: "#74b816", CONCEDE: "#0ca678",
  COOPERATE: "#1c7ed6", AID: "#4263eb", RETREAT: "#7048e8", REQUEST: "#f59f00",
  ACCUSE: "#e8590c", REJECT: "#d9480f", THREATEN: "#c2255c", PROTEST: "#ae3ec9",
  SANCTION: "#862e9c", MOBILIZE: "#495057", COERCE: "#c92a2a", ASSAULT: "#7d0000",
};
const KINDS = [
  ["actor", "actors", "var(--actor)"], ["entity", "other names", "var(--entity)"],
  ["place", "places", "var(--place)"], ["date", "dates", "var(--date)"],
  ["quote", "quotes", "var(--quote)"], ["event", "events", "var(--event)"],
  ["flag", "flags", "var(--flag)"],
];
const FILTERS = ["actor", "recipient", "type", "since", "until", "place", "q"];
const SVGNS = "http://www.w3.org/2000/svg";

const state = { filters: {}, sort: "date", offset: 0, limit: 50, total: 0, status: null,
                doc: null, hidden: new Set(), seq: 0 };
let map = null, markers = null;

// --- helpers ---------------------------------------------------------------------------------

function $(sel) { return document.querySelector(sel); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c));
  return node;
}

function badge(type) {
  return el("span", { class: "badge", style: `background:${COLORS[type] || "#555"}` }, type);
}

class ApiError extends Error {
  constructor(body, status) {
    const err = (body && body.error) || { code: "E700", message: `HTTP ${status}` };
    super(`${err.code}: ${err.message}`);
    this.code = err.code;
  }
}

async function api(path, options) {
  const res = await fetch(path, options);
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(body, res.status);
  return body;
}

function showError(box, err) {
  box.hidden = !err;
  box.textContent = err ? String(err.message || err) : "";
}

function query(extra) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...(extra || {}) })) {
    if (v !== "" && v !== null && v !== undefined) params.set(k, v);
  }
  return params.toString();
}

// --- routing ---------------------------------------------------------------------------------

function route() {
  const hash = location.hash || "#/";
  const [path, search] = hash.slice(1).split("?");
  for (const id of ["view-events", "view-article", "view-code"]) $("#" + id).hidden = true;
  $("#nav-events").classList.toggle("active", !path.startsWith("/code"));
  $("#nav-code").classList.toggle("active", path.startsWith("/code"));
  if (path.startsWith("/doc/")) return openDocument(decodeURIComponent(path.slice(5)));
  if (path.startsWith("/code")) { $("#view-code").hidden = false; return; }
  $("#view-events").hidden = false;
  const params = new URLSearchParams(search || "");
  state.filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
  state.sort = params.get("sort") || "date";
  state.offset = Number(params.get("offset") || 0);
  fillForm();
  refresh();
}

function go(extra) {
  const next = { ...state.filters, sort: state.sort === "date" ? "" : state.sort,
                 offset: state.offset || "", ...(extra || {}) };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v !== "" && v !== null) params.set(k, v);
  const target = "#/events" + (params.toString() ? "?" + params : "");
  if (location.hash === target) route(); else location.hash = target;
}

function fillForm() {
  const form = $("#filters");
  for (const k of FILTERS) form.elements[k].value = state.filters[k] || "";
}

// --- status ----------------------------------------------------------------------------------

async function loadStatus() {
  try {
    const s = await api("/status");
    state.status = s;
    const c = s.counts;
    $("#status").textContent = c
      ? `${c.documents} articles · ${c.events} events · ${c.rejected} rejected` +
        (s.read_only ? " · read-only" : "")
      : (s.problem || "no store");
    const banner = $("#banner");
    banner.hidden = !s.writer_active;
    banner.textContent = s.writer_active
      ? `An ingest is writing to the store; showing the data as of ${
        s.snapshot_at ? new Date(s.snapshot_at).toLocaleString() : "?"}.` : "";
  } catch (err) {
    $("#status").textContent = String(err.message || err);
  }
}

// --- events view -----------------------------------------------------------------------------

async function refresh() {
  // Answers to an older view (filters changed meanwhile) are dropped, not drawn over newer ones.
  const seq = ++state.seq;
  showError($("#error"), null);
  try {
    await Promise.all([loadEvents(seq), loadPlaces(seq), loadTimeline(seq), loadNetwork(seq)]);
  } catch (err) {
    if (seq === state.seq) showError($("#error"), err);
  }
}

async function loadEvents(seq) {
  const page = await api("/events?" + query({ sort: state.sort, offset: state.offset,
                                               limit: state.limit }));
  if (seq !== state.seq) return;
  state.total = page.total;
  const body = $("#events tbody");
  body.replaceChildren(...page.items.map(eventRow));
  if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: 8 }, "No events match.")));
  const last = Math.min(page.offset + page.items.length, page.total);
  $("#events-count").textContent = page.total
    ? `${page.offset + 1}–${last} of ${page.total}` : "(none)";
  $("#prev").disabled = page.offset <= 0;
  $("#next").disabled = last >= page.total;
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    const key = th.dataset.sort;
    th.classList.toggle("sorted-asc", state.sort === key);
    th.classList.toggle("sorted-desc", state.sort === "-" + key);
  }
}

function parties(codes, names) {
  return (codes || []).map((c, i) => `${c || "?"}${names && names[i] ? " (" + names[i] + ")" : ""}`)
    .join(", ");
}

function eventRow(e) {
  const row = el("tr", { "data-doc": e.doc_id, "data-event": e.event_id },
    el("td", { class: "code" }, e.date || ""),
    el("td", {}, badge(e.event)),
    el("td", {}, parties(e.actor, e.actor_name)),
    el("td", {}, parties(e.recipient, e.recipient_name)),
    el("td", {}, e.location ? `${e.location}${e.country ? " (" + e.country + ")" : ""}` : ""),
    el("td", { class: "text" }, e.event_text || ""),
    el("td", {}, e.title || e.doc_id),
    el("td", { class: "code" }, e.confidence == null ? "" : Number(e.confidence).toFixed(2)));
  row.addEventListener("click", () => {
    location.hash = `#/doc/${encodeURIComponent(e.doc_id)}?event=${encodeURIComponent(e.event_id)}`;
  });
  return row;
}

async function loadActorList() {
  try {
    const actors = await api("/actors?limit=100");
    const codes = [...new Set(actors.map((a) => a.code).filter(Boolean))];
    $("#actor-codes").replaceChildren(...codes.map((c) => el("option", { value: c })));
  } catch (err) { /* the list only helps typing */ }
}

// --- map -------------------------------------------------------------------------------------

function graticule() {
  const lines = [];
  for (let lon = -180; lon <= 180; lon += 30) lines.push([[-85, lon], [85, lon]]);
  for (let lat = -60; lat <= 80; lat += 20) lines.push([[lat, -180], [lat, 180]]);
  return L.polyline(lines, { color: "#9fb3c8", weight: 0.6, interactive: false, pane: "basemap" });
}

async function initMap() {
  map = L.map("map", { worldCopyJump: true, attributionControl: true }).setView([25, 20], 1);
  const tiles = state.status && state.status.tiles;
  // The outlines are drawn in any case, in a pane under the tiles: with no tile server, or
  // where tiles do not load, they are the map.
  map.createPane("basemap").style.zIndex = 150;
  graticule().addTo(map);
  try {
    const world = await (await fetch("/static/basemap/countries.geojson")).json();
    L.geoJSON(world, { interactive: false, pane: "basemap",
      style: { color: "#7b8a9a", weight: 0.7, fillColor: "#f8f9fa", fillOpacity: 1 } }).addTo(map);
  } catch (err) { /* the grid alone still places the markers */ }
  if (tiles && tiles.url) {
    L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 18 }).addTo(map);
  }
  map.attributionControl.addAttribution("outlines: Natural Earth");
  markers = L.layerGroup().addTo(map);
}

async function loadPlaces(seq) {
  const places = await api("/places?" + query());
  if (seq !== state.seq) return;
  if (!map) return;
  markers.clearLayers();
  for (const p of places) {
    const top = Object.keys(p.types)[0];
    const m = L.circleMarker([p.lat, p.lon], {
      radius: 4 + 3 * Math.sqrt(p.events), color: "#fff", weight: 1,
      fillColor: COLORS[top] || "#333", fillOpacity: 0.85,
    });
    // A DOM node, not a string: Leaflet would read a string as HTML.
    m.bindTooltip(el("span", {}, `${p.location || "?"}${p.country ? " (" + p.country + ")" : ""}: ` +
      `${p.events} event${p.events === 1 ? "" : "s"}`));
    m.on("click", () => { state.filters.place = p.location || p.country; state.offset = 0; go(); });
    m.addTo(markers);
  }
  if (places.length) {
    const bounds = L.latLngBounds(places.map((p) => [p.lat, p.lon]));
    map.fitBounds(bounds.pad(0.5), { maxZoom: 5 });
  }
}

// --- timeline --------------------------------------------------------------------------------

async function loadTimeline(seq) {
  const t = await api("/events/timeline?" + query());
  if (seq !== state.seq) return;
  $("#timeline-bucket").textContent = `(by ${t.bucket}${t.undated_or_coarser ?
    `; ${t.undated_or_coarser} dated more coarsely` : ""})`;
  drawTimeline($("#timeline"), t.series, t.bucket);
}

function nextPeriod(p, bucket) {
  if (bucket === "year") return String(Number(p) + 1);
  if (bucket === "month") {
    const [y, m] = p.split("-").map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  }
  const d = new Date(p + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function allPeriods(present, bucket) {
  // Empty periods between the first and the last get a place on the axis too (up to a cap).
  if (!present.length) return [];
  const out = [present[0]], last = present[present.length - 1];
  while (out[out.length - 1] < last && out.length < 400) out.push(nextPeriod(out[out.length - 1], bucket));
  return out.length < 400 ? out : present;
}

function drawTimeline(box, series, bucket) {
  const W = box.clientWidth || 400, H = box.clientHeight || 260, pad = { l: 28, r: 6, t: 8, b: 34 };
  const periods = allPeriods([...new Set(series.map((s) => s.period))].sort(), bucket);
  const stacks = new Map(periods.map((p) => [p, []]));
  for (const s of series) stacks.get(s.period).push(s);
  const max = Math.max(1, ...[...stacks.values()].map((list) => list.reduce((a, s) => a + s.n, 0)));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "event timeline" });
  if (!periods.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" },
      "no dated events"));
    return box.replaceChildren(root);
  }
  const bw = (W - pad.l - pad.r) / periods.length, scale = (H - pad.t - pad.b) / max;
  root.append(svg("line", { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, stroke: "#999" }));
  root.append(svg("text", { x: 2, y: pad.t + 8, "font-size": 10 }, String(max)));
  periods.forEach((p, i) => {
    let y = H - pad.b;
    for (const s of stacks.get(p)) {
      const h = s.n * scale;
      y -= h;
      root.append(svg("rect", { x: pad.l + i * bw + 1, y, width: Math.max(1, bw - 2), height: h,
        fill: COLORS[s.event] || "#555", class: "bar", "data-type": s.event,
        onclick: () => { state.filters.type = s.event; state.offset = 0; go(); } },
        svg("title", {}, `${p} ${s.event}: ${s.n}`)));
    }
    const every = Math.ceil(periods.length / 8);
    if (i % every === 0) {
      root.append(svg("text", { x: pad.l + i * bw + bw / 2, y: H - pad.b + 14, "font-size": 10,
        "text-anchor": "middle" }, p));
    }
  });
  // As many legend entries as fit in one line; every bar also names its type on hover.
  const types = [...new Set(series.map((s) => s.event))];
  types.slice(0, Math.max(1, Math.floor((W - pad.l) / 72))).forEach((type, i) => {
    root.append(svg("rect", { x: pad.l + i * 72, y: H - 12, width: 9, height: 9,
      fill: COLORS[type] }));
    root.append(svg("text", { x: pad.l + i * 72 + 12, y: H - 4, "font-size": 9 }, type));
  });
  box.replaceChildren(root);
}

// --- network ---------------------------------------------------------------------------------

async function loadNetwork(seq) {
  const net = await api("/events/network?" + query({ max_nodes: 24 }));
  if (seq !== state.seq) return;
  drawNetwork($("#network"), net);
}

function drawNetwork(box, net) {
  const W = box.clientWidth || 400, H = box.clientHeight || 260;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
    markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
    svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#868e96" }))));
  if (!net.nodes.length) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" },
      "no actor–recipient pairs"));
    return box.replaceChildren(root);
  }
  // A circle keeps every node visible and the layout stable from one filter to the next.
  const cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 30, n = net.nodes.length;
  const maxW = Math.max(...net.nodes.map((d) => d.weight));
  const pos = new Map(net.nodes.map((d, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [d.id, { x: cx + (n > 1 ? R * Math.cos(a) : 0), y: cy + (n > 1 ? R * Math.sin(a) : 0),
      r: 6 + 12 * Math.sqrt(d.weight / maxW) }];
  }));
  const maxE = Math.max(...net.edges.map((e) => e.weight), 1);
  for (const e of net.edges) {
    const s = pos.get(e.source), t = pos.get(e.target);
    const dx = t.x - s.x, dy = t.y - s.y, len = Math.hypot(dx, dy) || 1;
    const ex = t.x - (dx / len) * t.r, ey = t.y - (dy / len) * t.r;
    // Bend each edge to its left so that A->B and B->A do not overlap.
    const mx = (s.x + ex) / 2 - (dy / len) * 18, my = (s.y + ey) / 2 + (dx / len) * 18;
    root.append(svg("path", { d: `M ${s.x} ${s.y} Q ${mx} ${my} ${ex} ${ey}`, fill: "none",
      stroke: "#868e96", "stroke-opacity": 0.8, "marker-end": "url(#arrow)", class: "edge",
      "stroke-width": 1 + 5 * (e.weight / maxE), "data-source": e.source, "data-target": e.target },
      svg("title", {}, `${e.source} → ${e.target}: ${e.weight} (${e.events.join(", ")})`)));
  }
  for (const d of net.nodes) {
    const p = pos.get(d.id);
    root.append(svg("circle", { cx: p.x, cy: p.y, r: p.r, fill: "#1f5fbf", "fill-opacity": 0.85,
      stroke: "#fff", class: "node", "data-id": d.id, style: "cursor:pointer",
      onclick: () => { state.filters.actor = d.id; state.offset = 0; go(); } },
      svg("title", {}, `${d.id}: ${d.weight} event links (click: events with ${d.id} as actor)`)));
    root.append(svg("text", { x: p.x, y: p.y - p.r - 3, "text-anchor": "middle",
      class: "node-label" }, d.id));
  }
  box.replaceChildren(root);
}

// --- article view ----------------------------------------------------------------------------

async function openDocument(id) {
  $("#view-article").hidden = false;
  $("#article-note").hidden = true;
  const wanted = new URLSearchParams(location.hash.split("?")[1] || "").get("event");
  try {
    renderDocument(await api("/documents/" + encodeURIComponent(id)), wanted);
  } catch (err) {
    $("#article-title").textContent = "";
    $("#article-text").replaceChildren(el("div", { class: "error" }, String(err.message)));
  }
}

function who(actor) {
  return actor ? `${actor.name}${actor.code ? " (" + actor.code +
    (actor.sector ? "/" + actor.sector : "") + ")" : ""}` : "";
}

function marksOf(doc) {
  const marks = [];
  for (const e of doc.entities || []) {
    marks.push({ start: e.start, end: e.end, kind: e.actor ? "actor" : "entity",
      label: `${e.label}${e.actor ? ": " + who(e.actor) : ""}` });
  }
  for (const p of doc.places || []) {
    marks.push({ start: p.start, end: p.end, kind: "place",
      label: `place: ${p.name || p.text}${p.country_code ? ", " + p.country_code : ""}` +
        (p.geonameid ? ` (GeoNames ${p.geonameid})` : "") });
  }
  for (const d of doc.dates || []) {
    marks.push({ start: d.start, end: d.end, kind: "date", label: `date: ${d.value} (${d.resolution})` });
  }
  for (const q of doc.quotes || []) {
    marks.push({ start: q.start, end: q.end, kind: "quote",
      label: `quote${q.speaker ? " by " + who(q.speaker) : ""}` });
  }
  (doc.events || []).forEach((e, i) => {
    marks.push({ start: e.text_info.start, end: e.text_info.end, kind: "event", ref: i,
      label: `${e.event}: ${e.actor.map((a) => a.code).join(",")} → ` +
        `${e.recipient.map((a) => a.code).join(",")}` });
  });
  (doc.flags || []).forEach((f, i) => {
    for (const [s, t] of f.spans) {
      marks.push({ start: s, end: t, kind: "flag", ref: i, label: `${f.kind}: ${f.message}` });
    }
  });
  return marks.filter((m) => m.end > m.start);
}

function highlight(text, marks) {
  // Cut the text at every mark boundary; each piece carries the kinds of all marks covering it.
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(Math.max(0, m.start)); cuts.add(Math.min(text.length, m.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1], piece = text.slice(a, b);
    const over = marks.filter((m) => m.start <= a && m.end >= b);
    if (!over.length) { out.append(piece); continue; }
    const kinds = [...new Set(over.map((m) => m.kind))];
    const refs = (kind) => over.filter((m) => m.kind === kind).map((m) => m.ref).join(" ") || null;
    out.append(el("span", { class: kinds.map((k) => "hl hl-" + k).join(" "),
      "data-mark": kinds.join(" "), "data-events": refs("event"), "data-flags": refs("flag"),
      title: [...new Set(over.map((m) => m.label))].join("\n") }, piece));
  }
  return out;
}

function renderText() {
  // Unticked kinds are left out of the marks, so overlapping marks of other kinds still show.
  const marks = marksOf(state.doc).filter((m) => !state.hidden.has(m.kind));
  $("#article-text").replaceChildren(highlight(state.doc.text || "", marks));
}

function renderLegend(box) {
  box.replaceChildren(...KINDS.map(([kind, name, color]) => {
    const input = el("input", { type: "checkbox", "data-kind": kind });
    input.checked = !state.hidden.has(kind);
    input.addEventListener("change", () => {
      if (input.checked) state.hidden.delete(kind); else state.hidden.add(kind);
      renderText();
    });
    const sw = kind === "event" || kind === "flag"
      ? el("span", { class: "swatch", style: `border-bottom:3px ${kind === "flag" ? "dotted" : "solid"} ${color}` })
      : el("span", { class: "swatch", style: `background:${color}` });
    return el("label", {}, input, sw, name);
  }));
}

function flash(selector) {
  const nodes = document.querySelectorAll(selector);
  document.querySelectorAll(".flash").forEach((n) => n.classList.remove("flash"));
  nodes.forEach((n) => n.classList.add("flash"));
  if (nodes.length) nodes[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function renderDocument(doc, wantedEvent) {
  $("#article-title").textContent = doc.title || "(untitled)";
  const meta = [doc.pub_date, doc.source, doc.url, `id ${doc.id}`].filter(Boolean).join(" · ");
  $("#article-meta").textContent = meta;
  state.doc = doc;
  renderLegend($("#legend"));
  renderText();
  $("#article-events").replaceChildren(...(doc.events || []).map((e, i) => el("li",
    { "data-event": e.id, onclick: () => flash(`#article-text [data-events~="${i}"]`) },
    badge(e.event), " ", `${e.actor.map(who).join(", ") || "?"} → `,
    `${e.recipient.map(who).join(", ") || "—"}`,
    el("div", { class: "meta" }, [e.date, e.event_loc && (e.event_loc.resolved_place ||
      e.event_loc.extracted_place), e.mode.join(" "), e.aux.join(" ")].filter(Boolean).join(" · ")))));
  $("#article-flags").replaceChildren(...(doc.flags || []).map((f, i) => el("li",
    { onclick: () => flash(`#article-text [data-flags~="${i}"]`) },
    el("strong", {}, f.kind), ": ", f.message)));
  if (!(doc.flags || []).length) $("#article-flags").append(el("li", { class: "meta" }, "none"));
  $("#article-quotes").replaceChildren(...(doc.quotes || []).map((q) => el("li", {},
    `“${q.text}”`, el("div", { class: "meta" }, [who(q.speaker), q.verb].filter(Boolean).join(" · ")))));
  const index = (doc.events || []).findIndex((e) => e.id === wantedEvent);
  if (index >= 0) flash(`#article-text [data-events~="${index}"]`);
}

// --- coding box ------------------------------------------------------------------------------

async function codeArticle(ev) {
  ev.preventDefault();
  const file = $("#code-file").files[0], text = $("#code-text").value;
  const pubDate = $("#code-date").value.trim();
  let options;
  if (file) {
    const form = new FormData();
    form.append("file", file);
    if (pubDate) form.append("pub_date", pubDate);
    options = { method: "POST", body: form };
  } else {
    options = { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, pub_date: pubDate || null }) };
  }
  $("#code-submit").disabled = true;
  $("#code-busy").hidden = false;
  showError($("#code-error"), null);
  try {
    const doc = await api("/code", options);
    $("#view-code").hidden = true;
    $("#view-article").hidden = false;
    const note = $("#article-note");
    note.hidden = false;
    note.textContent = `Coded on the fly, not stored: ${doc.events.length} events, ` +
      `${doc.entities.length} names, ${doc.places.length} places, ${doc.flags.length} flags.`;
    renderDocument(doc, null);
  } catch (err) {
    showError($("#code-error"), err);
  } finally {
    $("#code-submit").disabled = false;
    $("#code-busy").hidden = true;
  }
}

// --- start -----------------------------------------------------------------------------------

function bind() {
  const typeSelect = $("#filters").elements.type;
  for (const t of PLOVER) typeSelect.append(el("option", { value: t }, t));
  $("#filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const form = ev.target;
    state.filters = Object.fromEntries(FILTERS.map((k) => [k, form.elements[k].value.trim()]));
    state.offset = 0;
    go();
  });
  $("#reset").addEventListener("click", () => { state.filters = {}; state.offset = 0; go(); });
  $("#prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - state.limit); go();
  });
  $("#next").addEventListener("click", () => { state.offset += state.limit; go(); });
  for (const th of document.querySelectorAll("#events th[data-sort]")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      state.sort = state.sort === key ? "-" + key : key;
      state.offset = 0;
      go();
    });
  }
  $("#code-form").addEventListener("submit", codeArticle);
  window.addEventListener("hashchange", route);
}

async function start() {
  bind();
  await loadStatus();
  await initMap();
  loadActorList();
  route();
  setInterval(loadStatus, 15000);
  document.body.dataset.ready = "1";
}

start();

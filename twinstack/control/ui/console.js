// twinstack console: reads the control plane under /_twinstack (the same APIs as the twinstack CLI).
// Plain script, no build step. Every value from the cloud is written with textContent, never as HTML.
"use strict";

const API = "/_twinstack";
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!response.ok) {
    throw new Error((data && data.error && data.error.message) || `${response.status} ${response.statusText}`);
  }
  return data;
}

function say(message, error) {
  const status = $("status");
  status.textContent = message;
  status.className = error ? "status error" : "status";
}

// el("td", {className: "num"}, "text", childNode...)
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function button(label, onClick, className) {
  const b = el("button", { type: "button", className: className || "" }, label);
  b.addEventListener("click", onClick);
  return b;
}

// Run fn now and every ms while the page is visible; the returned function runs it at once.
function every(ms, fn) {
  let busy = false;
  const tick = async (force) => {
    if (busy || (document.hidden && !force)) return;
    busy = true;
    try { await fn(); } catch (e) { say(e.message, true); } finally { busy = false; }
  };
  tick(true);
  setInterval(tick, ms);
  return () => tick(true);
}

const fmt = (n) => Number(n).toLocaleString("en");
const pct = (used, cap) => (cap > 0 ? Math.round((100 * used) / cap) : 0);

// -- hosts -------------------------------------------------------------------------------------
const BUCKETS = [
  { label: "idle", color: "#dfe7ef" },
  { label: "under 50%", color: "#8fcf9c" },
  { label: "50-80%", color: "#f1c75b" },
  { label: "80-99%", color: "#ec8b3a" },
  { label: "full", color: "#c8372d" },
  { label: "disabled", color: "#9aa3ad" },
  { label: "down", color: "#3b424c" },
];
const hostsView = {
  hosts: [], order: [], byName: new Map(), data: null, cell: 0, cols: 1, // what is drawn, and how
  selected: null, serverId: null, hits: new Set(), // the open host, its found server, the hosts of a search
  fetchedAt: 0, cost: 0, // when the summary was last fetched, and how long that took (ms)
};

function usageOf(host, metric) {
  let worst = 0;
  for (const [rc, [used, cap]] of Object.entries(host.usage)) {
    if (metric !== "max" && rc !== metric) continue;
    worst = Math.max(worst, cap > 0 ? used / cap : used > 0 ? 1 : 0);
  }
  return worst;
}

function bucketOf(host, metric) {
  if (host.state === "down") return 6;
  if (host.state === "disabled") return 5;
  const u = usageOf(host, metric);
  return u <= 0 ? 0 : u < 0.5 ? 1 : u < 0.8 ? 2 : u < 1 ? 3 : 4;
}

function renderHosts(data) {
  const metric = $("metric").value;
  hostsView.data = data;
  hostsView.hosts = data.hosts;
  hostsView.byName = new Map(data.hosts.map((h, i) => [h.name, i]));
  const order = data.hosts.map((_, i) => i);
  if ($("order").value === "busy") {
    const u = data.hosts.map((h) => usageOf(h, metric));
    order.sort((a, b) => u[b] - u[a] || a - b);
  }
  hostsView.order = order;
  const counts = BUCKETS.map(() => 0);
  for (const h of data.hosts) counts[bucketOf(h, metric)] += 1;
  $("legend").replaceChildren(...BUCKETS.map((b, i) =>
    el("li", {}, el("i", { style: `background:${b.color}` }), `${b.label}: ${fmt(counts[i])}`)));
  const totals = Object.entries(data.usage).map(([rc, [u, c]]) => `${rc} ${fmt(u)} / ${fmt(c)} (${pct(u, c)}%)`);
  const summary = `${fmt(data.count)} hosts · ${fmt(data.servers)} servers` + (totals.length ? " · " + totals.join(" · ") : "");
  $("hosts-summary").textContent = summary;
  const zones = new Map();
  for (const h of data.hosts) {
    const z = zones.get(h.zone) || { hosts: 0, servers: 0, used: 0, cap: 0 };
    z.hosts += 1;
    z.servers += h.servers;
    const [u, c] = h.usage.VCPU || [0, 0];
    z.used += u;
    z.cap += c;
    zones.set(h.zone, z);
  }
  $("zones").replaceChildren(...(zones.size > 1 ? [...zones].map(([name, z]) => el("li", {},
    `${name}: ${fmt(z.hosts)} hosts, ${fmt(z.servers)} servers, VCPU ${pct(z.used, z.cap)}%`)) : []));
  $("host-map").setAttribute("aria-label", `host map: ${summary}; ` +
    BUCKETS.map((b, i) => `${counts[i]} ${b.label}`).join(", "));
  drawHosts();
}

function drawHosts() {
  const canvas = $("host-map");
  const { hosts, order } = hostsView;
  const width = canvas.clientWidth || 800;
  const n = Math.max(order.length, 1);
  // tiles as large as fit in about 380 px of height: 120 px at a few hosts, 4 px at tens of thousands
  const cell = Math.max(4, Math.min(120, Math.floor(Math.sqrt((width * 380) / n))));
  const cols = Math.max(1, Math.floor(width / cell));
  const height = Math.max(cell, Math.ceil(n / cols) * cell);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.height = height + "px";
  Object.assign(hostsView, { cell, cols });
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const metric = $("metric").value;
  const filter = $("host-filter").value.trim().toLowerCase();
  const gap = cell >= 12 ? 2 : cell >= 6 ? 1 : 0;
  const labels = cell >= 56;
  ctx.textBaseline = "top";
  order.forEach((hi, pos) => {
    const h = hosts[hi];
    const x = (pos % cols) * cell;
    const y = Math.floor(pos / cols) * cell;
    const bucket = bucketOf(h, metric);
    ctx.globalAlpha = filter && !h.name.toLowerCase().includes(filter) ? 0.15 : 1;
    ctx.fillStyle = BUCKETS[bucket].color;
    ctx.fillRect(x + gap, y + gap, cell - 2 * gap, cell - 2 * gap);
    if (labels) {
      ctx.fillStyle = bucket >= 4 ? "#fff" : "#1d2530";
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.fillText(h.name, x + 7, y + 7, cell - 14);
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillText(`${h.servers} server${h.servers === 1 ? "" : "s"}`, x + 7, y + 24, cell - 14);
      ctx.fillText(h.state === "up" ? `${Math.round(100 * usageOf(h, metric))}% used` : h.state, x + 7, y + 39,
        cell - 14);
    }
    ctx.globalAlpha = 1;
    const mark = h.name === hostsView.selected ? "#17212e" : hostsView.hits.has(h.name) ? "#1f5fa8" : null;
    if (mark) {
      ctx.lineWidth = cell >= 12 ? 3 : 2;
      ctx.strokeStyle = mark;
      ctx.strokeRect(x + gap + 1, y + gap + 1, Math.max(cell - 2 * gap - 2, 2), Math.max(cell - 2 * gap - 2, 2));
      if (cell < 12) { // a tiny tile: ring it so it can be found among thousands
        ctx.beginPath();
        ctx.lineWidth = 3;
        ctx.arc(x + cell / 2, y + cell / 2, 11, 0, 2 * Math.PI);
        ctx.stroke();
      }
    }
  });
}

function hostAt(event) {
  const rect = $("host-map").getBoundingClientRect();
  const { cell, cols, order, hosts } = hostsView;
  const col = Math.floor((event.clientX - rect.left) / cell);
  const row = Math.floor((event.clientY - rect.top) / cell);
  if (col < 0 || col >= cols) return null;
  const hi = order[row * cols + col];
  return hi === undefined ? null : hosts[hi];
}

function hostText(h) {
  const lines = [h.name, `${h.zone} · ${h.state} · ${h.servers} server${h.servers === 1 ? "" : "s"}`];
  for (const [rc, [u, c]] of Object.entries(h.usage)) lines.push(`${rc} ${fmt(u)} / ${fmt(c)} (${pct(u, c)}%)`);
  return lines.join("\n");
}

// fresh: reload the tiles too (a click, a search); the arrow keys reuse them unless they are old
async function selectHost(name, serverId, fresh = true, scroll = true) {
  hostsView.selected = name;
  hostsView.serverId = serverId;
  drawHosts();
  const detail = $("host-detail");
  // the host's servers and the tiles as they are now, so that its usage and its servers agree
  const old = Date.now() - hostsView.fetchedAt > Math.max(1000, hostsView.cost * 10);
  const [data] = await Promise.all([api("GET", `/hosts/${encodeURIComponent(name)}/servers`),
    fresh || old ? loadHosts() : null]);
  if (hostsView.selected !== name) return; // another host was picked meanwhile
  const index = hostsView.byName.get(name);
  const host = index === undefined ? null : hostsView.hosts[index];
  const bars = el("div", { className: "bars" });
  if (host) {
    for (const [rc, [u, c]] of Object.entries(host.usage)) {
      const p = pct(u, c);
      const fill = el("span", { style: `width:${Math.min(p, 100)}%;background:${BUCKETS[p <= 0 ? 0 : p < 50 ? 1 : p < 80 ? 2 : p < 100 ? 3 : 4].color}` });
      bars.append(el("span", {}, rc), el("div", { className: "bar", role: "img", ariaLabel: `${rc} ${p}% used` }, fill),
        el("span", {}, `${fmt(u)} / ${fmt(c)} (${p}%)`));
    }
  }
  const rows = data.servers.map((s) => {
    const tr = el("tr", {}, el("td", {}, s.name), el("td", {}, el("code", {}, s.id)), el("td", {}, s.status),
      el("td", {}, el("code", {}, s.project_id)), el("td", {}, s.flavor || ""));
    if (s.id === serverId) tr.className = "hit";
    return tr;
  });
  detail.replaceChildren(
    el("h3", { id: "host-detail-name" }, name),
    el("p", { className: "muted" }, host ? `zone ${host.zone} · compute service ${host.state}` : ""),
    bars,
    rows.length
      ? el("table", { className: "grid", id: "host-servers" },
        el("thead", {}, el("tr", {}, ...["server", "id", "status", "project", "flavor"].map((t) => el("th", {}, t)))),
        el("tbody", {}, ...rows))
      : el("p", { className: "muted" }, "No servers on this host."));
  const hit = rows.find((r) => r.className === "hit");
  if (hit && scroll) hit.scrollIntoView({ block: "nearest" });
}

async function loadHosts() {
  const started = performance.now();
  const data = await api("GET", "/hosts");
  hostsView.cost = performance.now() - started;
  hostsView.fetchedAt = Date.now();
  renderHosts(data);
}

function setupHosts() {
  const canvas = $("host-map");
  const tip = $("tip");
  every(1000, async () => {
    // every 5 s; a big cloud's summary (10,000 hosts: ~1.7 MB, ~0.15 s) is fetched less often
    if (Date.now() - hostsView.fetchedAt < Math.max(5000, hostsView.cost * 40)) return;
    await loadHosts();
    if (hostsView.selected) {
      await selectHost(hostsView.selected, hostsView.serverId, false, false).catch(() => {
        hostsView.selected = null; // gone (a reset, a snapshot loaded)
        $("host-detail").replaceChildren();
      });
    }
  });
  for (const id of ["metric", "order"]) $(id).addEventListener("change", () => hostsView.data && renderHosts(hostsView.data));
  $("host-filter").addEventListener("input", drawHosts);
  $("host-filter").addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const text = e.target.value.trim().toLowerCase();
    const h = hostsView.hosts.find((x) => x.name.toLowerCase().includes(text));
    if (h) selectHost(h.name).catch((err) => say(err.message, true));
  });
  let resizeTimer = 0;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawHosts, 100); });
  canvas.addEventListener("mousemove", (e) => {
    const h = hostAt(e);
    if (!h) { tip.hidden = true; return; }
    tip.textContent = hostText(h);
    tip.hidden = false;
    const box = canvas.getBoundingClientRect();
    tip.style.left = Math.min(e.clientX - box.left + 14, box.width - tip.offsetWidth) + "px";
    tip.style.top = (e.clientY - box.top + 14) + "px";
  });
  canvas.addEventListener("mouseleave", () => { tip.hidden = true; });
  canvas.addEventListener("click", (e) => {
    const h = hostAt(e);
    if (h) selectHost(h.name).catch((err) => say(err.message, true));
  });
  canvas.addEventListener("keydown", (e) => {
    const { order, hosts, cols } = hostsView;
    if (!order.length) return;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, Home: -order.length, End: order.length }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const current = order.indexOf(hostsView.byName.get(hostsView.selected));
    const pos = Math.min(order.length - 1, Math.max(0, current < 0 ? 0 : current + step));
    const h = hosts[order[pos]];
    say(hostText(h).replace(/\n/g, " · "));
    selectHost(h.name, null, false).catch((err) => say(err.message, true));
  });

  let searchTimer = 0;
  $("server-search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => findServers(e.target.value.trim()).catch((err) => say(err.message, true)), 200);
  });
}

async function findServers(text) {
  const list = $("server-results");
  if (!text) {
    list.replaceChildren();
    hostsView.hits = new Set();
    drawHosts();
    return;
  }
  const data = await api("GET", `/servers?search=${encodeURIComponent(text)}&limit=20`);
  if ($("server-search").value.trim() !== text) return;
  hostsView.hits = new Set(data.servers.map((s) => s.host).filter(Boolean));
  drawHosts();
  if (!data.servers.length) {
    list.replaceChildren(el("li", { className: "muted" }, `No server matches “${text}”.`));
    return;
  }
  list.replaceChildren(...data.servers.map((s) => el("li", {}, button(
    `${s.name} (${s.status}) → ${s.host || "no host yet"}`,
    () => { if (s.host) selectHost(s.host, s.id).catch((err) => say(err.message, true)); }))));
}

// -- journal -----------------------------------------------------------------------------------
const journal = { lastId: 0, generation: 0, max: 500 };

function journalQuery() {
  const params = new URLSearchParams();
  for (const id of ["j-service", "j-status", "j-project", "j-request"]) {
    const input = $(id);
    if (input.value.trim()) params.set(input.name, input.value.trim());
  }
  params.set("since", journal.lastId);
  params.set("limit", journal.lastId ? 1000 : 200);
  return params.toString();
}

function journalRow(e, fresh) {
  const time = new Date(e.time * 1000).toISOString().slice(11, 23);
  const who = e.project_name || e.user_name ? `${e.project_name || "-"} / ${e.user_name || "-"}` : "";
  const rid = e.request_id ? button(e.request_id, () => { $("j-request").value = e.request_id; restartJournal(); }, "link") : "";
  const tr = el("tr", { className: fresh ? "new" : "" },
    el("td", { className: "num" }, e.id), el("td", {}, time), el("td", {}, e.service || ""),
    el("td", {}, el("code", {}, `${e.method} ${e.path}${e.query ? "?" + e.query : ""}`)),
    el("td", { className: `st s${String(e.status)[0]}` }, e.status), el("td", { className: "num" }, e.duration_ms),
    el("td", {}, who), el("td", {}, rid), el("td", {}, e.fault || ""));
  tr.dataset.status = e.status;
  if (e.fault) tr.dataset.fault = e.fault;
  return tr;
}

async function pollJournal() {
  if ($("j-pause").checked) return;
  const generation = journal.generation;
  const initial = journal.lastId === 0;
  const data = await api("GET", "/journal?" + journalQuery());
  if (generation !== journal.generation) return; // the filters changed while this was in flight
  const body = $("journal").tBodies[0];
  for (const entry of data.entries) {
    body.insertBefore(journalRow(entry, !initial), body.firstChild);
    journal.lastId = Math.max(journal.lastId, entry.id);
  }
  while (body.rows.length > journal.max) body.deleteRow(-1);
}

let refreshJournal = () => {};
function restartJournal() {
  journal.generation += 1;
  journal.lastId = 0;
  $("journal").tBodies[0].replaceChildren();
  refreshJournal();
}

function setupJournal() {
  refreshJournal = every(1000, pollJournal);
  let timer = 0;
  $("journal-filters").addEventListener("input", (e) => {
    if (e.target.id === "j-pause") return;
    clearTimeout(timer);
    timer = setTimeout(restartJournal, 250);
  });
  $("journal-filters").addEventListener("submit", (e) => { e.preventDefault(); restartJournal(); });
  $("j-clear").addEventListener("click", async () => {
    await api("DELETE", "/journal");
    restartJournal();
    say("journal cleared");
  });
}

// -- faults ------------------------------------------------------------------------------------
const faultsView = { fired: new Map(), last: "" };

function describe(object) {
  return Object.entries(object || {}).filter(([, v]) => v !== null && v !== "" && v !== false && v !== 0 &&
    !(typeof v === "object" && !Object.keys(v).length))
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
}

function renderFaults(rules) {
  const text = JSON.stringify(rules);
  if (text === faultsView.last) return; // unchanged: leave the rows (and a half-made click) alone
  faultsView.last = text;
  const rows = rules.map((r) => {
    const before = faultsView.fired.get(r.id);
    const extra = [r.fail_first ? `first ${r.fail_first}` : "", r.probability < 1 ? `p=${r.probability}` : ""];
    const tr = el("tr", { id: `fault-${r.id}`, className: before !== undefined && r.fired > before ? "just-fired" : "" },
      el("td", {}, el("code", {}, r.id)), el("td", {}, describe(r.match) || "every request"),
      el("td", {}, [describe(r.action), ...extra].filter(Boolean).join(" · ")),
      el("td", { className: "num fired" }, r.fired),
      el("td", {}, button("Remove", async () => {
        await api("DELETE", `/faults/${encodeURIComponent(r.id)}`);
        say(`removed ${r.id}`);
        refreshFaults();
      })));
    faultsView.fired.set(r.id, r.fired);
    return tr;
  });
  $("faults").tBodies[0].replaceChildren(...rows);
  $("faults-empty").hidden = rules.length > 0;
}

let refreshFaults = () => {};
function setupFaults() {
  refreshFaults = every(1000, async () => renderFaults((await api("GET", "/faults")).faults));
  const form = $("fault-form");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    const match = {};
    for (const k of ["service", "method", "path", "project", "host"]) if (v[k].trim()) match[k] = v[k].trim();
    const action = {};
    if (v.outcome) action.outcome = v.outcome;
    else if (v.status) action.status = Number(v.status);
    if (v.message.trim()) action.message = v.message.trim();
    if (v.latency_ms) action.latency_ms = Number(v.latency_ms);
    const rule = { match, action };
    if (v.fail_first) rule.fail_first = Number(v.fail_first);
    try {
      const added = await api("POST", "/faults", rule);
      say(`added ${added.fault.id}`);
      refreshFaults();
    } catch (err) { say(err.message, true); }
  });
  $("faults-clear").addEventListener("click", async () => {
    await api("DELETE", "/faults");
    say("all fault rules removed");
    refreshFaults();
  });
}

// -- clock -------------------------------------------------------------------------------------
let refreshClock = () => {};
function renderClock(c) {
  const now = c.now.replace("T", " ").replace(/\.\d+/, "").replace("Z", " UTC");
  $("clock-mode").textContent = c.mode;
  $("clock-now").textContent = now;
  $("clock-now").dateTime = c.now;
  $("clock-now-top").textContent = now;
  $("clock-badge").textContent = `${c.mode} time`;
  $("clock-offset").textContent = `${fmt(Math.round(c.offset))} s`;
  $("clock-waiting").textContent = `${c.waiting} sleeper${c.waiting === 1 ? "" : "s"}`;
  for (const b of $("clock-advance").querySelectorAll("button")) b.disabled = c.mode !== "manual";
  $("clock-manual").disabled = c.mode === "manual";
  $("clock-real").disabled = c.mode === "real";
}

function setupClock() {
  refreshClock = every(1000, async () => renderClock((await api("GET", "/clock")).clock));
  const mode = (m) => async () => {
    try { renderClock((await api("PUT", "/clock", { mode: m })).clock); say(`clock in ${m} time`); }
    catch (err) { say(err.message, true); }
  };
  $("clock-manual").addEventListener("click", mode("manual"));
  $("clock-real").addEventListener("click", mode("real"));
  const advance = async (seconds) => {
    try {
      const c = (await api("POST", "/clock/advance", { seconds })).clock;
      renderClock(c);
      say(`advanced ${fmt(seconds)} s; ${c.woken} waiting lifecycle${c.woken === 1 ? "" : "s"} woken`);
    } catch (err) { say(err.message, true); }
  };
  $("clock-advance").addEventListener("submit", (e) => { e.preventDefault(); advance(Number($("advance-seconds").value)); });
  for (const b of $("clock-advance").querySelectorAll("button[data-seconds]")) {
    b.addEventListener("click", () => advance(Number(b.dataset.seconds)));
  }
}

// -- snapshots, model, reset, health -----------------------------------------------------------
let refreshSnapshots = () => {};
function renderSnapshots(list) {
  $("snapshots").tBodies[0].replaceChildren(...list.map((s) => el("tr", {},
    el("td", {}, s.name), el("td", { className: "num" }, `${fmt(Math.ceil(s.size / 1024))} KiB`),
    el("td", {},
      button("Load", async () => {
        if (!confirm(`Load snapshot ${s.name}? The cloud's current state is replaced.`)) return;
        const r = await api("POST", `/snapshots/${encodeURIComponent(s.name)}/load`);
        say(`loaded ${s.name} in ${Math.round(r.seconds * 1000)} ms`);
        refreshAll();
      }),
      " ",
      button("Delete", async () => {
        if (!confirm(`Delete snapshot ${s.name}?`)) return;
        await api("DELETE", `/snapshots/${encodeURIComponent(s.name)}`);
        refreshSnapshots();
      })))));
}

function renderModel(model) {
  const chips = [];
  for (const [section, value] of Object.entries(model)) {
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    for (const [key, items] of Object.entries(value)) {
      if (!Array.isArray(items)) continue;
      let text = `${section}.${key}: ${fmt(items.length)}`;
      if (section === "compute" && key === "hosts") {
        text += ` entries, ${fmt(items.reduce((n, h) => n + (h.count || 1), 0))} hosts`;
      }
      chips.push(el("li", {}, text));
    }
  }
  $("model-summary").replaceChildren(...chips);
  $("model").textContent = JSON.stringify(model, null, 2);
}

let refreshModel = () => {};
function refreshAll() {
  restartJournal();
  for (const f of [refreshFaults, refreshClock, refreshSnapshots, refreshModel]) f();
  if (hostsView.selected) {
    selectHost(hostsView.selected, null, true, false).catch(() => {
      hostsView.selected = null;
      $("host-detail").replaceChildren();
    });
  }
  else loadHosts().catch((err) => say(err.message, true));
}

function setupRest() {
  refreshSnapshots = every(10000, async () => renderSnapshots((await api("GET", "/snapshots")).snapshots));
  refreshModel = every(30000, async () => renderModel(await api("GET", "/model")));
  $("snap-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const r = await api("POST", "/snapshots", { name: $("snap-name").value.trim() });
      say(`saved ${r.snapshot.name} (${fmt(r.snapshot.size)} bytes)`);
      refreshSnapshots();
    } catch (err) { say(err.message, true); }
  });
  $("reset").addEventListener("click", async () => {
    if (!confirm("Reset the cloud to its model? Every resource, fault rule and journal entry made since is dropped.")) return;
    try {
      const r = await api("POST", "/reset");
      say(`cloud reset to its model in ${Math.round(r.seconds * 1000)} ms`);
      refreshAll();
    } catch (err) { say(err.message, true); }
  });
  let servicesKnown = false;
  every(5000, async () => {
    let health;
    try { health = await api("GET", "/health"); } catch (err) {
      $("health").textContent = `no answer: ${err.message}`;
      return;
    }
    const names = Object.keys(health.services);
    $("health").textContent = `${health.status} · ${names.length} services`;
    if (!servicesKnown) {
      servicesKnown = true;
      for (const select of [$("j-service"), document.querySelector("#fault-form select[name=service]")]) {
        select.append(...names.map((n) => el("option", { value: n }, n)));
      }
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupHosts();
  setupJournal();
  setupFaults();
  setupClock();
  setupRest();
});

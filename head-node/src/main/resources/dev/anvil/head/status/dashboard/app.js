// Anvil dashboard: plain JS, no build step. Polls /status and /api/state every 2 s and renders them; follows the
// logs of the selected job through /api/jobs/ID/logs?from=SEQ. /services/NAME and /jobs/ID select one of them.
"use strict";
(function () {
  const REFRESH_MS = 2000;
  const path = decodeURIComponent(location.pathname);
  const selectedService = path.startsWith("/services/") ? path.substring("/services/".length) : null;
  let selectedJob = path.startsWith("/jobs/") ? path.substring("/jobs/".length) : null;
  let logNext = 0;
  let logJob = null;

  const $ = (id) => document.getElementById(id);
  const esc = (v) => String(v == null ? "" : v).replace(/[&<>"']/g, (c) =>
      ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const badge = (s) => `<span class="badge s-${esc(s)}">${esc(s)}</span>`;
  const bytes = (n) => {
    if (n == null || n < 0) return "–";
    const u = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + " " + u[i];
  };
  const ms = (v) => (v == null ? "–" : v < 10 ? v.toFixed(2) + " ms" : v.toFixed(0) + " ms");
  const num = (v) => (v == null ? "–" : Number(v).toLocaleString("en-US"));
  const fig = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
  const ago = (t) => {
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    return s < 60 ? s + "s ago" : s < 3600 ? Math.round(s / 60) + "m ago" : Math.round(s / 3600) + "h ago";
  };
  const table = (head, rows, empty) => rows.length === 0
      ? `<tr><td class="muted">${esc(empty)}</td></tr>`
      : `<thead><tr>${head.map((h) => `<th class="${h.startsWith("#") ? "num" : ""}">${esc(h.replace(/^#/, ""))}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody>`;

  function renderStatus(s) {
    const r = s.resources;
    $("summary").textContent = `${s.nodes.length} nodes · ${s.services.length} services · ${s.jobs.length} jobs · ${s.clients} clients`;
    $("resources").innerHTML = [
      ["GPUs used", `${r.gpusUsed} / ${r.gpusTotal}`],
      ["CPUs used", `${r.cpusUsed} / ${r.cpusTotal}`],
      ["Memory offered", bytes(r.memoryBytesTotal)],
      ["Replicas", s.services.reduce((a, x) => a + x.totalReplicas, 0)],
    ].map(([k, v]) => `<div class="card"><span class="muted">${esc(k)}</span><b>${esc(v)}</b></div>`).join("");
    const names = {};
    s.nodes.forEach((n) => { names[n.id] = n.name || n.id.substring(0, 8); });
    $("nodes").innerHTML = table(["Node", "Role", "Address", "#GPUs", "#CPUs", "#Memory", "#Blobs", "Up"],
      s.nodes.map((n) => `<tr><td>${esc(n.name)}</td><td>${esc(n.role)}</td><td>${esc(n.address)}</td>
        <td class="num">${n.gpusUsed}/${n.gpus.length}</td><td class="num">${n.cpusUsed}/${n.cpus}</td>
        <td class="num">${bytes(n.memoryBytes)}</td><td class="num">${n.blobs ? bytes(n.blobs.bytes) : "–"}</td>
        <td>${esc(ago(n.startedAt))}</td></tr>`), "no nodes");
    const services = s.services.filter((x) => !selectedService || x.name === selectedService);
    $("services").innerHTML = services.length === 0 ? `<p class="muted">no services</p>` : services.map((svc) => `
      <div class="service${svc.name === selectedService ? " selected" : ""}">
        <h3><a href="/services/${encodeURIComponent(svc.name)}">${esc(svc.name)}</a>
          <span class="muted">${esc(svc.actorClass)} · ${svc.healthyReplicas}/${svc.totalReplicas} healthy</span></h3>
        <div class="scroll"><table>${table(["Replica", "State", "#Ongoing", "#Queued", "#Requests", "#Failures", "#Mean latency", "#Restarts", "Node"],
          svc.replicas.map((rep) => `<tr><td>${rep.index}</td><td>${badge(rep.state)}</td>
            <td class="num">${rep.stats.inFlight}</td><td class="num">${rep.stats.queued}</td>
            <td class="num">${num(rep.stats.requests)}</td><td class="num">${num(rep.stats.failures)}</td>
            <td class="num">${ms(rep.stats.meanLatencyMs)}</td><td class="num">${rep.stats.restarts}</td>
            <td>${esc(rep.ranks.map((k) => names[k.nodeId] || k.nodeId.substring(0, 8)).join(", "))}</td></tr>`), "no replicas")}</table></div>
      </div>`).join("");
    $("jobs").innerHTML = table(["Job", "State", "Main class", "Submitted"],
      s.jobs.slice().reverse().map((j) => `<tr class="${j.id === selectedJob ? "selected" : ""}">
        <td><a class="job" href="/jobs/${encodeURIComponent(j.id)}" data-job="${esc(j.id)}">${esc(j.id)}</a></td>
        <td>${badge(j.state)}</td><td>${esc(j.mainClass)}</td><td>${esc(ago(j.submittedAt))}</td></tr>`), "no jobs");
    const warn = $("warnings");
    warn.hidden = s.warnings.length === 0;
    warn.textContent = s.warnings.join(" · ");
  }

  function renderState(st) {
    $("buffers").innerHTML = table(["Buffer", "#Size", "#Adds", "#Samples", "#Evictions"],
      st.buffers.map((b) => `<tr><td>${esc(b.name)}</td><td class="num">${num(b.size)}</td><td class="num">${num(b.adds)}</td>
        <td class="num">${num(b.samples)}</td><td class="num">${num(b.evictions)}</td></tr>`), "no replay buffers");
    $("stores").innerHTML = table(["Store", "#Latest version", "#Versions", "#Bytes", "#Pushes", "#Mean push", "#Pulls", "#Mean pull"],
      st.stores.map((w) => `<tr><td>${esc(w.name)}</td><td class="num">${w.latestVersion}</td><td class="num">${w.versions}</td>
        <td class="num">${bytes(w.latestBytes)}</td><td class="num">${num(w.push.count)}</td><td class="num">${ms(w.push.meanMs)}</td>
        <td class="num">${num(w.pull.count)}</td><td class="num">${ms(w.pull.meanMs)}</td></tr>`), "no weight stores");
    $("runs-section").hidden = st.runs.length === 0;
    $("runs").innerHTML = st.runs.map((run) => {
      const figures = [];
      run.points.forEach((p) => Object.keys(p.values).forEach((k) => { if (!figures.includes(k)) figures.push(k); }));
      figures.sort();
      return figures.map((f) => plot(run, f)).join("");
    }).join("");
  }

  /** One figure of one run as an SVG line over its steps. */
  function plot(run, figure) {
    const pts = run.points.filter((p) => p.values[figure] != null).map((p) => [p.step, p.values[figure]]);
    const last = pts[pts.length - 1];
    const W = 300, H = 120, P = 6;
    let min = Math.min(...pts.map((p) => p[1])), max = Math.max(...pts.map((p) => p[1]));
    if (min === max) { min -= 1; max += 1; }
    const x0 = pts[0][0], x1 = Math.max(pts[pts.length - 1][0], x0 + 1);
    const xy = pts.map(([x, y]) => [P + (x - x0) / (x1 - x0) * (W - 2 * P), H - P - (y - min) / (max - min) * (H - 2 * P)]);
    const line = xy.map((p) => p[0].toFixed(1) + "," + p[1].toFixed(1)).join(" ");
    const dot = xy[xy.length - 1];
    return `<div class="plot" data-run="${esc(run.name)}" data-figure="${esc(figure)}">
      <div class="title"><span>${esc(run.name)} · <b>${esc(figure)}</b></span><span>${esc(fig(last[1]))} @ step ${last[0]}</span></div>
      <svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label="${esc(figure)}">
        <polyline fill="none" stroke="#c2410c" stroke-width="2" vector-effect="non-scaling-stroke" points="${line}"/>
        <circle cx="${dot[0].toFixed(1)}" cy="${dot[1].toFixed(1)}" r="3" fill="#c2410c"/></svg>
      <div class="title muted"><span>min ${esc(fig(min))}</span><span>max ${esc(fig(max))}</span></div></div>`;
  }

  async function followLogs() {
    if (!selectedJob) return;
    if (logJob !== selectedJob) { logJob = selectedJob; logNext = 0; $("log").textContent = ""; }
    const res = await fetch(`/api/jobs/${encodeURIComponent(selectedJob)}/logs?from=${logNext}`);
    if (!res.ok) { $("log").textContent = await res.text(); return; }
    const page = await res.json();
    $("log-panel").hidden = false;
    $("log-job").textContent = page.job;
    $("log-state").className = "badge s-" + page.state;
    $("log-state").textContent = page.state;
    const pre = $("log");
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    if (page.text) pre.textContent += page.text;
    logNext = page.next;
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  async function refresh() {
    try {
      const [s, st] = await Promise.all([fetch("/status"), fetch("/api/state")]);
      if (!s.ok || !st.ok) throw new Error(`status ${s.status}, state ${st.status}`);
      renderStatus(await s.json());
      renderState(await st.json());
      await followLogs();
      $("error").hidden = true;
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
      document.body.dataset.loaded = "true";
    } catch (e) {
      $("error").hidden = false;
      $("error").textContent = "cannot reach the head: " + e.message;
    }
  }

  document.addEventListener("click", (e) => {
    const a = e.target.closest("a.job");
    if (!a) return;
    e.preventDefault();
    selectedJob = a.dataset.job;
    history.pushState(null, "", a.getAttribute("href"));
    refresh();
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
})();

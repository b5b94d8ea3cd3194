/// The web UI's files, built into the binary (no separate process, no front-end build): one
/// page, its script and its style sheet. The script reads `/stele/v1` and Confluent's routes.
enum UIAssets {
    static let indexHTML = ##"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stele</title>
<link rel="stylesheet" href="/ui/app.css">
<script src="/ui/app.js" defer></script>
</head>
<body>
<header>
  <a class="brand" href="#/">Stele</a>
  <a href="#/">Subjects</a>
  <form id="search" role="search"><input id="search-q" type="search" placeholder="Search fields, types, docs" aria-label="Search inside schemas"> <button type="submit">Search</button></form>
</header>
<main id="main"><p>Loading…</p></main>
<noscript><p>The Stele UI needs JavaScript; the REST API is at <code>/subjects</code>.</p></noscript>
</body>
</html>
"""##

    static let appJS = ##"""
// Stele's web UI: plain JavaScript over /stele/v1 (Stele's JSON) and Confluent's REST API.
// Every view has its URL (#/…), so a link can be shared; everything works from the keyboard.
"use strict";
const main = () => document.getElementById("main");
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const enc = encodeURIComponent;
const PAGE = 100;

async function api(path, options) {
  const r = await fetch(path, Object.assign({ headers: { "Accept": "application/json", "Content-Type": "application/json" } }, options || {}));
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  if (!r.ok) {
    const message = body && body.message ? body.message : `HTTP ${r.status}`;
    const error = new Error(message);
    error.code = body && body.error_code;
    throw error;
  }
  return body;
}

function show(title, html) {
  document.title = title + " · Stele";
  main().innerHTML = html;
  const h = main().querySelector("h1");
  if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }); }
}

function fail(title, error) {
  show(title, `<h1>${esc(title)}</h1><div class="error" role="alert">${esc(error.message)}</div><p><a href="#/">All subjects</a></p>`);
}

// A schema's JSON text, highlighted: keys, strings, numbers and literals get classes;
// lines whose text contains one of `marks` are marked (a diff's changed names).
function highlight(text, marks) {
  return text.split("\n").map((line) => {
    let html = esc(line)
      .replace(/(&quot;(?:[^&]|&(?!quot;))*?&quot;)(\s*:)/g, '<span class="k">$1</span>$2')
      .replace(/:\s*(&quot;(?:[^&]|&(?!quot;))*?&quot;)/g, (m, s) => m.replace(s, `<span class="s">${s}</span>`))
      .replace(/\b(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b/g, '<span class="n">$1</span>')
      .replace(/\b(true|false|null)\b/g, '<span class="l">$1</span>');
    const marked = (marks || []).some((m) => m && line.includes(`"${m}"`));
    return `<span class="line${marked ? " changed" : ""}">${html}</span>`;
  }).join("\n");
}

function query(params) {
  return Object.entries(params).filter(([, v]) => v !== "" && v !== false && v != null).map(([k, v]) => `${k}=${enc(v)}`).join("&");
}

async function subjectsView(params) {
  const filter = params.get("filter") || "", type = params.get("type") || "", level = params.get("level") || "";
  const deleted = params.get("deleted") === "true", offset = Number(params.get("offset") || 0);
  const started = performance.now();
  let data;
  try { data = await api(`/stele/v1/subjects?${query({ filter, type, level, deleted, offset, limit: PAGE })}`); } catch (e) { return fail("Subjects", e); }
  const rows = data.subjects.map((s) => `<tr${s.deleted ? ' class="deleted"' : ""}>
      <td><a href="#/subjects/${enc(s.subject)}">${esc(s.subject)}</a></td><td>${esc(s.schemaType)}</td>
      <td><a href="#/subjects/${enc(s.subject)}/versions/${s.latestVersion}">${s.latestVersion}</a></td><td>${s.versions}</td>
      <td>${s.id}</td><td>${esc(s.level)}</td><td>${esc(s.mode)}</td><td>${s.deleted ? "soft-deleted" : ""}</td></tr>`).join("");
  const link = (o) => `#/?${query({ filter, type, level, deleted, offset: o })}`;
  const prev = offset > 0 ? `<a href="${link(Math.max(0, offset - PAGE))}" rel="prev">Previous</a>` : "";
  const next = offset + PAGE < data.total ? `<a href="${link(offset + PAGE)}" rel="next">Next</a>` : "";
  const sel = (name, value, options) => `<select name="${name}" aria-label="${name}">${options.map((o) => `<option value="${o}"${o === value ? " selected" : ""}>${o || "any " + name}</option>`).join("")}</select>`;
  show("Subjects", `<h1>Subjects</h1>
    <form id="filters" class="filters" role="search">
      <input name="filter" type="search" placeholder="Filter by name (press /)" aria-label="Filter subjects by name" value="${esc(filter)}">
      ${sel("type", type, ["", "AVRO", "JSON"])}
      ${sel("level", level, ["", "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"])}
      <label><input name="deleted" type="checkbox"${deleted ? " checked" : ""}> soft-deleted too</label>
      <button type="submit">Filter</button>
    </form>
    <p class="count" id="count">${data.total === 0 ? "No subjects match." : `${offset + 1}–${Math.min(data.total, offset + PAGE)} of ${data.total}`}</p>
    <table id="subjects"><thead><tr><th>Subject</th><th>Type</th><th>Latest</th><th>Versions</th><th>Id</th><th>Level</th><th>Mode</th><th></th></tr></thead>
    <tbody>${rows}</tbody></table><nav class="paging">${prev} ${next}</nav>`);
  document.getElementById("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = `#/?${query({ filter: f.get("filter"), type: f.get("type"), level: f.get("level"), deleted: f.get("deleted") ? "true" : "" })}`;
  });
  main().dataset.renderMs = String(Math.round(performance.now() - started));
}

async function subjectView(subject) {
  let s;
  try { s = await api(`/stele/v1/subjects/${enc(subject)}`); } catch (e) { return fail(subject, e); }
  const versions = s.versions.map((v) => `<li${v.deleted ? ' class="deleted"' : ""}><a href="#/subjects/${enc(subject)}/versions/${v.version}">version ${v.version}</a> · id ${v.id}${v.deleted ? " · soft-deleted" : ""}</li>`).join("");
  const options = s.versions.map((v) => `<option value="${v.version}">${v.version}</option>`).join("");
  show(subject, `<h1>${esc(subject)}</h1>
    <p>${esc(s.schemaType)} · level ${esc(s.level)} · mode ${esc(s.mode)}${s.deleted ? " · soft-deleted" : ""}</p>
    <h2>Versions</h2><ul id="versions">${versions}</ul>
    <h2>Compare two versions</h2>
    <form id="diff"><label>from <select name="from">${options}</select></label> <label>to <select name="to">${options}</select></label> <button type="submit">Diff</button></form>
    <p><a id="try" href="#/subjects/${enc(subject)}/try">Try a change</a></p>`);
  const form = document.getElementById("diff");
  if (s.versions.length > 1) { form.from.value = s.versions[s.versions.length - 2].version; form.to.value = s.versions[s.versions.length - 1].version; }
  form.addEventListener("submit", (e) => { e.preventDefault(); location.hash = `#/subjects/${enc(subject)}/diff/${form.from.value}/${form.to.value}`; });
}

async function versionView(subject, version) {
  let v;
  try { v = await api(`/stele/v1/subjects/${enc(subject)}/versions/${enc(version)}`); } catch (e) { return fail(`${subject} version ${version}`, e); }
  const refs = v.references.map((r) => `<li><a href="#/subjects/${enc(r.subject)}/versions/${r.version}">${esc(r.name)} → ${esc(r.subject)} version ${r.version}</a></li>`).join("") || "<li>none</li>";
  const by = v.referencedBy.map((r) => `<li><a href="#/subjects/${enc(r.subject)}/versions/${r.version}">${esc(r.subject)} version ${r.version}</a></li>`).join("") || "<li>none</li>";
  show(`${subject} v${v.version}`, `<h1><a href="#/subjects/${enc(subject)}">${esc(subject)}</a> version ${v.version}</h1>
    <dl class="facts"><dt>Id</dt><dd id="schema-id">${v.id}</dd><dt>GUID</dt><dd id="guid">${esc(v.guid)}</dd><dt>Type</dt><dd>${esc(v.schemaType)}</dd>${v.deleted ? "<dt>State</dt><dd>soft-deleted</dd>" : ""}</dl>
    <pre class="schema" id="schema">${highlight(v.schema)}</pre>
    <h2>Uses</h2><ul id="references">${refs}</ul>
    <h2>Used by</h2><ul id="referenced-by">${by}</ul>
    ${v.metadata ? `<h2>Metadata</h2><pre id="metadata">${esc(JSON.stringify(v.metadata, null, 2))}</pre>` : ""}
    ${v.ruleSet ? `<h2>Rule set</h2><pre id="rule-set">${esc(JSON.stringify(v.ruleSet, null, 2))}</pre>` : ""}`);
}

async function diffView(subject, from, to) {
  let d, a, b;
  try {
    [d, a, b] = await Promise.all([api(`/stele/v1/subjects/${enc(subject)}/diff?from=${enc(from)}&to=${enc(to)}`),
      api(`/stele/v1/subjects/${enc(subject)}/versions/${enc(from)}`), api(`/stele/v1/subjects/${enc(subject)}/versions/${enc(to)}`)]);
  } catch (e) { return fail(`${subject}: ${from} → ${to}`, e); }
  const cls = (c) => c.breaksBackward && c.breaksForward ? "breaks-both" : c.breaksBackward ? "breaks-backward" : c.breaksForward ? "breaks-forward" : "compatible";
  const rows = d.changes.map((c) => `<tr class="${cls(c)}"><td><code>${esc(c.path)}</code></td><td>${esc(c.kind)}</td><td>${esc(c.message)}</td><td class="impact">${esc(c.impact)}</td></tr>`).join("");
  // The names a change touches: the `name` of the node its path points at (in either
  // version), else the path's last named segment.
  const resolve = (text, path) => {
    try {
      let node = JSON.parse(text);
      for (const t of path.split("/").filter(Boolean)) node = node == null ? undefined : node[t.replace(/~1/g, "/").replace(/~0/g, "~")];
      return node;
    } catch (e) { return undefined; }
  };
  const names = d.changes.flatMap((c) => {
    const found = [resolve(a.schema, c.path), resolve(b.schema, c.path)].filter((n) => n && typeof n === "object" && typeof n.name === "string").map((n) => n.name);
    const last = c.path.replace(/^#?\$?/, "").split(/[/.]/).filter((p) => p && !/^\d+$/.test(p) && !["fields", "properties", "items"].includes(p)).pop();
    return found.length ? found : [last];
  });
  show(`${subject}: ${from} → ${to}`, `<h1><a href="#/subjects/${enc(subject)}">${esc(subject)}</a>: version ${from} → ${to}</h1>
    ${d.changes.length ? `<table id="changes"><thead><tr><th>Where</th><th>Change</th><th>What</th><th>Impact</th></tr></thead><tbody>${rows}</tbody></table>` : '<p id="changes">No changes.</p>'}
    <div class="sides"><section><h2>Version ${from}</h2><pre class="schema" id="left">${highlight(a.schema, names)}</pre></section>
    <section><h2>Version ${to}</h2><pre class="schema" id="right">${highlight(b.schema, names)}</pre></section></div>`);
}

async function tryView(subject) {
  let latest = null;
  try { latest = await api(`/subjects/${enc(subject)}/versions/latest`); } catch (e) { if (e.code !== 40401) return fail(`Try a change: ${subject}`, e); }
  const type = latest ? (latest.schemaType || "AVRO") : "AVRO";
  const text = latest ? (() => { try { return JSON.stringify(JSON.parse(latest.schema), null, 2); } catch (e) { return latest.schema; } })() : "";
  show(`Try a change: ${subject}`, `<h1>Try a change: <a href="#/subjects/${enc(subject)}">${esc(subject)}</a></h1>
    <form id="try-form"><label for="schema-text">Schema (${esc(type)})</label>
    <textarea id="schema-text" name="schema" rows="18" spellcheck="false">${esc(text)}</textarea>
    <button type="submit" id="check">Check</button> <button type="button" id="register" disabled>Register</button></form>
    <div id="result" aria-live="polite"></div>`);
  const form = document.getElementById("try-form"), result = document.getElementById("result"), register = document.getElementById("register");
  const body = () => JSON.stringify({ schema: form.schema.value, schemaType: type });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    register.disabled = true;
    try {
      const c = await api(`/stele/v1/subjects/${enc(subject)}/check`, { method: "POST", body: body() });
      const findings = c.findings.map((f) => `<li class="finding sev-${esc(f.severity)}"><code class="rule">${esc(f.rule)}</code> ${esc(f.message)}
          <span class="where">${esc(f.direction)} against version ${f.version}, at ${esc(f.path)}${f.line ? ` (line ${f.line}, column ${f.column})` : ""}</span>
          ${f.witness !== undefined ? `<div class="witness">Witness: <code>${esc(JSON.stringify(f.witness))}</code></div>` : ""}</li>`).join("");
      result.innerHTML = c.compatible
        ? `<p class="ok" id="verdict">Compatible with ${esc(c.level)}.</p>${findings ? `<ul>${findings}</ul>` : ""}`
        : `<p class="bad" id="verdict">Breaks ${esc(c.level)}:</p><ul id="findings">${findings}</ul>`;
      register.disabled = !c.compatible;
    } catch (err) {
      result.innerHTML = `<div class="error" role="alert">${esc(err.message)}</div>`;
    }
  });
  register.addEventListener("click", async () => {
    try {
      const r = await api(`/subjects/${enc(subject)}/versions`, { method: "POST", body: body() });
      result.innerHTML = `<p class="ok" id="registered">Registered <a href="#/subjects/${enc(subject)}/versions/${r.version}">version ${r.version}</a> (id ${r.id}).</p>`;
      register.disabled = true;
    } catch (err) {
      result.innerHTML = `<div class="error" role="alert">${esc(err.message)}</div>`;
    }
  });
}

async function searchView(q) {
  let d;
  try { d = await api(`/stele/v1/search?q=${enc(q)}`); } catch (e) { return fail(`Search: ${q}`, e); }
  const rows = d.hits.map((h) => `<li><a href="#/subjects/${enc(h.subject)}/versions/${h.version}">${esc(h.subject)} v${h.version}</a> · ${esc(h.kind)} <code>${esc(h.text)}</code></li>`).join("");
  show(`Search: ${q}`, `<h1>Search: ${esc(q)}</h1>${rows ? `<ul id="hits">${rows}</ul>` : '<p id="hits">Nothing found.</p>'}`);
}

function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, qs] = hash.split("?");
  const params = new URLSearchParams(qs || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  document.getElementById("search-q").value = parts[0] === "search" ? (parts[1] || "") : document.getElementById("search-q").value;
  if (parts.length === 0) return subjectsView(params);
  if (parts[0] === "search") return searchView(parts[1] || "");
  if (parts[0] === "subjects" && parts.length === 2) return subjectView(parts[1]);
  if (parts[0] === "subjects" && parts[2] === "versions" && parts.length === 4) return versionView(parts[1], parts[3]);
  if (parts[0] === "subjects" && parts[2] === "diff" && parts.length === 5) return diffView(parts[1], parts[3], parts[4]);
  if (parts[0] === "subjects" && parts[2] === "try") return tryView(parts[1]);
  fail("Not found", new Error(`There is no page ${hash}.`));
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    if (q) location.hash = `#/search/${enc(q)}`;
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      e.preventDefault();
      (document.querySelector('input[name="filter"]') || document.getElementById("search-q")).focus();
    }
  });
  route();
});
"""##

    static let appCSS = ##"""
:root { --fg: #1d2430; --muted: #5c6675; --line: #d8dde5; --bad: #b3261e; --ok: #1b6e3a; --warn: #8a5a00; --bg-alt: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; border-bottom: 1px solid var(--line); background: var(--bg-alt); }
header a.brand { font-weight: 700; text-decoration: none; color: var(--fg); }
main { padding: 1em 1.2em 3em; max-width: 1300px; }
a { color: #0b57d0; } a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 2px solid #0b57d0; outline-offset: 1px; }
h1 { font-size: 1.4em; margin: .3em 0 .6em; } h1:focus { outline: none; } h2 { font-size: 1.1em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid var(--line); vertical-align: top; }
tr.deleted, li.deleted { color: var(--muted); }
.filters { display: flex; gap: .6em; flex-wrap: wrap; align-items: center; margin-bottom: .6em; }
.filters input[type=search] { min-width: 22em; padding: .3em .5em; }
.count { color: var(--muted); } .paging a { margin-right: 1em; }
pre.schema { background: var(--bg-alt); border: 1px solid var(--line); padding: .8em; overflow: auto; font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; }
pre .line { display: inline-block; min-width: 100%; } pre .line.changed { background: #fff1c2; }
.k { color: #7b2e8e; } .s { color: #1a6a35; } .n { color: #0b57d0; } .l { color: #a14b00; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; } dl.facts dt { color: var(--muted); }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
tr.breaks-backward .impact, tr.breaks-both .impact { color: var(--bad); font-weight: 600; } tr.breaks-forward .impact { color: var(--warn); font-weight: 600; }
tr.compatible .impact { color: var(--ok); }
textarea { width: 100%; font: 13px/1.4 ui-monospace, Menlo, Consolas, monospace; }
.error { border: 1px solid var(--bad); color: var(--bad); background: #fdeceb; padding: .6em .8em; }
.ok { color: var(--ok); font-weight: 600; } .bad { color: var(--bad); font-weight: 600; }
.finding { margin-bottom: .6em; } .finding.sev-error .rule { color: var(--bad); } .finding.sev-warning .rule { color: var(--warn); } .finding .where { display: block; color: var(--muted); font-size: .9em; } .rule { font-weight: 600; }
.witness code { background: var(--bg-alt); padding: 0 .3em; }
"""##
}

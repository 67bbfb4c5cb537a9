import type { Band, Mark, PodReport, ReportData, Segment } from './buildReport.js';
import { Packer } from './pack.js';
import { reportScript } from './reportScript.js';
import { reportStyle } from './reportStyle.js';

const LABEL_W = 190;
const PLOT_W = 960;
const ROW_H = 22;
const GAP = 6;
const AXIS_H = 26;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a `<script type="application/json">` element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** `+1m30s` from the Pod's first fact. */
export function offsetLabel(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `+${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `+${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `+${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `+${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}`;
}

/** The last fact sits at this share of the plot; what is still open at the end runs to its edge. */
const END_AT = 0.95;

function scale(pod: PodReport): (t: number) => number {
  const span = Math.max(pod.to - pod.from, 1000) / END_AT;
  return (t) =>
    t === Number.POSITIVE_INFINITY ? LABEL_W + PLOT_W : LABEL_W + ((t - pod.from) / span) * PLOT_W;
}

/** Facts are referenced by index (`data-f`), their text kept once in the Pod's JSON. */
function segmentRect(s: Segment, x: (t: number) => number, y: number, cls: string): string {
  const x0 = x(s.from);
  const w = Math.max(x(s.open ? Number.POSITIVE_INFINITY : s.to) - x0, 2);
  const label = escapeHtml(s.label);
  const text =
    w > 7 * s.label.length + 8
      ? `<text x="${(x0 + 4).toFixed(1)}" y="${y + 15}" class="seg-text">${label}</text>`
      : '';
  return `<rect class="seg ${cls}-${escapeHtml(s.kind)}" data-label="${label}" data-from="${s.from}" data-to="${s.to}" data-f="${s.facts.join(' ')}" x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${ROW_H}" rx="3"/>${text}`;
}

function markShape(m: Mark, x: (t: number) => number, y: number): string {
  const cx = x(m.time).toFixed(1);
  const attrs = `class="mark mark-${m.kind}" data-label="${escapeHtml(m.label)}" data-time="${m.time}" data-f="${m.facts.join(' ')}"`;
  if (m.kind === 'restart') return `<path ${attrs} d="M${cx} ${y - 3} l-5 -7 h10 z"/>`;
  const cy = y + ROW_H + 4;
  return `<circle ${attrs} cx="${cx}" cy="${cy}" r="3.5"/>`;
}

function bandRow(b: Band, x: (t: number) => number, y: number, cls: string, title: string): string {
  return `<g class="band" data-band="${escapeHtml(b.name)}"><text x="6" y="${y + 15}" class="row-label">${escapeHtml(title)}</text>${b.segments.map((s) => segmentRect(s, x, y, cls)).join('')}</g>`;
}

function timeline(pod: PodReport): string {
  const x = scale(pod);
  const rows: string[] = [];
  let y = AXIS_H;
  rows.push(bandRow(pod.phase, x, y, 'phase', 'phase'));
  y += ROW_H + GAP;
  for (const c of pod.conditions) {
    rows.push(bandRow(c, x, y, 'cond', c.name));
    y += ROW_H + GAP;
  }
  y += GAP;
  for (const lane of pod.lanes) {
    const marks = lane.marks.map((m) => markShape(m, x, y)).join('');
    rows.push(
      `<g class="lane" data-container="${escapeHtml(lane.container)}" data-role="${lane.role}"><text x="6" y="${y + 15}" class="row-label">${escapeHtml(lane.container)} <tspan class="role">${lane.role}</tspan></text>${lane.segments.map((s) => segmentRect(s, x, y, 'state')).join('')}${marks}</g>`,
    );
    y += ROW_H + GAP + 10;
  }
  const height = y + 4;
  const ticks: string[] = [];
  for (let i = 0; i <= 6; i++) {
    const t = pod.from + ((pod.to - pod.from) * i) / 6;
    const tx = x(t).toFixed(1);
    ticks.push(
      `<line x1="${tx}" x2="${tx}" y1="${AXIS_H - 6}" y2="${height}" class="tick"/><text x="${tx}" y="${AXIS_H - 10}" class="tick-label">${offsetLabel(t - pod.from)}</text>`,
    );
  }
  return `<svg class="timeline" width="${LABEL_W + PLOT_W + 20}" height="${height}" data-from="${pod.from}" data-to="${pod.to}" data-x0="${LABEL_W}" data-w="${PLOT_W * END_AT}" role="img" aria-label="timeline of ${escapeHtml(pod.name)}">${ticks.join('')}${rows.join('')}<line class="cursor" x1="${LABEL_W}" x2="${LABEL_W}" y1="${AXIS_H - 6}" y2="${height}" visibility="hidden"/></svg>`;
}

function eventsTable(pod: PodReport, end: number): string {
  if (pod.events.length === 0) return '<p class="none">No Events.</p>';
  const rows = [...pod.events]
    .sort((a, b) => Date.parse(a.firstTimestamp) - Date.parse(b.firstTimestamp))
    .map(
      (e) =>
        `<tr class="ev-${e.type}"><td>${e.type}</td><td>${escapeHtml(e.reason)}</td><td>${escapeHtml(offsetLabel(Date.parse(e.lastTimestamp) - pod.from))}</td><td>${e.count}</td><td>${escapeHtml(e.source)}</td><td>${escapeHtml(e.involvedObject?.fieldPath ?? '')}</td><td>${escapeHtml(e.message)}</td></tr>`,
    )
    .join('');
  return `<table class="events"><thead><tr><th>Type</th><th>Reason</th><th>Last seen</th><th>Count</th><th>From</th><th>Object</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table><!-- end ${iso(end)} -->`;
}

function chart(title: string, states: { state: string; visits: number }[], path: string[]): string {
  const boxes = states
    .map(
      (s) =>
        `<span class="state${s.visits > 0 ? ' visited' : ''}" data-state="${escapeHtml(s.state)}" data-visits="${s.visits}" title="${escapeHtml(`${s.state}: entered ${s.visits} time${s.visits === 1 ? '' : 's'}`)}">${escapeHtml(s.state)}${s.visits > 0 ? ` <b>×${s.visits}</b>` : ''}</span>`,
    )
    .join('');
  const shown =
    path.length > 40 ? [...path.slice(0, 20), `… ${path.length - 40} more …`, ...path.slice(-20)] : path;
  return `<div class="chart" data-chart="${escapeHtml(title)}"><h4>${escapeHtml(title)}</h4><div class="states">${boxes}</div><p class="path">${shown.map(escapeHtml).join(' → ')}</p></div>`;
}

/** The cursor's data: the Pod object without status, and per fact its time, seq, row and status, packed. */
export function cursorData(pod: PodReport): {
  uid: string;
  facts: string[];
  nodes: unknown[];
  shapes: string[][];
  object: number;
  snapshots: (number | string)[][];
} {
  const p = new Packer();
  const object = p.add(pod.object);
  const snapshots = pod.snapshots.map((s) => [
    s.time,
    s.seq,
    p.add(s.status),
    s.row.name,
    s.row.ready,
    s.row.status,
    s.row.restarts,
    s.row.age,
    s.row.ip,
    s.row.node,
  ]);
  return { uid: pod.uid, facts: pod.facts, nodes: p.nodes, shapes: p.shapes, object, snapshots };
}

function podSection(pod: PodReport, index: number, end: number): string {
  const data = cursorData(pod);
  return `<section class="pod" id="pod-${index}" data-pod="${escapeHtml(`${pod.namespace}/${pod.name}`)}">
<h2>${escapeHtml(pod.namespace)}/${escapeHtml(pod.name)} <small>uid ${escapeHtml(pod.uid)} · ${iso(pod.from)} – ${iso(pod.to)}</small></h2>
<div class="scroll">${timeline(pod)}</div>
<div class="cursor-panel"><label>Time <input type="range" class="time" min="${pod.from}" max="${pod.to}" step="1000" value="${pod.to}"></label> <span class="at"></span>
<table class="row"><thead><tr><th>NAME</th><th>READY</th><th>STATUS</th><th>RESTARTS</th><th>AGE</th><th>IP</th><th>NODE</th></tr></thead><tbody><tr><td colspan="7"></td></tr></tbody></table>
<details class="object"><summary>Pod object at that time</summary><pre></pre></details></div>
<h3>Events</h3>${eventsTable(pod, end)}
<h3>Statecharts: the states passed through</h3>${chart('Pod', pod.podChart.states, pod.podChart.path)}${pod.containerCharts.map((c) => chart(`container ${c.container}`, c.states, c.path)).join('')}
<script type="application/json" class="pod-data">${scriptJson(data)}</script>
</section>`;
}

/**
 * The report as one self-contained HTML file: inline CSS, SVG and script, no network. Each Pod:
 * a lane per container with its state segments, restart and probe marks, a band for the phase and
 * one per condition, the Events table, the statechart states passed through, and a time cursor
 * that shows the Pod object and `kubectl get pods` row at the chosen time. Pure and deterministic.
 */
export function renderHtml(data: ReportData, title = 'podstate report'): string {
  const body =
    data.pods.length === 0
      ? '<p class="none">No Pods in the log.</p>'
      : data.pods.map((p, i) => podSection(p, i, data.end)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${reportStyle}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${data.pods.length} Pod${data.pods.length === 1 ? '' : 's'} · until ${iso(data.end)} · hover a segment for the facts behind it; click the timeline or move the slider to see the Pod at that time.</p>
<p class="legend"><span class="key state-running-ready">running, ready</span><span class="key state-running-unready">running, not ready</span><span class="key state-waiting">waiting</span><span class="key state-waiting-pull">image pull</span><span class="key state-waiting-crash">crash loop</span><span class="key state-terminated-ok">exited 0</span><span class="key state-terminated-error">exited ≠ 0</span><span class="key mark-key-restart">▼ restart</span><span class="key mark-key-probe">● probe ok / failed</span></p></header>
<main>${body}</main><div id="tooltip" role="tooltip" hidden></div>
<script>${reportScript}</script></body></html>
`;
}

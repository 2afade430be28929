// The parts every panel is made of: its loading, empty and error states, metric cards, tables and
// charts. A panel shows only the answer of the newest request it made.

import {ApiError} from './api.js';

const generations = new Map();
const charts = new Map();
let onAuthNeeded = () => {};

export const $ = id => document.getElementById(id);

/** Escapes text for HTML. */
export function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}

/** What to call when an answer says a token is needed. */
export function whenAuthNeeded(callback) {
  onAuthNeeded = callback;
}

function setState(panel, state, message) {
  const section = $(panel);
  section.dataset.state = state;
  const status = section.querySelector('.status');
  status.textContent = message || '';
  status.className = 'status ' + state;
}

/**
 * Runs a panel's load: shows it loading, then what the load returns:
 * {empty: 'message'} for an empty state, or {render()} drawing the answer, or an error state.
 */
export async function run(panel, load) {
  const generation = (generations.get(panel) || 0) + 1;
  generations.set(panel, generation);
  const section = $(panel);
  section.dataset.state = section.dataset.state === 'ready' ? 'reloading' : 'loading';
  if (section.dataset.state === 'loading') { setState(panel, 'loading', 'Loading…'); }
  let result;
  try {
    result = await load();
  } catch (e) {
    if (generations.get(panel) !== generation) { return; }
    disposeCharts(section);
    if (e instanceof ApiError && e.needsToken) { onAuthNeeded(e); }
    setState(panel, 'error', e instanceof ApiError ? errorText(e) : 'The page failed: ' + e.message);
    if (!(e instanceof ApiError)) { console.error(e); }
    return;
  }
  if (generations.get(panel) !== generation) { return; }
  if (result && result.empty) {
    disposeCharts(section);
    setState(panel, 'empty', result.empty);
    if (result.render) { result.render(); }
    return;
  }
  setState(panel, 'ready', '');
  if (result && result.render) { result.render(); }
}

/** Marks a panel as not asked, with why (e.g. an incomplete custom range). */
export function idle(panel, message) {
  generations.set(panel, (generations.get(panel) || 0) + 1);
  disposeCharts($(panel));
  setState(panel, 'error', message);
}

function errorText(e) {
  const p = e.problem || {};
  const param = p.param ? ' (' + p.param + ')' : '';
  return (p.title || 'Error ' + e.status) + param + ': ' + e.message;
}

/** A metric card: value, change and the comparison value. */
export function card(key, label, metric, format, formatter) {
  const d = metric.direction || 'none';
  const arrow = metric.change_pct == null ? '' : d === 'up' ? '▲' : d === 'down' ? '▼' : d === 'flat' ? '■' : '';
  const previous = metric.previous === undefined ? ''
    : `<span class="previous">vs <span data-previous="${esc(key)}">${esc(format(metric.previous))}</span></span>`;
  return `<div class="card"><div class="name">${esc(label)}</div>`
    + `<div class="value" data-metric="${esc(key)}">${esc(format(metric.value))}</div>`
    + `<div class="change ${d}"><span data-change="${esc(key)}">${arrow} ${esc(formatter.change(metric.change_pct))}</span> ${previous}</div></div>`;
}

/** A card without comparison. */
export function plainCard(key, label, text) {
  return `<div class="card"><div class="name">${esc(label)}</div><div class="value" data-metric="${esc(key)}">${esc(text)}</div></div>`;
}

/** Draws an ECharts option into an element (replacing what it showed). */
export function chart(el, option) {
  let c = charts.get(el);
  if (!c) {
    c = echarts.init(el);
    charts.set(el, c);
  }
  c.setOption(option, true);
  return c;
}

function disposeCharts(section) {
  for (const [el, c] of charts) {
    if (section.contains(el)) {
      c.dispose();
      charts.delete(el);
    }
  }
}

export function resizeCharts() {
  for (const c of charts.values()) { c.resize(); }
}

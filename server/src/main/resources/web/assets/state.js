// The view: every choice on the page, kept in the URL's query string so that a view can be shared
// and reloaded. Only choices that differ from the defaults are written.

import {addDays, dateIn} from './format.js';

export const DEFAULTS = Object.freeze({
  ds: '',
  preset: 'last_30_days',   // a preset name, or 'custom' with from and to
  from: '', to: '',
  compare: 'previous_period',
  compare_from: '', compare_to: '',
  today: '',                // empty: the dataset's default day (see effectiveToday)
  aov: 'day',
  consent: '', consent_channel: '', recency: '', channel: '', store: '',
  tr_from: '', tr_to: '', tr_by: 'persona',
  ret_period: 'week', ret_by: 'hub_opened',
  seg: '',                  // persona:NAME, stage:NAME or cell:R-F-M
});

/** The view in a query string, defaults filled in. */
export function fromQuery(search) {
  const q = new URLSearchParams(search);
  const view = {...DEFAULTS};
  for (const k of Object.keys(DEFAULTS)) {
    if (q.has(k)) { view[k] = q.get(k); }
  }
  return view;
}

/** The query string of a view, without its defaults. */
export function toQuery(view) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(view)) {
    if (k in DEFAULTS && v !== DEFAULTS[k] && v != null) { q.set(k, v); }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/**
 * The day the dataset is looked at when Today is empty: its last day of data when that lies
 * before the current date in its time zone (data that stopped, like a demo or an export), else
 * null, letting the server use its own current date.
 */
export function defaultToday(info) {
  if (!info || !info.last_day) { return null; }
  return info.last_day < dateIn(info.timezone) ? info.last_day : null;
}

/** The `today` to send: the pinned one, else the dataset's default, else null. */
export function effectiveToday(view, info) {
  return view.today || defaultToday(info);
}

/** A concrete day for the questions that need one (transitions): effectiveToday or the current date. */
export function anchorDay(view, info) {
  return effectiveToday(view, info) || dateIn(info && info.timezone);
}

/** The range parameters: a preset, or from and to; with today. Null when a custom range is incomplete. */
export function rangeParams(view, info) {
  const p = {today: effectiveToday(view, info)};
  if (view.preset === 'custom') {
    if (!view.from || !view.to) { return null; }
    p.from = view.from;
    p.to = view.to;
  } else {
    p.preset = view.preset;
  }
  return p;
}

/** The range and comparison parameters of the period queries. Null when a custom part is incomplete. */
export function timeParams(view, info) {
  const p = rangeParams(view, info);
  if (!p) { return null; }
  p.compare = view.compare;
  if (view.compare === 'custom') {
    if (!view.compare_from || !view.compare_to) { return null; }
    p.compare_from = view.compare_from;
    p.compare_to = view.compare_to;
  }
  return p;
}

/** The two days of the transition matrix: chosen, else 90 days before the anchor day and the anchor day. */
export function transitionDays(view, info) {
  const to = view.tr_to || anchorDay(view, info);
  const from = view.tr_from || addDays(to, -90);
  return {from, to};
}

/** The purchase filters that are set. */
export function purchaseFilters(view) {
  const f = {};
  for (const k of ['consent', 'consent_channel', 'recency', 'channel', 'store']) {
    if (view[k]) { f[k] = view[k]; }
  }
  if (!f.consent) { delete f.consent_channel; }
  return f;
}

/** The segment of the members panel as API parameters, or null. */
export function segmentParams(seg) {
  if (!seg) { return null; }
  const [kind, value] = [seg.slice(0, seg.indexOf(':')), seg.slice(seg.indexOf(':') + 1)];
  if (kind === 'persona' || kind === 'stage') { return {[kind]: value}; }
  if (kind === 'cell') {
    const [r, f, m] = value.split('-');
    return {r, f, m};
  }
  return null;
}

/** A segment's name for people. */
export function segmentLabel(seg) {
  const p = segmentParams(seg);
  if (!p) { return ''; }
  if (p.persona) { return 'persona ' + p.persona; }
  if (p.stage) { return 'stage ' + p.stage; }
  return 'cell R' + p.r + ' F' + p.f + ' M' + p.m;
}

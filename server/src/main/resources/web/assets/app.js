// The dashboard page: reads the view from the URL, wires the controls, and asks each panel to
// load what the view needs. Every control change re-queries the panels it affects and writes the
// view back to the URL, so that the address can be shared.

import * as api from './api.js';
import {aov, overview, serviceInteractions} from './hub.js';
import {loadStores, purchases, users} from './business.js';
import {Formatter} from './format.js';
import {downloadCsv, members, rfm, transitions} from './rfm.js';
import {retention} from './retention.js';
import {defaultToday, effectiveToday, fromQuery, timeParams, toQuery} from './state.js';
import {$, idle, resizeCharts, whenAuthNeeded} from './ui.js';

let view = fromQuery(location.search);
let datasets = new Map();

/** The controls bound to a key of the view, and the panels a change of that key re-queries. */
const CONTROLS = [
  ['dataset', 'ds'], ['preset', 'preset'], ['from', 'from'], ['to', 'to'],
  ['compare', 'compare'], ['compare-from', 'compare_from'], ['compare-to', 'compare_to'], ['today', 'today'],
  ['aov-granularity', 'aov'],
  ['f-consent', 'consent'], ['f-consent-channel', 'consent_channel'], ['f-recency', 'recency'],
  ['f-channel', 'channel'], ['f-store', 'store'],
  ['tr-from', 'tr_from'], ['tr-to', 'tr_to'], ['tr-by', 'tr_by'],
  ['ret-period', 'ret_period'], ['ret-by', 'ret_by'],
];
const PANELS_OF = {
  aov: ['aov'],
  consent: ['purchases'], consent_channel: ['purchases'], recency: ['purchases'], channel: ['purchases'], store: ['purchases'],
  tr_from: ['transitions'], tr_to: ['transitions'], tr_by: ['transitions'],
  ret_period: ['retention'], ret_by: ['retention'],
};
const ALL = ['hub', 'service', 'aov', 'users', 'purchases', 'rfm', 'transitions', 'members', 'retention'];
const PERIOD_PANELS = ['p-hub', 'p-service', 'p-aov', 'p-purchases'];

function context() {
  const info = datasets.get(view.ds) || null;
  return {
    ds: view.ds, view, info,
    fmt: new Formatter(info && info.currency, navigator.language),
    today: effectiveToday(view, info),
    time: timeParams(view, info),
  };
}

function showRange(range, comparison) {
  const days = r => `${r.from} – ${r.to} (${r.days} day${r.days === 1 ? '' : 's'})`;
  $('range').textContent = days(range) + (comparison ? '  vs  ' + days(comparison) : '  (no comparison)');
}

function load(which) {
  const ctx = context();
  if (!ctx.ds) { return Promise.resolve(); }
  const jobs = [];
  const want = name => which.includes(name);
  if (!ctx.time && which.some(w => ['hub', 'service', 'aov', 'purchases'].includes(w))) {
    const missing = view.preset === 'custom' && (!view.from || !view.to) ? 'Give the custom range a first and a last day.'
      : 'Give the custom comparison a first and a last day.';
    for (const p of PERIOD_PANELS) { idle(p, missing); }
    $('range').textContent = '';
  } else if (ctx.time) {
    if (want('hub')) { jobs.push(overview(ctx, showRange)); }
    if (want('service')) { jobs.push(serviceInteractions(ctx)); }
    if (want('aov')) { jobs.push(aov(ctx)); }
    if (want('purchases')) { jobs.push(purchases(ctx)); }
  }
  if (want('users')) { jobs.push(users(ctx)); }
  if (want('rfm')) { jobs.push(rfm(ctx, chooseSegment)); }
  if (want('transitions')) { jobs.push(transitions(ctx)); }
  if (want('members')) { jobs.push(members(ctx)); }
  if (want('retention')) { jobs.push(retention(ctx)); }
  return Promise.all(jobs);
}

/** Puts the view into the controls and the address. */
function showView() {
  for (const [id, key] of CONTROLS) {
    if (id !== 'tr-from' && id !== 'tr-to') { $(id).value = view[key]; }
  }
  $('custom-range').hidden = view.preset !== 'custom';
  $('custom-compare').hidden = view.compare !== 'custom';
  $('f-consent-channel').disabled = !view.consent;
  const info = datasets.get(view.ds);
  const fallback = defaultToday(info);
  $('today-hint').textContent = view.today ? 'pinned'
    : fallback ? `empty: ${fallback}, the data's last day` : 'empty: the current date';
  document.title = 'Daybit' + (view.ds ? ' · ' + view.ds : '');
  history.replaceState(null, '', location.pathname + toQuery(view));
}

function change(key, value) {
  view = {...view, [key]: value};
  let panels = PANELS_OF[key] || ALL;
  if (key === 'ds') {
    // another dataset: its own default day, stores, segment and transition days
    view = {...view, today: '', store: '', seg: '', tr_from: '', tr_to: ''};
    panels = ALL;
    loadStores(context());
  }
  if (key === 'consent' && !value) { view.consent_channel = ''; }
  if (key === 'preset' && value === 'custom' && (!view.from || !view.to)) {
    // start a custom range from the range the period showed
    const shown = $('range').textContent.match(/^(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})/);
    if (shown) { view.from = shown[1]; view.to = shown[2]; }
  }
  showView();
  return load(panels);
}

function chooseSegment(seg) {
  view = {...view, seg};
  showView();
  for (const el of document.querySelectorAll('.rfm-cell')) { el.classList.toggle('chosen', el.dataset.seg === seg); }
  return load(['members']);
}

function authNeeded(e) {
  $('auth').hidden = false;
  $('auth').textContent = e.status === 401
    ? 'This server needs an access token: enter it in the Token field above.'
    : 'This token may not read this dataset: enter another one in the Token field above.';
  if (!$('token').value) { $('token').focus(); }
}

async function waitUntilReady() {
  for (;;) {
    const res = await fetch('/health').catch(() => null);
    if (res && res.ok) { $('notice').hidden = true; return; }
    $('notice').hidden = false;
    $('notice').textContent = 'The server is still loading its data…';
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Reads the datasets and shows the view; "loading" until every panel has its answer. */
function start() {
  return api.track(startNow());
}

async function startNow() {
  $('auth').hidden = true;
  await waitUntilReady();
  let list;
  try {
    list = (await api.get('/api/v1/datasets')).datasets;
  } catch (e) {
    document.body.dataset.view = 'failed';
    if (e instanceof api.ApiError && e.needsToken) { authNeeded(e); return; }
    $('notice').hidden = false;
    $('notice').textContent = 'The datasets could not be listed: ' + e.message;
    return;
  }
  datasets = new Map(list.map(d => [d.name, d]));
  $('dataset').innerHTML = list.map(d => `<option value="${d.name}">${d.name}</option>`).join('');
  if (!list.length) {
    document.body.dataset.view = 'no-dataset';
    $('notice').hidden = false;
    $('notice').textContent = 'No dataset yet: create one with POST /api/v1/datasets and send it events.';
    return;
  }
  if (!datasets.has(view.ds)) { view = {...view, ds: list[0].name}; }
  document.body.dataset.view = 'dashboard';
  const info = datasets.get(view.ds);
  $('notice').hidden = info.events > 0;
  $('notice').textContent = info.events > 0 ? '' : `The dataset ${info.name} has no events yet: every panel is empty.`;
  showView();
  await Promise.all([loadStores(context()), load(ALL)]);
}

for (const [id, key] of CONTROLS) {
  $(id).addEventListener('change', () => change(key, $(id).value));
}
$('dataset').addEventListener('change', () => {
  const info = datasets.get(view.ds);
  $('notice').hidden = !info || info.events > 0;
  $('notice').textContent = info && !info.events ? `The dataset ${info.name} has no events yet: every panel is empty.` : '';
});
$('token').value = api.token();
$('token').addEventListener('change', () => { api.setToken($('token').value.trim()); start(); });
$('members-csv').addEventListener('click', async () => {
  const button = $('members-csv');
  button.disabled = true;
  try {
    await downloadCsv(context(), text => { $('members-status').textContent = text; });
  } catch (e) {
    $('members-status').textContent = 'The download failed: ' + e.message;
  } finally {
    button.disabled = false;
  }
});
$('reload').addEventListener('click', () => start());
whenAuthNeeded(authNeeded);
window.addEventListener('resize', resizeCharts);
start();

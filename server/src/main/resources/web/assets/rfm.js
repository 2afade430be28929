// RFM: the 27-cell matrix with persona colours and thresholds, revenue by persona, the transition
// matrix between two days, and the members of a chosen segment with a CSV download.

import {datasetPath, get} from './api.js';
import {segmentLabel, segmentParams, transitionDays} from './state.js';
import {$, chart, esc, run} from './ui.js';

const PERSONA_COLOURS = {
  champions: '#1a7f37', loyal: '#4caf50', recent: '#2d8fd5',
  needs_attention: '#f0a030', at_risk: '#e0663a', inactive: '#9aa0ab', none: '#d8dbe2',
};
const FALLBACK_COLOURS = ['#7b61c9', '#c9489b', '#2bb3a8', '#b38f2b', '#5a6f9e', '#a35a3c'];
const STAGES = [[1, 'inactive', 'Inactive'], [2, 'lapsing', 'Lapsing'], [3, 'active', 'Active']];
/** Accounts per request of the CSV download: the API's default page, each request short. */
export const CSV_PAGE = 1000;

/** The colour of a persona of a dataset's map (the map's order decides the fallback colours). */
export function personaColour(persona, personas) {
  if (PERSONA_COLOURS[persona]) { return PERSONA_COLOURS[persona]; }
  const i = Math.max(0, personas.indexOf(persona));
  return FALLBACK_COLOURS[i % FALLBACK_COLOURS.length];
}

function thresholdText(r, mode, fmt) {
  const t = r.thresholds;
  if (t.r.t1 == null) { return 'No thresholds: no customer to take them from.'; }
  const days = n => fmt.count(n) + (n === 1 ? ' day' : ' days');
  const rText = `R: 3 if last purchase ≤ ${days(t.r.t1)} ago, 2 if ≤ ${days(t.r.t2)}, else 1`;
  const fText = mode === 'fixed'
    ? `F: 3 if ≥ ${fmt.count(t.f.t2)} purchases, 2 if ≥ ${fmt.count(t.f.t1)}, else 1`
    : `F: 1 if ≤ ${fmt.count(t.f.t1)} purchases, 2 if ≤ ${fmt.count(t.f.t2)}, else 3`;
  const mText = mode === 'fixed'
    ? `M: 3 if ≥ ${fmt.money(t.m.t2)}, 2 if ≥ ${fmt.money(t.m.t1)}, else 1`
    : `M: 1 if ≤ ${fmt.money(t.m.t1)}, 2 if ≤ ${fmt.money(t.m.t2)}, else 3`;
  return `${rText} · ${fText} · ${mText} (${mode === 'fixed' ? 'fixed' : 'tertiles of the customers'})`;
}

/** The matrix, the stages and revenue by persona: one /rfm answer, two panels. */
export function rfm(ctx, onSegment) {
  const answer = get(datasetPath(ctx.ds, '/rfm'), {as_of: ctx.today});
  const mode = ctx.info && ctx.info.rfm ? ctx.info.rfm.mode : 'quantile';
  const matrix = run('p-rfm', async () => {
    const r = await answer;
    const render = () => drawMatrix(r, mode, ctx, onSegment);
    return r.customers ? {render} : {empty: `No customers as of ${r.as_of}: no purchase in the lookback window.`, render};
  });
  const personas = run('p-personas', async () => {
    const r = await answer;
    const render = () => drawPersonas(r, ctx, onSegment);
    return r.customers ? {render} : {empty: `No customers as of ${r.as_of}.`, render};
  });
  return Promise.all([matrix, personas]);
}

function drawMatrix(r, mode, ctx, onSegment) {
  const fmt = ctx.fmt;
  const names = r.personas.map(p => p.persona);
  const cell = (rs, f, m) => r.cells.find(c => c.r === rs && c.f === f && c.m === m);
  $('rfm-asof').textContent = 'as of ' + r.as_of + ' · ' + fmt.count(r.customers) + ' customers';
  $('rfm-thresholds').textContent = thresholdText(r, mode, fmt);
  let html = '<tr><th rowspan="2"></th>' + STAGES.map(([rs, stage, label]) =>
    `<th colspan="3" class="stage"><a href="#" data-seg="stage:${stage}">${label} (R${rs})</a> · `
    + `<span data-metric="rfm.stage.${stage}">${esc(fmt.count(r.stages[stage]))}</span></th>`).join('') + '</tr>';
  html += '<tr>' + STAGES.map(() => '<th>M1</th><th>M2</th><th>M3</th>').join('') + '</tr>';
  for (const f of [3, 2, 1]) {
    html += `<tr><th>F${f}</th>`;
    for (const [rs] of STAGES) {
      for (const m of [1, 2, 3]) {
        const c = cell(rs, f, m);
        const colour = personaColour(c.persona, names);
        const seg = `cell:${rs}-${f}-${m}`;
        const chosen = ctx.view.seg === seg ? ' chosen' : '';
        html += `<td class="rfm-cell${chosen}" style="background:${colour}" data-seg="${seg}" data-cell="${rs}${f}${m}"`
          + ` title="R${rs} F${f} M${m} · ${esc(c.persona)}">${esc(fmt.count(c.customers))}</td>`;
      }
    }
    html += '</tr>';
  }
  $('rfm-matrix').innerHTML = html;
  $('rfm-legend').innerHTML = names.map(n =>
    `<a href="#" class="legend" data-seg="persona:${esc(n)}"><i style="background:${personaColour(n, names)}"></i>${esc(n)}</a>`).join('');
  for (const el of document.querySelectorAll('#p-rfm [data-seg]')) {
    el.addEventListener('click', e => { e.preventDefault(); onSegment(el.dataset.seg); });
  }
}

function drawPersonas(r, ctx, onSegment) {
  const fmt = ctx.fmt;
  const names = r.personas.map(p => p.persona);
  $('personas-table').innerHTML = '<tr><th>Persona</th><th>Customers</th><th>Revenue</th><th>% of revenue</th>'
    + '<th>Avg. CLV</th><th>Avg. orders</th><th>AOV</th></tr>'
    + r.personas.map(p => `<tr data-persona="${esc(p.persona)}">`
      + `<td><a href="#" data-seg="persona:${esc(p.persona)}"><i class="dot" style="background:${personaColour(p.persona, names)}"></i>${esc(p.persona)}</a></td>`
      + `<td data-k="customers">${esc(fmt.count(p.customers))}</td><td data-k="revenue">${esc(fmt.money(p.revenue))}</td>`
      + `<td data-k="revenue_share">${esc(fmt.share(p.revenue_share))}</td><td data-k="avg_clv">${esc(fmt.money(p.avg_clv))}</td>`
      + `<td data-k="avg_orders">${esc(fmt.decimal(p.avg_orders))}</td><td data-k="aov">${esc(fmt.money(p.aov))}</td></tr>`).join('');
  for (const el of document.querySelectorAll('#personas-table [data-seg]')) {
    el.addEventListener('click', e => { e.preventDefault(); onSegment(el.dataset.seg); });
  }
  if (!r.customers) { return; }
  const c = chart($('personas-chart'), {
    tooltip: {trigger: 'item', formatter: p => `${esc(p.name)}: ${fmt.count(p.value)} (${p.percent}%)`},
    legend: {bottom: 0, type: 'scroll'},
    series: [{type: 'pie', radius: ['35%', '62%'], center: ['50%', '45%'],
      data: r.personas.filter(p => p.customers > 0)
        .map(p => ({name: p.persona, value: p.customers, itemStyle: {color: personaColour(p.persona, names)}}))}],
  });
  c.off('click');
  c.on('click', p => onSegment('persona:' + p.name));
}

export function transitions(ctx) {
  const {from, to} = transitionDays(ctx.view, ctx.info);
  $('tr-from').value = from;
  $('tr-to').value = to;
  return run('p-transitions', async () => {
    const t = await get(datasetPath(ctx.ds, '/rfm/transitions'), {from, to, by: ctx.view.tr_by});
    const fmt = ctx.fmt;
    const total = t.counts.flat().reduce((a, b) => a + b, 0);
    const render = () => {
      let html = `<tr><th class="corner">${esc(t.from)} ↓ · ${esc(t.to)} →</th>`
        + t.labels.map(l => `<th>${esc(l)}</th>`).join('') + '<th>Total</th></tr>';
      t.labels.forEach((l, i) => {
        const row = t.counts[i];
        const sum = row.reduce((a, b) => a + b, 0);
        html += `<tr><th>${esc(l)}</th>` + row.map((n, j) => {
          // green by the share of the row that went there: the more concentrated, the greener
          const share = sum ? n / sum : 0;
          const style = n ? `background: rgba(26,127,55,${(0.08 + 0.72 * share).toFixed(2)})` : '';
          return `<td class="${i === j ? 'same' : ''}" style="${style}" data-tr="${i}-${j}" title="${esc(l)} → ${esc(t.labels[j])}">${esc(fmt.count(n))}</td>`;
        }).join('') + `<td class="total">${esc(fmt.count(sum))}</td></tr>`;
      });
      $('tr-matrix').innerHTML = html;
    };
    return total ? {render} : {empty: `No customers on ${t.from} nor on ${t.to}.`, render};
  });
}

/** The first page of the chosen segment's members. */
export function members(ctx) {
  const params = segmentParams(ctx.view.seg);
  $('members-segment').textContent = params ? segmentLabel(ctx.view.seg) : '';
  $('members-csv').disabled = !params;
  if (!params) {
    return run('p-members', async () => ({empty: 'Choose a segment: a cell, a stage or a persona of the matrix or the table.'}));
  }
  return run('p-members', async () => {
    const page = await get(datasetPath(ctx.ds, '/rfm/members'), {as_of: ctx.today, ...params, limit: 100});
    const render = () => {
      $('members-list').innerHTML = page.accounts.map(a => `<li>${esc(a)}</li>`).join('');
      $('members-more').textContent = page.next ? `The first ${page.accounts.length}; more follow: download the CSV for all.`
        : `${page.accounts.length} account${page.accounts.length === 1 ? '' : 's'}.`;
    };
    return page.accounts.length ? {render} : {empty: 'No account in this segment.', render};
  });
}

function csvField(s) {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** Pages through every member of the segment with the API's cursor and saves them as a CSV file. */
export async function downloadCsv(ctx, status) {
  const params = segmentParams(ctx.view.seg);
  if (!params) { return; }
  const lines = ['account'];
  let after = null;
  let pages = 0;
  do {
    const page = await get(datasetPath(ctx.ds, '/rfm/members'), {as_of: ctx.today, ...params, limit: CSV_PAGE, after});
    for (const a of page.accounts) { lines.push(csvField(a)); }
    after = page.next;
    pages++;
    status(`${lines.length - 1} accounts (${pages} page${pages === 1 ? '' : 's'})…`);
  } while (after);
  const blob = new Blob([lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${ctx.ds}-${ctx.view.seg.replace(/[^a-z0-9_-]+/gi, '-')}-${ctx.today || 'today'}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  status(`${lines.length - 1} accounts downloaded.`);
}

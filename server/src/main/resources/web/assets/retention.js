// Retention cohorts of the chosen range: by week or month, by hub opened or purchase.

import {datasetPath, get} from './api.js';
import {rangeParams} from './state.js';
import {$, chart, esc, idle, run} from './ui.js';

export function retention(ctx) {
  const range = rangeParams(ctx.view, ctx.info);
  if (!range) {
    idle('p-retention', 'Give the custom range a first and a last day.');
    return Promise.resolve();
  }
  return run('p-retention', async () => {
    const r = await get(datasetPath(ctx.ds, '/retention'), {...range, period: ctx.view.ret_period, by: ctx.view.ret_by});
    const fmt = ctx.fmt;
    const unit = r.period === 'month' ? 'month' : 'week';
    const size = r.cohorts.reduce((a, c) => a + c.size, 0);
    const render = () => {
      const maxK = Math.max(0, ...r.cohorts.map(c => c.retained.length - 1));
      let html = '<tr><th>Cohort</th><th>Size</th>'
        + Array.from({length: maxK + 1}, (_, k) => `<th>${unit} ${k}</th>`).join('') + '</tr>';
      r.cohorts.forEach((c, i) => {
        html += `<tr><th>${esc(c.start)} – ${esc(c.end)}</th><td data-cohort-size="${i}">${esc(fmt.count(c.size))}</td>`
          + c.retained.map((n, k) => {
            const share = c.size ? n / c.size : 0;
            return `<td data-retained="${i}-${k}" style="background: rgba(45,143,213,${(0.05 + 0.8 * share).toFixed(2)})"`
              + ` title="${esc(fmt.count(n))} of ${esc(fmt.count(c.size))}">${esc(fmt.count(n))}`
              + `<small>${c.size ? esc(fmt.share(share)) : ''}</small></td>`;
          }).join('') + '</tr>';
      });
      $('retention-table').innerHTML = html;
      $('retention-range').textContent = `${r.range.from} – ${r.range.to}`;
      if (size) {
        chart($('retention-chart'), {
          tooltip: {trigger: 'axis'}, legend: {type: 'scroll', bottom: 0}, grid: {left: 50, right: 20, top: 20, bottom: 50},
          xAxis: {type: 'category', data: Array.from({length: maxK + 1}, (_, k) => unit + ' ' + k)},
          yAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}},
          series: r.cohorts.filter(c => c.size).map(c => ({name: c.start, type: 'line', showSymbol: false,
            data: c.retained.map(n => +(100 * n / c.size).toFixed(1))})),
        });
      }
    };
    return size ? {render} : {empty: 'No account was created in this range: no cohort to follow.', render};
  });
}

// The Customer Hub dashboard: overview cards, service interactions, average order value.

import {datasetPath, get} from './api.js';
import {$, card, chart, esc, run} from './ui.js';

const HUB_METRICS = [
  ['total_accounts', 'Total accounts', 'count'],
  ['new_accounts', 'New accounts', 'count'],
  ['active_accounts', 'Active accounts', 'count'],
  ['service_interactions', 'Service interactions', 'count'],
  ['revenue_generated', 'Revenue generated', 'money'],
];

const ACTION_LABELS = {
  order_tracked: 'Orders tracked',
  return_started: 'Returns started',
  coupon_applied: 'Coupons applied',
  help_clicked: 'Help clicks',
  chat_started: 'Web chats started',
};

function label(action) {
  return ACTION_LABELS[action] || action.replace(/_/g, ' ');
}

/** The overview cards; also tells the header which range and comparison the server used. */
export function overview(ctx, showRange) {
  return run('p-hub', async () => {
    const o = await get(datasetPath(ctx.ds, '/hub/overview'), ctx.time);
    showRange(o.range, o.comparison);
    return {render: () => {
      $('hub-cards').innerHTML = HUB_METRICS
        .map(([k, name, kind]) => card('hub.' + k, name, o.metrics[k], ctx.fmt.of(kind), ctx.fmt)).join('');
    }};
  });
}

export function serviceInteractions(ctx) {
  return run('p-service', async () => {
    const s = await get(datasetPath(ctx.ds, '/hub/service-interactions'), ctx.time);
    const actions = Object.keys(s.by_action);
    const fmt = ctx.fmt;
    const render = () => {
      $('service-total').innerHTML = card('service.total', 'Service interactions', s.total, v => fmt.count(v), fmt);
      $('service-table').innerHTML = '<tr><th>Action</th><th>Period</th><th>Comparison</th><th>Change</th></tr>'
        + actions.map(a => {
          const m = s.by_action[a];
          return `<tr><td>${esc(label(a))}</td><td data-metric="service.${esc(a)}">${esc(fmt.count(m.value))}</td>`
            + `<td data-previous="service.${esc(a)}">${esc(fmt.count(m.previous))}</td>`
            + `<td class="${esc(m.direction || '')}">${esc(fmt.change(m.change_pct))}</td></tr>`;
        }).join('');
      if (s.total.value || s.total.previous) {
        chart($('service-chart'), {
          tooltip: {trigger: 'axis'}, legend: {bottom: 0}, grid: {left: 130, right: 20, top: 10, bottom: 40},
          yAxis: {type: 'category', data: actions.map(label), inverse: true}, xAxis: {type: 'value'},
          series: [
            {name: 'Period', type: 'bar', data: actions.map(a => s.by_action[a].value)},
            ...(s.comparison ? [{name: 'Comparison', type: 'bar', data: actions.map(a => s.by_action[a].previous)}] : []),
          ]});
      }
    };
    if (!s.total.value && !s.total.previous) {
      return {empty: 'No service interactions in this period or its comparison.', render};
    }
    return {render};
  });
}

export function aov(ctx) {
  return run('p-aov', async () => {
    const a = await get(datasetPath(ctx.ds, '/hub/aov'), {...ctx.time, granularity: ctx.view.aov});
    const fmt = ctx.fmt;
    const render = () => {
      $('aov-cards').innerHTML = card('aov.aov', 'Average order value', a.aov, v => fmt.money(v), fmt)
        + card('aov.orders', 'Signed-in orders', a.orders, v => fmt.count(v), fmt)
        + card('aov.revenue', 'Signed-in revenue', a.revenue, v => fmt.money(v), fmt);
      if (a.orders.value) {
        chart($('aov-chart'), {
          tooltip: {trigger: 'axis', valueFormatter: v => v == null ? '–' : String(v)},
          legend: {bottom: 0}, grid: {left: 70, right: 60, top: 30, bottom: 50},
          xAxis: {type: 'category', data: a.series.map(b => b.start)},
          yAxis: [{type: 'value', name: 'AOV (' + (fmt.currency || '') + ')'}, {type: 'value', name: 'orders'}],
          series: [
            {name: 'AOV', type: 'line', connectNulls: false, data: a.series.map(b => fmt.major(b.aov))},
            {name: 'Orders', type: 'bar', yAxisIndex: 1, data: a.series.map(b => b.orders), itemStyle: {opacity: 0.35}},
          ]});
      }
    };
    if (!a.orders.value) {
      return {empty: 'No signed-in orders in this period.', render};
    }
    return {render};
  });
}

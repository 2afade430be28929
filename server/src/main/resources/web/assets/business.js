// The Customer & Business dashboard: users and consent, purchase activity with its filters.

import {datasetPath, get} from './api.js';
import {purchaseFilters} from './state.js';
import {$, card, chart, esc, plainCard, run} from './ui.js';

const PURCHASE_METRICS = [
  ['purchases', 'Purchases', 'count'],
  ['buyers', 'Buyers', 'count'],
  ['revenue', 'Revenue', 'money'],
  ['purchase_revenue', 'Purchase revenue', 'money'],
  ['aov', 'Average order value', 'money'],
  ['items_per_purchase', 'Items per purchase', 'decimal'],
  ['discount', 'Discount', 'money'],
];

export function users(ctx) {
  return run('p-users', async () => {
    const u = await get(datasetPath(ctx.ds, '/users/overview'), {today: ctx.today});
    const fmt = ctx.fmt;
    const c = u.consented_by_channel;
    const render = () => {
      const share = n => u.users ? fmt.share(n / u.users) : '–';
      $('users-cards').innerHTML = plainCard('users.users', 'Users', fmt.count(u.users))
        + plainCard('users.consented', 'Consented (any channel) · ' + share(u.consented), fmt.count(u.consented))
        + plainCard('users.email', 'Email consent · ' + share(c.email), fmt.count(c.email))
        + plainCard('users.sms', 'SMS consent · ' + share(c.sms), fmt.count(c.sms))
        + plainCard('users.push', 'Push consent · ' + share(c.push), fmt.count(c.push));
      if (u.users) {
        chart($('users-chart'), {
          tooltip: {trigger: 'axis'}, grid: {left: 60, right: 20, top: 20, bottom: 30},
          xAxis: {type: 'category', data: ['Users', 'Consented', 'Email', 'SMS', 'Push']}, yAxis: {type: 'value'},
          series: [{type: 'bar', data: [u.users, u.consented, c.email, c.sms, c.push], label: {show: true, position: 'top'}}],
        });
      }
    };
    return u.users ? {render} : {empty: 'No users yet.', render};
  });
}

/** Fills the store filter with the dataset's stores (keeping the chosen one). */
export async function loadStores(ctx) {
  const select = $('f-store');
  let stores = [];
  try {
    stores = (await get(datasetPath(ctx.ds, '/stores'))).stores;
  } catch (e) {
    // the purchases panel shows the error of the dataset; the filter keeps "any store"
  }
  const chosen = ctx.view.store;
  if (chosen && !stores.includes(chosen)) { stores = [chosen, ...stores]; }
  select.innerHTML = '<option value="">Any store</option>'
    + stores.map(s => `<option value="${esc(s)}">${esc(s)}</option>`).join('');
  select.value = chosen || '';
}

export function purchases(ctx) {
  return run('p-purchases', async () => {
    const p = await get(datasetPath(ctx.ds, '/purchases'), {...ctx.time, ...purchaseFilters(ctx.view)});
    const fmt = ctx.fmt;
    const render = () => {
      $('purchases-cards').innerHTML = PURCHASE_METRICS
        .map(([k, name, kind]) => card('purchases.' + k, name, p.metrics[k], fmt.of(kind), fmt)).join('');
    };
    const m = p.metrics;
    if (!m.purchases.value && !m.purchases.previous && !m.revenue.value && !m.revenue.previous) {
      return {empty: 'No purchases match these filters in this period or its comparison.', render};
    }
    return {render};
  });
}

// Browser tests of the dashboard page, in Debian's chromium driven by playwright-core.
// Run by io.daybit.server.DashboardBrowserTest, which starts the servers and passes:
//   DAYBIT_URL          a server with the demo dataset and an empty dataset named `empty`
//   DAYBIT_TOKEN_URL    a server with a token file, and DAYBIT_TOKEN a token that reads its dataset
//   CHROMIUM            the browser (default /usr/bin/chromium)
// Every displayed number is compared with the API's own answer to the URL the page asked.

import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {chromium} from 'playwright-core';
import {Formatter} from '../../main/resources/web/assets/format.js';

/** Accounts per request of the page's CSV download (rfm.js). */
const CSV_PAGE = 1000;

const BASE = required('DAYBIT_URL');
const TOKEN_BASE = required('DAYBIT_TOKEN_URL');
const TOKEN = required('DAYBIT_TOKEN');
const LOCALE = 'en-US';

function required(name) {
  const v = process.env[name];
  if (!v) { throw new Error(name + ' is not set: run this through DashboardBrowserTest'); }
  return v;
}

let browser;
/** The demo's last day (it ends yesterday): the dates these tests pick are set relative to it. */
let demoEnd;

/**
 * A day of the demo as far before its end as `written` is before 2025-12-31, so that the
 * tests read like a calendar year of data whichever day the demo ends on.
 */
function demoDay(written) {
  const back = (Date.parse('2025-12-31T00:00:00Z') - Date.parse(written + 'T00:00:00Z'));
  return new Date(Date.parse(demoEnd + 'T00:00:00Z') - back).toISOString().slice(0, 10);
}

before(async () => {
  demoEnd = (await datasetInfo('demo')).last_day;
  // launch() gives the browser a fresh temporary profile of its own, removed when it closes
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) { await browser.close(); }
});

/** A fresh page that records its API requests, console errors and uncaught errors. */
async function open(url, base = BASE) {
  const context = await browser.newContext({locale: LOCALE, viewport: {width: 1400, height: 1000}, acceptDownloads: true});
  const page = await context.newPage();
  const log = {requests: [], errors: []};
  page.on('request', r => { if (r.url().includes('/api/')) { log.requests.push(r.url()); } });
  page.on('console', m => { if (m.type() === 'error') { log.errors.push(m.text()); } });
  page.on('pageerror', e => log.errors.push('uncaught: ' + e.message));
  // a request to anywhere but the server under test fails the test
  await context.route(u => !u.href.startsWith(base) && !u.href.startsWith('data:') && !u.href.startsWith('blob:'),
    r => { log.errors.push('request outside the server: ' + r.request().url()); return r.abort(); });
  await page.goto(base + url);
  await settled(page);
  return {page, log, context};
}

/** Waits until the page has no API call in flight and has decided what to show. */
async function settled(page) {
  await page.waitForFunction(() => document.documentElement.dataset.loading === 'false' && document.body.dataset.view,
    null, {timeout: 30_000});
}

/** Does something on the page and returns the API URLs it asked for meanwhile. */
async function act(p, action) {
  const start = p.log.requests.length;
  await action();
  await settled(p.page);
  return p.log.requests.slice(start);
}

async function api(url, token) {
  const res = await fetch(url, {headers: token ? {Authorization: 'Bearer ' + token} : {}});
  assert.equal(res.status, 200, url + ' answered ' + res.status);
  return res.json();
}

/** The last URL the page asked for a resource of a dataset, e.g. '/hub/overview'. */
function lastRequest(log, resource) {
  const hits = log.requests.filter(u => new URL(u).pathname.endsWith(resource));
  assert.ok(hits.length, 'the page never asked ' + resource);
  return hits[hits.length - 1];
}

function params(url) {
  return Object.fromEntries(new URL(url).searchParams);
}

async function text(page, selector) {
  return (await page.locator(selector).first().textContent()).trim();
}

/** Every value the page shows, by its data attribute: one round trip instead of one per value. */
async function shown(page) {
  return page.evaluate(() => {
    const out = {};
    for (const attr of ['metric', 'previous', 'change', 'cell', 'tr', 'retained', 'cohort-size', 'k']) {
      out[attr] = {};
      for (const el of document.querySelectorAll(`[data-${attr}]`)) {
        let key = el.getAttribute('data-' + attr);
        if (attr === 'k') { key = el.closest('tr').dataset.persona + '.' + key; }
        out[attr][key] = el.textContent.trim();
        if (attr === 'cell') { out[attr][key + '.title'] = el.getAttribute('title'); }
      }
    }
    return out;
  });
}

async function chartOption(page, id) {
  return page.evaluate(id => {
    const c = echarts.getInstanceByDom(document.getElementById(id));
    return c ? JSON.parse(JSON.stringify(c.getOption())) : null;
  }, id);
}

/** A metric card shows its value, its comparison value and its change. */
function checkCard(view, key, metric, format, fmt) {
  assert.equal(view.metric[key], format(metric.value), key);
  assert.equal(view.previous[key], format(metric.previous), key + ' previous');
  assert.ok(view.change[key].endsWith(fmt.change(metric.change_pct)), key + ' change: ' + view.change[key]);
}

async function datasetInfo(name) {
  return api(BASE + '/api/v1/datasets/' + name);
}

async function checkHub(p, fmt) {
  const view = await shown(p.page);
  const url = lastRequest(p.log, '/hub/overview');
  const o = await api(url);
  for (const [k, kind] of [['total_accounts', 'count'], ['new_accounts', 'count'], ['active_accounts', 'count'],
    ['service_interactions', 'count'], ['revenue_generated', 'money']]) {
    checkCard(view, 'hub.' + k, o.metrics[k], fmt.of(kind), fmt);
  }
  const range = await text(p.page, '#range');
  assert.ok(range.startsWith(`${o.range.from} – ${o.range.to}`), range);
  if (o.comparison) { assert.ok(range.includes(`vs  ${o.comparison.from} – ${o.comparison.to}`), range); }
  return o;
}

async function checkService(p, fmt) {
  const view = await shown(p.page);
  const s = await api(lastRequest(p.log, '/hub/service-interactions'));
  checkCard(view, 'service.total', s.total, v => fmt.count(v), fmt);
  for (const [action, m] of Object.entries(s.by_action)) {
    assert.equal(view.metric[`service.${action}`], fmt.count(m.value), action);
    assert.equal(view.previous[`service.${action}`], fmt.count(m.previous), action);
  }
  const option = await chartOption(p.page, 'service-chart');
  assert.deepEqual(option.series[0].data, Object.values(s.by_action).map(m => m.value));
  return s;
}

async function checkAov(p, fmt) {
  const view = await shown(p.page);
  const url = lastRequest(p.log, '/hub/aov');
  const a = await api(url);
  checkCard(view, 'aov.aov', a.aov, v => fmt.money(v), fmt);
  checkCard(view, 'aov.orders', a.orders, v => fmt.count(v), fmt);
  checkCard(view, 'aov.revenue', a.revenue, v => fmt.money(v), fmt);
  const option = await chartOption(p.page, 'aov-chart');
  assert.deepEqual(option.xAxis[0].data, a.series.map(b => b.start));
  assert.deepEqual(option.series[0].data, a.series.map(b => fmt.major(b.aov)));
  assert.deepEqual(option.series[1].data, a.series.map(b => b.orders));
  return a;
}

async function checkUsers(p, fmt) {
  const view = await shown(p.page);
  const u = await api(lastRequest(p.log, '/users/overview'));
  assert.equal(view.metric['users.users'], fmt.count(u.users));
  assert.equal(view.metric['users.consented'], fmt.count(u.consented));
  for (const c of ['email', 'sms', 'push']) {
    assert.equal(view.metric[`users.${c}`], fmt.count(u.consented_by_channel[c]), c);
  }
  return u;
}

const PURCHASE_KINDS = {purchases: 'count', buyers: 'count', revenue: 'money', purchase_revenue: 'money', aov: 'money',
  items_per_purchase: 'decimal', discount: 'money'};

async function checkPurchases(p, fmt) {
  const view = await shown(p.page);
  const url = lastRequest(p.log, '/purchases');
  const r = await api(url);
  for (const [k, kind] of Object.entries(PURCHASE_KINDS)) {
    checkCard(view, 'purchases.' + k, r.metrics[k], fmt.of(kind), fmt);
  }
  return {url, answer: r};
}

async function checkRfm(p, fmt) {
  const view = await shown(p.page);
  const r = await api(lastRequest(p.log, '/rfm'));
  assert.equal(r.cells.length, 27);
  for (const c of r.cells) {
    const key = `${c.r}${c.f}${c.m}`;
    assert.equal(view.cell[key], fmt.count(c.customers), 'cell ' + key);
    assert.ok(view.cell[key + '.title'].endsWith(c.persona), view.cell[key + '.title']);
  }
  for (const [stage, n] of Object.entries(r.stages)) {
    assert.equal(view.metric[`rfm.stage.${stage}`], fmt.count(n), stage);
  }
  const thresholds = await text(p.page, '#rfm-thresholds');
  assert.ok(thresholds.includes(`≤ ${fmt.count(r.thresholds.r.t1)} day`), thresholds);
  assert.ok(thresholds.includes(fmt.money(r.thresholds.m.t2)), thresholds);
  for (const persona of r.personas) {
    const row = k => view.k[persona.persona + '.' + k];
    assert.equal(row('customers'), fmt.count(persona.customers));
    assert.equal(row('revenue'), fmt.money(persona.revenue));
    assert.equal(row('revenue_share'), fmt.share(persona.revenue_share));
    assert.equal(row('avg_clv'), fmt.money(persona.avg_clv));
    assert.equal(row('avg_orders'), fmt.decimal(persona.avg_orders));
    assert.equal(row('aov'), fmt.money(persona.aov));
  }
  const pie = await chartOption(p.page, 'personas-chart');
  assert.deepEqual(pie.series[0].data.map(d => [d.name, d.value]),
    r.personas.filter(x => x.customers > 0).map(x => [x.persona, x.customers]));
  return r;
}

async function checkTransitions(p, fmt) {
  const view = await shown(p.page);
  const url = lastRequest(p.log, '/rfm/transitions');
  const t = await api(url);
  for (let i = 0; i < t.labels.length; i++) {
    for (let j = 0; j < t.labels.length; j++) {
      assert.equal(view.tr[`${i}-${j}`], fmt.count(t.counts[i][j]), `${t.labels[i]} → ${t.labels[j]}`);
    }
  }
  return t;
}

async function checkRetention(p, fmt) {
  const view = await shown(p.page);
  const r = await api(lastRequest(p.log, '/retention'));
  assert.equal(await text(p.page, '#retention-range'), `${r.range.from} – ${r.range.to}`);
  for (let i = 0; i < r.cohorts.length; i++) {
    const c = r.cohorts[i];
    assert.equal(view['cohort-size'][i], fmt.count(c.size));
    for (let k = 0; k < c.retained.length; k++) {
      assert.ok(view.retained[`${i}-${k}`].startsWith(fmt.count(c.retained[k])), `cohort ${i} k ${k}`);
    }
  }
  return r;
}

test('money is formatted in the currency of the dataset with its minor units', () => {
  assert.equal(new Formatter('SEK', LOCALE).money(123456), 'SEK\u00a01,234.56');
  assert.equal(new Formatter('JPY', LOCALE).money(1234), '¥1,234');
  assert.equal(new Formatter('BHD', LOCALE).money(1234), 'BHD\u00a01.234');
  assert.equal(new Formatter('XYZ1', LOCALE).money(1234), '12.34 XYZ1', 'a code Intl refuses: plain, with the code');
  assert.equal(new Formatter('EUR', LOCALE).money(null), '–');
});

test('the demo loads with no console error and every panel shows the API\'s own numbers', async () => {
  const p = await open('/');
  const info = await datasetInfo('demo');
  const fmt = new Formatter(info.currency, LOCALE);
  for (const id of ['p-hub', 'p-service', 'p-aov', 'p-users', 'p-purchases', 'p-rfm', 'p-personas', 'p-transitions', 'p-retention']) {
    assert.equal(await p.page.locator('#' + id).getAttribute('data-state'), 'ready', id + ': ' + await text(p.page, `#${id} .status`));
  }
  // with Today empty, the page looks at the dataset's default day: its last day when the data stopped before today
  const hub = params(lastRequest(p.log, '/hub/overview'));
  const now = new Intl.DateTimeFormat('en-CA', {timeZone: info.timezone}).format(new Date());
  assert.equal(hub.today, info.last_day < now ? info.last_day : undefined);
  const overview = await checkHub(p, fmt);
  assert.ok(overview.metrics.active_accounts.value > 0, 'the demo shows real numbers');
  await checkService(p, fmt);
  await checkAov(p, fmt);
  await checkUsers(p, fmt);
  await checkPurchases(p, fmt);
  await checkRfm(p, fmt);
  await checkTransitions(p, fmt);
  await checkRetention(p, fmt);
  assert.equal(await p.page.locator('#p-members').getAttribute('data-state'), 'empty');
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('changing the period and the comparison re-queries every period panel and updates it', async () => {
  const p = await open('/');
  const fmt = new Formatter((await datasetInfo('demo')).currency, LOCALE);
  const before = await checkHub(p, fmt);

  let asked = await act(p, () => p.page.selectOption('#preset', 'last_7_days'));
  for (const r of ['/hub/overview', '/hub/service-interactions', '/hub/aov', '/purchases', '/retention']) {
    assert.ok(asked.some(u => new URL(u).pathname.endsWith(r) && params(u).preset === 'last_7_days'), r);
  }
  const week = await checkHub(p, fmt);
  assert.equal(week.range.days, 7);
  assert.notEqual(week.metrics.active_accounts.value, before.metrics.active_accounts.value);
  await checkService(p, fmt);
  await checkAov(p, fmt);
  await checkPurchases(p, fmt);
  await checkRetention(p, fmt);

  // a custom range starts from the range shown, and follows the two days typed
  await act(p, () => p.page.selectOption('#preset', 'custom'));
  assert.equal(await p.page.locator('#from').inputValue(), week.range.from);
  asked = await act(p, async () => {
    await p.page.fill('#from', demoDay('2025-06-01'));
    await p.page.fill('#to', demoDay('2025-06-30'));
  });
  const custom = params(lastRequest(p.log, '/hub/overview'));
  assert.equal(custom.from, demoDay('2025-06-01'));
  assert.equal(custom.to, demoDay('2025-06-30'));
  assert.equal(custom.preset, undefined);
  assert.equal(params(lastRequest(p.log, '/retention')).from, demoDay('2025-06-01'), 'retention follows the range');
  const june = await checkHub(p, fmt);
  assert.equal(june.range.days, 30);
  await checkRetention(p, fmt);
  await checkPurchases(p, fmt);

  await act(p, () => p.page.selectOption('#compare', 'previous_year'));
  const lastYear = await checkHub(p, fmt);
  const from = demoDay('2025-06-01');
  const monthDay = from.slice(4) === '-02-29' ? '-02-28' : from.slice(4);
  assert.equal(lastYear.comparison.from, (Number(from.slice(0, 4)) - 1) + monthDay, 'the same day a year before');
  await checkAov(p, fmt);

  await act(p, () => p.page.selectOption('#compare', 'custom'));
  await act(p, async () => {
    await p.page.fill('#compare-from', demoDay('2025-01-01'));
    await p.page.fill('#compare-to', demoDay('2025-01-31'));
  });
  const q = params(lastRequest(p.log, '/hub/overview'));
  assert.deepEqual([q.compare, q.compare_from, q.compare_to], ['custom', demoDay('2025-01-01'), demoDay('2025-01-31')]);
  const customCompare = await checkHub(p, fmt);
  assert.equal(customCompare.comparison.days, 31);
  await checkService(p, fmt);
  await checkPurchases(p, fmt);

  await act(p, () => p.page.selectOption('#compare', 'none'));
  const none = await checkHub(p, fmt);
  assert.equal(none.comparison, null);
  assert.ok((await text(p.page, '#range')).endsWith('(no comparison)'));

  // the state is in the address: the same view comes back from it
  const shared = p.page.url();
  assert.ok(shared.includes('preset=custom') && shared.includes('compare=none'), shared);
  const again = await open(new URL(shared).pathname + new URL(shared).search);
  assert.equal(await again.page.locator('#preset').inputValue(), 'custom');
  assert.equal(await again.page.locator('#from').inputValue(), demoDay('2025-06-01'));
  assert.equal(await again.page.locator('#compare').inputValue(), 'none');
  assert.equal(params(lastRequest(again.log, '/hub/overview')).from, demoDay('2025-06-01'));
  await checkHub(again, fmt);
  assert.deepEqual(p.log.errors, []);
  assert.deepEqual(again.log.errors, []);
  await again.context.close();
  await p.context.close();
});

test('each purchase filter re-queries purchase activity and updates it', async () => {
  const p = await open('/?preset=last_90_days');
  const fmt = new Formatter((await datasetInfo('demo')).currency, LOCALE);
  let previous = (await checkPurchases(p, fmt)).answer;
  const stores = (await api(BASE + '/api/v1/datasets/demo/stores')).stores;
  assert.ok(stores.length > 0);
  const options = await p.page.locator('#f-store option').allTextContents();
  assert.deepEqual(options.slice(1), stores);
  assert.ok(await p.page.locator('#f-consent-channel').isDisabled(), 'a consent channel needs a consent filter');
  const steps = [['#f-consent', 'with', {consent: 'with'}], ['#f-consent-channel', 'email', {consent_channel: 'email'}],
    ['#f-recency', 'new_12m', {recency: 'new_12m'}], ['#f-channel', 'store', {channel: 'store'}],
    ['#f-store', stores[0], {store: stores[0]}]];
  for (const [selector, value, expected] of steps) {
    const asked = await act(p, () => p.page.selectOption(selector, value));
    assert.ok(asked.length === 1 && new URL(asked[0]).pathname.endsWith('/purchases'), 'only purchases re-queried: ' + asked);
    assert.deepEqual({...params(asked[0]), ...expected}, params(asked[0]));
    const {answer} = await checkPurchases(p, fmt);
    assert.notDeepEqual(answer.metrics, previous.metrics, selector + ' changes the numbers');
    previous = answer;
  }
  const url = lastRequest(p.log, '/purchases');
  assert.deepEqual([params(url).consent, params(url).consent_channel, params(url).recency, params(url).channel, params(url).store],
    ['with', 'email', 'new_12m', 'store', stores[0]]);
  // removing the consent filter removes its channel
  await act(p, () => p.page.selectOption('#f-consent', ''));
  const cleared = params(lastRequest(p.log, '/purchases'));
  assert.equal(cleared.consent, undefined);
  assert.equal(cleared.consent_channel, undefined);
  await checkPurchases(p, fmt);
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('the AOV series, the transition matrix and the cohorts follow their own choices', async () => {
  const p = await open('/?preset=last_90_days');
  const fmt = new Formatter((await datasetInfo('demo')).currency, LOCALE);
  const day = await checkAov(p, fmt);
  for (const g of ['week', 'month']) {
    const asked = await act(p, () => p.page.selectOption('#aov-granularity', g));
    assert.equal(params(asked[0]).granularity, g);
    const a = await checkAov(p, fmt);
    assert.ok(a.series.length < day.series.length, g);
  }
  const persona = await checkTransitions(p, fmt);
  assert.equal(persona.labels.at(-1), 'none');
  for (const by of ['stage', 'r']) {
    await act(p, () => p.page.selectOption('#tr-by', by));
    const t = await checkTransitions(p, fmt);
    assert.equal(t.by, by);
    assert.deepEqual(t.labels, by === 'stage' ? ['active', 'lapsing', 'inactive', 'none'] : ['1', '2', '3', 'none']);
  }
  await act(p, () => p.page.fill('#tr-from', demoDay('2025-03-01')));
  const t = await checkTransitions(p, fmt);
  assert.equal(t.from, demoDay('2025-03-01'));
  for (const [selector, value] of [['#ret-period', 'month'], ['#ret-by', 'purchase']]) {
    const asked = await act(p, () => p.page.selectOption(selector, value));
    assert.ok(asked.every(u => new URL(u).pathname.endsWith('/retention')), String(asked));
    await checkRetention(p, fmt);
  }
  assert.deepEqual(params(lastRequest(p.log, '/retention')).period, 'month');
  assert.deepEqual(params(lastRequest(p.log, '/retention')).by, 'purchase');
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('a segment shows its members and downloads them all as CSV, page by page', async () => {
  const p = await open('/');
  const fmt = new Formatter((await datasetInfo('demo')).currency, LOCALE);
  const r = await checkRfm(p, fmt);
  const biggest = [...r.personas].sort((a, b) => b.customers - a.customers)[0];
  assert.ok(biggest.customers > CSV_PAGE, 'a segment of several CSV pages');
  await act(p, () => p.page.click(`#personas-table a[data-seg="persona:${biggest.persona}"]`));
  const first = await api(lastRequest(p.log, '/rfm/members'));
  assert.deepEqual(await p.page.locator('#members-list li').allTextContents(), first.accounts);
  assert.ok(p.page.url().includes('seg=persona%3A' + biggest.persona), p.page.url());

  const start = p.log.requests.length;
  const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.click('#members-csv')]);
  const csv = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  const pages = p.log.requests.slice(start);
  assert.ok(pages.length >= 2, 'paged: ' + pages.length);
  assert.ok(pages.slice(1).every(u => params(u).after), 'each page after the first passes the cursor');
  // every member, in the API's order, fetched independently in pages of 10,000
  const all = [];
  let cursor = null;
  do {
    const q = new URLSearchParams({...params(pages[0]), limit: '10000'});
    if (cursor) { q.set('after', cursor); } else { q.delete('after'); }
    const page = await api(BASE + '/api/v1/datasets/demo/rfm/members?' + q);
    all.push(...page.accounts);
    cursor = page.next;
  } while (cursor);
  assert.equal(all.length, biggest.customers);
  assert.deepEqual(csv, ['account', ...all]);

  // a cell of the matrix is a segment too
  const cell = r.cells.find(c => c.customers > 0);
  await act(p, () => p.page.click(`[data-cell="${cell.r}${cell.f}${cell.m}"]`));
  const url = lastRequest(p.log, '/rfm/members');
  assert.deepEqual([params(url).r, params(url).f, params(url).m], [String(cell.r), String(cell.f), String(cell.m)]);
  assert.equal(await p.page.locator('#members-list li').count(), Math.min(100, cell.customers));
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('Today: pinned, cleared back to the dataset default, and re-pinned when the dataset changes', async () => {
  const p = await open('/');
  const info = await datasetInfo('demo');
  const fmt = new Formatter(info.currency, LOCALE);
  const byDefault = params(lastRequest(p.log, '/hub/overview')).today;
  await act(p, () => p.page.fill('#today', demoDay('2025-07-15')));
  assert.equal(params(lastRequest(p.log, '/hub/overview')).today, demoDay('2025-07-15'));
  assert.equal(params(lastRequest(p.log, '/rfm')).as_of, demoDay('2025-07-15'));
  assert.equal(params(lastRequest(p.log, '/users/overview')).today, demoDay('2025-07-15'));
  await checkHub(p, fmt);
  await checkRfm(p, fmt);
  await act(p, () => p.page.fill('#today', ''));
  assert.equal(params(lastRequest(p.log, '/hub/overview')).today, byDefault);
  const cleared = await checkHub(p, fmt);
  assert.ok(cleared.metrics.active_accounts.value > 0, 'an empty Today is the default day, not zeros');
  assert.ok(!(await text(p.page, '[data-change="hub.active_accounts"]')).includes('-100'));
  await act(p, () => p.page.fill('#today', demoDay('2025-07-15')));
  await act(p, () => p.page.selectOption('#dataset', 'empty'));
  assert.equal(await p.page.locator('#today').inputValue(), '');
  await act(p, () => p.page.selectOption('#dataset', 'demo'));
  assert.equal(params(lastRequest(p.log, '/hub/overview')).today, byDefault);
  await checkHub(p, fmt);
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('a refused question shows the server\'s reason in the panels that asked it, and the page recovers', async () => {
  const p = await open(`/?preset=custom&from=${demoDay('2025-06-01')}&to=${demoDay('2025-06-30')}`);
  const fmt = new Formatter((await datasetInfo('demo')).currency, LOCALE);
  await act(p, () => p.page.fill('#from', demoDay('2025-07-10')));
  for (const id of ['p-hub', 'p-service', 'p-aov', 'p-purchases', 'p-retention']) {
    assert.equal(await p.page.locator('#' + id).getAttribute('data-state'), 'error', id);
    assert.match(await text(p.page, `#${id} .status`), new RegExp(`from ${demoDay('2025-07-10')} is after to ${demoDay('2025-06-30')}`), id);
  }
  assert.equal(await p.page.locator('#hub-cards').isVisible(), false, 'no stale numbers beside an error');
  await act(p, () => p.page.fill('#to', demoDay('2025-07-31')));
  assert.equal(await p.page.locator('#p-hub').getAttribute('data-state'), 'ready');
  await checkHub(p, fmt);
  await checkRetention(p, fmt);
  // a custom comparison without its days asks nothing and says what is missing
  const asked = await act(p, () => p.page.selectOption('#compare', 'custom'));
  assert.ok(asked.every(u => !new URL(u).pathname.endsWith('/hub/overview')), String(asked));
  assert.match(await text(p.page, '#p-hub .status'), /comparison a first and a last day/);
  // the browser reports the refused calls (400) as failed loads: nothing else went wrong
  assert.ok(p.log.errors.length > 0 && p.log.errors.every(e => e.includes('400')), String(p.log.errors));
  await p.context.close();
});

test('a dataset with no events shows empty states, not charts of nothing', async () => {
  const p = await open('/?ds=empty');
  for (const id of ['p-service', 'p-aov', 'p-users', 'p-purchases', 'p-rfm', 'p-personas', 'p-transitions', 'p-retention', 'p-members']) {
    assert.equal(await p.page.locator('#' + id).getAttribute('data-state'), 'empty', id);
    assert.ok((await text(p.page, `#${id} .status`)).length > 0, id);
  }
  for (const id of ['personas-chart', 'aov-chart', 'service-chart', 'users-chart', 'retention-chart']) {
    assert.equal(await chartOption(p.page, id), null, id + ' draws nothing');
  }
  assert.ok(await p.page.locator('#notice').isVisible());
  const info = await datasetInfo('empty');
  const fmt = new Formatter(info.currency, LOCALE);
  await checkHub(p, fmt);
  assert.equal(await text(p.page, '[data-metric="hub.revenue_generated"]'), fmt.money(0));
  assert.ok(fmt.money(0).includes('€'), 'the dataset\'s own currency');
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('a server with tokens asks for one, then shows the dashboard', async () => {
  const p = await open('/', TOKEN_BASE);
  assert.ok(await p.page.locator('#auth').isVisible());
  assert.match(await text(p.page, '#auth'), /token/i);
  assert.equal(await p.page.locator('#hub-cards .card').count(), 0);
  await act(p, async () => {
    await p.page.fill('#token', TOKEN);
    await p.page.press('#token', 'Tab');
  });
  assert.ok(await p.page.locator('#auth').isHidden());
  const url = lastRequest(p.log, '/hub/overview');
  const o = await api(url, TOKEN);
  const fmt = new Formatter('EUR', LOCALE);
  const view = await shown(p.page);
  for (const k of ['total_accounts', 'active_accounts', 'revenue_generated']) {
    checkCard(view, 'hub.' + k, o.metrics[k], fmt.of(k === 'revenue_generated' ? 'money' : 'count'), fmt);
  }
  assert.ok(o.metrics.total_accounts.value > 0);
  // only the refused calls before the token are errors
  assert.ok(p.log.errors.every(e => e.includes('401')), String(p.log.errors));
  await p.context.close();
});

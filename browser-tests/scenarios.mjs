// Browser scenarios for the demo page and the checkout return/cancel pages, in headless Debian chromium.
// Usage: node scenarios.mjs [baseUrl]   (default http://localhost:8080; run.sh starts the service first)
// Each scenario uses its own buyer, so the runs never depend on what an earlier run left in the database.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = (process.argv[2] || 'http://localhost:8080').replace(/\/+$/, '');
const shots = join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'browser-screenshots');
mkdirSync(shots, { recursive: true });
const run = Date.now().toString(36);
const SETTLE_MS = 20000;

// Playwright gives every launch a fresh, throw-away --user-data-dir itself (it refuses one in args).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function openDemo(context, user, prepare) {
  const page = await context.newPage();
  if (prepare) await prepare(page);
  await page.goto(`${base}/?user=${encodeURIComponent(user)}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return page;
}

async function buy(page, productName) {
  await page.click(`button[aria-label="Buy ${productName}"]`);
  // This product's checkout: a tab may already show another open checkout of the buyer's (restored or adopted).
  await page.waitForSelector(`#checkout[data-status="pending"]:has(#checkout-product:has-text("${productName}")) #qr`,
    { timeout: 15000 });
  return page.getAttribute('#checkout', 'data-order-id');
}

async function expectCheckout(page, status, timeout = SETTLE_MS) {
  await page.waitForSelector(`#checkout[data-status="${status}"]`, { timeout });
}

/** The buyer's choice on the PayPal simulator's page, in a new tab (as after scanning the QR code). */
async function choose(context, page, action) {
  const href = await page.getAttribute('#approve', 'href');
  const paypal = await context.newPage();
  await paypal.goto(href);
  await paypal.click(`button[value="${action}"]`);
  await paypal.waitForURL(action === 'cancel' ? /\/checkout\/cancel\?/ : /\/checkout\/return\?/, { timeout: 15000 });
  return paypal;
}

/** Puts the page's WebSocket under the test's control: drop() closes it and refuses reconnects until allow(). */
async function controllableSocket(page) {
  const state = { blocked: false, open: [] };
  await page.routeWebSocket(/\/ws\?/, ws => {
    if (state.blocked) {
      ws.close();
      return;
    }
    state.open.push({ ws, server: ws.connectToServer() });
  });
  return {
    drop() {
      state.blocked = true;
      for (const { ws, server } of state.open.splice(0)) {
        ws.close();
        server.close();
      }
    },
    allow() {
      state.blocked = false;
    },
  };
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
}

async function ownedBadge(page, productName) {
  const card = page.locator('.card', { hasText: productName });
  return { badge: await card.locator('.owned-badge').count(), buy: await card.locator('button[aria-label^="Buy "]').count() };
}

/** The Wompi plan picker, once its first price is shown. */
async function openWompiPicker(context, user) {
  const page = await openDemo(context, user);
  await page.waitForSelector('#wompi-buy:not([disabled])', { timeout: 30000 });
  return page;
}

async function quoted(page, key) {
  return (await page.textContent(`#wompi-quote [data-quote="${key}"]`)).replace(/\s+/g, ' ').trim();
}

/** Picks business + comentarios (ventas comes free) + 2 bots, buys with Wompi, and waits for the QR code. */
async function buyWithWompi(page) {
  await page.click('label.choice:has(input[name="wompi-paid"][value="comentarios"])');
  await page.fill('#wompi-addon-bot', '2');
  await page.waitForFunction(() =>
    document.querySelector('#wompi-quote [data-quote="addons"]')?.textContent.replace(/\s+/g, ' ') === 'USD 30.00', null, { timeout: 15000 });
  await page.click('#wompi-buy');
  await page.waitForSelector('#checkout[data-provider="wompi"][data-status="pending"] #qr', { timeout: 15000 });
  return page.getAttribute('#checkout', 'data-order-id');
}

/** The buyer's choice on the Wompi simulator's checkout, in a new tab; Wompi then redirects to the page with ?id=. */
async function payOnWompi(context, page, outcome) {
  const href = await page.getAttribute('#approve', 'href');
  const wompi = await context.newPage();
  await wompi.goto(href);
  await wompi.click(`button[value="${outcome}"]`);
  await wompi.waitForURL(/\/index\.html/, { timeout: 15000 });
  await wompi.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return wompi;
}


const norm = text => (text || '').replace(/\s+/g, ' ').trim();

/** The subscription section once its form (or manager view) is ready. */
/** The plan purchase both plan scenarios make (business, comentarios, 2 bots), completed, announced and itemised. */
async function expectPlanPurchaseCompleted(page) {
  await expectCheckout(page, 'completed');
  check((await page.textContent('#status-title')).includes('Payment completed'), 'completed message');
  check((await page.textContent('#announcer')).includes('Payment completed'), 'announced in the aria-live region');
  const items = await page.$$eval('#wompi-items li', lis => lis.map(li => li.textContent));
  for (const expected of ['Business', 'Asistente de ventas (included free)', 'Asistente de comentarios', 'Bot adicional × 2']) {
    check(items.includes(expected), `"${expected}" listed among ${JSON.stringify(items)}`);
  }
  check(await page.locator('#qr').count() === 0, 'no QR code once paid');
}

async function openSubscription(context, user) {
  const page = await openDemo(context, user);
  await page.waitForSelector('#sub-root[data-ready="true"]', { timeout: 30000 });
  return page;
}

async function subscriptionForm(context, user) {
  const page = await openSubscription(context, user);
  await page.waitForSelector('#subscribe:not([hidden]) #s-submit:not([disabled])', { timeout: 15000 });
  return page;
}

async function fillCard(page, number = '4242 4242 4242 4242', prefix = 's') {
  await page.fill(`#${prefix}-number`, number);
  await page.fill(`#${prefix}-exp`, '12 / 30');
  await page.fill(`#${prefix}-cvc`, '123');
  await page.fill(`#${prefix}-holder`, 'Ada Buyer');
}

async function subscribeActive(page) {
  await fillCard(page);
  await page.click('#s-submit');
  await page.waitForSelector('#sub-manager:not([hidden])[data-status="ACTIVE"]', { timeout: SETTLE_MS });
}

/** POST /subscriptions and the browser's tokenization, as the page sends them. */
function recordRequests(page) {
  const seen = { subscribes: [], tokens: 0, quotes: 0 };
  page.on('request', request => {
    const url = request.url();
    if (request.method() === 'POST' && /\/subscriptions$/.test(url)) seen.subscribes.push(request);
    if (request.method() === 'POST' && url.endsWith('/tokens/cards')) seen.tokens++;
    if (request.method() === 'POST' && url.endsWith('/quotes')) seen.quotes++;
  });
  return seen;
}

/** Visible controls under `scope` smaller than 44 px, or whose field has no label. */
async function smallTargets(page, scope) {
  return page.$$eval(`${scope} input:not([type="checkbox"]):not([type="radio"]), ${scope} select, ${scope} button, `
    + `${scope} label.choice`, elements => elements
    .filter(e => e.offsetParent !== null)
    .filter(e => e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44
      || (e.matches('select, input') && !(e.labels && e.labels.length)))
    .map(e => e.outerHTML.slice(0, 90) + ` ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`));
}

// ---- the operator page (/operator/) -------------------------------------------------------------------------------

/** Signs in on the operator page with the keyboard (local mode: a dev token with the admin group) and waits for it. */
async function openOperator(context, user, query = '') {
  const page = await context.newPage();
  await page.goto(`${base}/operator/${query}`);
  await page.waitForSelector('#dev-sign-in:not([hidden])', { timeout: 30000 });
  await page.fill('#dev-user', user);
  await page.press('#dev-user', 'Enter');
  await page.waitForSelector('#metrics[data-range]', { timeout: 30000 });
  await page.waitForSelector('#desk[data-loaded]', { timeout: 30000 });
  return page;
}

/** What each Chart.js chart on the page holds: its type, labels and each series' name and numbers. */
async function chartData(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('canvas')].map(canvas => {
    const chart = window.Chart.getChart(canvas);
    return [canvas.id, chart && { type: chart.config.type, labels: chart.data.labels, drawn: canvas.width > 0 && canvas.height > 0,
      series: Object.fromEntries(chart.data.datasets.map(d => [d.label, d.data])) }];
  })));
}

/** Visible controls of the operator page without a name, or under 44 px either way. */
async function unnamedOrSmall(page, scope) {
  return page.$$eval(`${scope} button, ${scope} input, ${scope} select, ${scope} textarea, ${scope} a.button, ${scope} summary`,
    elements => elements.filter(e => e.offsetParent !== null).filter(e => {
      const box = e.getBoundingClientRect();
      const named = e.matches('input, select, textarea') ? e.labels && e.labels.length > 0
        : (e.getAttribute('aria-label') || e.textContent).trim().length > 0;
      return !named || box.height < 44 || box.width < 44;
    }).map(e => e.outerHTML.slice(0, 90)));
}

/** A buyer's own API client (a dev token of their own), as the buyer's page has. */
async function buyerApi(user) {
  const { token } = await (await fetch(`${base}/dev/token?user=${encodeURIComponent(user)}`)).json();
  return async (path, options = {}) => {
    const response = await fetch(base + path, { ...options,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', ...options.headers } });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
}

const same = (actual, expected) => JSON.stringify(actual) === JSON.stringify(expected);

/** Runs with MetricsTest's hand-computed fixture (January to March 2001) in the local database, removed afterwards. */
async function withMetricsFixture(work) {
  const loaded = await fetch(`${base}/dev/fixtures/metrics`, { method: 'POST' });
  check(loaded.status === 200, 'fixture loaded: ' + loaded.status);
  try {
    await work();
  } finally {
    await fetch(`${base}/dev/fixtures/metrics`, { method: 'DELETE' });
  }
}

/** The charts against MetricsTest's hand-computed numbers; another range picked with the keyboard. */
async function operatorCharts(context, user) {
  const page = await openOperator(context, user, '?from=2001-01-01&to=2001-04-01&interval=month');
  const charts = await chartData(page);
  const months = ['Jan 2001', 'Feb 2001', 'Mar 2001'];
  // MRR (USD) at each boundary: 325.00, 276.00 (E1 churns), 445.15 (D new, A up, B down, C out, E2 back), 445.15.
  const mrr = charts['chart-mrr'];
  check(mrr && mrr.type === 'line' && mrr.drawn, 'the MRR chart is drawn: ' + JSON.stringify(mrr));
  check(same(mrr.labels, ['1 Jan 2001', '1 Feb 2001', '1 Mar 2001', '1 Apr 2001']), 'MRR boundaries: ' + mrr.labels);
  check(same(mrr.series['MRR (USD)'], [325, 276, 445.15, 445.15]), 'MRR: ' + JSON.stringify(mrr.series));
  // Movements, stacked: February has one of each; contraction and churn below the axis.
  const movements = charts['chart-movements'];
  check(movements.type === 'bar' && same(movements.labels, months), 'movement intervals: ' + movements.labels);
  check(same(movements.series, { New: [0, 114, 0], Expansion: [0, 50, 0], Reactivation: [0, 84.15, 0],
    Contraction: [0, -50, 0], Churn: [-49, -29, 0] }), 'movements: ' + JSON.stringify(movements.series));
  check(await page.evaluate(() => window.Chart.getChart(document.getElementById('chart-movements')).options.scales.y.stacked),
    'the movements are stacked');
  const statuses = charts['chart-statuses'];
  check(same(statuses.series, { Active: [4, 5, 5], 'Past due': [0, 0, 0], 'Pending (first payment)': [0, 0, 1] }),
    'statuses: ' + JSON.stringify(statuses.series));
  // One-time revenue by provider, one chart per currency: PayPal 12.99 USD; Wompi 519.60 + 3,960.00 COP.
  check(same(charts['chart-revenue-USD']?.series, { PayPal: [0, 12.99, 0] }), 'USD revenue: ' + JSON.stringify(charts['chart-revenue-USD']));
  check(same(charts['chart-revenue-COP']?.series, { Wompi: [0, 447960, 0] }), 'COP revenue: ' + JSON.stringify(charts['chart-revenue-COP']));
  // The numbers in words too: the key figures and the table behind the MRR chart.
  check(norm(await page.innerText('#kpis')).includes('MRR at the end USD 445.15'), 'key figures: ' + norm(await page.innerText('#kpis')));
  await page.click('#mrr-table >> xpath=ancestor::details/summary');
  check(norm(await page.innerText('#mrr-table')).includes('1 Feb 2001 USD 276.00'), 'the MRR table');
  // Another range from the form, with the keyboard: one month, by week (5 intervals, the last one cut at Feb 1).
  await page.fill('#range-from', '2001-01-01');
  await page.fill('#range-to', '2001-02-01');
  await page.selectOption('#range-interval', 'week');
  await page.focus('#range-interval');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.textContent) === 'Show', 'Tab reaches Show');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#metrics[data-range="2001-01-01/2001-02-01/week"]', { timeout: 15000 });
  const weekly = (await chartData(page))['chart-mrr'].series['MRR (USD)'];
  check(weekly.length === 6 && weekly[0] === 325 && weekly.at(-1) === 276, 'weekly MRR: ' + JSON.stringify(weekly));
  check(norm(await page.textContent('#live')).includes('5 weeks'), 'the new range is announced: ' + await page.textContent('#live'));
  await shot(page, 'operator-charts');
}

/** Sign-in, the subscription list, named controls of 44 px, the live region, and a token without the admin group. */
async function operatorBasics(context, user) {
  const page = await openOperator(context, user);
  // Oldest first: the fixture's E1 (November 2000) leads the first page.
  const first = await page.getAttribute('#subs-table tbody tr:first-child', 'data-subscription');
  check(first === '00000000-0000-4000-8000-0000000000e1', 'oldest first: ' + first);
  check(norm(await page.textContent('#subs-table tbody tr:first-child')).includes('Canceled'), 'its status in words');
  check(/^Page 1 of \d+ \(\d+ subscriptions, oldest first\)\.$/.test(await page.textContent('#subs-status')), 'paging said');
  const live = await page.locator('#live').ariaSnapshot();
  check(live.includes('status') && live.includes(`Signed in as ${user}`), 'the sign-in is announced: ' + live);
  check(await page.textContent('#operator-name') === user, 'who is signed in');
  const problems = await unnamedOrSmall(page, 'body');
  check(problems.length === 0, 'named controls of at least 44 px: ' + JSON.stringify(problems));
  // Every chart is an image with a name, and says its numbers in words.
  const charts = await page.$$eval('canvas', canvases => canvases.map(c => ({ id: c.id, role: c.getAttribute('role'),
    label: (c.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)?.textContent || '').join(' ').trim() })));
  check(charts.length >= 3 && charts.every(c => c.role === 'img' && c.label.length > 20), 'charts named: ' + JSON.stringify(charts));
  // Signing out and back in; a token without the admin group is told so.
  await page.click('#sign-out');
  await page.waitForSelector('#dev-sign-in:not([hidden])');
  const { token } = await (await fetch(`${base}/dev/token?user=${encodeURIComponent(user + '-buyer')}`)).json();
  await page.evaluate(t => sessionStorage.setItem('pagos.operator.token', t), token);
  await page.reload();
  await page.waitForSelector('#sign-in-error:not([hidden])', { timeout: 15000 });
  check((await page.textContent('#sign-in-error')).includes('not an admin'), 'a non-admin is told: ' + await page.textContent('#sign-in-error'));
  check(await page.locator('#signed-in').isHidden(), 'nothing of the admin is shown');
  await shot(page, 'operator-not-admin');
}

/** Polls the buyer's order until its status is one of the wanted ones; returns the last answer. */
async function orderReaches(api, orderId, statuses, timeout = SETTLE_MS) {
  const until = Date.now() + timeout;
  let order;
  do {
    order = (await api('/orders/' + orderId)).body;
    if (statuses.includes(order?.status)) return order;
    await new Promise(resolve => setTimeout(resolve, 500));
  } while (Date.now() < until);
  throw new Error(`order ${orderId} is ${order?.status}, not ${statuses.join(' or ')}`);
}

/** The desk's row matching the locator, asking for the next page (Show more items) while it is not shown. */
async function deskRow(page, locator) {
  const until = Date.now() + 15000;
  while (await locator.count() === 0) {
    check(Date.now() < until, 'the item is not on the desk');
    if (await page.isVisible('#desk-more')) {
      const loaded = await page.getAttribute('#desk', 'data-loaded');
      await page.click('#desk-more');
      await page.waitForFunction(before => document.getElementById('desk').dataset.loaded !== before, loaded);
    } else {
      await page.waitForTimeout(200);
    }
  }
  return locator.first();
}

/** Presses Tab until the focus is on the element (keyboard only), at most `limit` times. */
async function tabTo(page, selector, limit = 300) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(s => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error('Tab never reached ' + selector);
}

/** The buyer's details on our PaymentsWay form page (what PaymentsWay's checkout requires). */
async function fillPaymentsWayForm(form) {
  await form.fill('input[name="client_firstname"]', 'Ana');
  await form.fill('input[name="client_lastname"]', 'Ruiz');
  await form.fill('input[name="client_email"]', 'ana@example.com');
  await form.fill('input[name="client_phone"]', '3001234567');
  await form.selectOption('select[name="client_doctype"]', '4');
  await form.fill('input[name="client_numdoc"]', '1234567890');
}

/**
 * A plan bought with PaymentsWay whose payment is held for review: the checkout form is not signed (PaymentsWay has no
 * signature), so a buyer can post less than the order; PaymentsWay's record then differs from the order.
 * Returns the order id and the simulator's transaction page.
 */
async function paymentsWayOrderHeldForReview(context, user) {
  const api = await buyerApi(user);
  const placed = await api('/orders', { method: 'POST', body: JSON.stringify({ provider: 'paymentsway', plan: 'business',
    freeAssistant: 'ventas', period: 'monthly', workspaceId: `ws-${user}` }) });
  check(placed.status === 201, 'order placed: ' + JSON.stringify(placed));
  const orderId = placed.body.orderId;
  const form = await context.newPage();
  await form.goto(placed.body.checkout.url);
  await fillPaymentsWayForm(form);
  await form.$eval('input[name="amount"]', input => { input.value = String(Number(input.value) - 1000); });
  await form.click('button[type="submit"]');
  await form.waitForSelector('button[value="34"]', { timeout: 15000 });
  const transactionPage = form.url();
  await form.click('button[value="34"]');
  await form.waitForURL(/\/checkout\/return\?orderId=/, { timeout: 15000 });
  await orderReaches(api, orderId, ['NEEDS_REVIEW']);
  await form.close();
  return { api, orderId, transactionPage };
}

const scenarios = {
  async 'full purchase'(context, user) {
    const page = await openDemo(context, user);
    const names = await page.$$eval('#products button[aria-label^="Buy "]', buttons => buttons.map(b => b.getAttribute('aria-label')));
    check(names.length === 3 && new Set(names).size === 3, 'one accessible name per Buy button: ' + names);
    await buy(page, 'Skyblock Odyssey');
    const [paypal] = await Promise.all([context.waitForEvent('page'), page.click('#approve')]);
    await paypal.waitForSelector('button[value="pay"]');
    await paypal.click('button[value="pay"]');
    await paypal.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    await expectCheckout(page, 'completed');
    check((await page.textContent('#status-title')).includes('Payment completed'), 'completed message');
    const announced = await page.locator('#announcer').ariaSnapshot();
    check(announced.includes('status') && announced.includes('Payment completed! You now own Skyblock Odyssey'),
      'announced once, in the aria-live region, without doubled punctuation: ' + announced);
    await page.waitForSelector('#owned li:has-text("Skyblock Odyssey")');
    const owned = await ownedBadge(page, 'Skyblock Odyssey');
    check(owned.badge === 1 && owned.buy === 0, 'an owned product says so and has no Buy button');
    await shot(paypal, 'full-purchase-return-page');
    await shot(page, 'full-purchase');
  },

  async 'missed push, caught up by polling'(context, user) {
    let socket;
    const page = await openDemo(context, user, async p => { socket = await controllableSocket(p); });
    await buy(page, 'Medieval Realms');
    socket.drop();
    await page.waitForSelector('#conn:has-text("reconnecting")');
    const paypal = await choose(context, page, 'pay');
    await paypal.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    // No push can reach the page: it must find out by polling GET /orders/{id} while the socket is down.
    await expectCheckout(page, 'completed');
    check((await page.textContent('#conn')).includes('reconnecting'), 'the socket was down throughout');
    socket.allow();
    await shot(page, 'missed-push-polling');
  },

  async 'missed push, caught up on reconnect'(context, user) {
    let socket;
    let apiDown = false;
    const page = await openDemo(context, user, async p => {
      socket = await controllableSocket(p);
      // The API is unreachable too while the socket is down, so polling cannot help: only the re-read after reconnect.
      await p.route(/\/orders\/[0-9a-f-]+$/, route => (apiDown ? route.abort() : route.continue()));
    });
    await buy(page, 'Create: Industrial Age');
    socket.drop();
    apiDown = true;
    const paypal = await choose(context, page, 'pay');
    await paypal.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    await page.waitForTimeout(1000);
    check(await page.getAttribute('#checkout', 'data-status') === 'pending', 'nothing reached the page while cut off');
    apiDown = false;
    socket.allow();
    await expectCheckout(page, 'completed', 25000);
    await page.waitForSelector('#conn:has-text("connected")');
    await shot(page, 'missed-push-reconnect');
  },

  async 'reload during checkout'(context, user) {
    const page = await openDemo(context, user);
    const orderId = await buy(page, 'Skyblock Odyssey');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#checkout[data-status="pending"] #qr', { timeout: 10000 });
    check(await page.getAttribute('#checkout', 'data-order-id') === orderId, 'the same checkout is back');
    check((await page.getAttribute('#qr', 'src')).startsWith('data:image/png'), 'with its QR code');
    await shot(page, 'reload-restored');
    await choose(context, page, 'pay');
    await expectCheckout(page, 'completed');
    await shot(page, 'reload-completed');
  },

  async 'cancel'(context, user) {
    const page = await openDemo(context, user);
    // Cancel on PayPal: the cancel page offers to go back or to cancel the order.
    await buy(page, 'Medieval Realms');
    const paypal = await choose(context, page, 'cancel');
    await paypal.waitForSelector('#panel[data-status="pending"] #cancel:not([hidden])');
    check(await paypal.getAttribute('#resume', 'href') === await page.getAttribute('#approve', 'href'), 'go back to PayPal');
    await paypal.click('#cancel');
    await paypal.waitForSelector('#panel[data-status="cancelled"]');
    await shot(paypal, 'cancel-page');
    // The demo page hears of it (a push from the cancel) and says so, in words, not as a failure.
    await expectCheckout(page, 'cancelled');
    check((await page.textContent('#status-title')).includes('You cancelled'), 'cancelled message');
    // Cancel from the demo page itself.
    await buy(page, 'Medieval Realms');
    await page.click('#cancel-order');
    await expectCheckout(page, 'cancelled');
    check(await page.locator('button[aria-label="Buy Medieval Realms"]').count() === 1, 'the product can be bought again');
    await shot(page, 'cancel');
  },

  async 'decline'(context, user) {
    const page = await openDemo(context, user);
    await buy(page, 'Create: Industrial Age');
    const paypal = await choose(context, page, 'decline');
    await paypal.waitForSelector('#panel[data-status="failed"]', { timeout: SETTLE_MS });
    await expectCheckout(page, 'failed');
    check((await page.textContent('#status-title')).includes('did not go through'), 'failure in words');
    check((await page.textContent('#status-detail')).includes('no money was taken'), 'what it means for the buyer');
    check(await page.locator('button[aria-label="Buy Create: Industrial Age"]').count() === 1, 'can try again');
    await shot(paypal, 'decline-return-page');
    await shot(page, 'decline');
    // The retry is offered where the buyer is: in the checkout panel, not only Close.
    const failedId = await page.getAttribute('#checkout', 'data-order-id');
    check(await page.locator('#retry-order').isVisible(), 'Try again in the checkout panel');
    await page.click('#retry-order');
    await page.waitForSelector('#checkout[data-status="pending"] #qr', { timeout: 15000 });
    check(await page.getAttribute('#checkout', 'data-order-id') !== failedId, 'a new checkout');
    check((await page.textContent('#checkout-product')).includes('Create: Industrial Age'), 'for the same product');
    await shot(page, 'decline-retried');
  },

  async 're-buy of an owned product'(context, user) {
    let socket;
    const stale = await openDemo(context, user, async p => { socket = await controllableSocket(p); });
    const pending = await buy(stale, 'Create: Industrial Age');
    // The buyer gets Skyblock Odyssey elsewhere while this tab hears nothing (its socket is down).
    socket.drop();
    const other = await openDemo(context, user);
    await buy(other, 'Skyblock Odyssey');
    await choose(context, other, 'pay');
    await expectCheckout(other, 'completed');
    check((await ownedBadge(stale, 'Skyblock Odyssey')).buy === 1, 'the stale tab still offers it');
    await stale.click('button[aria-label="Buy Skyblock Odyssey"]');
    await stale.waitForSelector('#notice:has-text("You already own Skyblock Odyssey")');
    check(await stale.getAttribute('#checkout', 'data-order-id') === pending, 'the pending checkout is kept');
    check(await stale.getAttribute('#checkout', 'data-status') === 'pending', 'and still pending, not a failure');
    check(!(await stale.innerText('main')).includes('ALREADY_OWNED'), 'no raw error code');
    // The notice comes first and My modpacks is read again after it: wait for that read, not for luck.
    await stale.waitForSelector('.card:has-text("Skyblock Odyssey") .owned-badge', { timeout: 15000 });
    const owned = await ownedBadge(stale, 'Skyblock Odyssey');
    check(owned.badge === 1 && owned.buy === 0, 'now it says owned, without a Buy button');
    socket.allow();
    await shot(stale, 'rebuy-owned');
  },

  async 'two tabs'(context, user) {
    const first = await openDemo(context, user);
    const second = await openDemo(context, user);
    await second.waitForSelector('#conn:has-text("connected")');
    const orderId = await buy(first, 'Medieval Realms');
    await choose(context, first, 'pay');
    await expectCheckout(first, 'completed');
    // The tab that did not start the purchase follows it from the push.
    await expectCheckout(second, 'completed');
    check(await second.getAttribute('#checkout', 'data-order-id') === orderId, 'the same order');
    await second.waitForSelector('#owned li:has-text("Medieval Realms")');
    await shot(second, 'two-tabs-other-tab');
  },

  async 'phone viewport'(context, user) {
    const page = await openDemo(context, user);
    await page.click('button[aria-label="Buy Skyblock Odyssey"]');
    await page.waitForSelector('#checkout[data-status="pending"] #qr');
    // The QR code is brought into view (it starts below the fold on a phone).
    await page.waitForFunction(() => {
      const box = document.getElementById('qr').getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }, null, { timeout: 5000 });
    const small = await page.$$eval('button:not([hidden]), a.button:not([hidden])', elements => elements
      .filter(e => e.offsetParent !== null)
      .map(e => ({ name: e.getAttribute('aria-label') || e.textContent.trim(), height: e.getBoundingClientRect().height }))
      .filter(e => e.height < 44));
    check(small.length === 0, 'tap targets of at least 44 px: ' + JSON.stringify(small));
    await shot(page, 'phone-qr-in-view');
    const paypal = await choose(context, page, 'pay');
    await paypal.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    await expectCheckout(page, 'completed');
    await shot(page, 'phone-completed');
  },
  async 'wompi purchase approved'(context, user) {
    const page = await openWompiPicker(context, user);
    const orderId = await buyWithWompi(page);
    check((await page.getAttribute('#approve', 'href')).includes('/wompi-simulator/p/?public-key='), 'the web checkout link');
    check((await page.getAttribute('#qr', 'alt')).includes('with Wompi'), 'the QR code says what it is for');
    const returned = await payOnWompi(context, page, 'APPROVED');
    // The return page confirmed the transaction with Wompi (GET /payments/wompi/{id}) and shows the same order.
    await returned.waitForSelector(`#checkout[data-order-id="${orderId}"][data-status="completed"]`, { timeout: SETTLE_MS });
    check(!(await returned.url()).includes('id='), 'the transaction id is dropped from the address after confirming');
    await expectPlanPurchaseCompleted(page);
    await shot(returned, 'wompi-return-page');
    await shot(page, 'wompi-completed');
  },

  async 'paymentsway plan purchase approved'(context, user) {
    const page = await openWompiPicker(context, user);
    await page.click('label.choice:has(input[name="wompi-paid"][value="comentarios"])');
    await page.fill('#wompi-addon-bot', '2');
    await page.waitForFunction(() =>
      document.querySelector('#wompi-quote [data-quote="addons"]')?.textContent.replace(/\s+/g, ' ') === 'USD 30.00', null, { timeout: 15000 });
    await page.click('#paymentsway-buy');
    await page.waitForSelector('#checkout[data-provider="paymentsway"][data-status="pending"] #qr', { timeout: 15000 });
    const orderId = await page.getAttribute('#checkout', 'data-order-id');
    const href = await page.getAttribute('#approve', 'href');
    check(href.endsWith(`/checkout/paymentsway/${orderId}`), 'the link opens our form page: ' + href);
    check((await page.getAttribute('#qr', 'alt')).includes('with PaymentsWay'), 'the QR code says what it is for');
    // Our page: the details PaymentsWay requires, then the form POST to its checkout (the simulator here).
    const form = await context.newPage();
    await form.goto(href);
    await fillPaymentsWayForm(form);
    await shot(form, 'paymentsway-form-page');
    await form.click('button[type="submit"]');
    await form.waitForSelector('button[value="34"]', { timeout: 15000 });
    await form.click('button[value="34"]');
    // Back on the return page, which follows the order (nothing in its URL is trusted).
    await form.waitForURL(/\/checkout\/return\?orderId=/, { timeout: 15000 });
    await form.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    await expectPlanPurchaseCompleted(page);
    await shot(form, 'paymentsway-return-page');
    await shot(page, 'paymentsway-completed');
  },

  async 'wompi declined'(context, user) {
    const page = await openWompiPicker(context, user);
    await buyWithWompi(page);
    const returned = await payOnWompi(context, page, 'DECLINED');
    await returned.waitForSelector('#checkout[data-status="failed"]', { timeout: SETTLE_MS });
    await expectCheckout(page, 'failed');
    check((await page.textContent('#status-title')).includes('did not go through'), 'failure in words');
    const detail = await page.textContent('#status-detail');
    check(detail.includes('Wompi') && detail.includes('no money was taken'), 'what it means for the buyer: ' + detail);
    check((await page.textContent('#announcer')).includes('did not go through'), 'announced in the aria-live region');
    await shot(page, 'wompi-declined');
    const failedId = await page.getAttribute('#checkout', 'data-order-id');
    await page.click('#retry-order');
    await page.waitForSelector('#checkout[data-provider="wompi"][data-status="pending"] #qr', { timeout: 15000 });
    check(await page.getAttribute('#checkout', 'data-order-id') !== failedId, 'a new Wompi checkout, in place');
    const items = await page.$$eval('#wompi-items li', lis => lis.map(li => li.textContent));
    check(items.includes('Bot adicional × 2'), 'for the same items: ' + JSON.stringify(items));
    await shot(page, 'wompi-declined-retried');
  },

  async 'subscription: the price is shown before subscribing and is what is charged'(context, user) {
    const page = await subscriptionForm(context, user);
    await page.click('label.choice:has(input[name="sub-paid"][value="comentarios"])');
    await page.fill('#sub-addon-bot', '2');
    await page.waitForFunction(() => document.querySelector('#sub-quote [data-quote="addons"]')?.textContent
      .replace(/\s+/g, ' ') === 'USD 30.00', null, { timeout: 15000 });
    const row = async key => norm(await page.textContent(`#sub-quote [data-quote="${key}"]`));
    check(await row('plan') === 'USD 99.00', 'the plan: ' + await row('plan'));
    check(await row('assistants') === 'USD 29.00', 'the paid assistant: ' + await row('assistants'));
    check(await row('discount') === '−USD 0.00', 'the discount: ' + await row('discount'));
    check(await row('totalUsd') === 'USD 158.00', 'the USD total: ' + await row('totalUsd'));
    const cop = await row('totalCop');
    check(/^COP \d{1,3}(\.\d{3})+$/.test(cop), 'pesos with es-CO separators and no cents: ' + cop);
    check(/COP per USD \((live rate|fallback rate)/.test(await row('rate')), 'the rate and its origin');
    const button = norm(await page.textContent('#s-submit'));
    check(button.includes(cop) && button.includes('a month'), `the amount on the button (${button}) is the quote's ${cop}`);
    await shot(page, 'subscription-price-before-subscribe');
    await subscribeActive(page);
    const detail = norm(await page.textContent('#sub-detail'));
    check(detail.includes(cop) && detail.includes('USD 158.00'), `charged what was shown (${cop}): ${detail}`);
    check(/Next payment on \S.*\d{4}/.test(detail) && !/\d{4}-\d{2}-\d{2}T/.test(detail), 'a date in words: ' + detail);
    check(!/ACTIVE|PENDING/.test(await page.innerText('#sub-manager')), 'no raw status code');
    await shot(page, 'subscription-charged-as-shown');
  },

  async 'subscription: a reload shows the manager view'(context, user) {
    const page = await subscriptionForm(context, user);
    await subscribeActive(page);
    await page.reload();
    await page.waitForSelector('#sub-root[data-ready="true"]', { timeout: 30000 });
    await page.waitForSelector('#sub-manager:not([hidden])[data-status="ACTIVE"]', { timeout: 15000 });
    check(await page.locator('#subscribe').isHidden(), 'no subscribe form for a workspace that has one');
    check(norm(await page.textContent('#sub-state')) === 'Your subscription is active', 'its status in words');
    check(await page.locator('#sub-cancel').isVisible(), 'it can be cancelled again');
    await shot(page, 'subscription-after-reload');
  },

  async 'subscription: change plan shows the new price and the pending change; replace the card'(context, user) {
    const page = await subscriptionForm(context, user);
    await subscribeActive(page);
    await page.click('#sub-change');
    await page.waitForSelector('#sub-change-form:not([hidden]) #sub-change-save:not([disabled])', { timeout: 15000 });
    await page.click('label.choice:has(input[name="chg-plan"][value="business_lite"])');
    await page.waitForFunction(() => document.querySelector('#chg-quote [data-quote="totalUsd"]')?.textContent
      .replace(/\s+/g, ' ') === 'USD 49.00', null, { timeout: 15000 });
    const note = norm(await page.textContent('#sub-change-note'));
    check(/^From \S.*\d{4} you will pay COP [\d.]+ \(USD 49\.00\) a month/.test(note), 'the new price and from when: ' + note);
    check(norm(await page.textContent('#sub-change-save')).includes('USD 49.00'), 'the new price on the button');
    await shot(page, 'subscription-change-plan');
    await page.click('#sub-change-save');
    await page.waitForSelector('#sub-pending:not([hidden])', { timeout: 15000 });
    const pending = norm(await page.textContent('#sub-pending'));
    check(pending.includes('Business Lite') && pending.includes('USD 49.00') && /from \S.*\d{4}/.test(pending),
      'the pending change with its price and date: ' + pending);
    check(norm(await page.textContent('#sub-detail')).includes('USD 99.00'), 'the current price until then');
    // The card is replaced in place (tokenized in the browser), nothing charged.
    await page.click('#sub-replace-card');
    await fillCard(page, '4242424242424242', 'c');
    await page.click('#sub-card-save');
    await page.waitForFunction(() => document.getElementById('sub-live').textContent.includes('Card saved'), null, { timeout: 15000 });
    check(await page.locator('#sub-card-form').isHidden(), 'the card form closes');
    await shot(page, 'subscription-pending-change');
  },

  async 'subscription: card tokenized in the browser, first charge approved, then cancelled'(context, user) {
    const page = await subscriptionForm(context, user);
    const seen = recordRequests(page);
    await subscribeActive(page);
    const body = JSON.parse(seen.subscribes[0].postData());
    check(seen.tokens === 1 && body.card_token && !body.card_details, 'the card was tokenized in the browser');
    check(await page.$eval('#sub-cancel', e => e.classList.contains('secondary')), 'cancel is a secondary action');
    await page.click('#sub-cancel');
    await page.waitForSelector('#sub-cancel-dialog[open]');
    const ask = norm(await page.textContent('#sub-cancel-text'));
    check(/until \S.*\d{4}/.test(ask), 'the confirmation says until when access lasts: ' + ask);
    await shot(page, 'subscription-cancel-confirmation');
    await page.click('#sub-cancel-keep');
    await page.waitForSelector('#sub-cancel-dialog', { state: 'hidden' });
    check(await page.getAttribute('#sub-manager', 'data-canceling') === 'false', 'keeping it changes nothing');
    await page.click('#sub-cancel');
    await page.click('#sub-cancel-confirm');
    await page.waitForSelector('#sub-manager[data-canceling="true"]', { timeout: SETTLE_MS });
    const state = norm(await page.textContent('#sub-state'));
    check(/active until \S.*\d{4}/.test(state), '"active until <date>": ' + state);
    check(await page.locator('#sub-cancel').isHidden(), 'no cancel button once cancelled');
    check(await page.locator('#sub-resume').isVisible(), 'Resume is offered');
    await shot(page, 'subscription-cancelled-active-until');
    await page.click('#sub-resume');
    await page.waitForSelector('#sub-manager[data-canceling="false"]', { timeout: SETTLE_MS });
    check(norm(await page.textContent('#sub-state')) === 'Your subscription is active', 'resumed');
    check(seen.tokens === 1, 'resuming needs no card');
    await shot(page, 'subscription-resumed');
  },

  async 'subscription: the card field is formatted and checked, a double click makes one request'(context, user) {
    const page = await subscriptionForm(context, user);
    const seen = recordRequests(page);
    const attributes = await page.$eval('#subscribe', form => Object.fromEntries(['s-number', 's-exp', 's-cvc', 's-holder', 's-email']
      .map(id => { const e = form.querySelector('#' + id); return [id, [e.autocomplete, e.inputMode, e.maxLength, e.type].join(' ')]; })));
    check(attributes['s-number'] === 'cc-number numeric 23 text', 'card number: ' + attributes['s-number']);
    check(attributes['s-exp'] === 'cc-exp numeric 7 text', 'expiry: ' + attributes['s-exp']);
    check(attributes['s-cvc'] === 'cc-csc numeric 4 text', 'security code: ' + attributes['s-cvc']);
    check(attributes['s-holder'].startsWith('cc-name'), 'name: ' + attributes['s-holder']);
    check(attributes['s-email'].startsWith('email ') && attributes['s-email'].endsWith(' email'), 'email: ' + attributes['s-email']);
    await page.click('#s-number');
    await page.keyboard.type('42424242424242424242424');
    check(await page.inputValue('#s-number') === '4242 4242 4242 4242 424', 'grouped and at most 19 digits: ' + await page.inputValue('#s-number'));
    await page.fill('#s-exp', '');
    await page.click('#s-exp');
    await page.keyboard.type('1230');
    check(await page.inputValue('#s-exp') === '12 / 30', 'expiry formatted: ' + await page.inputValue('#s-exp'));
    // Checked before anything is sent: a 4-digit number, a wrong digit, an expired card.
    await fillCard(page, '4242');
    await page.click('#s-submit');
    check(await page.getAttribute('#s-number', 'aria-invalid') === 'true', 'the number is marked');
    check(norm(await page.textContent('#s-number-error')).includes('12 to 19 digits'), 'and says why');
    check(await page.evaluate(() => document.activeElement.id) === 's-number', 'the focus goes to it');
    await page.fill('#s-number', '4242 4242 4242 4241');
    await page.click('#s-submit');
    check(norm(await page.textContent('#s-number-error')).includes('not valid'), 'Luhn checked');
    await fillCard(page);
    await page.fill('#s-exp', '01 / 20');
    await page.click('#s-submit');
    check(norm(await page.textContent('#s-exp-error')).includes('expired'), 'expiry checked');
    check(seen.tokens === 0 && seen.subscribes.length === 0, 'nothing sent for a wrong card');
    await page.fill('#s-exp', '12 / 30');
    await page.dblclick('#s-submit');
    await page.waitForSelector('#sub-manager:not([hidden])[data-status="ACTIVE"]', { timeout: SETTLE_MS });
    check(seen.subscribes.length === 1 && seen.tokens === 1, `one request on a double click: ${seen.subscribes.length} subscribes, ${seen.tokens} tokens`);
    check(/^[0-9a-f-]{36}$/.test(seen.subscribes[0].headers()['idempotency-key'] || ''), 'with an Idempotency-Key');
    await shot(page, 'subscription-card-checked-one-request');
  },

  async 'subscription: a declining card is told in words and retried in place'(context, user) {
    const page = await subscriptionForm(context, user);
    await fillCard(page, '4111 1111 1111 1111');
    await page.click('#s-submit');
    await page.waitForSelector('#sub-root[data-status="FAILED"] #subscribe:not([hidden]) #sub-problem:not([hidden])', { timeout: SETTLE_MS });
    const problem = norm(await page.textContent('#sub-problem'));
    check(problem.includes('did not go through') && problem.includes('declined') && problem.includes('No money was taken'),
      'the decline in words: ' + problem);
    check(!/DECLINED|FAILED|provider status/.test(await page.innerText('#subscription')), 'no raw codes');
    check(norm(await page.textContent('#s-submit')).startsWith('Try again'), 'the retry is offered on the form');
    check(await page.evaluate(() => document.activeElement.id) === 's-number', 'the focus is on the card number');
    check(norm(await page.locator('#sub-live').ariaSnapshot()).includes('did not go through'), 'announced');
    await shot(page, 'subscription-declined');
    await fillCard(page);
    await page.click('#s-submit');
    await page.waitForSelector('#sub-manager:not([hidden])[data-status="ACTIVE"]', { timeout: SETTLE_MS });
    await shot(page, 'subscription-declined-then-retried');
  },

  async 'quantities: invalid input is marked and never priced'(context, user) {
    const page = await openWompiPicker(context, user);
    const seen = recordRequests(page);
    for (const [value, why] of [['500', 'At most 20'], ['2.5', 'whole number'], ['-1', 'whole number']]) {
      const before = seen.quotes;
      await page.fill('#wompi-addon-bot', value);
      await page.waitForSelector('#wompi-quote[data-valid="false"]');
      await page.waitForTimeout(400);
      check(await page.getAttribute('#wompi-addon-bot', 'aria-invalid') === 'true', value + ' is marked on the field');
      check(norm(await page.textContent('#wompi-addon-bot-error')).includes(why), value + ': ' + await page.textContent('#wompi-addon-bot-error'));
      check(await quoted(page, 'totalUsd') === 'Not valid', value + ': the total says it is not valid');
      check((await page.textContent('#wompi-quote-status')).includes('not valid'), value + ': announced');
      check(await page.isDisabled('#wompi-buy'), value + ': nothing can be bought');
      check(seen.quotes === before, value + ': nothing priced from a guess');
      if (value === '500') await shot(page, 'quantity-invalid');
    }
    await page.fill('#wompi-addon-bot', '2');
    await page.waitForFunction(() => document.querySelector('#wompi-quote [data-quote="addons"]')?.textContent
      .replace(/\s+/g, ' ') === 'USD 30.00', null, { timeout: 15000 });
    check(await page.getAttribute('#wompi-addon-bot', 'aria-invalid') === 'false', 'valid again');
  },

  async 'the two ways to buy a plan say what they are'(context, user) {
    const page = await subscriptionForm(context, user);
    check(norm(await page.textContent('#wompi-heading')).includes('pay once'), 'the one-off purchase is named so');
    check(norm(await page.textContent('#subscription-heading')).includes('subscribe'), 'the subscription is named so');
    check(norm(await page.textContent('#wompi-explainer')).includes('does not renew'), 'what paying once means');
    check(norm(await page.textContent('#subscription-explainer')).includes('until you cancel'), 'what subscribing means');
    const planLabel = norm(await page.textContent('label.choice:has(input[name="sub-plan"][value="business"])'));
    check(planLabel.includes('Every channel, unlimited conversations'), 'plan descriptions shown: ' + planLabel);
    check(!(await page.innerText('header')).includes('/dev/token'), 'the header does not speak of /dev/token');
    await shot(page, 'two-ways-explained');
  },

  async 'small things: no 404 on load, the offer failing to load is told with a retry'(context, user) {
    let failOffer = true;
    const missing = [];
    const page = await openDemo(context, user, async p => {
      p.on('response', response => { if (response.status() >= 400) missing.push(response.status() + ' ' + response.url()); });
      await p.route(/\/addons$/, route => (failOffer ? route.fulfill({ status: 503, contentType: 'application/json',
        body: '{"error":{"code":"DATABASE_UNAVAILABLE","message":"busy"}}' }) : route.continue()));
    });
    await page.waitForSelector('#sub-offer-retry', { timeout: 15000 });
    check(norm(await page.textContent('#sub-root')).includes('could not be loaded'), 'the failure in words');
    await shot(page, 'offer-failed-retry');
    failOffer = false;
    await page.click('#sub-offer-retry');
    await page.waitForSelector('#sub-root[data-ready="true"] #subscribe:not([hidden]) #s-submit:not([disabled])', { timeout: 15000 });
    check(missing.every(m => m.endsWith('/addons')), 'nothing else missing (no /favicon.ico 404): ' + JSON.stringify(missing));
  },

  async 'accessibility: live regions, focus after Buy, the free assistant explained'(context, user) {
    const page = await subscriptionForm(context, user);
    await page.click('button[aria-label="Buy Skyblock Odyssey"]');
    await page.waitForSelector('#checkout[data-status="pending"] #qr');
    await page.waitForFunction(() => document.activeElement?.closest('#checkout'), null, { timeout: 5000 });
    const free = page.locator('input[name="wompi-paid"][value="ventas"]');
    check(await free.isDisabled(), 'the free assistant cannot be bought again');
    const described = await page.$eval('input[name="wompi-paid"][value="ventas"]',
      e => document.getElementById(e.getAttribute('aria-describedby'))?.textContent || '');
    check(described.includes('Included free with your plan'), 'and says why: ' + described);
    const checkout = await page.locator('#announcer').ariaSnapshot();
    check(checkout.includes('status') && checkout.includes('Waiting for your payment'), 'the checkout announced: ' + checkout);
    await subscribeActive(page);
    const snapshot = await page.locator('#sub-live').ariaSnapshot();
    check(snapshot.includes('status') && snapshot.includes('Your subscription is active'), 'the subscription announced: ' + snapshot);
    check(await page.evaluate(() => document.activeElement.id) === 'sub-state', 'the focus follows to the new status');
    await shot(page, 'accessibility-announced');
  },

  async 'phone: subscription form targets, fields and labels'(context, user) {
    const page = await subscriptionForm(context, user);
    const small = await smallTargets(page, '#subscription');
    check(small.length === 0, 'subscription targets at least 44 px: ' + JSON.stringify(small));
    const apart = await page.$$eval('#subscription .field', fields => fields.filter(f => f.offsetParent !== null).map(f => {
      const label = f.querySelector('label').getBoundingClientRect();
      const input = f.querySelector('input, select').getBoundingClientRect();
      return { id: f.querySelector('input, select').id, gap: input.top - label.bottom, left: Math.abs(input.left - label.left) };
    }).filter(x => x.gap < -1 || x.gap > 24 || x.left > 4));
    check(apart.length === 0, 'each label right above its field: ' + JSON.stringify(apart));
    const exp = await page.$eval('#s-exp', e => e.getBoundingClientRect().width);
    check(exp >= 120, 'the expiry field is wide enough to type in: ' + exp);
    await page.fill('#s-number', '4242 4242 4242 4242');
    await shot(page, 'phone-subscription-form');
    await subscribeActive(page);
    const managerSmall = await smallTargets(page, '#sub-manager');
    check(managerSmall.length === 0, 'manager targets at least 44 px: ' + JSON.stringify(managerSmall));
    await shot(page, 'phone-subscription-active');
  },

  async 'wompi quote follows the annual toggle'(context, user) {
    const page = await openWompiPicker(context, user);
    // The first plan (Business, 99 USD a month) with its free assistant, monthly.
    check(await quoted(page, 'totalUsd') === 'USD 99.00', 'monthly total: ' + await quoted(page, 'totalUsd'));
    const monthlyCop = await quoted(page, 'totalCop');
    check(/^COP \d{1,3}(\.\d{3})+$/.test(monthlyCop), 'the total in pesos (es-CO, no cents): ' + monthlyCop);
    check(/COP per USD \((live rate|fallback rate)/.test(await quoted(page, 'rate')), 'the rate and its origin');
    await page.click('label.choice:has(input[name="wompi-period"][value="annual"])');
    await page.waitForSelector('#wompi-quote[data-period="annual"]', { timeout: 15000 });
    check(await quoted(page, 'totalUsd') === 'USD 1,009.80', '12 x 99 less 15%: ' + await quoted(page, 'totalUsd'));
    check(await quoted(page, 'discount') === '−USD 178.20', 'the discount: ' + await quoted(page, 'discount'));
    check(await quoted(page, 'savings') === 'USD 178.20', 'the annual savings: ' + await quoted(page, 'savings'));
    check(await quoted(page, 'totalCop') !== monthlyCop, 'the pesos follow');
    check(norm(await page.textContent('#wompi-quote-status')).includes('USD 1,009.80'), 'the new total is announced');
    await page.click('label.choice:has(input[name="wompi-period"][value="monthly"])');
    await page.waitForSelector('#wompi-quote[data-period="monthly"]', { timeout: 15000 });
    check(await quoted(page, 'totalUsd') === 'USD 99.00', 'back to monthly');
    // Every control of the picker has a name and is at least 44 px high (the label is the tap target of a box).
    const problems = await page.$$eval('#wompi-picker label.choice, #wompi-picker select, #wompi-picker input[type="number"], #wompi-buy',
      elements => elements.filter(e => e.getBoundingClientRect().height < 44
        || (e.matches('select, input') && !(e.labels && e.labels.length))).map(e => e.outerHTML.slice(0, 80)));
    check(problems.length === 0, 'named controls of at least 44 px: ' + JSON.stringify(problems));
    await shot(page, 'wompi-quote-annual');
  },

  async 'operator: charts show the fixture numbers'(context, user) {
    await withMetricsFixture(() => operatorCharts(context, user));
  },

  async 'operator: subscription list, sign-in and accessibility'(context, user) {
    await withMetricsFixture(() => operatorBasics(context, user));
  },



  async 'operator: desk refunds an order held for review, keyboard only'(context, user) {
    const { api, orderId, transactionPage } = await paymentsWayOrderHeldForReview(context, user);
    const page = await openOperator(context, `ops-${user}`);
    const row = `#desk-table tr[data-item="order:${orderId}"]`;
    await deskRow(page, page.locator(row));
    check(norm(await page.innerText(row)).includes('Order held for review'), 'the kind in words: ' + norm(await page.innerText(row)));
    check(norm(await page.innerText(row)).includes('PaymentsWay'), 'the provider and what it says');
    // Keyboard only: Tab to the refund, Enter opens the confirmation with the focus on the reason.
    await page.focus('#desk-heading');
    await tabTo(page, `${row} button[data-action="refund"]`);
    check(await page.evaluate(() => document.activeElement.getBoundingClientRect().height >= 44), 'a 44 px target');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm[open]');
    check(await page.evaluate(() => document.activeElement.id) === 'confirm-reason', 'the focus is on the reason');
    check((await page.textContent('#confirm-title')).startsWith('Refund'), 'the confirmation says what: ' + await page.textContent('#confirm-title'));
    // Escape goes back: nothing is sent, the focus returns to the button.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#confirm:not([open])', { state: 'attached' });
    check(await page.evaluate(() => document.activeElement.dataset.action) === 'refund', 'the focus is back on Refund');
    check((await api('/orders/' + orderId)).body.status === 'NEEDS_REVIEW', 'going back changed nothing');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#confirm[open]');
    const small = await unnamedOrSmall(page, '#confirm');
    check(small.length === 0, 'the confirmation: named controls of at least 44 px: ' + JSON.stringify(small));
    // No reason: refused on the page, nothing sent, the focus on the field with its error.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    check((await page.textContent('#confirm-reason-error')).includes('Give a reason'), 'a reason is required');
    check(await page.evaluate(() => document.activeElement.id) === 'confirm-reason', 'the focus back on the reason');
    check(await page.getAttribute('#confirm-reason', 'aria-invalid') === 'true', 'the field is marked');
    await page.keyboard.type('The buyer paid 1,000 COP less than the order: give the money back');
    await page.keyboard.press('Tab');
    check(await page.evaluate(() => document.activeElement.id) === 'confirm-go', 'Tab reaches the confirmation');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#desk[data-last-outcome]', { timeout: SETTLE_MS });
    const outcome = await page.getAttribute('#desk', 'data-last-outcome');
    check(['refunded', 'refund_pending'].includes(outcome), 'outcome: ' + outcome);
    await page.waitForFunction(() => document.getElementById('live').textContent.length > 0);
    const live = await page.locator('#live').ariaSnapshot();
    check(live.includes('status') && /Refund/.test(live), 'the result is announced: ' + live);
    check(await page.evaluate(() => document.activeElement.id) === 'desk-status', 'the focus on the result');
    // PaymentsWay (the simulator) has the reversal on record, and the buyer's order shows it.
    const order = await orderReaches(api, orderId, ['REFUNDED']);
    check(order.displayStatus === 'refunded', 'the buyer sees refunded: ' + order.displayStatus);
    const simulator = await context.newPage();
    await simulator.goto(transactionPage);
    check((await simulator.textContent('h1')).includes('Reembolsada'), 'the simulator recorded the refund: ' + await simulator.textContent('h1'));
    await page.click('#desk-reload');
    await page.waitForFunction(id => !document.querySelector(`#desk-table tr[data-item="order:${id}"]`), orderId, { timeout: 15000 });
    await shot(page, 'operator-desk-refunded');
  },

  async 'operator: desk replays an abandoned event'(context, user) {
    const api = await buyerApi(user);
    const placed = await api('/orders', { method: 'POST', body: JSON.stringify({ provider: 'wompi', plan: 'business',
      freeAssistant: 'ventas', period: 'monthly', workspaceId: `ws-${user}` }) });
    check(placed.status === 201, 'order placed: ' + JSON.stringify(placed));
    const orderId = placed.body.orderId;
    // Paid at Wompi (the simulator), and Pagos gave up on the only event about it.
    const wompi = await context.newPage();
    await wompi.goto(placed.body.checkout.url);
    await wompi.click('button[value="APPROVED_EVENT_ABANDONED"]');
    const eventId = await wompi.textContent('#event', { timeout: 15000 });
    check((await api('/orders/' + orderId)).body.status === 'PENDING', 'nothing applied yet');
    const page = await openOperator(context, `ops-${user}`);
    const row = await deskRow(page, page.locator('#desk-table tr[data-kind="event_abandoned"]', { hasText: eventId }));
    const itemId = await row.getAttribute('data-item');
    await row.locator('button[data-action="replay"]').click();
    await page.waitForSelector('#confirm[open]');
    await page.fill('#confirm-reason', 'The event failed while the database was being upgraded');
    await page.click('#confirm-go');
    await page.waitForSelector(`#desk[data-last-item="${itemId}"][data-last-outcome="replayed"]`, { timeout: SETTLE_MS });
    check(await page.locator(`#desk-table tr[data-item="${itemId}"]`).count() === 0, 'the event left the desk');
    check(norm(await page.textContent('#live')).includes('COMPLETED'), 'the outcome is announced: ' + await page.textContent('#live'));
    const order = await orderReaches(api, orderId, ['COMPLETED']);
    check(order.displayStatus === 'completed', 'the replay completed the order');
    await shot(page, 'operator-desk-replayed');
  },

  async 'operator: token sign-in, as on AWS'(context, user) {
    // The page as a static site serves its own config.js: the API's address and the token sign-in.
    const page = await context.newPage();
    await page.route('**/operator/config.js', route => route.fulfill({ contentType: 'text/javascript',
      body: `export default { apiBase: '${base}', signIn: 'token' };` }));
    await page.goto(`${base}/operator/`);
    await page.waitForSelector('#token-sign-in:not([hidden])', { timeout: 30000 });
    check(await page.locator('#dev-sign-in').isHidden(), 'no dev sign-in outside local mode');
    await page.fill('#admin-token', 'not a token');
    await page.press('#admin-token', 'Enter');
    check((await page.textContent('#admin-token-error')).includes('Paste a JWT'), 'a malformed token is refused on its field');
    check(await page.getAttribute('#admin-token', 'aria-invalid') === 'true', 'the field is marked');
    const { token } = await (await fetch(`${base}/dev/token?user=${encodeURIComponent(user)}&admin=true`)).json();
    await page.fill('#admin-token', token);
    await page.press('#admin-token', 'Enter');
    await page.waitForSelector('#metrics[data-range]', { timeout: 30000 });
    check(await page.textContent('#operator-name') === user, 'the name from the token: ' + await page.textContent('#operator-name'));
    check(await page.inputValue('#admin-token') === '', 'the token does not stay in the field');
    await page.reload();
    await page.waitForSelector('#metrics[data-range]', { timeout: 30000 });
    check(await page.locator('#sign-in').isHidden(), 'still signed in after a reload (this tab)');
    await shot(page, 'operator-token-sign-in');
  },
};

// The wallet: top up through the PayPal simulator, see the balance follow by push, pay a modpack from the wallet at once,
// and be told plainly when the wallet does not cover the next one (nothing charged).
scenarios['wallet top-up and pay with wallet'] = async (context, user) => {
  const page = await openDemo(context, user);
  await page.waitForSelector('#wallet-balances li[data-currency="USD"][data-balance="0"]');
  await page.selectOption('#wallet-topup-amount', '2500');
  await page.click('#wallet-topup');
  await page.waitForSelector('#checkout[data-status="pending"] #qr', { timeout: 15000 });
  const paypal = await choose(context, page, 'pay');
  await paypal.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
  await expectCheckout(page, 'completed');
  check(norm(await page.textContent('#status-detail')).includes('USD 25.00 was added to your wallet'), 'the top-up is explained');
  await page.waitForSelector('#wallet-balances li[data-currency="USD"][data-balance="2500"]', { timeout: SETTLE_MS });

  const prices = await page.evaluate(async () => (await window.pagos.api('/products')).products
    .map(p => ({ name: p.name, price: p.price, currency: p.currency })));
  const affordable = prices.filter(p => p.currency === 'USD' && p.price <= 2500).sort((a, b) => b.price - a.price)[0];
  check(affordable, 'a modpack the top-up covers: ' + JSON.stringify(prices));
  await page.click(`button[aria-label="Pay for ${affordable.name} with my wallet"]`);
  // The panel still shows the completed top-up: wait for this purchase's own completion.
  await page.waitForSelector(`#checkout[data-status="completed"]:has(#checkout-product:has-text("${affordable.name}"))`,
    { timeout: SETTLE_MS });
  check((await page.textContent('#status-detail')).includes(`You now own ${affordable.name}`), 'granted at once');
  await page.waitForSelector(`#wallet-balances li[data-currency="USD"][data-balance="${2500 - affordable.price}"]`,
    { timeout: SETTLE_MS });
  const owned = await ownedBadge(page, affordable.name);
  check(owned.badge === 1 && owned.buy === 0, 'the paid modpack is owned');

  const left = 2500 - affordable.price;
  const tooDear = prices.find(p => p.currency === 'USD' && p.price > left && p.name !== affordable.name);
  check(tooDear, 'a modpack the rest does not cover');
  await page.click(`button[aria-label="Pay for ${tooDear.name} with my wallet"]`);
  await page.waitForSelector('#notice:has-text("does not cover")', { timeout: 10000 });
  check((await page.textContent('#notice')).includes('Nothing was charged'), 'the refusal says nothing was charged');
  check(await page.getAttribute(`#wallet-balances li[data-currency="USD"]`, 'data-balance') === String(left),
    'the balance is unchanged');
  await shot(page, 'wallet');
};

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
let passed = 0;
let failed = 0;
const started = Date.now();
// SCENARIOS=substring runs only the scenarios whose name contains it (comma-separated for several).
const only = (process.env.SCENARIOS || '').split(',').map(s => s.trim()).filter(Boolean);
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only.length && !only.some(part => name.includes(part))) continue;
  const context = await browser.newContext(name.startsWith('phone') ? phone : { viewport: { width: 1280, height: 900 } });
  const user = `browser-${run}-${name.replace(/[^a-z]+/g, '-')}`;
  const t0 = Date.now();
  try {
    await scenario(context, user);
    passed++;
    console.log(`PASS  ${name}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}  (${((Date.now() - t0) / 1000).toFixed(1)} s): ${e.message.split('\n')[0]}`);
    for (const [i, page] of context.pages().entries()) {
      await page.screenshot({ path: join(shots, `FAILED-${name.replace(/[^a-z]+/g, '-')}-${i}.png`), fullPage: true })
        .catch(() => {});
    }
  } finally {
    await context.close();
  }
}
await browser.close();
console.log(`browser scenarios took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

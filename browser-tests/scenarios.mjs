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
  return { badge: await card.locator('.owned-badge').count(), buy: await card.locator('button').count() };
}

/** The Wompi plan picker, once its first price is shown. */
async function openWompiPicker(context, user) {
  const page = await openDemo(context, user);
  await page.waitForSelector('#wompi-buy:not([disabled])', { timeout: 30000 });
  return page;
}

async function quoted(page, key) {
  return (await page.textContent(`#wompi-quote [data-quote="${key}"]`)).trim();
}

/** Picks business + comentarios (ventas comes free) + 2 bots, buys with Wompi, and waits for the QR code. */
async function buyWithWompi(page) {
  await page.click('label.choice:has(input[name="wompi-paid"][value="comentarios"])');
  await page.fill('#wompi-addon-bot', '2');
  await page.waitForFunction(() =>
    document.querySelector('#wompi-quote [data-quote="addons"]')?.textContent.includes('30.00 USD'), null, { timeout: 15000 });
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

const scenarios = {
  async 'full purchase'(context, user) {
    const page = await openDemo(context, user);
    const names = await page.$$eval('#products button', buttons => buttons.map(b => b.getAttribute('aria-label')));
    check(names.length === 3 && new Set(names).size === 3, 'one accessible name per Buy button: ' + names);
    await buy(page, 'Skyblock Odyssey');
    const [paypal] = await Promise.all([context.waitForEvent('page'), page.click('#approve')]);
    await paypal.waitForSelector('button[value="pay"]');
    await paypal.click('button[value="pay"]');
    await paypal.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    await expectCheckout(page, 'completed');
    check((await page.textContent('#status-title')).includes('Payment completed'), 'completed message');
    check((await page.textContent('#announcer')).includes('Payment completed'), 'announced in the aria-live region');
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
    await expectCheckout(page, 'completed');
    check((await page.textContent('#status-title')).includes('Payment completed'), 'completed message');
    check((await page.textContent('#announcer')).includes('Payment completed'), 'announced in the aria-live region');
    const items = await page.$$eval('#wompi-items li', lis => lis.map(li => li.textContent));
    for (const expected of ['Business', 'Asistente de ventas (included free)', 'Asistente de comentarios', 'Bot adicional × 2']) {
      check(items.includes(expected), `"${expected}" listed among ${JSON.stringify(items)}`);
    }
    check(await page.locator('#qr').count() === 0, 'no QR code once paid');
    await shot(returned, 'wompi-return-page');
    await shot(page, 'wompi-completed');
  },

  async 'paymentsway plan purchase approved'(context, user) {
    const page = await openWompiPicker(context, user);
    await page.click('label.choice:has(input[name="wompi-paid"][value="comentarios"])');
    await page.fill('#wompi-addon-bot', '2');
    await page.waitForFunction(() =>
      document.querySelector('#wompi-quote [data-quote="addons"]')?.textContent.includes('30.00 USD'), null, { timeout: 15000 });
    await page.click('#paymentsway-buy');
    await page.waitForSelector('#checkout[data-provider="paymentsway"][data-status="pending"] #qr', { timeout: 15000 });
    const orderId = await page.getAttribute('#checkout', 'data-order-id');
    const href = await page.getAttribute('#approve', 'href');
    check(href.endsWith(`/checkout/paymentsway/${orderId}`), 'the link opens our form page: ' + href);
    check((await page.getAttribute('#qr', 'alt')).includes('with PaymentsWay'), 'the QR code says what it is for');
    // Our page: the details PaymentsWay requires, then the form POST to its checkout (the simulator here).
    const form = await context.newPage();
    await form.goto(href);
    await form.fill('input[name="client_firstname"]', 'Ana');
    await form.fill('input[name="client_lastname"]', 'Ruiz');
    await form.fill('input[name="client_email"]', 'ana@example.com');
    await form.fill('input[name="client_phone"]', '3001234567');
    await form.selectOption('select[name="client_doctype"]', '4');
    await form.fill('input[name="client_numdoc"]', '1234567890');
    await shot(form, 'paymentsway-form-page');
    await form.click('button[type="submit"]');
    await form.waitForSelector('button[value="34"]', { timeout: 15000 });
    await form.click('button[value="34"]');
    // Back on the return page, which follows the order (nothing in its URL is trusted).
    await form.waitForURL(/\/checkout\/return\?orderId=/, { timeout: 15000 });
    await form.waitForSelector('#panel[data-status="completed"]', { timeout: SETTLE_MS });
    await expectCheckout(page, 'completed');
    check((await page.textContent('#status-title')).includes('Payment completed'), 'completed message');
    check((await page.textContent('#announcer')).includes('Payment completed'), 'announced in the aria-live region');
    const items = await page.$$eval('#wompi-items li', lis => lis.map(li => li.textContent));
    for (const expected of ['Business', 'Asistente de ventas (included free)', 'Asistente de comentarios', 'Bot adicional × 2']) {
      check(items.includes(expected), `"${expected}" listed among ${JSON.stringify(items)}`);
    }
    check(await page.locator('#qr').count() === 0, 'no QR code once paid');
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
  },

  async 'subscription: card tokenized in the browser, first charge approved, then cancelled'(context, user) {
    const page = await openDemo(context, user);
    await page.waitForSelector('#s-plan option', { state: 'attached', timeout: 15000 });
    await page.fill('#s-ws', 'ws-' + user);
    // Every control of the dialog has a name and is at least 44 px high (a box's label is its tap target).
    const small = await page.$$eval('#subscribe input:not([type="checkbox"]), #subscribe select, #subscribe button, '
      + '#subscribe label:has(> input[type="checkbox"])',
      elements => elements.filter(e => e.getBoundingClientRect().height < 44
        || (e.matches('select, input') && !(e.labels && e.labels.length))).map(e => e.outerHTML.slice(0, 80)));
    check(small.length === 0, 'subscription controls named and at least 44 px: ' + JSON.stringify(small));
    await page.click('#subscribe button');
    await page.waitForSelector('#sub-state:text-is("ACTIVE")', { timeout: SETTLE_MS });
    check((await page.textContent('#sub-detail')).includes('next billing'), 'the next billing date is shown');
    const cancel = await page.$eval('#sub-status button', e => e.getBoundingClientRect().height);
    check(cancel >= 44, 'the cancel button is at least 44 px: ' + cancel);
    await page.click('#sub-status button');
    await page.waitForSelector('#sub-detail:has-text("cancels at")', { timeout: SETTLE_MS });
    await shot(page, 'subscription-active-then-cancelled');
  },

  async 'subscription: a declining card fails the first charge'(context, user) {
    const page = await openDemo(context, user);
    await page.waitForSelector('#s-plan option', { state: 'attached', timeout: 15000 });
    await page.fill('#s-ws', 'ws-' + user);
    await page.fill('#s-number', '4111 1111 1111 1111');
    await page.click('#subscribe button');
    await page.waitForSelector('#sub-state:text-is("FAILED")', { timeout: SETTLE_MS });
    await shot(page, 'subscription-declined');
  },

  async 'wompi quote follows the annual toggle'(context, user) {
    const page = await openWompiPicker(context, user);
    // The first plan (Business, 99 USD a month) with its free assistant, monthly.
    check(await quoted(page, 'totalUsd') === '99.00 USD', 'monthly total: ' + await quoted(page, 'totalUsd'));
    const monthlyCop = await quoted(page, 'totalCop');
    check(/ COP$/.test(monthlyCop), 'the total in pesos: ' + monthlyCop);
    check(/COP per USD \((live rate|fallback rate)/.test(await quoted(page, 'rate')), 'the rate and its origin');
    await page.click('label.choice:has(input[name="wompi-period"][value="annual"])');
    await page.waitForSelector('#wompi-quote[data-period="annual"]', { timeout: 15000 });
    check(await quoted(page, 'totalUsd') === '1009.80 USD', '12 x 99 less 15%: ' + await quoted(page, 'totalUsd'));
    check(await quoted(page, 'discount') === '−178.20 USD', 'the discount: ' + await quoted(page, 'discount'));
    check(await quoted(page, 'savings') === '178.20 USD', 'the annual savings: ' + await quoted(page, 'savings'));
    check(await quoted(page, 'totalCop') !== monthlyCop, 'the pesos follow');
    check((await page.textContent('#wompi-quote-status')).includes('1009.80 USD'), 'the new total is announced');
    await page.click('label.choice:has(input[name="wompi-period"][value="monthly"])');
    await page.waitForSelector('#wompi-quote[data-period="monthly"]', { timeout: 15000 });
    check(await quoted(page, 'totalUsd') === '99.00 USD', 'back to monthly');
    // Every control of the picker has a name and is at least 44 px high (the label is the tap target of a box).
    const problems = await page.$$eval('#wompi-picker label.choice, #wompi-picker select, #wompi-picker input[type="number"], #wompi-buy',
      elements => elements.filter(e => e.getBoundingClientRect().height < 44
        || (e.matches('select, input') && !(e.labels && e.labels.length))).map(e => e.outerHTML.slice(0, 80)));
    check(problems.length === 0, 'named controls of at least 44 px: ' + JSON.stringify(problems));
    await shot(page, 'wompi-quote-annual');
  },
};

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
let passed = 0;
let failed = 0;
const started = Date.now();
for (const [name, scenario] of Object.entries(scenarios)) {
  const context = await browser.newContext(name === 'phone viewport' ? phone : { viewport: { width: 1280, height: 900 } });
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

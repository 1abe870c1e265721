// The browser side of Pagos's contract, shared by the demo page and the checkout return and cancel pages.
// A frontend on AWS follows the same rules (see the README, "Client contract"):
//  1. A push is a hint, never the only source of truth: pushes sent while the socket was down are gone for good.
//     So after every WebSocket (re)connect, re-read what the page is waiting for (GET /orders/{id}, or
//     GET /me/orders?open=true when it waits for nothing in particular yet).
//  2. While a checkout is open and the socket is down, poll GET /orders/{id} gently (every POLL_MS).
//  3. Statuses only move forward, so an answer that would move the page backwards is an old one: ignore it.
//  4. Every displayStatus has a human message (describe).

export const POLL_MS = 3000;
const RANK = { pending: 0, processing: 1 };

/** Whether the page still has something to wait for on this order. */
export const isOpen = order => order.displayStatus in RANK;

const rank = order => RANK[order.displayStatus] ?? 2;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Local mode signs in with a dev token; the user comes from ?user= and is remembered for the return pages. */
export function currentUser() {
  const fromUrl = new URLSearchParams(location.search).get('user');
  if (fromUrl) localStorage.setItem('pagos.user', fromUrl);
  return fromUrl || localStorage.getItem('pagos.user') || 'alice';
}

export async function signIn(user) {
  const response = await fetch('/dev/token?user=' + encodeURIComponent(user));
  if (!response.ok) throw new ApiError(response.status, 'SIGN_IN_FAILED', 'Could not sign in');
  return (await response.json()).token;
}

/**
 * fetch for the Pagos API: JSON in and out, errors thrown as ApiError with the API's code. base is where the API
 * is when the page is not served by it (the operator page hosted as a static site); empty: the page's own origin.
 */
export function apiClient(token, base = '') {
  return async function api(path, options = {}) {
    const headers = { ...options.headers, authorization: 'Bearer ' + token };
    if (options.body) headers['content-type'] = 'application/json';
    const response = await fetch(base + path, { ...options, headers });
    let body = null;
    try { body = await response.json(); } catch { /* an empty or non-JSON answer: described below */ }
    if (!response.ok) {
      throw new ApiError(response.status, body?.error?.code || 'HTTP_' + response.status,
        body?.error?.message || 'The request failed (' + response.status + ')');
    }
    return body;
  };
}

/**
 * An amount in minor units, with the rules of the currency's own locale: es-CO for pesos (thousands with a dot and
 * no cents, which pesos do not use in practice), en-US for dollars. The ISO code is shown, never a bare "$", since
 * both currencies use that sign: "COP 663.600", "USD 1,009.80".
 */
const MONEY_LOCALES = { COP: 'es-CO', USD: 'en-US' };
const WHOLE_UNITS = new Set(['COP', 'CLP', 'JPY', 'KRW', 'PYG', 'VND']);
export function money(minor, currency) {
  const whole = WHOLE_UNITS.has(currency);
  return new Intl.NumberFormat(MONEY_LOCALES[currency] || undefined, {
    style: 'currency', currency, currencyDisplay: 'code',
    minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2,
  }).format(minor / 100);
}

/** A date (ISO string) in the buyer's own locale, e.g. "4 January 2027" or "January 4, 2027". */
export function day(iso) {
  return iso ? new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' }) : '';
}

/** "Payment completed!" + "You now own X." without a doubled stop: "Payment completed! You now own X." */
export function sentence(...parts) {
  return parts.filter(Boolean).map(p => p.trim()).map(p => /[.!?…]$/.test(p) ? p : p + '.').join(' ');
}

const PROVIDER_NAMES = { paypal: 'PayPal', wompi: 'Wompi', wallet: 'your wallet' };

/** What to tell the buyer about an order: a tone for the colour, a title and a line of detail. */
export function describe(order) {
  const product = order.productName;
  const provider = PROVIDER_NAMES[order.provider] || 'the payment provider';
  // A plan, assistants and add-ons (no product) are for a workspace, not a download in My modpacks.
  const where = order.productId ? 'It is in My modpacks.' : 'It is active for your workspace.';
  switch (order.displayStatus) {
    case 'pending': return { tone: 'pending', title: 'Waiting for your payment',
      detail: 'The order stays open until you pay or cancel it. Nothing is charged before you approve.' };
    case 'processing': return { tone: 'processing', title: `Payment approved, confirming it with ${provider}…`,
      detail: 'This usually takes a few seconds. You can keep this page open.' };
    case 'completed': return order.kind === 'topup'
      ? { tone: 'completed', title: 'Payment completed!',
        detail: `${money(order.amount, order.currency)} was added to your wallet.` }
      : { tone: 'completed', title: 'Payment completed!', detail: `You now own ${product}. ${where}` };
    case 'failed': return { tone: 'failed', title: 'Your payment did not go through',
      detail: `${provider} or your bank declined it, and no money was taken. You can try again.` };
    case 'cancelled': return { tone: 'neutral', title: 'You cancelled this order',
      detail: `No money was taken. You can buy ${product} again whenever you like.` };
    case 'expired': return { tone: 'neutral', title: 'This checkout expired before it was paid',
      detail: `No money was taken. Press Buy to start a new checkout for ${product}.` };
    case 'refunded': return { tone: 'neutral', title: 'Your payment was refunded',
      detail: order.provider === 'wallet' ? `The money for ${product} went back to your wallet.`
        : `The money for ${product} went back to you.` };
    default: return { tone: 'neutral', title: 'Order ' + order.displayStatus, detail: '' };
  }
}

/**
 * The WebSocket, kept open: reconnects with a growing pause (1 s up to 10 s), and calls onConnected after
 * every (re)connect so the page can re-read what it waits for (rule 1).
 */
export class LiveUpdates {
  constructor(token, { onEvent, onConnected, onChange }) {
    this.token = token;
    this.handlers = { onEvent, onConnected, onChange };
    this.up = false;
    this.failures = 0;
  }

  start() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(this.token)}`);
    socket.onopen = () => {
      this.up = true;
      this.failures = 0;
      this.handlers.onChange(true);
      this.handlers.onConnected();
    };
    socket.onclose = () => {
      this.up = false;
      this.handlers.onChange(false);
      setTimeout(() => this.start(), Math.min(1000 * 2 ** this.failures++, 10000));
    };
    socket.onmessage = message => {
      let parsed;
      try { parsed = JSON.parse(message.data); } catch { return; }
      this.handlers.onEvent(parsed.event, parsed.data || {});
    };
  }
}

/**
 * Keeps one order up to date: re-read on demand (a push about it, a reconnect), and polled while the socket is
 * down and the order is still open (rule 2). Never moves the page backwards (rule 3).
 */
export class OrderWatcher {
  constructor(api, live, onOrder) {
    this.api = api;
    this.live = live;
    this.onOrder = onOrder;
    this.order = null;
    setInterval(() => {
      if (this.order && isOpen(this.order) && !this.live.up) this.refresh();
    }, POLL_MS);
  }

  show(order) {
    if (this.order && this.order.orderId === order.orderId && rank(order) < rank(this.order)) return;
    this.order = order;
    this.onOrder(order);
  }

  async refresh() {
    const watched = this.order;
    if (!watched) return;
    try {
      const order = await this.api('/orders/' + watched.orderId);
      if (this.order && this.order.orderId === order.orderId) this.show(order);
    } catch {
      // Offline or the API is busy: keep what the page shows; the next poll or reconnect asks again.
    }
  }

  clear() {
    this.order = null;
  }
}

/**
 * A page about one order (the checkout return and cancel pages): signs in, shows the order, and keeps it current
 * with pushes about it and a re-read after every reconnect. Returns the API client and the watcher.
 */
export async function followOrder(orderId, show) {
  const token = await signIn(currentUser());
  const api = apiClient(token);
  let watcher;
  const live = new LiveUpdates(token, {
    onEvent: (event, data) => { if (data.orderId === orderId) watcher.refresh(); },
    onConnected: () => watcher.refresh(),
    onChange: () => {},
  });
  watcher = new OrderWatcher(api, live, show);
  watcher.show(await api('/orders/' + encodeURIComponent(orderId)));
  live.start();
  return { api, watcher };
}

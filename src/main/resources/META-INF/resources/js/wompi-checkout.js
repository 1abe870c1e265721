// The Wompi part of the demo page: a plan picker (plan, the assistant that comes free with it, paid assistants,
// add-ons with a quantity, monthly or annual) with the live price breakdown from POST /quotes; "Buy with Wompi"
// places the order; renderWompi (registered in index.html's providerViews) shows its QR code, the web checkout
// link and what is being bought; confirmWompiReturn handles Wompi's redirect back (?id=<transaction id>).
// The order's status then follows js/pagos.js's contract like any other: push, re-read after reconnect, polling.

import { money } from '/js/pagos.js';

/** The workspace the demo buys for; a real frontend sends the buyer's own. */
const WORKSPACE = 'demo-workspace';
const QUOTE_DELAY_MS = 150;

export function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key === 'for' || key === 'role') node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

const usd = cents => money(cents, 'USD');

/** One labelled choice (radio or checkbox): the whole label is the tap target (at least 44 px, see pagos.css). */
function choice(type, name, value, text, checked = false) {
  const input = element('input', { type, name, value, checked });
  return { input, label: element('label', { className: 'choice' }, input, ' ', text) };
}

/**
 * Builds the plan picker in `container`. `api` is js/pagos.js's client; `onOrder(order)` receives the placed order
 * (the page shows it through its OrderWatcher); `onError(text)` tells the buyer what went wrong.
 */
export async function mountWompiPurchase(container, { api, onOrder, onError }) {
  const [{ plans }, { assistants }, { addons }] = await Promise.all([api('/plans'), api('/assistants'), api('/addons')]);

  const planField = element('fieldset', {}, element('legend', {}, 'Plan'));
  const planChoices = [choice('radio', 'wompi-plan', '', 'No plan (assistants only)')];
  for (const plan of plans) {
    planChoices.push(choice('radio', 'wompi-plan', plan.id, `${plan.name} · ${usd(plan.monthlyPrice)} a month`,
      plan === plans[0]));
  }
  planField.append(...planChoices.map(c => c.label));

  const freeSelect = element('select', { id: 'wompi-free-assistant' },
    element('option', { value: '' }, 'None'),
    ...assistants.map(a => element('option', { value: a.reference }, a.name)));
  freeSelect.value = assistants[0]?.reference ?? '';
  const freeField = element('p', {}, element('label', { for: 'wompi-free-assistant' },
    'Assistant included free with the plan '), freeSelect);

  const paidField = element('fieldset', {}, element('legend', {}, `Paid assistants`));
  const paidChoices = assistants.map(a => choice('checkbox', 'wompi-paid', a.reference,
    `${a.name} · ${usd(a.monthlyPrice)} a month`));
  paidField.append(...paidChoices.map(c => c.label));

  const addonField = element('fieldset', {}, element('legend', {}, 'Add-ons (quantity, 0 for none)'));
  const addonInputs = addons.map(a => {
    const input = element('input', { type: 'number', min: 0, max: a.maxQuantity ?? 99, step: 1, value: 0,
      id: 'wompi-addon-' + a.reference, inputMode: 'numeric' });
    input.dataset.reference = a.reference;
    addonField.append(element('p', { className: 'quantity' },
      element('label', { for: input.id }, `${a.name} · ${usd(a.monthlyPrice)} a month each `), input));
    return input;
  });

  const periodField = element('fieldset', { className: 'period' }, element('legend', {}, 'Billing'));
  const monthly = choice('radio', 'wompi-period', 'monthly', 'Monthly', true);
  const annual = choice('radio', 'wompi-period', 'annual', 'Annual (12 months, 15% off)');
  periodField.append(monthly.label, annual.label);

  const breakdown = element('dl', { id: 'wompi-quote', className: 'breakdown' });
  const quoteStatus = element('p', { id: 'wompi-quote-status', className: 'muted', role: 'status', 'aria-live': 'polite' });
  const buyButton = element('button', { type: 'button', id: 'wompi-buy', textContent: 'Buy with Wompi' });
  // The same plan can be paid with PaymentsWay (js/paymentsway-checkout.js shows its checkout).
  const paymentsWayButton = element('button', { type: 'button', id: 'paymentsway-buy', textContent: 'Buy with PaymentsWay' });

  container.replaceChildren(planField, freeField, paidField, addonField, periodField,
    element('h3', {}, 'Price'), breakdown, quoteStatus, element('div', { className: 'actions' }, buyButton, paymentsWayButton));

  function selection() {
    const plan = planChoices.find(c => c.input.checked)?.input.value || null;
    // The free assistant comes only with a plan, and is not paid for again.
    const free = plan ? freeSelect.value || null : null;
    const paid = paidChoices.filter(c => c.input.checked && c.input.value !== free).map(c => c.input.value);
    const chosenAddons = addonInputs
      .map(input => ({ id: input.dataset.reference, quantity: Math.trunc(Number(input.value)) }))
      .filter(a => a.quantity > 0);
    return { plan, freeAssistant: free, paidAssistants: paid, addons: chosenAddons,
      period: annual.input.checked ? 'annual' : 'monthly' };
  }

  function syncChoices() {
    const plan = planChoices.find(c => c.input.checked)?.input.value;
    freeSelect.disabled = !plan;
    for (const c of paidChoices) {
      const isFree = plan && c.input.value === freeSelect.value;
      c.input.disabled = Boolean(isFree);
      if (isFree) c.input.checked = false;
    }
  }

  function row(term, value, key) {
    return [element('dt', {}, term), element('dd', { dataset: { quote: key } }, value)];
  }

  let asked = 0;
  let timer;
  let current = null;
  async function requote() {
    const ask = ++asked;
    const body = selection();
    if (!body.plan && !body.paidAssistants.length) {
      current = null;
      breakdown.replaceChildren();
      quoteStatus.textContent = 'Choose a plan or at least one assistant.';
      buyButton.disabled = true;
      paymentsWayButton.disabled = true;
      return;
    }
    quoteStatus.textContent = 'Updating the price…';
    try {
      const quote = await api('/quotes', { method: 'POST', body: JSON.stringify(body) });
      if (ask !== asked) return; // an older answer arriving late: the newer one wins
      current = { body, quote };
      const rate = `${Number(quote.exchangeRate).toLocaleString('en-US')} COP per USD (${
        quote.exchangeRateOrigin === 'fallback' ? 'fallback rate: the rate source did not answer' : 'live rate'})`;
      breakdown.replaceChildren(
        ...row('Plan', usd(quote.plan), 'plan'),
        ...row('Assistants', usd(quote.assistants), 'assistants'),
        ...row('Add-ons', usd(quote.addons), 'addons'),
        ...row(`Discount (${quote.discountPercent}%)`, '−' + usd(quote.discountUsd), 'discount'),
        ...row(`Total (${quote.months === 12 ? '12 months' : '1 month'})`, usd(quote.totalUsd), 'totalUsd'),
        ...row('You pay in Colombian pesos', money(quote.totalCop, 'COP'), 'totalCop'),
        ...row('Annual savings', usd(quote.annualSavingsUsd), 'savings'),
        ...row('Exchange rate', rate, 'rate'));
      breakdown.dataset.period = quote.period;
      breakdown.dataset.totalUsd = quote.totalUsd;
      quoteStatus.textContent = `Total ${usd(quote.totalUsd)}, paid as ${money(quote.totalCop, 'COP')}.`;
      buyButton.disabled = false;
      paymentsWayButton.disabled = false;
    } catch (e) {
      if (ask !== asked) return;
      current = null;
      quoteStatus.textContent = 'We could not price this selection: ' + e.message;
      buyButton.disabled = true;
      paymentsWayButton.disabled = true;
    }
  }

  function changed() {
    syncChoices();
    clearTimeout(timer);
    timer = setTimeout(requote, QUOTE_DELAY_MS);
  }

  container.addEventListener('change', changed);
  container.addEventListener('input', event => { if (event.target.type === 'number') changed(); });

  function buyWith(provider, title, button) {
    button.addEventListener('click', async () => {
      if (!current) return;
      button.disabled = true;
      try {
        onOrder(await api('/orders', { method: 'POST',
          body: JSON.stringify({ provider, workspaceId: WORKSPACE, ...current.body }) }));
      } catch (e) {
        onError(`We could not start the ${title} checkout: ${e.message}. Please try again.`);
      } finally {
        button.disabled = !current;
      }
    });
  }
  buyWith('wompi', 'Wompi', buyButton);
  buyWith('paymentsway', 'PaymentsWay', paymentsWayButton);

  syncChoices();
  await requote();
}

/** What a plan order bought, one line per item, from the breakdown stored on the order. */
export function itemsOf(order) {
  const lines = order.quote?.lines ?? [];
  return element('ul', { id: 'wompi-items', className: 'items', 'aria-label': 'What you are buying' },
    ...lines.map(line => element('li', {},
      line.name + (line.quantity > 1 ? ` × ${line.quantity}` : '') + (line.free ? ' (included free)' : ''))));
}

/** Shows a Wompi order in `container`: what is bought, and while it is unpaid the QR code and the checkout link. */
export function renderWompi(order, container) {
  container.replaceChildren();
  if (order.quote) container.append(itemsOf(order));
  if (order.displayStatus !== 'pending' || !order.approveUrl) return;
  const hint = element('p', { className: 'muted' },
    'Scan the QR code with your phone, or open Wompi\'s checkout in this browser.');
  const qr = element('img', { id: 'qr', src: order.qrCode, width: 256, height: 256,
    alt: `QR code to pay for ${order.productName} with Wompi` });
  const link = element('a', { id: 'approve', className: 'button', href: order.approveUrl, target: '_blank',
    rel: 'noopener', textContent: 'Pay with Wompi',
    'aria-label': `Pay ${money(order.amount, order.currency)} for ${order.productName} with Wompi (opens a new tab)` });
  container.append(hint, qr, link);
}

/**
 * Wompi sent the buyer back with ?id=<transaction id>. The redirect proves nothing: GET /payments/wompi/{id} reads
 * the transaction from Wompi and answers the order as it now stands. Returns the order, or null when this page
 * cannot show it (not signed in as the buyer, e.g. a phone that scanned the QR code).
 */
export async function confirmWompiReturn(api) {
  const params = new URLSearchParams(location.search);
  const transactionId = params.get('id');
  if (!transactionId) return undefined;
  // Not confirmed again on reload: the order's own status is followed from here on.
  params.delete('id');
  history.replaceState(null, '', location.pathname + (params.size ? '?' + params : ''));
  try {
    return await api('/payments/wompi/' + encodeURIComponent(transactionId));
  } catch {
    return null;
  }
}

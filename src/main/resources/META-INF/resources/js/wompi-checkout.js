// The Wompi part of the demo page: a plan picker (plan, the assistant that comes free with it, paid assistants,
// add-ons with a quantity, monthly or annual) with the live price breakdown from POST /quotes; "Buy with Wompi"
// (or "Buy with PaymentsWay", whose checkout js/paymentsway-checkout.js shows) places the order; renderWompi (registered in index.html's providerViews) shows its QR code, the web checkout
// link and what is being bought; confirmWompiReturn handles Wompi's redirect back (?id=<transaction id>).
// The order's status then follows js/pagos.js's contract like any other: push, re-read after reconnect, polling.

import { money } from '/js/pagos.js';
import { element, loadOffer, mountPlanPicker } from '/js/plan-picker.js';

/** The workspace the demo buys for; a real frontend sends the buyer's own. */
const WORKSPACE = 'demo-workspace';

/**
 * Builds the plan picker in `container`. `api` is js/pagos.js's client; `onOrder(order)` receives the placed order
 * (the page shows it through its OrderWatcher); `onError(text)` tells the buyer what went wrong. Returns
 * { retry(order) }: places a new order for what a failed one was buying (the checkout panel's "Try again").
 */
export async function mountWompiPurchase(container, { api, onOrder, onError }) {
  const offer = await loadOffer(api);
  const pickerBox = element('div');
  const buyButton = element('button', { type: 'button', id: 'wompi-buy', textContent: 'Buy with Wompi', disabled: true });
  const paymentsWayButton = element('button', { type: 'button', id: 'paymentsway-buy', className: 'secondary',
    textContent: 'Buy with PaymentsWay', disabled: true });
  container.replaceChildren(pickerBox, element('div', { className: 'actions' }, buyButton, paymentsWayButton));
  const picker = mountPlanPicker(pickerBox, { api, offer, prefix: 'wompi', perMonthWord: 'per month',
    onQuote: current => {
      buyButton.disabled = !current;
      paymentsWayButton.disabled = !current;
      buyButton.textContent = current ? `Pay ${money(current.quote.totalCop, 'COP')} once with Wompi` : 'Buy with Wompi';
      paymentsWayButton.textContent = current ? `Pay ${money(current.quote.totalCop, 'COP')} once with PaymentsWay`
        : 'Buy with PaymentsWay';
    } });

  const titles = { wompi: 'Wompi', paymentsway: 'PaymentsWay' };
  async function place(provider, selection, button) {
    if (button) button.disabled = true;
    try {
      onOrder(await api('/orders', { method: 'POST',
        body: JSON.stringify({ provider, workspaceId: WORKSPACE, ...selection }) }));
    } catch (e) {
      onError(`We could not start the ${titles[provider]} checkout: ${e.message}. Please try again.`);
    } finally {
      if (button) button.disabled = !picker.quote();
    }
  }

  buyButton.addEventListener('click', () => { if (picker.quote()) place('wompi', picker.quote().body, buyButton); });
  paymentsWayButton.addEventListener('click', () => {
    if (picker.quote()) place('paymentsway', picker.quote().body, paymentsWayButton);
  });
  await picker.ready;

  return {
    /** What a failed order bought, from the breakdown stored on it, ordered again. */
    retry(order) {
      const lines = order.quote?.lines ?? [];
      const plan = lines.find(l => l.kind === 'plan')?.reference ?? null;
      return place(order.provider === 'paymentsway' ? 'paymentsway' : 'wompi', {
        plan,
        freeAssistant: lines.find(l => l.kind === 'assistant' && l.free)?.reference ?? null,
        paidAssistants: lines.filter(l => l.kind === 'assistant' && !l.free).map(l => l.reference),
        addons: lines.filter(l => l.kind === 'addon').map(l => ({ id: l.reference, quantity: l.quantity,
          ...(l.botFlowId ? { botFlowId: l.botFlowId } : {}) })),
        period: order.period ?? (order.quote?.months === 12 ? 'annual' : 'monthly'),
      });
    },
  };
}

/** What a plan order bought, one line per item, from the breakdown stored on the order. */
export function itemsOf(order) {
  const lines = order.quote?.lines ?? [];
  return element('ul', { id: 'wompi-items', className: 'items', 'aria-label': 'What you are buying' },
    ...lines.map(line => element('li', {},
      line.name + (line.quantity > 1 ? ` × ${line.quantity}` : '') + (line.free ? ' (included free)' : ''))));
}

/**
 * A renderer for a plan order paid on a provider's page (`title`: "Wompi", "PaymentsWay"; `checkoutName`: how the
 * hint names that page): what is bought, and while it is unpaid the QR code and the link to the page.
 */
export function planCheckoutView(title, checkoutName) {
  return (order, container) => {
    container.replaceChildren();
    if (order.quote) container.append(itemsOf(order));
    if (order.displayStatus !== 'pending' || !order.approveUrl) return;
    const hint = element('p', { className: 'muted' },
      `Scan the QR code with your phone, or open ${checkoutName} in this browser.`);
    const qr = element('img', { id: 'qr', src: order.qrCode, width: 256, height: 256,
      alt: `QR code to pay for ${order.productName} with ${title}` });
    const link = element('a', { id: 'approve', className: 'button', href: order.approveUrl, target: '_blank',
      rel: 'noopener', textContent: `Pay with ${title}`,
      'aria-label': `Pay ${money(order.amount, order.currency)} for ${order.productName} with ${title} (opens a new tab)` });
    container.append(hint, qr, link);
  };
}

/** Shows a Wompi order in `container`: what is bought, and while it is unpaid the QR code and the checkout link. */
export const renderWompi = planCheckoutView('Wompi', 'Wompi\'s checkout');

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

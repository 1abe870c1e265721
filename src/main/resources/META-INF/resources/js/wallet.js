// The wallet on the demo page: the balance per currency (kept current by wallet_credited / wallet_debited pushes and
// re-read after every reconnect, as the client contract says), a top-up through PayPal's checkout (it is an order
// of its own kind, shown in the same checkout panel), and "Pay with wallet" for a product.
import { money } from '/js/pagos.js';

const TOP_UPS = { USD: [1000, 2500, 5000] };

/**
 * Mounts the wallet in `root`. `onOrder` shows an order in the checkout panel; `onError` says what went wrong.
 * Returns { pay(product, button) } for the product cards' "Pay with wallet" buttons.
 */
export function mountWallet(root, { api, onOrder, onError }) {
  const balances = document.createElement('ul');
  balances.id = 'wallet-balances';
  const live = document.createElement('div');
  live.className = 'sr-only';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  const label = document.createElement('label');
  label.htmlFor = 'wallet-topup-amount';
  label.textContent = 'Top up with PayPal: ';
  const amount = document.createElement('select');
  amount.id = 'wallet-topup-amount';
  for (const minor of TOP_UPS.USD) {
    const option = document.createElement('option');
    option.value = String(minor);
    option.textContent = money(minor, 'USD');
    amount.append(option);
  }
  const topUp = document.createElement('button');
  topUp.id = 'wallet-topup';
  topUp.type = 'button';
  topUp.textContent = 'Top up';
  topUp.setAttribute('aria-label', 'Top up my USD wallet with PayPal');
  const form = document.createElement('p');
  form.append(label, amount, ' ', topUp);
  root.replaceChildren(balances, form, live);

  let shown = '';
  async function refresh() {
    try {
      const { balances: all } = await api('/me/wallet');
      balances.replaceChildren(...all.map(b => {
        const item = document.createElement('li');
        item.dataset.currency = b.currency;
        item.dataset.balance = String(b.balance);
        item.textContent = money(b.balance, b.currency);
        return item;
      }));
      const text = 'Wallet: ' + all.map(b => money(b.balance, b.currency)).join(', ');
      if (shown && text !== shown) live.textContent = text;
      shown = text;
    } catch {
      // Offline: the next push or reconnect reads it again.
    }
  }

  topUp.addEventListener('click', async () => {
    topUp.disabled = true;
    try {
      const body = { topUp: { amount: Number(amount.value), currency: 'USD' }, provider: 'paypal' };
      onOrder(await api('/orders', { method: 'POST', body: JSON.stringify(body) }));
    } catch (e) {
      onError('We could not start the top-up: ' + e.message + '. Please try again.');
    } finally {
      topUp.disabled = false;
    }
  });

  document.addEventListener('pagos-push', ({ detail }) => {
    if (detail.event === 'wallet_credited' || detail.event === 'wallet_debited') refresh();
  });
  document.addEventListener('pagos-reconnected', refresh);
  refresh();

  return {
    async pay(product, button) {
      button.disabled = true;
      try {
        // One key per click: a double click, or a retry of a request whose answer was lost, pays once.
        const key = crypto.randomUUID();
        const order = await api('/orders', { method: 'POST', headers: { 'idempotency-key': key },
          body: JSON.stringify({ productId: product.id, provider: 'wallet' }) });
        onError('');
        onOrder(order);
        refresh();
      } catch (e) {
        if (e.code === 'INSUFFICIENT_FUNDS') {
          onError(`Your ${product.currency} wallet does not cover ${product.name} (${money(product.price, product.currency)}).`
            + ' Nothing was charged. Top up first, or buy it with PayPal.');
        } else {
          onError(`We could not pay for ${product.name} from your wallet: ${e.message}.`);
        }
      } finally {
        button.disabled = false;
      }
    },
  };
}

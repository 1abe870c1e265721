// PaymentsWay's part of the checkout, registered in index.html's providerViews. PaymentsWay's checkout starts with a
// form POST, which a link cannot carry: the order's approveUrl (and its QR code) opens our page
// (GET /checkout/paymentsway/{orderId}), which asks the details PaymentsWay requires and posts the form.
// PaymentsWay then sends the buyer to the return page (/checkout/return?orderId=), which, like this page, follows the
// order (push, re-read after a reconnect, polling while the socket is down): nothing in the return URL is trusted.
import { money } from '/js/pagos.js';
import { element } from '/js/plan-picker.js';
import { itemsOf } from '/js/wompi-checkout.js';

/** Shows a PaymentsWay order in `container`: what is bought, and while it is unpaid the QR code and the link. */
export function renderPaymentsWay(order, container) {
  container.replaceChildren();
  if (order.quote) container.append(itemsOf(order));
  if (order.displayStatus !== 'pending' || !order.approveUrl) return;
  const hint = element('p', { className: 'muted' },
    'Scan the QR code with your phone, or open the PaymentsWay checkout in this browser.');
  const qr = element('img', { id: 'qr', src: order.qrCode, width: 256, height: 256,
    alt: `QR code to pay for ${order.productName} with PaymentsWay` });
  const link = element('a', { id: 'approve', className: 'button', href: order.approveUrl, target: '_blank',
    rel: 'noopener', textContent: 'Pay with PaymentsWay',
    'aria-label': `Pay ${money(order.amount, order.currency)} for ${order.productName} with PaymentsWay (opens a new tab)` });
  container.append(hint, qr, link);
}

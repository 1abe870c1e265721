// The PayPal part of a checkout: the QR code to pay from a phone and the link to pay in this browser. Another
// provider adds its own module with the same shape and registers it in index.html's providerViews.

/** Shows how to pay an open PayPal order in `container`; clears it once there is nothing left to pay. */
export function renderPaypal(order, container) {
  container.replaceChildren();
  if (order.displayStatus !== 'pending' || !order.approveUrl) return;
  const hint = document.createElement('p');
  hint.className = 'muted';
  hint.textContent = 'Scan the QR code with your phone, or open PayPal in this browser.';
  const qr = document.createElement('img');
  qr.id = 'qr';
  qr.src = order.qrCode;
  qr.width = 256;
  qr.height = 256;
  qr.alt = `QR code to pay for ${order.productName} with PayPal`;
  const link = document.createElement('a');
  link.id = 'approve';
  link.className = 'button';
  link.href = order.approveUrl;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Pay with PayPal';
  link.setAttribute('aria-label', `Pay for ${order.productName} with PayPal (opens a new tab)`);
  container.append(hint, qr, link);
}

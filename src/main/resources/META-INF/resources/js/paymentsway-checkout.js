// PaymentsWay's part of the checkout, registered in index.html's providerViews. PaymentsWay's checkout starts with a
// form POST, which a link cannot carry: the order's approveUrl (and its QR code) opens our page
// (GET /checkout/paymentsway/{orderId}), which asks the details PaymentsWay requires and posts the form.
// PaymentsWay then sends the buyer to the return page (/checkout/return?orderId=), which, like this page, follows the
// order (push, re-read after a reconnect, polling while the socket is down): nothing in the return URL is trusted.
import { planCheckoutView } from '/js/wompi-checkout.js';

/** Shows a PaymentsWay order in `container`: what is bought, and while it is unpaid the QR code and the link. */
export const renderPaymentsWay = planCheckoutView('PaymentsWay', 'the PaymentsWay checkout');

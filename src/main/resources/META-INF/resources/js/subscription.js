// The subscriber's side of the demo page: subscribe (the price before the card is charged, and the amount on the
// button), then manage (status in words, change plan from the next billing date, replace the card, cancel with a
// confirmation, resume). A frontend copies these rules:
//  - the workspace is remembered per user (localStorage), so a reload finds the subscription with
//    GET /subscriptions/{workspaceId} and shows the manager view, not the form;
//  - the card is checked in the browser (Luhn, expiry, security code) before anything is sent, tokenized with
//    Wompi's public key in this browser (it never reaches Pagos), and the subscribe carries an Idempotency-Key;
//    the button is disabled while it works, so a double click makes one request;
//  - the status follows the pushes (subscription_*) and, while it is PENDING, a poll every 5 s (as the seed does);
//    every status and error is told in words, dates in the buyer's locale, with what to do next;
//  - every change of status is announced in a live region (#sub-live).

import { day, money, sentence } from '/js/pagos.js';
import { element, loadOffer, mountPlanPicker, usd } from '/js/plan-picker.js';

const POLL_MS = 5000;
const $ = id => document.getElementById(id);

// ---- the card: formatting and checks made before anything is sent ------------------------------------------------

const digitsOf = value => value.replace(/\D/g, '');

export function luhn(number) {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/** "4242424242424242" as "4242 4242 4242 4242" while typing; the caret stays after the same digit. */
function formatCardNumber(input) {
  const caretDigits = digitsOf(input.value.slice(0, input.selectionStart ?? input.value.length)).length;
  const digits = digitsOf(input.value).slice(0, 19);
  const formatted = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  if (formatted === input.value) return;
  input.value = formatted;
  let caret = 0;
  for (let seen = 0; caret < formatted.length && seen < caretDigits; caret++) if (/\d/.test(formatted[caret])) seen++;
  input.setSelectionRange(caret, caret);
}

/** "1230" as "12 / 30"; a lone first digit above 1 is a month: "4" becomes "04 / ". */
function formatExpiry(input, event) {
  let digits = digitsOf(input.value).slice(0, 4);
  if (digits.length === 1 && Number(digits) > 1) digits = '0' + digits;
  const deleting = event?.inputType?.startsWith('delete');
  input.value = digits.length >= 2 && !(deleting && digits.length === 2) ? digits.slice(0, 2) + ' / ' + digits.slice(2) : digits;
}

/** The card fields (number, expiry, security code, name), each with its error tied to it. */
function cardFields(prefix) {
  const field = (id, label, attributes, hint) => {
    const input = element('input', { id, 'aria-describedby': id + '-error', ...attributes });
    return { input, box: element('p', { className: 'field' }, element('label', { for: id }, label,
      hint ? element('span', { className: 'muted description' }, hint) : ''), input,
      element('span', { id: id + '-error', className: 'field-error' })) };
  };
  const number = field(prefix + '-number', 'Card number', { autocomplete: 'cc-number', inputMode: 'numeric',
    maxLength: 23, placeholder: '1234 1234 1234 1234', spellcheck: false });
  const exp = field(prefix + '-exp', 'Expiry date', { autocomplete: 'cc-exp', inputMode: 'numeric', maxLength: 7,
    placeholder: 'MM / YY' }, 'MM / YY');
  const cvc = field(prefix + '-cvc', 'Security code', { autocomplete: 'cc-csc', inputMode: 'numeric', maxLength: 4,
    placeholder: '123' }, '3 or 4 digits on the back');
  const holder = field(prefix + '-holder', 'Name on the card', { autocomplete: 'cc-name', spellcheck: false });
  number.input.addEventListener('input', () => formatCardNumber(number.input));
  exp.input.addEventListener('input', event => formatExpiry(exp.input, event));
  const box = element('fieldset', { className: 'card-fields' }, element('legend', {}, 'Card'),
    number.box, element('div', { className: 'pair' }, exp.box, cvc.box), holder.box);
  return { box, number: number.input, exp: exp.input, cvc: cvc.input, holder: holder.input };
}

function setError(input, message) {
  input.setAttribute('aria-invalid', String(Boolean(message)));
  $(input.id + '-error').textContent = message || '';
}

/** The card as the tokenizer wants it, or null after marking each wrong field. */
function checkCard(card) {
  const number = digitsOf(card.number.value);
  const [month, year] = (card.exp.value.match(/^(\d{2}) \/ (\d{2})$/) || []).slice(1).map(Number);
  const now = new Date();
  const problems = [
    [card.number, !number ? 'Enter the card number.'
      : number.length < 12 || number.length > 19 ? 'A card number has 12 to 19 digits. Check the number on your card.'
      : !luhn(number) ? 'This card number is not valid. Check the digits.' : ''],
    [card.exp, !month ? 'Enter the expiry date as MM / YY, e.g. 12 / 30.'
      : month < 1 || month > 12 ? 'The month is 01 to 12.'
      : 2000 + year < now.getFullYear() || (2000 + year === now.getFullYear() && month < now.getMonth() + 1)
        ? 'This card has expired. Use another card.' : ''],
    [card.cvc, /^\d{3,4}$/.test(card.cvc.value) ? '' : 'Enter the 3 or 4 digit security code.'],
    [card.holder, card.holder.value.trim() ? '' : 'Enter the name as it is on the card.'],
  ];
  for (const [input, message] of problems) setError(input, message);
  const first = problems.find(([, message]) => message);
  if (first) { first[0].focus(); return null; }
  return { number, cvc: card.cvc.value, exp_month: String(month).padStart(2, '0'), exp_year: String(year).padStart(2, '0'),
    card_holder: card.holder.value.trim() };
}

/** As the seed does with Wompi's public key: POST /tokens/cards from the browser (here: the simulator). */
async function tokenize(card) {
  const wompi = await (await fetch('/wompi-simulator/config')).json();
  const response = await fetch(wompi.apiBase + '/tokens/cards', { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + wompi.publicKey },
    body: JSON.stringify(card) });
  if (!response.ok) {
    const error = new Error('Wompi did not accept this card.');
    error.code = 'CARD_REJECTED';
    throw error;
  }
  return (await response.json()).data.id;
}

// ---- words for statuses and errors -------------------------------------------------------------------------------

const per = period => (period === 'annual' ? 'a year' : 'a month');

function whyDeclined(reason = '') {
  if (/review/i.test(reason)) return 'The payment is being checked by us before anything is granted.';
  if (/DECLINED/.test(reason)) return 'Your bank declined the card.';
  if (/VOIDED/.test(reason)) return 'The payment was voided.';
  return 'The card could not be charged.';
}

/** Tone, title and detail for a subscription, in words a buyer understands. */
export function describeSubscription(s) {
  const card = s.card_last_four ? `the card ending in ${s.card_last_four}` : 'your card';
  const price = `${money(s.amount_cop, 'COP')} (${usd(s.amount_usd)}) ${per(s.billing_period)}`;
  switch (s.status) {
    case 'PENDING': return { tone: 'processing', title: 'Confirming your first payment…',
      detail: `Wompi is charging ${card}. This usually takes a few seconds; you can keep this page open.` };
    case 'ACTIVE':
      if (s.cancel_at_period_end) return { tone: 'neutral', title: `Cancelled: active until ${day(s.current_period_end)}`,
        detail: `You will not be charged again. Everything stays available until ${day(s.current_period_end)}. Changed your mind? Resume it.` };
      return { tone: 'completed', title: 'Your subscription is active',
        detail: `${price}. Next payment on ${day(s.next_billing_at)} with ${card}.` };
    case 'PAST_DUE': return { tone: 'failed', title: 'Your last payment did not go through',
      detail: `${whyDeclined(s.failure_reason)} You keep access while we try ${card} again over the next days. Replace the card to pay now.` };
    case 'FAILED': return { tone: 'failed', title: 'Your first payment did not go through',
      detail: `${whyDeclined(s.failure_reason)} No money was taken and nothing was activated. Check the card or use another one, then try again.` };
    case 'CANCELED': return { tone: 'neutral', title: `Your subscription ended${s.current_period_end ? ' on ' + day(s.current_period_end) : ''}`,
      detail: 'Nothing more will be charged. You can subscribe again below.' };
    default: return { tone: 'neutral', title: 'Subscription status unknown', detail: 'Reload the page to see it.' };
  }
}

/** An API or card error as a sentence and, where it belongs to one, the field to mark. */
function explain(error, card) {
  switch (error.code) {
    case 'CARD_INVALID': return { field: card?.number, text: 'This card number is not valid. Check the digits.' };
    case 'CARD_EXPIRED': return { field: card?.exp, text: 'This card has expired. Use another card.' };
    case 'CARD_REJECTED': return { field: card?.number,
      text: 'Wompi did not accept this card. Check the number, expiry date and security code, or use another card. Nothing was charged.' };
    case 'PROVIDER_UNAVAILABLE': return { text: 'Wompi is not answering right now. Nothing was charged; try again in a minute.' };
    case 'SUBSCRIPTION_IN_PROGRESS': return { text: 'This workspace is being subscribed right now, perhaps in another tab. Its status appears here in a moment.' };
    case 'SUBSCRIPTION_EXISTS': return { text: 'This workspace already has a subscription. Here it is.' };
    case 'SUBSCRIPTION_NOT_FOUND': case 'NOT_FOUND': return { field: $('s-ws'),
      text: 'This workspace belongs to another account. Use another workspace ID.' };
    case 'SUBSCRIPTION_NOT_CHANGEABLE': return { text: 'This subscription cannot be changed any more (it has ended). Subscribe again instead.' };
    case 'INVALID_QUANTITY': case 'EMPTY_PURCHASE': case 'INVALID_REQUEST':
      return { text: `Something in the form is not valid: ${error.message.replace(/\.?$/, '.')} Correct it and try again.` };
    default: return { text: error.status ? 'Something went wrong on our side. Nothing was charged; please try again.'
      : 'We could not reach the server. Check your connection and try again; nothing was charged.' };
  }
}

// ---- the section -------------------------------------------------------------------------------------------------

/** Mounts the subscription section in `root`; `api` is js/pagos.js's client, `user` the signed-in user. */
export async function mountSubscription(root, { api, user }) {
  const memory = 'pagos.subscription.workspace.' + user;
  const live = $('sub-live');
  let offer;
  let subscription = null;
  let poll;
  let busy = false;
  let lastAnnounced = '';

  function say(text) {
    if (text === lastAnnounced) return;
    lastAnnounced = text;
    live.textContent = text;
  }

  // Loading the offer can fail (the API down, a proxy): say so and offer to try again.
  async function loadWithRetry() {
    for (;;) {
      try {
        return await loadOffer(api);
      } catch {
        const retry = element('button', { type: 'button', id: 'sub-offer-retry', textContent: 'Try again' });
        root.replaceChildren(element('p', { className: 'problem', role: 'alert' },
          'The plans could not be loaded, so nothing can be subscribed yet. Check your connection, then try again.'),
          element('div', { className: 'actions' }, retry));
        await new Promise(resolve => retry.addEventListener('click', resolve, { once: true }));
        root.replaceChildren(element('p', { className: 'muted' }, 'Loading the plans…'));
      }
    }
  }
  offer = await loadWithRetry();
  const byId = (list, id) => list.find(x => String(x.id) === String(id));

  // ---- the subscribe form
  const problem = element('div', { id: 'sub-problem', className: 'problem', role: 'alert', hidden: true });
  // The demo's workspace for this user (a real frontend sends the buyer's own): short, and the same on every visit.
  let hash = 2166136261;
  for (const c of user) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  const slug = user.replace(/[^a-z0-9-]/gi, '').slice(0, 30) + '-' + hash.toString(36);
  const ws = element('input', { id: 's-ws', value: 'ws-' + slug, autocomplete: 'off', spellcheck: false, maxLength: 100,
    'aria-describedby': 's-ws-error' });
  const email = element('input', { id: 's-email', type: 'email', autocomplete: 'email', inputMode: 'email',
    value: slug + '@example.com', 'aria-describedby': 's-email-error', spellcheck: false });
  const pickerBox = element('div', { id: 'sub-picker', className: 'plans' });
  const card = cardFields('s');
  const submit = element('button', { type: 'submit', id: 's-submit', disabled: true, textContent: 'Subscribe' });
  const form = element('form', { id: 'subscribe', className: 'card', noValidate: true, hidden: true },
    problem,
    element('p', { className: 'field' }, element('label', { for: ws.id }, 'Workspace ID'), ws,
      element('span', { id: 's-ws-error', className: 'field-error' })),
    element('p', { className: 'field' }, element('label', { for: email.id }, 'Email for receipts'), email,
      element('span', { id: 's-email-error', className: 'field-error' })),
    pickerBox, card.box,
    element('p', { className: 'muted' }, 'Test cards (simulator): 4242 4242 4242 4242 is approved, 4111 1111 1111 1111 is declined.'),
    element('p', { id: 's-terms', className: 'muted' }),
    element('div', { className: 'actions' }, submit));
  let picker = null;
  picker = mountPlanPicker(pickerBox, { api, offer, prefix: 'sub', onQuote: () => labelSubmit() });
  function labelSubmit() {
    const current = picker?.quote();
    submit.disabled = !current || busy;
    submit.textContent = current
      ? `${form.dataset.retry ? 'Try again' : 'Subscribe'}: ${money(current.quote.totalCop, 'COP')} ${per(current.quote.period)}`
      : 'Subscribe';
    $('s-terms').textContent = current
      ? `You will be charged ${money(current.quote.totalCop, 'COP')} (${usd(current.quote.totalUsd)}) now, then ${per(current.quote.period)
        } at that day's rate until you cancel. You can cancel at any time; access lasts to the end of the paid period.`
      : '';
  }

  // ---- the manager view
  const state = element('h3', { id: 'sub-state', tabIndex: -1 });
  const detail = element('p', { id: 'sub-detail' });
  const items = element('ul', { id: 'sub-items', className: 'items', 'aria-label': 'In your subscription' });
  const pending = element('p', { id: 'sub-pending', className: 'pending-change', hidden: true });
  const resume = element('button', { type: 'button', id: 'sub-resume', textContent: 'Resume subscription' });
  const change = element('button', { type: 'button', id: 'sub-change', className: 'secondary', textContent: 'Change plan' });
  const replace = element('button', { type: 'button', id: 'sub-replace-card', className: 'secondary', textContent: 'Replace card' });
  const cancel = element('button', { type: 'button', id: 'sub-cancel', className: 'secondary danger', textContent: 'Cancel subscription' });
  const actionProblem = element('p', { id: 'sub-action-problem', className: 'problem', role: 'alert', hidden: true });
  const changeBox = element('div', { className: 'plans' });
  const changeSave = element('button', { type: 'submit', id: 'sub-change-save', disabled: true, textContent: 'Save change' });
  const changeNote = element('p', { id: 'sub-change-note', className: 'muted' });
  const changeForm = element('form', { id: 'sub-change-form', className: 'card', hidden: true, noValidate: true },
    element('h4', {}, 'Change your plan'), changeBox, changeNote,
    element('div', { className: 'actions' }, changeSave,
      element('button', { type: 'button', className: 'secondary', textContent: 'Keep my current plan', onclick: () => closeForms(change) })));
  const newCard = cardFields('c');
  const cardSave = element('button', { type: 'submit', id: 'sub-card-save', textContent: 'Save card' });
  const cardForm = element('form', { id: 'sub-card-form', className: 'card', hidden: true, noValidate: true },
    element('h4', {}, 'Replace your card'), newCard.box,
    element('p', { className: 'muted', id: 'sub-card-note' }),
    element('div', { className: 'actions' }, cardSave,
      element('button', { type: 'button', className: 'secondary', textContent: 'Keep my card', onclick: () => closeForms(replace) })));
  const manager = element('div', { id: 'sub-manager', className: 'card', hidden: true },
    state, detail, items, pending, actionProblem,
    element('div', { className: 'actions' }, resume, change, replace, cancel), changeForm, cardForm);
  root.replaceChildren(manager, form);

  let changePicker;
  changePicker = mountPlanPicker(changeBox, { api, offer, prefix: 'chg', onQuote: current => {
    const same = current && subscription && current.quote.totalUsd === subscription.amount_usd
      && sameSelection(current.body, subscription);
    changeSave.disabled = !current;
    changeNote.textContent = !current ? '' : same
      ? 'This is your current plan: saving it withdraws any change waiting for the next billing date.'
      : `From ${day(subscription?.current_period_end)} you will pay ${money(current.quote.totalCop, 'COP')} (${usd(current.quote.totalUsd)}) ${
        per(subscription?.billing_period)} at today's rate. Nothing is charged now and nothing is refunded.`;
    changeSave.textContent = current && !same ? `Save: ${usd(current.quote.totalUsd)} ${per(subscription?.billing_period)} from ${day(subscription?.current_period_end)}` : 'Save change';
  } });
  // The period is the subscription's own; a change of period is not offered (the API keeps it).
  changePicker.periodField.hidden = true;

  function selectionOf(s) {
    const ref = id => byId(offer.assistants, id)?.reference;
    return { plan: s.plan_id, freeAssistant: s.free_assistant_id != null ? ref(s.free_assistant_id) : null,
      paidAssistants: (s.paid_assistant_ids || []).map(ref), period: s.billing_period,
      addons: (s.addons || []).map(a => ({ id: byId(offer.addons, a.id)?.reference, quantity: a.quantity })) };
  }
  function sameSelection(body, s) {
    const a = selectionOf(s);
    return body.plan === a.plan && JSON.stringify([...body.paidAssistants].sort()) === JSON.stringify([...a.paidAssistants].sort())
      && JSON.stringify(body.addons.map(x => [x.id, x.quantity]).sort()) === JSON.stringify(a.addons.map(x => [x.id, x.quantity]).sort());
  }
  /** The selection in the API's numbers (as the seed sends them). */
  function apiSelection(body) {
    const assistantId = ref => offer.assistants.find(a => a.reference === ref).id;
    return { plan_id: body.plan, free_assistant_id: body.freeAssistant ? assistantId(body.freeAssistant) : null,
      paid_assistant_ids: body.paidAssistants.map(assistantId),
      addons: body.addons.map(a => ({ id: offer.addons.find(x => x.reference === a.id).id, quantity: a.quantity })) };
  }

  function itemLines(s) {
    const lines = [];
    const plan = offer.plans.find(p => p.id === s.plan_id);
    if (plan) lines.push(`${plan.name} plan, ${s.billing_period === 'annual' ? 'billed yearly' : 'billed monthly'}`);
    if (s.free_assistant_id != null) lines.push(`${byId(offer.assistants, s.free_assistant_id)?.name} (included free)`);
    for (const id of s.paid_assistant_ids || []) lines.push(byId(offer.assistants, id)?.name);
    for (const a of s.addons || []) lines.push(`${byId(offer.addons, a.id)?.name}${a.quantity > 1 ? ' × ' + a.quantity : ''}`);
    return lines.filter(Boolean);
  }

  function pendingText(s) {
    const p = s.pending_change;
    if (!p) return '';
    const plan = offer.plans.find(x => x.id === p.plan_id)?.name ?? 'No plan';
    const parts = [plan, ...(p.paid_assistant_ids || []).map(id => byId(offer.assistants, id)?.name),
      ...(p.addons || []).map(a => `${byId(offer.addons, a.id)?.name} × ${a.quantity}`)].filter(Boolean);
    return `Change waiting: from ${day(p.effective_at)} your subscription becomes ${parts.join(', ')} for ${
      usd(p.amount_usd)} ${per(s.billing_period)}, charged in pesos at that day's rate.`;
  }

  function closeForms(returnFocusTo) {
    changeForm.hidden = true;
    cardForm.hidden = true;
    change.setAttribute('aria-expanded', 'false');
    replace.setAttribute('aria-expanded', 'false');
    if (returnFocusTo) returnFocusTo.focus();
  }

  /** Shows a subscription: the manager view while it lives, the form (with what happened) when it failed or ended. */
  function show(s, { focus = false } = {}) {
    subscription = s;
    const words = describeSubscription(s);
    say(sentence(words.title, words.detail));
    const live = ['PENDING', 'ACTIVE', 'PAST_DUE'].includes(s.status);
    manager.hidden = !live;
    manager.className = 'card ' + words.tone;
    manager.dataset.status = s.status;
    manager.dataset.canceling = String(Boolean(s.cancel_at_period_end));
    root.dataset.status = s.status;
    if (live) {
      form.hidden = true;
      state.textContent = words.title;
      detail.textContent = words.detail;
      items.replaceChildren(...itemLines(s).map(text => element('li', {}, text)));
      pending.textContent = pendingText(s);
      pending.hidden = !s.pending_change;
      const active = s.status === 'ACTIVE';
      resume.hidden = !(active && s.cancel_at_period_end);
      cancel.hidden = s.cancel_at_period_end || s.status === 'PENDING';
      change.hidden = s.cancel_at_period_end || s.status === 'PENDING';
      replace.hidden = s.status === 'PENDING';
      if (s.cancel_at_period_end || s.status === 'PENDING') closeForms();
      $('sub-card-note').textContent = s.status === 'PAST_DUE'
        ? 'The new card is charged for the overdue payment as soon as you save it.'
        : `It is charged from the next payment on ${day(s.next_billing_at)}. Nothing is charged now.`;
      if (focus) state.focus();
    } else {
      // FAILED or CANCELED: the retry is where the buyer is, the form with what happened above it.
      showForm(sentence(words.title, words.detail), s);
      form.dataset.retry = s.status === 'FAILED' ? 'true' : '';
      labelSubmit();
      if (focus) {
        card.number.value = '';
        card.number.focus();
      }
    }
    clearInterval(poll);
    if (s.status === 'PENDING') poll = setInterval(refresh, POLL_MS); // the seed polls every 5 s; pushes come sooner
  }

  function showForm(message, previous) {
    manager.hidden = true;
    form.hidden = false;
    problem.hidden = !message;
    problem.textContent = message || '';
    if (previous) {
      ws.value = previous.workspace_id;
      if (previous.email) email.value = previous.email;
    }
  }

  async function refresh() {
    const workspace = localStorage.getItem(memory);
    if (!workspace) return;
    try {
      const s = await api('/subscriptions/' + encodeURIComponent(workspace));
      const changed = !subscription || s.status !== subscription.status || s.cancel_at_period_end !== subscription.cancel_at_period_end;
      show(s, { focus: changed && subscription?.status === 'PENDING' });
    } catch (e) {
      if (e.status === 404) { localStorage.removeItem(memory); subscription = null; showForm(''); }
      // otherwise offline or busy: keep what is shown; the next push, poll or reload asks again
    }
  }

  // ---- actions
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (busy) return; // a double click: the first press is already on its way
    problem.hidden = true;
    const current = picker.quote();
    setError(ws, ws.value.trim() ? '' : 'Enter the workspace ID.');
    setError(email, email.validity.valid && email.value ? '' : 'Enter an email address like name@example.com.');
    if (!ws.value.trim()) { ws.focus(); return; }
    if (!email.validity.valid || !email.value) { email.focus(); return; }
    const cardData = checkCard(card);
    if (!cardData || !current) return;
    busy = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    submit.textContent = 'Subscribing…';
    try {
      const token = await tokenize(cardData);
      const workspace = ws.value.trim();
      const body = { workspace_id: /^\d+$/.test(workspace) ? Number(workspace) : workspace, owner_email: email.value,
        period: current.body.period, ...apiSelection(current.body), card_token: token };
      const s = await api('/subscriptions', { method: 'POST', body: JSON.stringify(body),
        headers: { 'Idempotency-Key': crypto.randomUUID() } });
      localStorage.setItem(memory, workspace);
      show(s, { focus: true });
    } catch (e) {
      const { field, text } = explain(e, card);
      if (e.code === 'SUBSCRIPTION_EXISTS' || e.code === 'SUBSCRIPTION_IN_PROGRESS') {
        localStorage.setItem(memory, ws.value.trim());
        await refresh();
        say(text);
        if (e.code === 'SUBSCRIPTION_IN_PROGRESS') setTimeout(refresh, 2000);
      } else {
        problem.hidden = false;
        problem.textContent = text;
        say(text);
        if (field) { setError(field, text); field.focus(); }
      }
    } finally {
      busy = false;
      submit.removeAttribute('aria-busy');
      labelSubmit();
    }
  });

  async function act(button, request, done) {
    button.disabled = true;
    actionProblem.hidden = true;
    try {
      const answer = await request();
      await done(answer);
    } catch (e) {
      actionProblem.hidden = false;
      actionProblem.textContent = explain(e, null).text;
      say(actionProblem.textContent);
    } finally {
      button.disabled = false;
    }
  }
  const path = suffix => '/subscriptions/' + encodeURIComponent(subscription.workspace_id) + suffix;

  change.addEventListener('click', async () => {
    cardForm.hidden = true;
    replace.setAttribute('aria-expanded', 'false');
    changeForm.hidden = false;
    change.setAttribute('aria-expanded', 'true');
    await changePicker.set(selectionOf(subscription.pending_change
      ? { ...subscription, ...subscription.pending_change } : subscription));
    changeForm.querySelector('input').focus();
  });
  changeForm.addEventListener('submit', event => {
    event.preventDefault();
    const current = changePicker.quote();
    if (!current) return;
    const { free_assistant_id, ...rest } = apiSelection(current.body);
    act(changeSave, () => api(path(''), { method: 'PATCH', body: JSON.stringify({ ...rest,
      ...(free_assistant_id != null ? { free_assistant_id } : {}) }) }), s => {
      closeForms();
      show(s);
      state.focus();
      say(s.pending_change ? pendingText(s) : 'No change is waiting: your subscription stays as it is.');
    });
  });

  replace.addEventListener('click', () => {
    changeForm.hidden = true;
    change.setAttribute('aria-expanded', 'false');
    cardForm.hidden = false;
    replace.setAttribute('aria-expanded', 'true');
    newCard.number.focus();
  });
  cardForm.addEventListener('submit', event => {
    event.preventDefault();
    const cardData = checkCard(newCard);
    if (!cardData) return;
    act(cardSave, async () => api(path('/payment'), { method: 'PATCH',
      body: JSON.stringify({ card_token: await tokenize(cardData) }) }), s => {
      for (const input of [newCard.number, newCard.exp, newCard.cvc, newCard.holder]) input.value = '';
      closeForms();
      show(s);
      state.focus();
      say(`Card saved: the card ending in ${s.card_last_four} is used from now on.`);
    });
  });

  // Cancel: a secondary action, and a confirmation that says until when access lasts.
  const dialog = $('sub-cancel-dialog');
  cancel.addEventListener('click', () => {
    $('sub-cancel-text').textContent = subscription.status === 'PAST_DUE'
      ? 'Your last payment is unpaid, so the subscription ends now and access stops today. Nothing more will be charged.'
      : `You will not be charged again. You keep everything until ${day(subscription.current_period_end)}; after that the workspace loses the plan, assistants and add-ons. You can resume before then.`;
    dialog.showModal();
    $('sub-cancel-keep').focus();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'cancel') { cancel.focus(); return; }
    act(cancel, () => api(path('/cancel'), { method: 'DELETE' }), async () => {
      await refresh();
      state.focus();
    });
  });
  resume.addEventListener('click', () => act(resume, () => api('/subscriptions', { method: 'POST',
    // Subscribing again before the period ends undoes the cancellation: same subscription and card, nothing charged.
    body: JSON.stringify({ workspace_id: subscription.workspace_id, owner_email: subscription.email,
      period: subscription.billing_period, ...apiSelection(selectionOf(subscription)) }) }), s => {
    show(s);
    state.focus();
  }));

  document.addEventListener('pagos-push', e => {
    if (e.detail.event.startsWith('subscription_') && localStorage.getItem(memory)) refresh();
  });
  document.addEventListener('pagos-reconnected', () => refresh());

  // On load: the remembered workspace's subscription, else the form.
  await picker.ready;
  if (localStorage.getItem(memory)) await refresh();
  if (!subscription) showForm('');
  root.dataset.ready = 'true';
}

// The plan picker shared by the one-off Wompi purchase and the subscription: plan, the assistant that comes free
// with it, paid assistants, add-ons with a quantity, monthly or annual, and the live price from POST /quotes.
// Rules a frontend copies from here:
//  - the price shown is always the server's (POST /quotes), never computed in the browser;
//  - a quantity that is not a whole number in its range is marked on its field (aria-invalid + a message tied to
//    it with aria-describedby), nothing is priced from a guess, and the total says the selection is not valid;
//  - an older quote answering late never replaces a newer one.

import { money } from '/js/pagos.js';

const QUOTE_DELAY_MS = 150;

export function element(tag, properties = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key === 'for' || key === 'role' || key === 'autocomplete') node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

export const usd = cents => money(cents, 'USD');

/** /plans, /assistants and /addons in one go. */
export async function loadOffer(api) {
  const [{ plans }, { assistants }, { addons }] = await Promise.all([api('/plans'), api('/assistants'), api('/addons')]);
  return { plans, assistants, addons };
}

/** One labelled choice (radio or checkbox): the whole label is the tap target (at least 44 px, see pagos.css). */
function choice(type, name, value, text, description, checked = false) {
  const input = element('input', { type, name, value, checked });
  const note = element('span', { className: 'note' });
  const label = element('label', { className: 'choice' }, input,
    element('span', {}, text, description ? element('span', { className: 'muted description' }, description) : '', note));
  return { input, label, note };
}

/** The breakdown of a quote as term/value rows, each value tagged data-quote=<key> (the tests read them). */
export function breakdownRows(quote) {
  const row = (term, value, key) => [element('dt', {}, term), element('dd', { dataset: { quote: key } }, value)];
  const rate = `${Number(quote.exchangeRate).toLocaleString('es-CO')} COP per USD (${
    quote.exchangeRateOrigin === 'fallback' ? 'fallback rate: the rate source did not answer' : 'live rate'})`;
  return [
    ...row('Plan', usd(quote.plan), 'plan'),
    ...row('Assistants', usd(quote.assistants), 'assistants'),
    ...row('Add-ons', usd(quote.addons), 'addons'),
    ...row(`Discount (${quote.discountPercent}%)`, '−' + usd(quote.discountUsd), 'discount'),
    ...row(`Total (${quote.months === 12 ? '12 months' : '1 month'})`, usd(quote.totalUsd), 'totalUsd'),
    ...row('You pay in Colombian pesos', money(quote.totalCop, 'COP'), 'totalCop'),
    ...row('Annual savings', usd(quote.annualSavingsUsd), 'savings'),
    ...row('Exchange rate', rate, 'rate'),
  ];
}

/**
 * Builds the picker in `container`. `prefix` names its fields (ids and radio groups); `onQuote(quote|null)` hears
 * every new price (null: nothing valid to price). Returns { selection(), quote(), set(selection), ready }.
 */
export function mountPlanPicker(container, { api, offer, prefix, perMonthWord = 'a month', allowNoPlan = true, onQuote = () => {} }) {
  const { plans, assistants, addons } = offer;
  const planField = element('fieldset', {}, element('legend', {}, 'Plan'));
  const planChoices = [];
  if (allowNoPlan) planChoices.push(choice('radio', prefix + '-plan', '', 'No plan (assistants only)', ''));
  for (const plan of plans) {
    planChoices.push(choice('radio', prefix + '-plan', plan.id, `${plan.name} · ${usd(plan.monthlyPrice)} ${perMonthWord}`,
      plan.description, plan === plans[0]));
  }
  planField.append(...planChoices.map(c => c.label));

  const freeSelect = element('select', { id: prefix + '-free-assistant' },
    element('option', { value: '' }, 'None'),
    ...assistants.map(a => element('option', { value: a.reference }, a.name)));
  freeSelect.value = assistants[0]?.reference ?? '';
  const freeField = element('p', { className: 'field' }, element('label', { for: freeSelect.id },
    'Assistant included free with the plan'), freeSelect);

  const paidField = element('fieldset', {}, element('legend', {}, 'Paid assistants'));
  const paidChoices = assistants.map(a => {
    const c = choice('checkbox', prefix + '-paid', a.reference, `${a.name} · ${usd(a.monthlyPrice)} ${perMonthWord}`, a.description);
    c.note.id = `${prefix}-paid-note-${a.reference}`;
    return c;
  });
  paidField.append(...paidChoices.map(c => c.label));

  const addonField = element('fieldset', {}, element('legend', {}, 'Add-ons (quantity, 0 for none)'));
  const addonInputs = addons.map(a => {
    const max = a.maxQuantity ?? 99;
    const input = element('input', { type: 'number', min: 0, max, step: 1, value: 0,
      id: `${prefix}-addon-${a.reference}`, inputMode: 'numeric', 'aria-describedby': `${prefix}-addon-${a.reference}-error` });
    input.dataset.reference = a.reference;
    input.dataset.max = max;
    input.dataset.name = a.name;
    const error = element('span', { id: `${prefix}-addon-${a.reference}-error`, className: 'field-error' });
    addonField.append(element('p', { className: 'quantity' },
      element('label', { for: input.id }, `${a.name} · ${usd(a.monthlyPrice)} ${perMonthWord} each`,
        a.description ? element('span', { className: 'muted description' }, a.description) : ''), input, error));
    return { input, error };
  });

  const periodField = element('fieldset', { className: 'period' }, element('legend', {}, 'Billing'));
  const monthly = choice('radio', prefix + '-period', 'monthly', 'Monthly', '', true);
  const annual = choice('radio', prefix + '-period', 'annual', 'Annual (12 months, 15% off)', '');
  periodField.append(monthly.label, annual.label);

  const breakdown = element('dl', { id: prefix + '-quote', className: 'breakdown' });
  const quoteStatus = element('p', { id: prefix + '-quote-status', className: 'muted', role: 'status', 'aria-live': 'polite' });

  container.replaceChildren(planField, freeField, paidField, addonField, periodField,
    element('h3', {}, 'Price'), breakdown, quoteStatus);

  /** The add-on quantities, each checked: a whole number from 0 to its maximum, or an error on its field. */
  function quantities() {
    const errors = [];
    const chosen = [];
    for (const { input, error } of addonInputs) {
      const raw = input.value.trim();
      const max = Number(input.dataset.max);
      let message = '';
      if (input.validity.badInput || (raw !== '' && !/^\d+$/.test(raw))) {
        message = `Enter a whole number from 0 to ${max}.`;
      } else if (raw !== '' && Number(raw) > max) {
        message = `At most ${max}. Enter a number from 0 to ${max}.`;
      }
      input.setAttribute('aria-invalid', String(Boolean(message)));
      error.textContent = message;
      if (message) errors.push(`${input.dataset.name}: ${message}`);
      else if (Number(raw) > 0) chosen.push({ id: input.dataset.reference, quantity: Number(raw) });
    }
    return { errors, chosen };
  }

  function selection() {
    const plan = planChoices.find(c => c.input.checked)?.input.value || null;
    // The free assistant comes only with a plan, and is not paid for again.
    const free = plan ? freeSelect.value || null : null;
    const paid = paidChoices.filter(c => c.input.checked && c.input.value !== free).map(c => c.input.value);
    return { plan, freeAssistant: free, paidAssistants: paid, addons: quantities().chosen,
      period: annual.input.checked ? 'annual' : 'monthly' };
  }

  function syncChoices() {
    const plan = planChoices.find(c => c.input.checked)?.input.value;
    freeSelect.disabled = !plan;
    for (const c of paidChoices) {
      const isFree = Boolean(plan) && c.input.value === freeSelect.value;
      c.input.disabled = isFree;
      c.note.textContent = isFree ? ' Included free with your plan, so it cannot be bought again.' : '';
      if (isFree) {
        c.input.checked = false;
        c.input.setAttribute('aria-describedby', c.note.id);
      } else {
        c.input.removeAttribute('aria-describedby');
      }
    }
  }

  let asked = 0;
  let timer;
  let current = null;
  function settle(quote) {
    current = quote;
    onQuote(quote);
  }
  async function requote() {
    const ask = ++asked;
    const { errors } = quantities();
    const body = selection();
    if (errors.length) {
      breakdown.replaceChildren(element('dt', {}, 'Total'),
        element('dd', { dataset: { quote: 'totalUsd' } }, 'Not valid'));
      breakdown.dataset.valid = 'false';
      quoteStatus.textContent = 'No price: the selection is not valid. ' + errors.join(' ');
      settle(null);
      return;
    }
    if (!body.plan && !body.paidAssistants.length) {
      breakdown.replaceChildren();
      breakdown.dataset.valid = 'false';
      quoteStatus.textContent = 'Choose a plan or at least one assistant.';
      settle(null);
      return;
    }
    quoteStatus.textContent = 'Updating the price…';
    breakdown.setAttribute('aria-busy', 'true');
    try {
      const quote = await api('/quotes', { method: 'POST', body: JSON.stringify(body) });
      if (ask !== asked) return; // an older answer arriving late: the newer one wins
      breakdown.replaceChildren(...breakdownRows(quote));
      breakdown.dataset.period = quote.period;
      breakdown.dataset.totalUsd = quote.totalUsd;
      breakdown.dataset.valid = 'true';
      quoteStatus.textContent = `Total ${usd(quote.totalUsd)}, paid as ${money(quote.totalCop, 'COP')}.`;
      settle({ body, quote });
    } catch (e) {
      if (ask !== asked) return;
      breakdown.replaceChildren();
      breakdown.dataset.valid = 'false';
      quoteStatus.textContent = 'We could not price this selection: ' + e.message;
      settle(null);
    } finally {
      if (ask === asked) breakdown.removeAttribute('aria-busy');
    }
  }

  function changed() {
    syncChoices();
    clearTimeout(timer);
    timer = setTimeout(requote, QUOTE_DELAY_MS);
  }

  container.addEventListener('change', changed);
  container.addEventListener('input', event => { if (event.target.type === 'number') changed(); });

  /** Shows a selection (e.g. a subscription's current one): plan id, free and paid assistant references, add-ons. */
  function set({ plan, freeAssistant, paidAssistants = [], addons: chosen = [], period }) {
    for (const c of planChoices) c.input.checked = c.input.value === (plan || '');
    if (freeAssistant) freeSelect.value = freeAssistant;
    for (const c of paidChoices) c.input.checked = paidAssistants.includes(c.input.value);
    for (const { input } of addonInputs) {
      input.value = chosen.find(a => a.id === input.dataset.reference)?.quantity ?? 0;
    }
    if (period) { monthly.input.checked = period !== 'annual'; annual.input.checked = period === 'annual'; }
    syncChoices();
    return requote();
  }

  syncChoices();
  return { selection, quote: () => current, set, periodField, ready: requote() };
}

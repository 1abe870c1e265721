// The review desk: GET /admin/review as a table, each item with the actions the API offers. An action is never sent
// from the button: it opens a confirmation (what will happen, to what) that asks for the reason, which the audit
// trail keeps, and the provider's refund reference when the provider has no refund API. The page follows each
// action's method and path as the API gives them, with one Idempotency-Key per confirmation (a retry after a lost
// answer is the same request).

import { day, money } from '../js/pagos.js';
import { element } from '../js/plan-picker.js';
import { providerName } from './charts.js';

const $ = id => document.getElementById(id);

const KINDS = { order_needs_review: 'Order held for review', charge_needs_review: 'Charge held for review',
  event_abandoned: 'Webhook event given up', charge_unknown: 'Charge with an unknown outcome',
  subscription_without_next_action: 'Subscription without a next action', charge_to_refund: 'Charge to refund' };
const VERBS = { refund: 'Yes, refund', accept: 'Yes, accept', reject: 'Yes, reject', replay: 'Yes, replay' };
const DONE = { refunded: 'Refunded', refund_pending: 'Refund asked', accepted: 'Accepted', rejected: 'Rejected',
  replayed: 'Replayed' };

const moment = iso => iso ? `${day(iso)} ${new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}` : '';

export function mountDesk({ api, announce, onRefused }) {
  let cursor = null;
  let pending = null;

  function itemRow(item) {
    const what = element('td', {},
      element('span', { className: 'kind' }, KINDS[item.kind] || item.kind),
      element('b', { className: 'description', id: `desk-title-${cssId(item.id)}` }, item.title),
      element('span', { className: 'muted description' }, `Flagged ${moment(item.flagged_at)}`));
    if (item.audit?.length) {
      what.append(element('ul', { className: 'audit muted' }, ...item.audit.map(a =>
        element('li', {}, `${moment(a.at)} ${a.actor}: ${a.action}${a.reason ? ' (' + a.reason + ')' : ''}`))));
    }
    const seen = item.provider_view;
    const providerSays = item.provider
      ? `${providerName(item.provider)}: ${seen ? (seen.error ? 'could not read it (' + seen.error + ')' : seen.status) : 'not read'}`
      : '—';
    const buttons = item.actions.map(action => {
      const button = element('button', { type: 'button', className: action.action === 'refund' || action.action === 'reject'
        ? 'secondary danger' : '', dataset: { action: action.action } }, action.label);
      button.setAttribute('aria-describedby', `desk-title-${cssId(item.id)}`);
      button.addEventListener('click', () => confirm(item, action, button));
      return button;
    });
    return element('tr', { dataset: { item: item.id, kind: item.kind } },
      what, element('td', {}, item.reason || ''),
      element('td', { className: 'number' }, item.amount ? money(item.amount.minor, item.amount.currency) : '—'),
      element('td', {}, providerSays), element('td', {}, item.buyer || '—'),
      element('td', {}, buttons.length ? element('div', { className: 'actions' }, ...buttons)
        : element('span', { className: 'muted' }, 'Nothing to do here: see the reason')));
  }

  /** Loads the first page again (more = the next page, appended). Throws a refusal (401/403) to the caller. */
  async function load(more = false) {
    $('desk-status').textContent = 'Loading the review desk…';
    try {
      const page = await api('/admin/review?limit=50' + (more && cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      const rows = page.items.map(itemRow);
      if (more) $('desk-table').tBodies[0].append(...rows);
      else $('desk-table').tBodies[0].replaceChildren(...rows);
      cursor = page.next_cursor;
      const count = $('desk-table').tBodies[0].rows.length;
      $('desk-table').hidden = count === 0;
      $('desk-more').hidden = !cursor;
      $('desk-status').textContent = count === 0 ? 'Nothing waits for review.'
        : `${count} ${count === 1 ? 'item waits' : 'items wait'} for review${cursor ? ' (more below)' : ''}.`;
    } catch (e) {
      if (e.status === 401 || e.status === 403) throw e;
      $('desk-status').textContent = 'The review desk could not be loaded: ' + e.message;
    } finally {
      $('desk').dataset.loaded = String(Date.now());
    }
  }

  // ---- the confirmation ------------------------------------------------------------------------------------------

  function confirm(item, action, button) {
    pending = { item, action, button, key: crypto.randomUUID() };
    $('confirm-title').textContent = `${action.label}?`;
    $('confirm-item').textContent = `${item.title}. ${item.reason || ''}`.trim();
    $('confirm-reason').value = '';
    $('confirm-reference').value = '';
    $('confirm-reference-field').hidden = !action.needs_manual_reference;
    $('confirm-reference').required = Boolean(action.needs_manual_reference);
    for (const id of ['confirm-reason', 'confirm-reference']) {
      $(id).removeAttribute('aria-invalid');
      $(id + '-error').textContent = '';
    }
    $('confirm-error').hidden = true;
    $('confirm-go').textContent = VERBS[action.action] || 'Yes, do it';
    $('confirm-go').disabled = false;
    $('confirm').dataset.action = action.action;
    $('confirm').showModal();
    $('confirm-reason').focus();
  }

  function invalid(id, message) {
    $(id).setAttribute('aria-invalid', 'true');
    $(id + '-error').textContent = message;
    announce(message);
    $(id).focus();
  }

  $('confirm-back').addEventListener('click', () => $('confirm').close('back'));
  $('confirm').addEventListener('close', () => {
    if (!pending) return;
    // Went back (the button or Escape): nothing was sent; the focus returns to the action's button.
    announce('Nothing was done.');
    pending.button.focus();
    pending = null;
  });

  $('confirm-form').addEventListener('submit', async event => {
    event.preventDefault();
    if (!pending || $('confirm-go').disabled) return;
    const reason = $('confirm-reason').value.trim();
    const reference = $('confirm-reference').value.trim();
    $('confirm-reason').removeAttribute('aria-invalid');
    $('confirm-reason-error').textContent = '';
    $('confirm-reference').removeAttribute('aria-invalid');
    $('confirm-reference-error').textContent = '';
    if (!reason) return invalid('confirm-reason', 'Give a reason: it goes in the audit trail.');
    if (pending.action.needs_manual_reference && !reference) {
      return invalid('confirm-reference', "Give the refund's reference from the provider's console.");
    }
    const { item, action, key } = pending;
    const body = { reason };
    if (action.needs_manual_reference) body.manual_reference = reference;
    $('confirm-go').disabled = true;
    $('confirm-error').hidden = true;
    try {
      const result = await api(action.path, { method: action.method || 'POST', body: JSON.stringify(body),
        headers: { 'idempotency-key': key } });
      pending = null;
      $('confirm').close('done');
      await load();
      const outcome = `${DONE[result.outcome] || result.outcome}: ${result.message}`;
      $('desk-status').textContent = `${outcome} ${$('desk-status').textContent}`;
      $('desk').dataset.lastOutcome = result.outcome;
      $('desk').dataset.lastItem = item.id;
      announce(outcome);
      $('desk-status').focus();
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        pending = null;
        $('confirm').close('done');
        onRefused(e);
        return;
      }
      // Refused (409: it moved on meanwhile; 400) or not answered: said in the dialog, which stays open. A retry
      // after no answer reuses the key, so it cannot act twice.
      $('confirm-error').textContent = `Not done: ${e.message}` + (e.status === 409 ? ' Reload the desk to see where it stands.' : '');
      $('confirm-error').hidden = false;
      $('confirm-go').disabled = false;
      announce($('confirm-error').textContent);
      $('confirm-reason').focus();
    }
  });

  $('desk-more').addEventListener('click', () => load(true).catch(onRefused).then(() => announce($('desk-status').textContent)));
  $('desk-reload').addEventListener('click', () => load().catch(onRefused).then(() => announce($('desk-status').textContent)));

  return { load };
}

/** An item id ("order:3f0c…") as a safe piece of an element id. */
function cssId(id) {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}

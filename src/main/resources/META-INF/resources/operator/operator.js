// The operator page: sign-in with an admin token, the metrics charts, the review desk and the subscription list.
// Rules it keeps (as the buyer's page does): every result is announced once in the live region (#live) and said in
// words on the page; the focus follows what the operator started; every control has a name and is at least 44 px.

import { ApiError, apiClient, day, money } from '../js/pagos.js';
import { element } from '../js/plan-picker.js';
import { renderCharts } from './charts.js';
import { mountDesk } from './desk.js';
import config from './config.js';

const $ = id => document.getElementById(id);
const TOKEN_KEY = 'pagos.operator.token';
const NAME_KEY = 'pagos.operator.name';
const PAGE_SIZE = 20;

let api;
let desk;
let subsPage = 1;

/** Says it in the live region; the same words twice in a row are announced again. */
function announce(text) {
  const live = $('live');
  live.textContent = '';
  requestAnimationFrame(() => { live.textContent = text; });
}

// ---- sign-in ----------------------------------------------------------------------------------------------------

function showSignIn(problem) {
  sessionStorage.removeItem(TOKEN_KEY);
  $('signed-in').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  $(config.signIn === 'dev' ? 'dev-sign-in' : 'token-sign-in').hidden = false;
  $('sign-in-error').hidden = !problem;
  $('sign-in-error').textContent = problem || '';
  if (problem) announce(problem);
  document.body.dataset.ready = 'true';
}

/** The subject of a JWT, for the header; the API checks the token, the page only shows who it says it is. */
function subjectOf(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub || 'admin';
  } catch {
    return 'admin';
  }
}

async function devToken(user) {
  const response = await fetch(`${config.apiBase}/dev/token?user=${encodeURIComponent(user)}&admin=true`);
  if (!response.ok) throw new ApiError(response.status, 'SIGN_IN_FAILED', 'Local mode did not give a token');
  return (await response.json()).token;
}

$('dev-sign-in').addEventListener('submit', async event => {
  event.preventDefault();
  const user = $('dev-user').value.trim() || 'operator';
  try {
    signedIn(await devToken(user), user);
  } catch (e) {
    showSignIn('Could not sign in: ' + e.message + '. Is Pagos running in local mode?');
  }
});

$('token-sign-in').addEventListener('submit', event => {
  event.preventDefault();
  const token = $('admin-token').value.trim();
  const wellFormed = token.split('.').length === 3;
  $('admin-token').setAttribute('aria-invalid', String(!wellFormed));
  $('admin-token-error').textContent = wellFormed ? '' : 'Paste a JWT: three parts separated by dots.';
  if (!wellFormed) {
    $('admin-token').focus();
    return;
  }
  $('admin-token').value = '';
  signedIn(token, subjectOf(token));
});

$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(NAME_KEY);
  showSignIn('');
  announce('Signed out.');
  $(config.signIn === 'dev' ? 'dev-user' : 'admin-token').focus();
});

/** What a refused token means to the operator. */
function refusal(e) {
  if (e.status === 401) return 'The sign-in was refused (expired or not valid). Sign in again.';
  if (e.status === 403) return 'This account is not an admin: its token lacks the admin group.';
  return null;
}

async function signedIn(token, name) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(NAME_KEY, name);
  api = apiClient(token, config.apiBase);
  $('operator-name').textContent = name;
  $('sign-in').hidden = true;
  $('sign-in-error').hidden = true;
  $('who').hidden = false;
  $('signed-in').hidden = false;
  desk = desk || mountDesk({ api: (...args) => api(...args), announce, onRefused });
  const loaded = await Promise.allSettled([loadMetrics(), desk.load(), loadSubscriptions(1)]);
  const refused = loaded.map(r => r.reason).find(reason => reason && refusal(reason));
  if (refused) {
    onRefused(refused);
    return;
  }
  announce(`Signed in as ${name}. ${$('metrics-status').textContent} ${$('desk-status').textContent}`);
  $('main').focus();
  document.body.dataset.ready = 'true';
}

function onRefused(e) {
  showSignIn(refusal(e));
}

// ---- metrics ----------------------------------------------------------------------------------------------------

const isoDay = date => date.toISOString().slice(0, 10);

/** The range: from the address (?from=&to=&interval=) when given, else the last 12 months to the next month. */
function initialRange() {
  const params = new URLSearchParams(location.search);
  const now = new Date();
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const yearBefore = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  $('range-from').value = params.get('from') || isoDay(yearBefore);
  $('range-to').value = params.get('to') || isoDay(nextMonth);
  $('range-interval').value = ['day', 'week', 'month'].includes(params.get('interval')) ? params.get('interval') : 'month';
}

function rate(value) {
  return value === null ? '—' : (value * 100).toLocaleString('en-US', { maximumFractionDigits: 2 }) + ' %';
}

function renderKpis(metrics) {
  const last = metrics.intervals.at(-1);
  if (!last) {
    $('kpis').hidden = true;
    return;
  }
  const kpis = [
    ['MRR at the end', money(last.mrr.usd_minor.end, 'USD')],
    ['ARR at the end', money(last.arr.usd_minor, 'USD')],
    ['Customers', String(last.customers.end)],
    ['ARPA', last.arpa_usd_minor === null ? '—' : money(last.arpa_usd_minor, 'USD')],
    ['Logo churn (last interval)', rate(last.logo_churn_rate)],
    ['Revenue churn (last interval)', rate(last.revenue_churn_rate)],
    ['Net revenue retention', rate(last.net_revenue_retention)],
    ['Dunning recovery', rate(last.dunning.recovery_rate)],
  ];
  $('kpis').replaceChildren(...kpis.map(([name, value]) => element('div', {}, element('dt', {}, name), element('dd', {}, value))));
  $('kpis').hidden = false;
}

async function loadMetrics() {
  const from = $('range-from').value;
  const to = $('range-to').value;
  const interval = $('range-interval').value;
  $('metrics-status').textContent = 'Loading the metrics…';
  try {
    const metrics = await api(`/admin/metrics?from=${from}&to=${to}&interval=${interval}`);
    renderKpis(metrics);
    renderCharts(metrics, $);
    $('metrics').dataset.range = `${from}/${to}/${interval}`;
    $('metrics-status').textContent = `Metrics from ${day(from + 'T00:00:00Z')} to ${day(to + 'T00:00:00Z')} (not included), `
      + `${metrics.intervals.length} ${interval === 'day' ? 'days' : interval + 's'}, UTC.`;
  } catch (e) {
    if (refusal(e)) throw e;
    $('metrics-status').textContent = 'The metrics could not be loaded: ' + e.message;
  }
}

$('range').addEventListener('submit', async event => {
  event.preventDefault();
  const from = $('range-from').value;
  const to = $('range-to').value;
  if (!from || !to || to <= from) {
    $('metrics-status').textContent = 'Pick a start day and a later end day.';
    announce($('metrics-status').textContent);
    $(from ? 'range-to' : 'range-from').focus();
    return;
  }
  try {
    await loadMetrics();
  } catch (e) {
    onRefused(e);
    return;
  }
  announce($('metrics-status').textContent);
});

// ---- subscriptions ----------------------------------------------------------------------------------------------

const STATUS_WORDS = { PENDING: 'Pending (first payment)', ACTIVE: 'Active', PAST_DUE: 'Past due', CANCELED: 'Canceled',
  FAILED: 'Failed' };

function subscriptionRow(s) {
  const workspace = element('td', {}, element('b', {}, String(s.workspace_id)),
    s.workspace_name ? element('span', { className: 'muted description' }, s.workspace_name) : '');
  const status = STATUS_WORDS[s.status] || s.status;
  const ending = s.cancel_at_period_end && s.status === 'ACTIVE' ? ` (ends ${day(s.current_period_end)})` : '';
  const price = `${money(s.amount_usd, 'USD')} ${s.billing_period === 'annual' ? 'a year' : 'a month'}`;
  return element('tr', { dataset: { subscription: s.subscription_id, status: s.status } },
    workspace, element('td', {}, status + ending), element('td', {}, s.plan_id || 'Assistants only'),
    element('td', { className: 'number' }, price), element('td', {}, s.next_billing_at ? day(s.next_billing_at) : '—'),
    element('td', {}, s.owner_email), element('td', {}, day(s.created_at)));
}

async function loadSubscriptions(page) {
  $('subs-status').textContent = 'Loading the subscriptions…';
  try {
    const list = await api(`/subscriptions?page=${page}&limit=${PAGE_SIZE}`);
    subsPage = list.page;
    $('subs-table').tBodies[0].replaceChildren(...list.data.map(subscriptionRow));
    $('subs-table').hidden = list.data.length === 0;
    $('subs-previous').disabled = list.page <= 1;
    $('subs-next').disabled = list.page >= list.total_pages;
    $('subscriptions').dataset.page = String(list.page);
    $('subs-status').textContent = list.total === 0 ? 'No subscriptions yet.'
      : `Page ${list.page} of ${list.total_pages} (${list.total} subscriptions, oldest first).`;
  } catch (e) {
    if (refusal(e)) throw e;
    $('subs-status').textContent = 'The subscriptions could not be loaded: ' + e.message;
  }
}

for (const [id, step] of [['subs-previous', -1], ['subs-next', 1]]) {
  $(id).addEventListener('click', async () => {
    try {
      await loadSubscriptions(subsPage + step);
    } catch (e) {
      onRefused(e);
      return;
    }
    announce($('subs-status').textContent);
    // The pressed button may now be disabled (first or last page): keep the focus in the section.
    if ($(id).disabled) $('subs-heading').focus();
  });
}

// ---- start ------------------------------------------------------------------------------------------------------

initialRange();
const remembered = sessionStorage.getItem(TOKEN_KEY);
if (remembered) signedIn(remembered, sessionStorage.getItem(NAME_KEY) || subjectOf(remembered));
else showSignIn('');

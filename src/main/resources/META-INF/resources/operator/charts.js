// The metrics charts of the operator page, drawn by Chart.js (vendor/chart.umd.min.js, window.Chart) from one answer
// of GET /admin/metrics. The series functions are plain data (what each chart shows, in major units: 445.15 for
// 44515 USD cents); every chart also has a table of the same numbers for a screen reader or a copy.

import { money } from '../js/pagos.js';
import { element } from '../js/plan-picker.js';

const COLORS = { new: '#2563eb', expansion: '#16a34a', reactivation: '#0891b2', contraction: '#d97706', churn: '#dc2626',
  PENDING: '#d97706', ACTIVE: '#16a34a', PAST_DUE: '#dc2626' };
const PROVIDER_COLORS = ['#2563eb', '#7c3aed', '#0891b2', '#16a34a', '#d97706'];

/** Minor units as a number in major units, for an axis: 44515 USD cents are 445.15. */
const major = minor => minor / 100;

/** An interval's start as a label: "Jan 2001" for months, "8 Jan 2001" for days and weeks (UTC, as the API). */
export function intervalLabel(iso, interval) {
  const options = interval === 'month' ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Date(iso).toLocaleDateString('en-GB', { ...options, timeZone: 'UTC' });
}

/** MRR at every boundary: the first interval's start, then each interval's end. */
export function mrrSeries(metrics) {
  const intervals = metrics.intervals;
  if (!intervals.length) return { labels: [], usd: [] };
  const day = iso => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return {
    labels: [day(intervals[0].start), ...intervals.map(i => day(i.end))],
    usd: [major(intervals[0].mrr.usd_minor.start), ...intervals.map(i => major(i.mrr.usd_minor.end))],
  };
}

/** The five movements per interval; contraction and churn below the axis, so each bar's sum is the net change. */
export function movementSeries(metrics) {
  const sign = { new: 1, expansion: 1, reactivation: 1, contraction: -1, churn: -1 };
  return {
    labels: metrics.intervals.map(i => intervalLabel(i.start, metrics.interval)),
    datasets: Object.keys(sign).map(kind => ({ kind,
      values: metrics.intervals.map(i => sign[kind] * major(i.movements_usd_minor[kind]) || 0) })), // never -0
    net: metrics.intervals.map(i => major(i.movements_usd_minor.net)),
  };
}

/** Live subscriptions in each status at each interval's end. */
export function statusSeries(metrics) {
  return {
    labels: metrics.intervals.map(i => intervalLabel(i.start, metrics.interval)),
    datasets: ['ACTIVE', 'PAST_DUE', 'PENDING'].map(status => ({ status,
      values: metrics.intervals.map(i => i.subscriptions.by_status[status]) })),
  };
}

/** One-time revenue per provider and interval, one series set per currency (never added across currencies). */
export function revenueSeries(metrics) {
  const byCurrency = new Map();
  metrics.intervals.forEach((interval, index) => {
    for (const row of interval.one_time_revenue.by_provider) {
      if (!byCurrency.has(row.currency)) byCurrency.set(row.currency, new Map());
      const providers = byCurrency.get(row.currency);
      if (!providers.has(row.provider)) providers.set(row.provider, metrics.intervals.map(() => 0));
      providers.get(row.provider)[index] += major(row.amount_minor);
    }
  });
  const labels = metrics.intervals.map(i => intervalLabel(i.start, metrics.interval));
  return [...byCurrency.keys()].sort().map(currency => ({ currency, labels,
    datasets: [...byCurrency.get(currency).entries()].sort(([a], [b]) => a.localeCompare(b))
      .map(([provider, values]) => ({ provider, values })) }));
}

const WORDS = { new: 'New', expansion: 'Expansion', reactivation: 'Reactivation', contraction: 'Contraction',
  churn: 'Churn', ACTIVE: 'Active', PAST_DUE: 'Past due', PENDING: 'Pending (first payment)' };
const PROVIDERS = { paypal: 'PayPal', wompi: 'Wompi', paymentsway: 'PaymentsWay', wallet: 'Wallet' };
export const providerName = provider => PROVIDERS[provider] || provider;

/** A value in major units formatted as money: 445.15 USD as "USD 445.15". */
const formatMajor = (value, currency) => money(Math.round(value * 100), currency);

function baseOptions(format, stacked) {
  return {
    responsive: true, maintainAspectRatio: false, animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      x: { stacked },
      y: { stacked, ticks: { callback: value => format(value) } },
    },
    plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label}: ${format(c.parsed.y)}` } } },
  };
}

/** The chart on this canvas, drawn again from scratch (Chart.js keeps one chart per canvas). */
function draw(canvas, config) {
  window.Chart.getChart(canvas)?.destroy();
  return new window.Chart(canvas, config);
}

/** A table of the numbers behind a chart: one row per label, one column per series. */
function numbersTable(container, caption, labels, columns) {
  const head = element('tr', {}, element('th', { scope: 'col' }, 'When'),
    ...columns.map(c => element('th', { scope: 'col', className: 'number' }, c.name)));
  const rows = labels.map((label, i) => element('tr', {}, element('th', { scope: 'row' }, label),
    ...columns.map(c => element('td', { className: 'number' }, c.format(c.values[i])))));
  container.replaceChildren(element('table', {}, element('caption', { className: 'sr-only' }, caption),
    element('thead', {}, head), element('tbody', {}, ...rows)));
}

/** Draws every chart from one metrics answer. */
export function renderCharts(metrics, $) {
  const usd = value => formatMajor(value, 'USD');
  const count = value => String(value);

  const mrr = mrrSeries(metrics);
  draw($('chart-mrr'), { type: 'line',
    data: { labels: mrr.labels, datasets: [{ label: 'MRR (USD)', data: mrr.usd, borderColor: '#2563eb',
      backgroundColor: '#2563eb', tension: 0 }] },
    options: baseOptions(usd, false) });
  $('mrr-summary').textContent = mrr.usd.length
    ? `MRR went from ${usd(mrr.usd[0])} on ${mrr.labels[0]} to ${usd(mrr.usd.at(-1))} on ${mrr.labels.at(-1)}.` : 'No data.';
  numbersTable($('mrr-table'), 'MRR at each boundary', mrr.labels, [{ name: 'MRR', values: mrr.usd, format: usd }]);

  const movements = movementSeries(metrics);
  draw($('chart-movements'), { type: 'bar',
    data: { labels: movements.labels, datasets: movements.datasets.map(d => ({ label: WORDS[d.kind], data: d.values,
      backgroundColor: COLORS[d.kind], stack: 'movements' })) },
    options: baseOptions(usd, true) });
  $('movements-summary').textContent = 'Net change per interval: '
    + movements.labels.map((label, i) => `${label} ${usd(movements.net[i])}`).join(', ') + '.';
  numbersTable($('movements-table'), 'MRR movements per interval', movements.labels, [
    ...movements.datasets.map(d => ({ name: WORDS[d.kind], values: d.values, format: usd })),
    { name: 'Net', values: movements.net, format: usd }]);

  const statuses = statusSeries(metrics);
  draw($('chart-statuses'), { type: 'bar',
    data: { labels: statuses.labels, datasets: statuses.datasets.map(d => ({ label: WORDS[d.status], data: d.values,
      backgroundColor: COLORS[d.status], stack: 'statuses' })) },
    options: baseOptions(count, true) });
  $('statuses-summary').textContent = 'At the end of the last interval: ' + statuses.datasets
    .map(d => `${WORDS[d.status]} ${d.values.at(-1) ?? 0}`).join(', ') + '.';
  numbersTable($('statuses-table'), 'Subscriptions by status', statuses.labels,
    statuses.datasets.map(d => ({ name: WORDS[d.status], values: d.values, format: count })));

  renderRevenue(metrics, $('revenue-charts'));
}

/** One figure per currency, with a canvas id of chart-revenue-<currency> (e.g. chart-revenue-USD). */
function renderRevenue(metrics, container) {
  container.querySelectorAll('canvas').forEach(canvas => window.Chart.getChart(canvas)?.destroy());
  const series = revenueSeries(metrics);
  if (!series.length) {
    container.replaceChildren(element('figure', { className: 'chart' },
      element('figcaption', {}, 'One-time revenue by provider'), element('p', { className: 'muted' },
        'No completed one-time orders in this range.')));
    return;
  }
  const charts = series.map(({ currency, labels, datasets }) => {
    const format = value => formatMajor(value, currency);
    const captionId = `revenue-${currency}-caption`;
    const summaryId = `revenue-${currency}-summary`;
    const canvas = element('canvas', { id: `chart-revenue-${currency}`, role: 'img', 'aria-labelledby': `${captionId} ${summaryId}` });
    const table = element('div');
    const totals = datasets.map(d => `${providerName(d.provider)} ${format(d.values.reduce((a, b) => a + b, 0))}`);
    const figure = element('figure', { className: 'chart' },
      element('figcaption', { id: captionId }, `One-time revenue by provider (${currency})`),
      element('div', { className: 'canvas-box' }, canvas),
      element('p', { id: summaryId, className: 'summary' }, `In this range: ${totals.join(', ')}.`),
      element('details', {}, element('summary', {}, 'The numbers'), table));
    numbersTable(table, `One-time revenue in ${currency} by provider`, labels,
      datasets.map(d => ({ name: providerName(d.provider), values: d.values, format })));
    return { figure, canvas, config: { type: 'bar',
      data: { labels, datasets: datasets.map((d, i) => ({ label: providerName(d.provider), data: d.values,
        backgroundColor: PROVIDER_COLORS[i % PROVIDER_COLORS.length], stack: 'revenue' })) },
      options: baseOptions(format, true) } };
  });
  container.replaceChildren(...charts.map(c => c.figure));
  // Chart.js measures its container: drawn once the figures are in the page.
  charts.forEach(c => draw(c.canvas, c.config));
}

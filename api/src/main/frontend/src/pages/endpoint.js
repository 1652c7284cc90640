// An endpoint: its variants (weights, instance counts, health as DescribeEndpoint gives it) and live charts of
// invocations and model latency per variant.
import { h, status, when } from '../dom.js';
import { metricData, metricsAvailable, timeChart } from '../metrics.js';
import { resourcePage } from './resource-page.js';

const NAMESPACE = 'AWS/SageMaker';
const WINDOW_MS = 15 * 60_000;
const PERIOD = 10;
const CHARTS = [
  { metric: 'Invocations', stat: 'Sum', title: `Invocations per ${PERIOD} s` },
  { metric: 'ModelLatency', stat: 'Average', title: 'Model latency (µs, average)' },
];

export function renderEndpoint(main, name, repeat) {
  const variants = h('section', { 'data-testid': 'variants' }, h('h2', {}, 'Variants'));
  const chartNote = h('p', { class: 'muted' });
  const charts = h('div', { class: 'charts' });
  let cloudWatch;
  let drawn;
  return resourcePage(main, repeat, {
    title: `Endpoint: ${name}`,
    operation: 'DescribeEndpoint',
    input: { EndpointName: name },
    sections: [variants,
      h('section', { 'data-testid': 'metrics' }, h('h2', {}, 'Invocations and latency'), chartNote, charts)],
    every: 5000,
    factsOf: (endpoint) => [
      ['Status', status(endpoint.EndpointStatus)],
      ['Failure reason', endpoint.FailureReason],
      ['Configuration', endpoint.EndpointConfigName],
      ['Created', when(endpoint.CreationTime)],
      ['Last modified', when(endpoint.LastModifiedTime)],
    ],
    onAnswer: async (endpoint) => {
      const list = endpoint.ProductionVariants || [];
      variants.replaceChildren(variants.firstChild, list.length ? variantTable(list)
        : h('p', { class: 'muted' }, 'No variant is deployed yet.'));
      if (cloudWatch === undefined) cloudWatch = await metricsAvailable(NAMESPACE);
      if (!cloudWatch) {
        chartNote.textContent = 'This Sagebox answers no CloudWatch metric queries, so there are no charts.';
        return true;
      }
      const names = list.map((v) => v.VariantName);
      if (!drawn || drawn.key !== names.join('\n')) {
        drawn = { key: names.join('\n'), charts: CHARTS.map((c, i) => timeChart(c.title, names, `chart-${i}`)) };
        charts.replaceChildren(...drawn.charts.map((c) => c.element));
      }
      const end = new Date();
      const start = new Date(end.getTime() - WINDOW_MS);
      await Promise.all(CHARTS.map(async (c, i) => {
        const series = await metricData(NAMESPACE, names.map((variant) => ({ label: variant, metric: c.metric,
          dimensions: { EndpointName: endpoint.EndpointName, VariantName: variant }, stat: c.stat })), start, end,
        PERIOD);
        drawn.charts[i].update(series, start, end);
      }));
      return true;
    },
  });
}

function variantTable(list) {
  const cell = (current, desired) => (desired === undefined || desired === current ? String(current ?? '—')
    : `${current ?? '—'} → ${desired}`);
  return h('table', {}, h('thead', {}, h('tr', {}, ['Variant', 'Weight (current → desired)',
    'Instances (current → desired)', 'Health'].map((label) => h('th', {}, label)))),
  h('tbody', {}, list.map((v) => h('tr', { 'data-variant': v.VariantName },
    h('td', {}, v.VariantName),
    h('td', {}, cell(v.CurrentWeight, v.DesiredWeight)),
    h('td', {}, cell(v.CurrentInstanceCount, v.DesiredInstanceCount)),
    h('td', {}, health(v))))));
}

/** The variant's statuses when DescribeEndpoint lists them, else how many of its instances answer their pings. */
function health(variant) {
  if (variant.VariantStatus?.length) {
    return variant.VariantStatus.map((s) => h('div', {}, status(s.Status), ' ', s.StatusMessage || ''));
  }
  const current = variant.CurrentInstanceCount ?? 0;
  const desired = variant.DesiredInstanceCount ?? current;
  return status(current >= desired && current > 0 ? 'InService' : current > 0 ? 'Updating' : 'Creating');
}

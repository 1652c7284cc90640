// A training job: its facts, secondary-status timeline, final metrics, metric charts and live logs per host.
import { h, status, toDate, when } from '../dom.js';
import { logPanel } from '../logs.js';
import { metricData, metricsAvailable, timeChart } from '../metrics.js';
import { resourcePage } from './resource-page.js';

const GROUP = '/aws/sagemaker/TrainingJobs';
const NAMESPACE = '/aws/sagemaker/TrainingJobs';
const RUNNING = new Set(['InProgress', 'Stopping']);

export function renderTrainingJob(main, name, repeat) {
  const timeline = h('section', { 'data-testid': 'timeline' }, h('h2', {}, 'Status timeline'));
  const finals = h('section', { 'data-testid': 'final-metrics' }, h('h2', {}, 'Final metrics'));
  const chartNote = h('p', { class: 'muted' });
  const charts = h('div', { class: 'charts' });
  const logs = logPanel(GROUP, `${name}/`, (stream) => stream.slice(name.length + 1).replace(/-\d+$/, ''));
  let chartsOf;
  let cloudWatch;
  return resourcePage(main, repeat, {
    title: `Training job: ${name}`,
    operation: 'DescribeTrainingJob',
    input: { TrainingJobName: name },
    sections: [timeline, finals,
      h('section', { 'data-testid': 'metrics' }, h('h2', {}, 'Metrics over time'), chartNote, charts),
      h('section', {}, h('h2', {}, 'Logs'), logs.element)],
    every: 3000,
    factsOf: (job) => [
      ['Status', status(job.TrainingJobStatus)],
      ['Secondary status', job.SecondaryStatus],
      ['Failure reason', job.FailureReason],
      ['Created', when(job.CreationTime)],
      ['Training started', when(job.TrainingStartTime)],
      ['Training ended', when(job.TrainingEndTime)],
      ['Instances', job.ResourceConfig && `${job.ResourceConfig.InstanceCount} × ${job.ResourceConfig.InstanceType}`],
      ['Image', job.AlgorithmSpecification?.TrainingImage],
      ['Model artifacts', job.ModelArtifacts?.S3ModelArtifacts],
    ],
    onAnswer: async (job) => {
      renderTimeline(timeline, job.SecondaryStatusTransitions || []);
      renderFinals(finals, job.FinalMetricDataList || []);
      const definitions = job.AlgorithmSpecification?.MetricDefinitions || [];
      if (cloudWatch === undefined) cloudWatch = await metricsAvailable(NAMESPACE);
      if (!definitions.length) {
        chartNote.textContent = 'This job defines no metrics (AlgorithmSpecification.MetricDefinitions).';
      } else if (!cloudWatch) {
        chartNote.textContent = 'This Sagebox answers no CloudWatch metric queries; the final metrics above come '
          + 'from DescribeTrainingJob.';
      } else {
        chartNote.textContent = '';
        chartsOf ??= definitions.map((d, i) => {
          const chart = timeChart(d.Name, [d.Name], `chart-${i}`);
          charts.append(chart.element);
          return chart;
        });
        const start = new Date(toDate(job.TrainingStartTime || job.CreationTime).getTime() - 5000);
        const end = new Date((job.TrainingEndTime ? toDate(job.TrainingEndTime) : new Date()).getTime() + 5000);
        const series = await metricData(NAMESPACE, definitions.map((d) => ({ label: d.Name, metric: d.Name,
          dimensions: { TrainingJobName: job.TrainingJobName }, stat: 'Average' })), start, end, 1);
        series.forEach((s, i) => chartsOf[i].update([s], start, end));
      }
      await logs.refresh();
      return RUNNING.has(job.TrainingJobStatus);
    },
  });
}

function renderTimeline(section, transitions) {
  const items = transitions.map((t) => h('li', { 'data-status': t.Status },
    h('strong', {}, t.Status), ' ', h('span', { class: 'muted' }, when(t.StartTime),
      t.EndTime ? ` → ${when(t.EndTime)}` : ''), t.StatusMessage ? h('div', {}, t.StatusMessage) : ''));
  section.replaceChildren(section.firstChild,
    items.length ? h('ol', { class: 'timeline' }, items) : h('p', { class: 'muted' }, 'No transitions yet.'));
}

function renderFinals(section, list) {
  section.replaceChildren(section.firstChild, list.length
    ? h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Metric'), h('th', {}, 'Value'), h('th', {}, 'At'))),
      h('tbody', {}, list.map((m) => h('tr', {}, h('td', {}, m.MetricName), h('td', {}, String(m.Value)),
        h('td', {}, when(m.Timestamp))))))
    : h('p', { class: 'muted' }, 'None yet.'));
}

// CloudWatch metrics through the console's proxy, drawn with uPlot.
import uPlot from 'uplot';
import { call } from './api.js';
import { h, toDate } from './dom.js';

const COLOURS = ['#0b63c5', '#d92d20', '#12b76a', '#f79009', '#7a5af8', '#06aed4', '#ee46bc', '#667085'];

/**
 * Whether this server answers CloudWatch metric queries: a ListMetrics in the namespace succeeds. Without the
 * CloudWatch service the proxy refuses it, and the pages say so instead of drawing empty charts.
 */
export async function metricsAvailable(namespace) {
  try {
    await call('monitoring', 'ListMetrics', { Namespace: namespace });
    return true;
  } catch {
    return false;
  }
}

/**
 * GetMetricData for {@code queries} ([{ label, metric, dimensions, stat }]) between {@code start} and {@code end}
 * (Dates) at {@code period} seconds: for each query, its { label, timestamps (epoch seconds, ascending), values }.
 */
export async function metricData(namespace, queries, start, end, period) {
  const results = queries.map((q) => ({ label: q.label, timestamps: [], values: [] }));
  const input = {
    MetricDataQueries: queries.map((q, i) => ({
      Id: `q${i}`,
      Label: q.label,
      MetricStat: {
        Metric: { Namespace: namespace, MetricName: q.metric,
          Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
        Period: period,
        Stat: q.stat,
      },
    })),
    StartTime: Math.floor(start.getTime() / 1000),
    EndTime: Math.ceil(end.getTime() / 1000),
    ScanBy: 'TimestampAscending',
  };
  let token;
  for (let page = 0; page < 10; page++) {
    const answer = await call('monitoring', 'GetMetricData', token ? { ...input, NextToken: token } : input);
    for (const result of answer.MetricDataResults || []) {
      const target = results[Number(String(result.Id).slice(1))];
      if (!target) continue;
      (result.Timestamps || []).forEach((t, i) => {
        target.timestamps.push(toDate(t).getTime() / 1000);
        target.values.push(result.Values[i]);
      });
    }
    token = answer.NextToken;
    if (!token) break;
  }
  for (const result of results) {
    const order = result.timestamps.map((t, i) => i).sort((a, b) => result.timestamps[a] - result.timestamps[b]);
    result.timestamps = order.map((i) => result.timestamps[i]);
    result.values = order.map((i) => result.values[i]);
  }
  return results;
}

/** uPlot's data: the union of every series' timestamps, each series' values at them (null where it has none). */
export function aligned(series) {
  const xs = [...new Set(series.flatMap((s) => s.timestamps))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  return [xs, ...series.map((s) => {
    const ys = new Array(xs.length).fill(null);
    s.timestamps.forEach((t, i) => { ys[at.get(t)] = s.values[i]; });
    return ys;
  })];
}

/**
 * A titled chart of {@code labels}' series over time; call update(series, start, end) with metricData's answer and
 * the window it asked for, which the x axis shows whole (one point alone would otherwise span years).
 */
export function timeChart(title, labels, testId) {
  const holder = h('div', { class: 'chart', 'data-testid': testId, 'data-title': title });
  const width = Math.max(320, Math.min(640, (document.querySelector('main')?.clientWidth || 700) - 40));
  const plot = new uPlot({
    title,
    width,
    height: 240,
    scales: { x: { time: true } },
    series: [{}, ...labels.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true,
      points: { show: true, size: 4 } }))],
  }, [[], ...labels.map(() => [])], holder);
  return {
    element: holder,
    update(series, start, end) {
      holder.dataset.points = String(series.reduce((n, s) => n + s.timestamps.length, 0));
      plot.setData(aligned(series));
      plot.setScale('x', { min: start.getTime() / 1000, max: end.getTime() / 1000 });
    },
  };
}

// A resource's CloudWatch Logs streams, one tab per host, read forward with each stream's next token.
import { call } from './api.js';
import { h } from './dom.js';

const MAX_LINES = 5000;

/**
 * A panel of the streams in {@code group} whose names start with {@code prefix}; {@code tabName} turns a stream
 * name into its tab's label (algo-1 for "job/algo-1-1700000000"). refresh() reads what was written since.
 */
export function logPanel(group, prefix, tabName) {
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const panes = h('div');
  const note = h('p', { class: 'muted' }, 'No log streams yet.');
  const element = h('div', { 'data-testid': 'logs' }, note, tabs, panes);
  const streams = new Map();

  function show(name) {
    for (const [streamName, stream] of streams) {
      stream.tab.classList.toggle('active', streamName === name);
      stream.pane.hidden = streamName !== name;
    }
  }

  async function refresh() {
    let answer;
    try {
      answer = await call('logs', 'DescribeLogStreams', { logGroupName: group, logStreamNamePrefix: prefix });
    } catch (error) {
      if (error.type === 'ResourceNotFoundException') return;
      throw error;
    }
    for (const described of answer.logStreams || []) {
      const name = described.logStreamName;
      if (streams.has(name)) continue;
      const label = tabName(name);
      const stream = {
        token: undefined,
        tab: h('button', { type: 'button', role: 'tab', 'data-host': label, title: name, onclick: () => show(name) }, label),
        pane: h('pre', { class: 'log', 'data-testid': `log-${label}` }),
        lines: 0,
      };
      streams.set(name, stream);
      tabs.append(stream.tab);
      panes.append(stream.pane);
      note.hidden = true;
      if (streams.size === 1) show(name);
    }
    await Promise.all([...streams].map(([name, stream]) => readForward(name, stream)));
  }

  async function readForward(name, stream) {
    for (let page = 0; page < 20; page++) {
      const input = { logGroupName: group, logStreamName: name, startFromHead: true };
      if (stream.token) input.nextToken = stream.token;
      const answer = await call('logs', 'GetLogEvents', input);
      const events = answer.events || [];
      if (events.length) {
        const atBottom = stream.pane.scrollTop + stream.pane.clientHeight >= stream.pane.scrollHeight - 4;
        stream.pane.append(events.map((e) => `${e.message}\n`).join(''));
        stream.lines += events.length;
        while (stream.lines > MAX_LINES && stream.pane.firstChild) {
          stream.lines -= (stream.pane.firstChild.textContent.match(/\n/g) || []).length;
          stream.pane.firstChild.remove();
        }
        if (atBottom) stream.pane.scrollTop = stream.pane.scrollHeight;
      }
      // The same token again means nothing more has been written yet.
      const same = answer.nextForwardToken === stream.token;
      stream.token = answer.nextForwardToken;
      if (same || !events.length) return;
    }
  }

  return { element, refresh };
}

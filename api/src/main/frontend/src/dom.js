// Builds DOM nodes from data with textContent only: no resource name or log line is ever parsed as HTML.

/** h('a', { href: '#/x', class: 'y' }, 'text', child, ...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A JSON 1.x timestamp (epoch seconds, or an ISO string) as a Date; undefined stays undefined. */
export function toDate(value) {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? new Date(value * 1000) : new Date(value);
}

/** A timestamp for people: local date and time to the second. */
export function when(value) {
  const date = toDate(value);
  if (!date || Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const OK = /^(Completed|InService|Created|Available)$/;
const BAD = /^(Failed|Stopped|Stopping|Deleting|OutOfService|MaxRuntimeExceeded)$/;

/** A status as a coloured badge. */
export function status(value) {
  if (!value) return h('span', { class: 'muted' }, '—');
  const tone = OK.test(value) ? 'ok' : BAD.test(value) ? 'bad' : 'busy';
  return h('span', { class: `status ${tone}`, 'data-status': value }, value);
}

/** A definition list of label → value (values may be nodes). Empty values are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** The error of a failed call, as a line a person can act on. */
export function errorLine(error) {
  return h('p', { class: 'error' }, error instanceof Error ? error.message : String(error));
}

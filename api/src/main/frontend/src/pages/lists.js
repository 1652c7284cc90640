// The resource lists: one table per kind, with a shared filter box and sortable columns.
import { listAll, sagemaker } from '../api.js';
import { errorLine, h, status, toDate, when } from '../dom.js';
import { RESOURCES, pageOf } from '../resources.js';

/** Renders the lists of {@code kinds} (all when none is given) into {@code main}. */
export function renderLists(main, kinds) {
  const shown = kinds ? RESOURCES.filter((r) => kinds.includes(r.kind)) : RESOURCES;
  const filter = h('input', { class: 'filter', type: 'search', placeholder: 'Filter by name or status',
    'aria-label': 'Filter', 'data-testid': 'filter' });
  const tables = [];
  main.replaceChildren(h('h1', {}, kinds ? shown[0].title : 'Resources'), filter,
    ...shown.map((resource) => {
      const section = h('section', { 'data-testid': `list-${resource.kind}` },
        h('h2', {}, h('a', { href: `#/${resource.kind}` }, resource.title)), h('p', { class: 'muted' }, 'Loading…'));
      load(resource, section).then((table) => {
        if (table) {
          tables.push(table);
          table.filter(filter.value);
        }
      });
      return section;
    }));
  filter.addEventListener('input', () => tables.forEach((t) => t.filter(filter.value)));
  return () => {};
}

async function load(resource, section) {
  let items;
  try {
    items = await listAll('sagemaker', resource.list, resource.member, { MaxResults: 100 });
  } catch (error) {
    section.lastChild.replaceWith(errorLine(error));
    return undefined;
  }
  const columns = [
    { label: 'Name', value: (item) => item[resource.name],
      cell: (item) => h('a', { href: pageOf(resource.kind, item[resource.name]) }, item[resource.name]) },
    resource.status && { label: 'Status', value: (item) => item[resource.status] || '',
      cell: (item) => status(item[resource.status]) },
    { label: 'Created', value: (item) => toDate(item.CreationTime)?.getTime() ?? 0, cell: (item) => when(item.CreationTime) },
    { label: 'Last modified', value: (item) => toDate(item.LastModifiedTime)?.getTime() ?? 0,
      cell: (item) => when(item.LastModifiedTime) },
  ].filter(Boolean);
  const table = sortableTable(columns, items, (item) => [item[resource.name], resource.status && item[resource.status]]);
  section.lastChild.replaceWith(items.length ? table.element : h('p', { class: 'muted' }, 'None yet.'));
  return table;
}

/**
 * A table whose headers sort it (click again to reverse) and whose rows a filter text narrows down.
 * @param searchable the texts of an item the filter looks in
 */
export function sortableTable(columns, items, searchable) {
  const body = h('tbody');
  const rows = items.map((item) => ({ item, row: h('tr', {}, columns.map((c) => h('td', {}, c.cell(item)))) }));
  let order = { column: -1, descending: false };
  const headers = columns.map((column, index) => h('th', { class: 'sortable', onclick: () => sortBy(index) }, column.label));
  function sortBy(index) {
    order = { column: index, descending: order.column === index ? !order.descending : false };
    const value = columns[index].value;
    rows.sort((a, b) => {
      const x = value(a.item);
      const y = value(b.item);
      const compared = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return order.descending ? -compared : compared;
    });
    headers.forEach((header, i) => {
      header.classList.toggle('sorted-asc', i === index && !order.descending);
      header.classList.toggle('sorted-desc', i === index && order.descending);
    });
    body.replaceChildren(...rows.map((r) => r.row));
  }
  body.replaceChildren(...rows.map((r) => r.row));
  return {
    element: h('table', {}, h('thead', {}, h('tr', {}, headers)), body),
    filter(text) {
      const wanted = text.trim().toLowerCase();
      for (const { item, row } of rows) {
        const texts = searchable(item).filter(Boolean).map((t) => String(t).toLowerCase());
        row.hidden = wanted !== '' && !texts.some((t) => t.includes(wanted));
      }
    },
  };
}

/** A plain page of a resource's Describe answer. */
export function renderDescribe(main, resource, name) {
  const heading = h('h1', {}, `${resource.title.replace(/s$/, '')}: ${name}`);
  main.replaceChildren(heading, h('p', { class: 'muted' }, 'Loading…'));
  sagemaker(resource.describe, { [resource.nameInput]: name }).then((answer) => {
    main.replaceChildren(heading, resource.status ? h('p', {}, status(answer[resource.status])) : '',
      h('pre', { class: 'json', 'data-testid': 'describe' }, JSON.stringify(answer, null, 2)));
  }, (error) => main.replaceChildren(heading, errorLine(error)));
  return () => {};
}

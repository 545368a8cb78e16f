import { AUDIT_FILTER_KEYS, type AuditFilter, type AuditModel, type FromAuditPage, type ToAuditPage, ToAuditPageSchema } from '../shared/auditMessages';
import type { WebviewStrings } from '../shared/messages';
import { el } from './dom';

/**
 * The audit log page. Like the sidebar's, it builds its DOM with `textContent` only (never
 * `innerHTML`), talks to the host through `postMessage` alone and validates what the host sends.
 * It shows the rows the host built, and asks for a filter, an export or a verification: every
 * control is a native button, select or table, so it works with the keyboard and a screen reader.
 */
interface HostApi {
  postMessage(message: FromAuditPage): void;
}
declare function acquireVsCodeApi(): HostApi;

const host = acquireVsCodeApi();
const app = document.getElementById('app');
let strings: WebviewStrings = {};
let model: AuditModel | undefined;

const s = (key: string): string => strings[key] ?? key;
const post = (message: FromAuditPage) => host.postMessage(message);

function button(label: string, onClick: () => void, id: string, className = 'secondary'): HTMLButtonElement {
  const node = el('button', { text: label, className, id });
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** One select per filter: "All" first, then the values the log holds. */
function filterSelect(key: (typeof AUDIT_FILTER_KEYS)[number], current: AuditModel): HTMLElement {
  const select = el('select', { id: `filter-${key}` });
  select.append(el('option', { text: s('all'), attrs: { value: '' } }));
  for (const option of current.filters[key]) {
    const node = el('option', { text: option.label, attrs: { value: option.value } });
    node.selected = current.selected[key] === option.value;
    select.append(node);
  }
  select.addEventListener('change', () => {
    const filter: AuditFilter = { ...current.selected };
    if (select.value === '') delete filter[key];
    else filter[key] = select.value;
    post({ type: 'filter', filter });
  });
  return el('label', { className: 'field' }, el('span', { text: s(key) }), select);
}

const COLUMNS = ['time', 'template', 'provider', 'level', 'outcome', 'masked', 'tokens', 'cost'] as const;

function render(current: AuditModel): void {
  if (!app) return;
  // Keep the focus on the control that changed the filter, across the redraw.
  const focused = document.activeElement?.id;
  document.documentElement.lang = current.language;
  const header = el('header', {}, el('h1', { text: s('heading') }), el('p', { text: s('intro'), className: 'muted' }));
  const status = el('p', { text: current.status, className: current.chainOk ? 'ok' : 'bad', id: 'chain-status' });
  const filters = el(
    'fieldset',
    { className: 'filters' },
    el('legend', { text: s('filters') }),
    ...AUDIT_FILTER_KEYS.map((key) => filterSelect(key, current)),
    button(s('clear'), () => post({ type: 'filter', filter: {} }), 'clear-filters'),
  );
  const actions = el(
    'div',
    { className: 'actions' },
    button(s('export'), () => post({ type: 'export' }), 'export', 'primary'),
    button(s('verify'), () => post({ type: 'verify' }), 'verify'),
  );
  const count = el('p', { text: `${current.count} ${current.timeNote}`, id: 'count', attrs: { 'aria-live': 'polite' } });
  const children: HTMLElement[] = [header, status, actions, filters, count];
  if (current.empty !== undefined) children.push(el('p', { text: current.empty, className: 'empty', id: 'empty' }));
  else {
    const head = el('tr', {}, ...COLUMNS.map((column) => el('th', { text: s(column), attrs: { scope: 'col' } })));
    const rows = current.rows.map((row) =>
      el(
        'tr',
        { attrs: { 'data-seq': String(row.seq) } },
        el('td', { text: row.time, className: 'time' }),
        el('td', { text: row.template }),
        el('td', { text: row.provider }),
        el('td', { text: row.levels }),
        el('td', { text: row.outcomeLabel, className: `outcome ${row.outcome}` }),
        el('td', { text: row.masked, className: 'masked' }),
        el('td', { text: row.tokens, className: 'number' }),
        el('td', { text: row.cost, className: 'number' }),
      ),
    );
    // The scrolling region takes the focus, so the keyboard can scroll a long table.
    children.push(
      el(
        'div',
        { className: 'table', attrs: { tabindex: '0', role: 'region', 'aria-labelledby': 'caption' } },
        el('table', { id: 'rows' }, el('caption', { text: s('caption'), id: 'caption' }), el('thead', {}, head), el('tbody', {}, ...rows)),
      ),
    );
  }
  app.replaceChildren(...children);
  app.removeAttribute('aria-busy');
  if (focused) document.getElementById(focused)?.focus();
  post({ type: 'painted', rows: app.querySelectorAll('#rows tbody tr').length });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = ToAuditPageSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('[ai-guard] ignored an invalid message from the extension host');
    return;
  }
  const message: ToAuditPage = parsed.data;
  if (message.type === 'init') {
    strings = message.strings;
    if (model) render(model);
  } else {
    model = message.model;
    if (Object.keys(strings).length > 0) render(model);
  }
});

post({ type: 'ready' });

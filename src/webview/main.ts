import { Commands } from '../shared/ids';
import { renderAiTools } from './aiTools';
import { el } from './dom';
import { type FromWebview, type ToWebview, ToWebviewSchema, type ViewModel, type WebviewStrings } from '../shared/messages';

/**
 * The sidebar page. It builds its DOM with `textContent` only (never `innerHTML`), talks to the
 * extension host through `postMessage` alone, and validates what the host sends as well. The
 * host sends the static strings once (`init`) and the whole view model at each change
 * (`state`); the page keeps its skeleton (sections, their open state, the search box and its
 * focus) and rebuilds only each section's body.
 */
interface PageState {
  closed?: string[];
  search?: string;
}
interface HostApi {
  postMessage(message: FromWebview): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): HostApi;

const host = acquireVsCodeApi();
const app = document.getElementById('app');
const saved: PageState = host.getState() ?? {};
let strings: WebviewStrings = {};
let model: ViewModel | undefined;
let painted = false;
/** The star chosen in the Feedback section, before the minutes (per answer). */
let pendingRating: { runId: string; rating: number } | undefined;

const SECTIONS = ['file', 'provider', 'prompts', 'usage', 'activity', 'feedback', 'aiTools', 'telemetry'] as const;
type SectionId = (typeof SECTIONS)[number];
const bodies = new Map<SectionId, HTMLElement>();
const sectionElements = new Map<SectionId, HTMLElement>();
let search: HTMLInputElement | undefined;

const s = (key: string, ...args: Array<string | number>): string => (strings[key] ?? key).replace(/\{(\d+)\}/g, (_, index: string) => String(args[Number(index)] ?? ''));

function button(label: string, onClick: () => void, options: { className?: string; id?: string; ariaLabel?: string; title?: string } = {}): HTMLButtonElement {
  const node = el('button', { text: label, className: options.className ?? 'secondary', ...(options.id ? { id: options.id } : {}) });
  node.type = 'button';
  if (options.ariaLabel) node.setAttribute('aria-label', options.ariaLabel);
  if (options.title) node.title = options.title;
  node.addEventListener('click', onClick);
  return node;
}

const post = (message: FromWebview) => host.postMessage(message);
const runCommand = (command: Extract<FromWebview, { type: 'runCommand' }>['command']) => post({ type: 'runCommand', command });

function saveState(): void {
  const closed = SECTIONS.filter((id) => sectionElements.get(id)?.querySelector('details')?.open === false);
  host.setState({ closed, search: search?.value ?? '' });
}

/** The page's frame: a header, a notice area and one collapsible section per part of the model. */
function skeleton(): void {
  if (!app) return;
  const header = el(
    'header',
    { className: 'header' },
    el('h1', { text: s('title'), id: 'title' }),
    button(s('getStarted'), () => post({ type: 'openWalkthrough' }), { className: 'link', id: 'open-walkthrough' }),
  );
  const notices = el('div', { id: 'notices', attrs: { 'aria-live': 'polite' } });
  const children: HTMLElement[] = [header, notices];
  for (const id of SECTIONS) {
    const heading = el('h2', { text: s(`${id}Heading`), id: `${id}-heading` });
    const summary = el('summary', {}, heading);
    const body = el('div', { className: 'body', id: `${id}-body` });
    const details = el('details', {}, summary, body);
    details.open = !(saved.closed ?? []).includes(id);
    details.addEventListener('toggle', saveState);
    const section = el('section', { id: `section-${id}`, attrs: { 'aria-labelledby': `${id}-heading` } }, details);
    bodies.set(id, body);
    sectionElements.set(id, section);
    children.push(section);
  }
  const footer = el(
    'footer',
    { className: 'muted' },
    el('span', { text: s('version'), id: 'version' }),
    button(s('showOutput'), () => runCommand(Commands.showOutput), { className: 'link', id: 'show-output' }),
  );
  children.push(footer);
  app.replaceChildren(...children);
  app.removeAttribute('aria-busy');
}

function renderNotices(m: ViewModel): void {
  const notices = document.getElementById('notices');
  if (!notices) return;
  const items: HTMLElement[] = [];
  if (!m.trusted) items.push(el('p', { text: s('untrusted'), className: 'notice warn', id: 'notice-untrusted' }));
  if (m.noPolicy !== undefined) {
    items.push(
      el(
        'div',
        { className: 'notice', id: 'notice-no-policy' },
        el('p', { text: m.noPolicy }),
        button(s('createPolicy'), () => runCommand(Commands.createPolicy), { className: 'primary', id: 'create-policy' }),
      ),
    );
  }
  notices.replaceChildren(...items);
}

function renderFile(body: HTMLElement, file: ViewModel['file']): void {
  if (file.kind !== 'file') {
    body.replaceChildren(el('p', { text: file.message, className: 'empty', id: 'file-empty' }));
    return;
  }
  const swatch = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  const level = el(
    'div',
    { className: 'level', id: 'file-level', attrs: { 'data-level': file.level, role: 'status' } },
    swatch,
    el('strong', { text: file.levelLabel }),
    el('span', { text: file.name, className: 'muted name', attrs: { title: file.name } }),
  );
  // A CSS custom property set through the CSSOM: the CSP forbids style attributes, not this.
  if (file.color) level.style.setProperty('--level-color', file.color);
  const facts = el('dl', { className: 'facts' });
  if (file.client) facts.append(el('dt', { text: s('client') }), el('dd', { text: file.client, id: 'file-client' }));
  facts.append(el('dt', { text: s('ai') }), el('dd', { text: file.aiStatus, className: file.aiAllowed ? '' : 'bad', id: 'file-ai' }));
  facts.append(
    el('dt', { text: s('findings') }),
    el(
      'dd',
      { id: 'file-findings' },
      el('span', { text: file.findingsSummary }),
      file.findings.length > 0
        ? el('ul', { className: 'chips' }, ...file.findings.map((finding) => el('li', { text: `${finding.label} ×${finding.count}`, className: `chip ${finding.category}` })))
        : undefined,
    ),
  );
  const reasons = el(
    'details',
    { className: 'reasons', id: 'file-reasons' },
    el('summary', { text: s('reasons', file.reasons.length) }),
    el('ul', {}, ...file.reasons.map((reason) => el('li', { text: reason }))),
  );
  const actions = el(
    'div',
    { className: 'actions' },
    button(s('copyRedacted'), () => runCommand(Commands.copyRedacted), { className: 'primary', id: 'copy-redacted' }),
    button(s('explain'), () => runCommand(Commands.explainClassification), { id: 'explain' }),
  );
  body.replaceChildren(level, facts, reasons, actions);
}

function renderProvider(body: HTMLElement, provider: ViewModel['provider']): void {
  const children: HTMLElement[] = [];
  if (provider.empty !== undefined) {
    children.push(
      el('p', { text: provider.empty, className: 'empty', id: 'provider-empty' }),
      button(s('openProviderSettings'), () => post({ type: 'openProviderSettings' }), { id: 'open-provider-settings' }),
    );
  }
  children.push(el('div', { className: 'active-provider', id: 'provider-active' }, el('strong', { text: provider.activeLabel }), el('span', { text: provider.activeDetail, className: 'muted' })));
  if (provider.allowedText !== undefined) children.push(el('p', { text: provider.allowedText, className: provider.allowed ? 'ok' : 'bad', id: 'provider-allowed' }));
  if (provider.options.length > 0) {
    const select = el('select', { id: 'provider-switch', attrs: { 'aria-label': s('switchProvider') } });
    if (provider.activeId === undefined || !provider.options.some((option) => option.id === provider.activeId)) select.append(el('option', { text: s('chooseProvider'), attrs: { value: '' } }));
    for (const option of provider.options) {
      const node = el('option', { text: `${option.label} — ${option.detail}`, attrs: { value: option.id } });
      node.selected = option.id === provider.activeId;
      select.append(node);
    }
    select.addEventListener('change', () => {
      if (select.value !== '') post({ type: 'setProvider', provider: select.value });
    });
    children.push(el('label', { className: 'field' }, el('span', { text: s('switchProvider') }), select));
  }
  if (provider.leftOut !== undefined && provider.leftOut.length > 0) {
    children.push(
      el('h3', { text: s('leftOutHeading'), id: 'provider-left-out-heading' }),
      el(
        'ul',
        { className: 'left-out', id: 'provider-left-out', attrs: { 'aria-labelledby': 'provider-left-out-heading' } },
        ...provider.leftOut.map((item) => el('li', { text: item.why, attrs: { 'data-provider': item.id } })),
      ),
    );
  }
  for (const missing of provider.missingKeys) {
    children.push(
      el(
        'div',
        { className: 'missing-key' },
        el('span', { text: s('noKey', missing.label) }),
        button(s('setApiKey'), () => post({ type: 'setApiKey', provider: missing.id }), { id: `set-key-${missing.id}`, ariaLabel: s('setApiKeyFor', missing.label) }),
      ),
    );
  }
  body.replaceChildren(...children);
}

/** The prompt list: groups by profile, filtered by the search box as people type. */
function renderPrompts(body: HTMLElement, prompts: ViewModel['prompts']): void {
  if (!search) {
    search = el('input', { id: 'prompt-search', attrs: { type: 'search', placeholder: s('searchPlaceholder'), 'aria-label': s('searchPlaceholder'), 'aria-controls': 'prompt-list' } });
    search.value = saved.search ?? '';
    search.addEventListener('input', () => {
      saveState();
      if (model) renderPromptList(model.prompts);
    });
    search.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        document.querySelector<HTMLButtonElement>('#prompt-list button')?.focus();
      }
    });
  }
  const hint = prompts.hint !== undefined ? el('p', { text: prompts.hint, className: 'muted', id: 'prompt-hint' }) : undefined;
  const problems = prompts.problems !== undefined ? el('p', { text: prompts.problems, className: 'warn' }) : undefined;
  const list = document.getElementById('prompt-list') ?? el('div', { id: 'prompt-list', attrs: { role: 'list' } });
  body.replaceChildren(...[search, hint, problems, list].filter((node): node is HTMLElement => node !== undefined));
  renderPromptList(prompts);
}

function renderPromptList(prompts: ViewModel['prompts']): void {
  const list = document.getElementById('prompt-list');
  if (!list) return;
  const words = (search?.value ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (text: string) => words.every((word) => text.toLowerCase().includes(word));
  const disabled = prompts.hint !== undefined;
  const groups: HTMLElement[] = [];
  for (const group of prompts.groups) {
    const templates = group.templates.filter((template) => matches(`${template.title} ${template.id} ${template.description} ${group.label}`));
    if (templates.length === 0) continue;
    const items = templates.map((template) => {
      const run = button('', () => post({ type: 'runTemplate', template: template.id }), {
        className: 'prompt',
        id: `run-${template.id}`,
        title: template.description,
        ariaLabel: s('runTemplate', template.title),
      });
      run.append(el('span', { text: template.title, className: 'prompt-title' }), el('span', { text: template.badge, className: `badge ${template.approval}` }));
      run.disabled = disabled || !template.runnable;
      return el('div', { attrs: { role: 'listitem' } }, run);
    });
    groups.push(el('div', { className: 'group', attrs: { role: 'group', 'aria-label': group.label } }, el('h3', { text: group.label }), ...items));
  }
  if (groups.length === 0) groups.push(el('p', { text: s('noMatch'), className: 'empty' }));
  list.replaceChildren(...groups);
}

function renderUsage(body: HTMLElement, usage: ViewModel['usage']): void {
  const children: HTMLElement[] = [el('p', { text: usage.month, className: 'muted' })];
  children.push(el('div', { className: 'stats', id: 'usage-stats' }, el('span', { text: usage.calls }), el('span', { text: usage.tokens }), el('span', { text: usage.cost })));
  if (usage.budget) {
    const bar = el(
      'div',
      {
        className: `bar ${usage.budget.state}`,
        id: 'budget-bar',
        attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(Math.round(usage.budget.share * 100)), 'aria-label': usage.budget.label },
      },
      el('div', { className: 'fill' }),
    );
    bar.style.setProperty('--share', String(usage.budget.share));
    children.push(el('p', { text: usage.budget.label, className: 'budget-label' }), bar);
  }
  if (usage.empty !== undefined) children.push(el('p', { text: usage.empty, className: 'empty' }));
  if (usage.top.length > 0)
    children.push(
      el('h3', { text: s('topTemplates') }),
      el('ol', { className: 'top' }, ...usage.top.map((top) => el('li', {}, el('span', { text: top.label }), el('span', { text: top.calls, className: 'muted' })))),
    );
  body.replaceChildren(...children);
}

function renderActivity(body: HTMLElement, activity: ViewModel['activity']): void {
  const children: HTMLElement[] = [];
  if (activity.empty !== undefined) children.push(el('p', { text: activity.empty, className: 'empty' }));
  else
    children.push(
      el(
        'ul',
        { className: 'activity', id: 'activity-list' },
        ...activity.items.map((item) =>
          el(
            'li',
            {},
            el('div', { className: 'row' }, el('span', { text: item.template, className: 'activity-template' }), el('span', { text: item.outcomeLabel, className: `outcome ${item.outcome}` })),
            el('div', { className: 'muted row' }, el('span', { text: `${item.provider} · ${item.redactions}` }), el('time', { text: item.when, attrs: { datetime: item.time } })),
          ),
        ),
      ),
    );
  children.push(button(s('showAuditLog'), () => runCommand(Commands.showAuditLog), { className: 'link', id: 'show-audit-log' }));
  body.replaceChildren(...children);
}

const MINUTES = [0, 5, 15, 30, 60];

function renderFeedback(body: HTMLElement, feedback: ViewModel['feedback']): void {
  const section = sectionElements.get('feedback');
  if (section) section.hidden = feedback === undefined;
  if (!feedback) {
    body.replaceChildren();
    return;
  }
  const rating = pendingRating?.runId === feedback.runId ? pendingRating.rating : undefined;
  const stars = el('div', { className: 'stars', attrs: { role: 'group', 'aria-label': s('rateLabel') } });
  for (let value = 1; value <= 5; value++) {
    const star = button(
      value <= (rating ?? 0) ? '★' : '☆',
      () => {
        pendingRating = { runId: feedback.runId, rating: value };
        renderFeedback(body, feedback);
        document.getElementById('minutes-0')?.focus();
      },
      { className: 'star', id: `star-${value}`, ariaLabel: s('stars', value) },
    );
    star.setAttribute('aria-pressed', String(value === rating));
    stars.append(star);
  }
  const children: HTMLElement[] = [el('p', { text: feedback.question }), stars];
  if (rating !== undefined) {
    const minutes = el(
      'div',
      { className: 'minutes', attrs: { role: 'group', 'aria-label': s('minutesLabel') } },
      ...MINUTES.map((value) => button(s('minutes', value), () => send(value), { id: `minutes-${value}` })),
    );
    children.push(el('p', { text: s('minutesLabel') }), minutes);
  }
  const send = (minutesSaved?: number) => {
    post({ type: 'rate', runId: feedback.runId, ...(rating !== undefined ? { rating } : {}), ...(minutesSaved !== undefined ? { minutesSaved } : {}) });
    pendingRating = undefined;
  };
  children.push(
    button(rating === undefined ? s('skip') : s('sendRatingOnly'), () => (rating === undefined ? post({ type: 'skipFeedback', runId: feedback.runId }) : send()), {
      className: 'link',
      id: 'feedback-skip',
    }),
  );
  body.replaceChildren(...children);
}

function renderTelemetry(body: HTMLElement, telemetry: ViewModel['telemetry']): void {
  const children: HTMLElement[] = [el('p', { text: telemetry.status, id: 'telemetry-status' })];
  if (telemetry.available) {
    const toggle = el('input', { id: 'telemetry-toggle', attrs: { type: 'checkbox', role: 'switch' } });
    toggle.checked = telemetry.enabled;
    toggle.addEventListener('change', () => post({ type: 'setTelemetry', enabled: toggle.checked }));
    children.push(el('label', { className: 'switch' }, toggle, el('span', { text: s('telemetryToggle') })));
  }
  children.push(el('ul', { className: 'muted' }, ...telemetry.details.map((detail) => el('li', { text: detail }))));
  if (telemetry.available) children.push(button(s('showTelemetryLog'), () => post({ type: 'showTelemetryLog' }), { className: 'link', id: 'show-telemetry-log' }));
  body.replaceChildren(...children);
}

function render(m: ViewModel): void {
  model = m;
  document.documentElement.lang = m.language;
  renderNotices(m);
  const body = (id: SectionId) => bodies.get(id) as HTMLElement;
  renderFile(body('file'), m.file);
  renderProvider(body('provider'), m.provider);
  renderPrompts(body('prompts'), m.prompts);
  renderUsage(body('usage'), m.usage);
  renderActivity(body('activity'), m.activity);
  renderFeedback(body('feedback'), m.feedback);
  renderAiTools({ el, button, post }, body('aiTools'), m.aiTools, sectionElements.get('aiTools'));
  renderTelemetry(body('telemetry'), m.telemetry);
  if (!painted) {
    painted = true;
    // The first frame that shows the state: measured from the page's navigation start.
    requestAnimationFrame(() => {
      const ms = Math.round(performance.now());
      document.body.dataset.firstPaintMs = String(ms);
      post({ type: 'painted', ms });
    });
  }
}

/** Arrow keys move between the prompts, like a list; Home and End jump to the ends. */
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  if (!target?.classList.contains('prompt')) return;
  const all = [...document.querySelectorAll<HTMLButtonElement>('#prompt-list button.prompt')];
  const index = all.indexOf(target as HTMLButtonElement);
  const next =
    event.key === 'ArrowDown'
      ? all[index + 1]
      : event.key === 'ArrowUp'
        ? index === 0
          ? search
          : all[index - 1]
        : event.key === 'Home'
          ? all[0]
          : event.key === 'End'
            ? all[all.length - 1]
            : undefined;
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = ToWebviewSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('[ai-guard] ignored an invalid message from the extension host');
    return;
  }
  const message: ToWebview = parsed.data;
  switch (message.type) {
    case 'init':
      strings = message.strings;
      skeleton();
      if (model) render(model);
      break;
    case 'state':
      if (bodies.size > 0) render(message.model);
      else model = message.model;
      break;
  }
});

host.postMessage({ type: 'ready' });

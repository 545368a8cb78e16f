import type { FromWebview, ViewModel } from '../shared/messages';

/** What the section needs from the page: its element builders and the channel to the host. */
export interface AiToolsPage {
  el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    options?: { text?: string; className?: string; id?: string; attrs?: Record<string, string> },
    ...children: Array<Node | undefined>
  ): HTMLElementTagNameMap[K];
  button(label: string, onClick: () => void, options?: { className?: string; id?: string; ariaLabel?: string; title?: string }): HTMLButtonElement;
  post(message: FromWebview): void;
}

/**
 * The AI tools section: each tool with its state (governed, not governed, out of date) and, where
 * its files do not follow the policy, a button that runs "Set Up AI Tools" for it (the diffs and
 * the confirmation are the editor's). Plain buttons, so Tab and Enter reach every one.
 */
export function renderAiTools(page: AiToolsPage, body: HTMLElement, section: ViewModel['aiTools'], container: HTMLElement | undefined): void {
  if (container) container.hidden = section === undefined;
  if (section === undefined) {
    body.replaceChildren();
    return;
  }
  const { el, button, post } = page;
  const children: HTMLElement[] = [];
  if (section.problem !== undefined) children.push(el('p', { text: section.problem, className: 'warn', id: 'ai-tools-problem', attrs: { role: 'alert' } }));
  else if (section.warning !== undefined) children.push(el('p', { text: section.warning, className: 'warn', id: 'ai-tools-warning', attrs: { role: 'status' } }));
  const list = el('ul', { className: 'ai-tools', id: 'ai-tools-list' });
  for (const item of section.items) {
    const state = el('span', { text: item.stateLabel, className: `tool-state ${item.state}`, id: `ai-tool-state-${item.id}` });
    const row = el(
      'li',
      { id: `ai-tool-${item.id}`, attrs: { 'data-state': item.state } },
      el('div', { className: 'row' }, el('strong', { text: item.label }), state),
      el('div', { className: 'muted', text: item.found }),
    );
    if (item.action !== undefined && (item.state === 'missing' || item.state === 'stale')) {
      const tool = item.id as NonNullable<Extract<FromWebview, { type: 'setUpAiTools' }>['tool']>;
      row.append(button(item.action, () => post({ type: 'setUpAiTools', tool }), { id: `set-up-${item.id}`, ...(item.actionLabel !== undefined ? { ariaLabel: item.actionLabel } : {}) }));
    }
    list.append(row);
  }
  children.push(list);
  if (section.setUpAll !== undefined) children.push(button(section.setUpAll, () => post({ type: 'setUpAiTools' }), { className: 'primary', id: 'set-up-all-ai-tools' }));
  children.push(el('p', { text: section.runner, className: 'muted', id: 'ai-tools-runner' }));
  body.replaceChildren(...children);
}

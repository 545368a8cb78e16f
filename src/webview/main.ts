import { Commands } from '../shared/ids';
import { type FromWebview, type ToWebview, ToWebviewSchema } from '../shared/messages';

/**
 * The sidebar page. It builds its DOM with `textContent` only (never `innerHTML`), talks to the
 * extension host through `postMessage` alone, and validates what the host sends as well.
 */
interface HostApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): HostApi;

const host = acquireVsCodeApi();
const app = document.getElementById('app');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function render(message: Extract<ToWebview, { type: 'init' }>): void {
  if (!app) return;
  const { strings } = message;
  const title = element('h2', strings.title);
  title.id = 'title';
  const intro = element('p', strings.intro);
  intro.id = 'intro';
  const button = element('button', strings.showOutput);
  button.id = 'show-output';
  button.type = 'button';
  button.addEventListener('click', () => host.postMessage({ type: 'runCommand', command: Commands.showOutput }));
  const version = element('p', strings.version, 'muted');
  version.id = 'version';
  app.replaceChildren(title, intro, button, version);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = ToWebviewSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('[ai-guard] ignored an invalid message from the extension host');
    return;
  }
  switch (parsed.data.type) {
    case 'init':
      render(parsed.data);
      break;
  }
});

host.postMessage({ type: 'ready' });

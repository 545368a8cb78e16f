import { strict as assert } from 'node:assert';
import { activate, deactivate } from '../../src/extension';
import { commandModules } from '../../src/vscode/commands';
import { Commands, OUTPUT_CHANNEL_NAME, Views } from '../../src/shared/ids';
import type { FromWebview } from '../../src/shared/messages';
import type { AiGuardApi } from '../../src/vscode/api';
import { ExtensionMode, createContext, createWebviewView, fake, flush } from '../support/fakeVscode';

const { version } = require('../../package.json') as { version: string };

type Provider = { resolveWebviewView(view: unknown): void | Promise<void> };

describe('the editor adapter, against an in-memory editor', () => {
  let context: ReturnType<typeof createContext>;

  beforeEach(() => {
    fake.reset();
    context = createContext('/ext', ExtensionMode.Test);
  });
  afterEach(() => {
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
    deactivate();
  });

  const activateFake = () => activate(context as never) as Promise<AiGuardApi>;

  it('activates: registers every command, the sidebar provider and one output channel', async () => {
    const api = await activateFake();
    assert.equal(api.version, version);
    assert.deepEqual([...fake.commands.keys()].sort(), Object.values(Commands).sort());
    assert.deepEqual(commandModules.map((c) => c.id).sort(), Object.values(Commands).sort());
    assert.ok(fake.viewProviders.has(Views.sidebar));
    assert.deepEqual(
      fake.channels.map((c) => c.name),
      [OUTPUT_CHANNEL_NAME],
    );
    assert.match(fake.channels[0]?.lines.join('\n') ?? '', new RegExp(`Etech AI Guard ${version.replace(/\./g, '\\.')} activated`));
    assert.deepEqual(fake.errorMessages, []);
  });

  it('logs a setting with a wrong value once, naming it, and uses the default', async () => {
    await activateFake();
    const { getSetting } = await import('../../src/vscode/platform/configuration');
    fake.settings['aiGuard.context.maxCharacters'] = 'lots';
    assert.equal(getSetting('context.maxCharacters'), 200_000);
    assert.equal(getSetting('context.maxCharacters'), 200_000);
    const warnings = (fake.channels[0]?.lines ?? []).filter((line) => line.includes('aiGuard.context.maxCharacters'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /Setting aiGuard\.context\.maxCharacters: expected a number; the default applies\./);
    assert.doesNotMatch(warnings[0]!, /lots/, 'the value itself is not logged: it could be a pasted secret');
  });

  it('disposes everything it registered when the extension is deactivated', async () => {
    await activateFake();
    for (const disposable of context.subscriptions.splice(0)) disposable.dispose();
    assert.equal(fake.commands.size, 0);
    assert.equal(fake.viewProviders.size, 0);
    assert.ok(fake.channels.every((c) => c.disposed));
  });

  describe('when activation fails', () => {
    const logged: unknown[][] = [];
    const originalError = console.error;
    beforeEach(() => {
      logged.length = 0;
      console.error = (...args: unknown[]) => void logged.push(args);
    });
    afterEach(() => {
      console.error = originalError;
    });

    it('reports the failure to the person and to the extension host log, then rethrows', async () => {
      const broken = { ...context, subscriptions: undefined };
      await assert.rejects(() => activate(broken as never), TypeError);
      assert.equal(fake.errorMessages.length, 1);
      assert.match(fake.errorMessages[0] ?? '', /^Etech AI Guard could not start: .+Reload the window/);
      assert.equal(logged.length, 1);
      assert.ok(logged[0]?.[1] instanceof TypeError, 'the log keeps the error and its stack');
    });

    it('reports it in French when the editor runs in French', async () => {
      fake.l10nBundle = require('../../l10n/bundle.l10n.fr.json');
      await assert.rejects(() => activate({ ...context, subscriptions: undefined } as never));
      assert.match(fake.errorMessages[0] ?? '', /^Etech AI Guard n'a pas pu démarrer/);
    });
  });

  it('"Show Output" reveals the output channel', async () => {
    await activateFake();
    await fake.commands.get(Commands.showOutput)?.();
    assert.equal(fake.channels[0]?.shown, 1);
  });

  it('reveals the output on errors only when aiGuard.revealOutputOnError is on', async () => {
    await activateFake();
    const view = createWebviewView();
    await (fake.viewProviders.get(Views.sidebar) as Provider).resolveWebviewView(view);
    view.webview.deliver({ type: 'bogus' });
    assert.equal(fake.channels[0]?.shown, 0, 'a warning does not reveal');
    // Errors are logged by the command wrapper; make a command fail to produce one.
    fake.settings['aiGuard.revealOutputOnError'] = true;
    const original = commandModules[0]!.run;
    (commandModules[0] as { run: typeof original }).run = () => {
      throw new Error('boom');
    };
    try {
      await fake.commands.get(Commands.showOutput)?.();
    } finally {
      (commandModules[0] as { run: typeof original }).run = original;
    }
    assert.equal(fake.channels[0]?.shown, 1);
    assert.match(fake.errorMessages.join('\n'), /the command failed: boom/);
  });

  describe('sidebar webview', () => {
    async function resolveSidebar() {
      const api = await activateFake();
      const view = createWebviewView();
      await (fake.viewProviders.get(Views.sidebar) as Provider).resolveWebviewView(view);
      return { api, view };
    }

    it('renders a page with a strict CSP and scripts limited to dist/ and media/', async () => {
      const { view } = await resolveSidebar();
      const html = view.webview.html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
      assert.match(html, /content="default-src 'none';[^"]*script-src 'nonce-/);
      assert.match(view.webview.html, /<script nonce="[A-Za-z0-9+/=]{24}" src="[^"]+\/dist\/webview\.js">/);
      const roots = (view.webview.options.localResourceRoots as Array<{ path: string }>).map((u) => u.path).sort();
      assert.deepEqual(roots, ['/ext/dist', '/ext/media']);
      assert.equal(view.webview.options.enableCommandUris, false);
    });

    it('uses a fresh nonce for every render', async () => {
      const { view } = await resolveSidebar();
      const second = createWebviewView();
      await (fake.viewProviders.get(Views.sidebar) as Provider).resolveWebviewView(second);
      const nonce = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1];
      assert.notEqual(nonce(view.webview.html), nonce(second.webview.html));
    });

    it('answers the ready handshake with init, localised, and only then reports ready', async () => {
      const { api, view } = await resolveSidebar();
      let ready = false;
      void api.testing?.sidebarReady().then(() => (ready = true));
      await flush();
      assert.equal(ready, false);
      assert.deepEqual(view.webview.posted, []);
      view.webview.deliver({ type: 'ready' } satisfies FromWebview);
      // Ready once init is posted and the first state is built (templates, providers, usage).
      await Promise.race([api.testing?.sidebarReady(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      assert.equal(ready, true);
      const init = view.webview.posted[0] as unknown as { type: string; version: string; strings: Record<string, string> };
      assert.equal(init.type, 'init');
      assert.equal(init.version, version);
      assert.equal(init.strings.showOutput, 'Show Output');
    });

    it('runs an allowlisted command the page asks for', async () => {
      const { view } = await resolveSidebar();
      view.webview.deliver({ type: 'runCommand', command: Commands.showOutput } satisfies FromWebview);
      await flush();
      assert.deepEqual(
        fake.executed.map((e) => e.id),
        [Commands.showOutput],
      );
      assert.equal(fake.channels[0]?.shown, 1);
    });

    it('drops and logs invalid messages, and never runs a command outside the allowlist', async () => {
      const { api, view } = await resolveSidebar();
      view.webview.deliver({ type: 'runCommand', command: 'workbench.action.terminal.sendSequence' });
      view.webview.deliver('ready');
      await flush();
      assert.deepEqual(fake.executed, []);
      assert.equal(api.testing?.rejectedMessages.length, 2);
      assert.match(fake.channels[0]?.lines.join('\n') ?? '', /\[warn\] Ignored an invalid message from the sidebar: command:/);
    });

    it('stops listening to a webview once it is disposed', async () => {
      const { view } = await resolveSidebar();
      view.dispose();
      view.webview.deliver({ type: 'runCommand', command: Commands.showOutput });
      await flush();
      assert.deepEqual(fake.executed, []);
    });
  });
});

import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, Settings, ViewContainers, Views } from '../../src/shared/ids';
import type { AiGuardApi } from '../../src/vscode/api';
import { eventually } from './eventually';

/** Fails with `message` when `promise` has not settled within `ms`. */
async function within<T>(ms: number, message: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface ContributesManifest {
  contributes: {
    commands: Array<{ command: string }>;
    viewsContainers: { activitybar: Array<{ id: string }> };
    views: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, unknown> };
  };
}

describe('Etech AI Guard in a real editor', () => {
  let extension: vscode.Extension<AiGuardApi>;
  let api: AiGuardApi;

  before(async () => {
    const found = vscode.extensions.getExtension<AiGuardApi>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed in the editor`);
    extension = found;
    api = await extension.activate();
  });

  it('activates and exposes its version', () => {
    assert.equal(extension.isActive, true);
    assert.equal(api.version, (extension.packageJSON as { version: string }).version);
  });

  it('registers every command it contributes, and only ids from ids.ts', async () => {
    const manifest = extension.packageJSON as ContributesManifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `command ${id} is not registered`);
  });

  it('declares the view container, view and settings that ids.ts names', () => {
    const manifest = extension.packageJSON as ContributesManifest;
    assert.deepEqual(
      manifest.contributes.viewsContainers.activitybar.map((c) => c.id),
      Object.values(ViewContainers),
    );
    assert.deepEqual(
      manifest.contributes.views[ViewContainers.activityBar]?.map((v) => v.id),
      Object.values(Views),
    );
    for (const key of Object.values(Settings)) {
      assert.ok(`aiGuard.${key}` in manifest.contributes.configuration.properties, key);
    }
  });

  it('exposes its settings to the editor with their defaults', () => {
    const inspected = vscode.workspace.getConfiguration('aiGuard').inspect(Settings.revealOutputOnError);
    assert.equal(inspected?.defaultValue, false);
  });

  it('"AI Guard: Show Output" opens the AI Guard log in the Output panel', async () => {
    const failuresBefore = api.testing?.commandFailures.length ?? 0;
    await vscode.commands.executeCommand(Commands.showOutput);
    // The Output panel opens a channel's document (scheme `output`) when it shows it.
    const shown = () => vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'output' && /AI Guard/.test(decodeURIComponent(document.uri.toString())));
    await eventually('the AI Guard output channel was opened', async () => shown());
    assert.deepEqual(api.testing?.commandFailures.slice(failuresBefore), [], 'the command did not fail');
  });

  it('resolves the sidebar view, whose page runs under its CSP and completes the handshake', async () => {
    const testing = api.testing;
    assert.ok(testing, 'test hooks are exported in extension test mode');
    await vscode.commands.executeCommand(`workbench.view.extension.${ViewContainers.activityBar}`);
    await vscode.commands.executeCommand(`${Views.sidebar}.focus`);
    await within(30_000, 'the sidebar webview did not complete the ready handshake', testing.sidebarReady());
    assert.deepEqual(testing.rejectedMessages, [], 'the page sent only valid messages');
  });
});

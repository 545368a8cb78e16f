import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, NAMESPACE } from '../../src/shared/ids';
import type { AiGuardApi, AiGuardTestHooks } from '../../src/vscode/api';
import type { FakeAiServer } from '../support/fakeAiServer';

/**
 * What every in-editor suite starts from: the extension activated (in test mode, so with its test
 * hooks) and the demo workspace's folder.
 */
export async function activateForTests(): Promise<{ extension: vscode.Extension<AiGuardApi>; testing: AiGuardTestHooks; folder: vscode.Uri }> {
  const extension = vscode.extensions.getExtension<AiGuardApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the editor`);
  const api = await extension.activate();
  assert.ok(api.testing, 'the test hooks are available in extension test mode');
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace, 'the demo workspace is open');
  return { extension, testing: api.testing, folder: workspace.uri };
}

/** The extension's settings (`aiGuard.*`). */
export const aiGuardSettings = () => vscode.workspace.getConfiguration(NAMESPACE);

/** The local fake provider as the demo policy's catalogue knows it: `ollama`, tag `local`, no key needed. */
export const localProvider = (server: FakeAiServer) => ({ id: 'ollama', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.1', tags: ['local'] });

/** Runs a template with a provider through "Run Prompt…" on the active editor, and returns what the run left. */
export async function runTemplate(testing: AiGuardTestHooks, template: string, provider: string): Promise<NonNullable<Awaited<ReturnType<AiGuardTestHooks['lastAiRun']>>>> {
  await vscode.commands.executeCommand(Commands.runPrompt, { template, provider });
  const last = await testing.lastAiRun();
  assert.ok(last, 'the run left a record');
  return last;
}

import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, NAMESPACE, PREVIEW_SCHEME } from '../../src/shared/ids';
import { eventually } from './eventually';
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

/** The prompt preview's diff tab, when one is open. */
export function previewTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PREVIEW_SCHEME);
}

/**
 * Runs a template whose level asks for a preview, and decides the preview as the person would:
 * once its view is open, with its own title-bar command (`decide`, or a function doing
 * something else, such as closing the view).
 */
export async function runDeciding(
  testing: AiGuardTestHooks,
  template: string,
  provider: string,
  decide: string | (() => Promise<unknown>),
  start: () => Thenable<unknown> = () => vscode.commands.executeCommand(Commands.runPrompt, { template, provider }),
): Promise<NonNullable<Awaited<ReturnType<AiGuardTestHooks['lastAiRun']>>>> {
  const running = Promise.resolve(start());
  await eventually('the prompt preview opens', () => previewTab());
  await (typeof decide === 'string' ? vscode.commands.executeCommand(decide) : decide());
  await running;
  await eventually('the preview view is closed after the decision', () => previewTab() === undefined);
  const last = await testing.lastAiRun();
  assert.ok(last, 'the run left a record');
  return last;
}

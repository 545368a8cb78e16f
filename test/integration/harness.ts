import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/shared/ids';
import type { AiGuardApi, AiGuardTestHooks } from '../../src/vscode/api';

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

import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { AUDIT_PANEL_TYPE, Commands, Settings } from '../../src/shared/ids';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import type { AuditViewSnapshot } from '../../src/vscode/audit/auditPanel';
import { FakeAiServer } from '../support/fakeAiServer';
import { eventually } from './eventually';
import { activateForTests, aiGuardSettings, localProvider, runTemplate } from './harness';

const CODE_FILE = 'src/invoice.ts';
const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';
/** A zone without summer time, and a quarter-hour offset no machine's default is likely to share. */
const ZONE = 'Asia/Kathmandu';
const ZONE_OFFSET_MS = (5 * 60 + 45) * 60_000;

const auditTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(AUDIT_PANEL_TYPE));
const show = async (filter?: Record<string, string>) => (await vscode.commands.executeCommand(Commands.showAuditLog, ...(filter ? [filter] : []))) as AuditViewSnapshot;

/**
 * "Show Audit Log" in a real editor: a read-only view, not an untitled document, that shows one
 * row per recorded call (its count says so), in local time, narrows with its filters, and is
 * reused by every call of the command.
 */
describe('The audit log view in a real editor', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let server: FakeAiServer;
  const workspace = vscode.ConfigurationTarget.Workspace;
  const savedZone = process.env.TZ;

  before(async () => {
    ({ testing, folder } = await activateForTests());
    server = await FakeAiServer.start();
    await aiGuardSettings().update(Settings.providers, [localProvider(server), { id: 'my-gateway', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.1' }], workspace);
  });

  after(async () => {
    if (savedZone === undefined) delete process.env.TZ;
    else process.env.TZ = savedZone;
    await aiGuardSettings().update(Settings.providers, undefined, workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  it('shows N rows for N recorded calls, in local time, narrows with its filters, and reuses one view', async function () {
    this.timeout(120_000);
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CODE_FILE));
    assert.equal((await runTemplate(testing, 'code-review', 'ollama')).status, 'ok');
    assert.equal((await runTemplate(testing, 'explain-code', 'ollama')).status, 'ok');
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CLIENT_FILE));
    assert.equal((await runTemplate(testing, 'code-review', 'my-gateway')).status, 'blocked');

    const calls = (await testing.auditRecords()).filter((record) => record.type === 'call') as Array<{ time: string; outcome: string }>;
    assert.ok(calls.length >= 3, `${calls.length} calls recorded`);
    // The extension host is this process: its times follow TZ, which Node reads again when it is set.
    process.env.TZ = ZONE;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const first = await show({});
    assert.equal(first.reused, false);
    assert.equal(first.rows, calls.length, 'one row per call');
    assert.match(first.count, new RegExp(`^${calls.length} `), 'the count is the rows shown');
    const local = (iso: string) => new Date(Date.parse(iso) + ZONE_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
    assert.deepEqual(first.times, calls.map((call) => local(call.time)).reverse(), 'local times, newest first');
    await eventually('the page draws every row', async () => (await show()).painted === calls.length);
    assert.equal(auditTabs().length, 1, 'a webview tab, not an untitled document');
    assert.equal(vscode.workspace.textDocuments.filter((document) => document.isUntitled).length, 0);

    const blocked = calls.filter((call) => call.outcome === 'blocked').length;
    const narrowed = await show({ outcome: 'blocked' });
    assert.equal(narrowed.reused, true);
    assert.equal(narrowed.rows, blocked);
    assert.deepEqual(narrowed.selected, { outcome: 'blocked' });
    await eventually('the page draws the narrowed rows', async () => (await show()).painted === blocked);

    assert.equal(auditTabs().length, 1, 'every call of the command reuses the one view');
    assert.deepEqual(narrowed.rejected, []);
  });

  it('opens the export dialog outside the workspace, with a dated default file name', async function () {
    this.timeout(60_000);
    const window = vscode.window as { -readonly [K in keyof typeof vscode.window]: (typeof vscode.window)[K] };
    const saved = { pick: window.showQuickPick, save: window.showSaveDialog };
    let options: vscode.SaveDialogOptions | undefined;
    try {
      window.showQuickPick = (async () => 'json') as unknown as typeof window.showQuickPick;
      window.showSaveDialog = async (given) => {
        options = given;
        return undefined;
      };
    } catch {
      // An editor whose API object is frozen cannot have its dialogs stubbed; the unit test holds the logic.
      this.skip();
    }
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.exportAuditLog), undefined, 'cancelled: nothing written');
    } finally {
      window.showQuickPick = saved.pick;
      window.showSaveDialog = saved.save;
    }
    const suggested = options?.defaultUri;
    assert.ok(suggested, 'the dialog has a default location');
    assert.match(suggested.path, /\/ai-guard-audit-\d{4}-\d{2}\.json$/);
    for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
      assert.ok(!`${suggested.fsPath}/`.startsWith(`${workspaceFolder.uri.fsPath}/`), `${suggested.fsPath} is inside ${workspaceFolder.uri.fsPath}`);
    }
  });
});

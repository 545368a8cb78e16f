import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../src/shared/ids';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { FakeAiServer } from '../support/fakeAiServer';
import { eventually } from './eventually';
import { activateForTests, aiGuardSettings, localProvider, runDeciding, runTemplate } from './harness';

const CODE_FILE = 'src/invoice.ts';
const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';

/**
 * What people do with a run and its answer, in a real editor: apply a code answer as a change
 * they accept, preview a prompt before it leaves, review a git diff, and see a broken template
 * in the Problems panel without losing the others.
 */
describe('AI answers and runs in a real editor', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let server: FakeAiServer;
  const configuration = aiGuardSettings;
  const run = (template: string) => runTemplate(testing, template, 'ollama');

  before(async () => {
    ({ testing, folder } = await activateForTests());
    server = await FakeAiServer.start();
    await configuration().update(Settings.providers, [localProvider(server)], vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await configuration().update(Settings.providers, undefined, vscode.ConfigurationTarget.Workspace);
    await configuration().update(Settings.previewLevels, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server?.close();
  });

  it('applies a code answer as a diff the person accepts, in place of the selection', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CODE_FILE));
    const start = editor.document.getText().indexOf('export function total');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(editor.document.getText().length));
    const rewritten = 'export function total(invoices: readonly Invoice[]): number {\n  let sum = 0;\n  for (const invoice of invoices) sum += invoice.amountCents;\n  return sum;\n}\n';
    server.answer = () => ({ text: `Here is a simpler version:\n\n\`\`\`ts\n${rewritten}\`\`\`\n\nIt avoids reduce.` });
    const last = await run('refactor');
    assert.equal(last.status, 'ok', last.message);

    await vscode.commands.executeCommand(Commands.applyAnswer, vscode.Uri.parse(last.answerUri ?? ''));
    const diff = await eventually('the proposal opens in a diff view', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'aiguard-proposal'),
    );
    assert.ok(diff.input instanceof vscode.TabInputTextDiff);
    assert.equal(diff.input.original.toString(), editor.document.uri.toString());
    assert.ok(!editor.document.getText().includes('let sum = 0;'), 'nothing changes before it is accepted');

    await vscode.commands.executeCommand(Commands.acceptProposal);
    const text = editor.document.getText();
    assert.ok(text.includes('let sum = 0;'), 'the accepted code replaced the selection');
    assert.ok(text.startsWith('export interface Invoice'), 'the rest of the file is untouched');
    assert.ok(!text.includes('It avoids reduce.'), 'only the code block is applied, not the prose');
    assert.ok(!text.includes('reduce('), 'the old body is gone');
    assert.ok(editor.document.isDirty, 'the change is unsaved, so it can be undone');
    assert.equal(
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'aiguard-proposal').length,
      0,
      'the diff view is closed',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('previews the prompt before it leaves: declined, nothing is sent; accepted, the call is made and the audit says it was previewed', async () => {
    await configuration().update(Settings.previewLevels, ['confidential'], vscode.ConfigurationTarget.Workspace);
    server.answer = () => ({});
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CLIENT_FILE));
    const before = server.requests.length;

    const declined = await runDeciding(testing, 'code-review', 'ollama', Commands.declinePreview);
    assert.equal(declined.status, 'blocked');
    assert.match(declined.message ?? '', /preview was declined/);
    assert.equal(server.requests.length, before, 'a declined preview sends nothing');

    const accepted = await runDeciding(testing, 'code-review', 'ollama', Commands.sendPreview);
    assert.equal(accepted.status, 'ok', accepted.message);
    assert.equal(server.requests.length, before + 1);
    const records = (await testing.auditRecords()).slice(-2) as Array<{ outcome: string; detail?: string; previewShown: boolean }>;
    assert.deepEqual(
      records.map((record) => [record.outcome, record.detail, record.previewShown]),
      [
        ['blocked', 'preview-declined', true],
        ['ok', undefined, true],
      ],
    );

    // A file below the listed levels asks nothing (a cursor, no selection: the whole file).
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CODE_FILE), { selection: new vscode.Range(0, 0, 0, 0) });
    const internal = await run('explain-code');
    assert.equal(internal.status, 'ok', internal.message);
    assert.equal(((await testing.auditRecords()).at(-1) as { previewShown: boolean }).previewShown, false);
    await configuration().update(Settings.previewLevels, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it("reviews the working tree's git diff, and classifies the files it touches", async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { cwd: folder.fsPath, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'initial');
    const file = vscode.Uri.joinPath(folder, CODE_FILE);
    const clientFile = vscode.Uri.joinPath(folder, CLIENT_FILE);
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const clientOriginal = new TextDecoder().decode(await vscode.workspace.fs.readFile(clientFile));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${original}\nexport const CURRENCY = 'EUR';\n`));
    // The diff also touches the client's folder: the run is as sensitive as that file.
    await vscode.workspace.fs.writeFile(clientFile, new TextEncoder().encode(`${clientOriginal}\nFollow-up with Banque Ardoise on Thursday.\n`));
    try {
      await vscode.window.showTextDocument(file);
      const before = server.requests.length;
      const last = await run('review-diff');
      assert.equal(last.status, 'ok', last.message);
      assert.equal(server.requests.length, before + 1);
      const body = JSON.stringify(server.requests.at(-1)?.body);
      assert.match(body, /\+export const CURRENCY = 'EUR';/, 'the diff was sent');
      assert.match(body, /diff --git a\/src\/invoice\.ts/);
      assert.match(body, /Follow-up with/);
      assert.ok(!body.includes('Banque Ardoise'), "the client's name in the diff was masked");
      const record = (await testing.auditRecords()).at(-1) as { levels: string[]; clients: string[] };
      assert.deepEqual([record.levels, record.clients], [['confidential'], ['ardoise']], 'the run counts at the level of the most sensitive file the diff touches');
    } finally {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(original));
      await vscode.workspace.fs.writeFile(clientFile, new TextEncoder().encode(clientOriginal));
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.git'), { recursive: true });
    }
  });

  it('shows a broken template in the Problems panel at its line, and still runs the others', async () => {
    const broken = vscode.Uri.joinPath(folder, '.aiguard', 'prompts', 'broken.prompt.md');
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('---\nid: broken\ntitle: [unclosed\n---\n## User\nHello\n'));
    try {
      // A cursor, no selection: the run is about the whole file (an earlier test's selection may linger).
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CODE_FILE), { selection: new vscode.Range(0, 0, 0, 0) });
      const last = await run('explain-code');
      assert.equal(last.status, 'ok', last.message);
      const diagnostics = await eventually('the template problem is in the Problems panel', () => {
        const found = vscode.languages.getDiagnostics(broken);
        return found.length > 0 ? found : undefined;
      });
      assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Error);
      assert.ok((diagnostics[0]?.range.start.line ?? -1) >= 1, 'the problem is at its line, not at the top of the file');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.aiguard', 'prompts'), { recursive: true });
    }
  });
});

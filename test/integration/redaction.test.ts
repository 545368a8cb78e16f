import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Commands, DIAGNOSTIC_SOURCE } from '../../src/shared/ids';

const PLANTED = 'config/planted-secrets.env';

/** Resolves with the AI Guard diagnostics of `uri` once there are at least `count`. */
function aiGuardDiagnostics(uri: vscode.Uri, count: number, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code !== 'classification');
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = current();
      if (found.length >= count) {
        subscription.dispose();
        clearTimeout(timer);
        resolve(found);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`expected ${count} AI Guard diagnostics, got ${current().length}`));
    }, timeoutMs);
    check();
  });
}

describe('Redaction in a real editor', () => {
  let document: vscode.TextDocument;

  after(async () => {
    await vscode.workspace.getConfiguration('aiGuard').update('redaction.showPersonalData', undefined, vscode.ConfigurationTarget.Workspace);
  });

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the demo workspace is open');
    // Personal data is shown only when asked: this suite asks, to check every kind.
    await vscode.workspace.getConfiguration('aiGuard').update('redaction.showPersonalData', true, vscode.ConfigurationTarget.Workspace);
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, PLANTED));
    await vscode.window.showTextDocument(document);
  });

  it('shows each planted secret and personal data item as an AI Guard diagnostic, without its value', async () => {
    const diagnostics = await aiGuardDiagnostics(document.uri, 7);
    const byLine = diagnostics.map((d) => `${d.range.start.line + 1}:${String(d.code)}`).sort();
    // The client's id in the database host (db.ardoise.internal) is a name the policy masks.
    assert.deepEqual(byLine, ['2:github-token', '3:aws-access-key-id', '4:client-name', '4:connection-string-password', '5:email', '6:phone', '7:iban']);
    const text = document.getText();
    for (const diagnostic of diagnostics) {
      const value = text.slice(document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end));
      assert.ok(value.length > 0 && !diagnostic.message.includes(value), `the message of ${String(diagnostic.code)} must not echo the value`);
      // The planted file is a .env, restricted: what is true for it is that it is never sent.
      assert.match(diagnostic.message, /never sent, redacted or not/);
    }
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    assert.equal(warnings, 0, 'a file AI may not see adds no warnings to the Problems panel');
  });

  it('updates the diagnostics as the document is edited', async () => {
    const editor = await vscode.window.showTextDocument(document);
    const line = document.lineAt(5);
    await editor.edit((edit) => edit.replace(line.range, 'SUPPORT_PHONE=unknown'));
    const deadline = Date.now() + 20_000;
    while (vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code !== 'classification').length !== 6) {
      if (Date.now() > deadline) assert.fail('the phone diagnostic did not go away after the edit');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('copies the redacted selection to the clipboard, and refuses a file AI may not see', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    // planted-secrets.env is Restricted (an environment file): nothing of it may go to an AI chat.
    const restricted = await vscode.window.showTextDocument(document);
    restricted.selection = new vscode.Selection(1, 0, 2, document.lineAt(2).text.length);
    await vscode.env.clipboard.writeText('untouched');
    await vscode.commands.executeCommand(Commands.copyRedacted);
    assert.equal(await vscode.env.clipboard.readText(), 'untouched', 'a restricted file is not copied');

    const settings = vscode.Uri.joinPath(folder.uri, 'src/settings.ts');
    const lines = document
      .getText()
      .split('\n')
      .slice(1, 3)
      .map((line) => `export const ${line.replace('=', " = '")}';`);
    await vscode.workspace.fs.writeFile(settings, new TextEncoder().encode(`${lines.join('\n')}\n`));
    try {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(settings));
      editor.selection = new vscode.Selection(0, 0, 1, editor.document.lineAt(1).text.length);
      await vscode.commands.executeCommand(Commands.copyRedacted);
      assert.equal(await vscode.env.clipboard.readText(), "export const GITHUB_TOKEN = '[[GITHUB_TOKEN_1]]';\nexport const AWS_ACCESS_KEY_ID = '[[AWS_ACCESS_KEY_ID_1]]';");
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(settings);
    }
  });
});

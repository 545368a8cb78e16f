import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { Colors, DIAGNOSTIC_SOURCE, POLICY_FILE } from '../../src/shared/ids';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { eventually } from './eventually';
import { activateForTests } from './harness';

const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';
const EXCLUDED_FILE = 'clients/ardoise/exports/customers.csv';

function classificationWarning(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === 'classification');
}

describe('Classification in a real editor', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let policyUri: vscode.Uri;
  let originalPolicy: Uint8Array;

  before(async () => {
    ({ testing, folder } = await activateForTests());
    policyUri = vscode.Uri.joinPath(folder, POLICY_FILE);
    originalPolicy = await vscode.workspace.fs.readFile(policyUri);
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(policyUri, originalPolicy);
  });

  it('shows a client file as confidential: status bar, explorer badge and a first-line warning', async () => {
    const uri = vscode.Uri.joinPath(folder, CLIENT_FILE);
    await vscode.window.showTextDocument(uri);
    const status = await eventually('the status bar shows the level and client', () => {
      const current = testing.statusBar();
      return current?.uri === uri.toString() && current.text.includes('Confidential') ? current : undefined;
    });
    assert.match(status.text, /Banque Ardoise/);
    assert.match(status.tooltip, /azure\\?-eu/, 'the tooltip says which providers are allowed (in Markdown, where - is escaped)');

    const decoration = testing.decorationOf(uri.toString());
    assert.equal(decoration?.badge, 'C');
    assert.equal(decoration?.color, Colors.confidential);

    const warning = await eventually('the first-line warning appears', () => classificationWarning(uri));
    assert.equal(warning.range.start.line, 0);
    assert.match(warning.message, /Confidential \(client Banque Ardoise\)/);
    // With no provider configured it says what the policy asks of one, not catalogue entries nobody configured.
    assert.match(warning.message, /AI allowed only with providers that are: .*tag:local/);

    const plain = testing.decorationOf(vscode.Uri.joinPath(folder, 'src/invoice.ts').toString());
    assert.equal(plain, undefined, 'an internal file has no badge');
  });

  it('marks a file listed in an AI tool ignore file as excluded', async () => {
    const classification = await testing.classificationOf(vscode.Uri.joinPath(folder, EXCLUDED_FILE).toString());
    assert.equal(classification?.excluded, true);
    assert.equal(classification?.aiAllowed, false);
    assert.equal(testing.decorationOf(vscode.Uri.joinPath(folder, EXCLUDED_FILE).toString())?.color, Colors.excluded);
  });

  it('updates everything when the policy changes', async () => {
    const uri = vscode.Uri.joinPath(folder, CLIENT_FILE);
    await vscode.window.showTextDocument(uri);
    const text = new TextDecoder().decode(originalPolicy).replace('"level": "confidential"', '"level": "restricted"');
    await vscode.workspace.fs.writeFile(policyUri, new TextEncoder().encode(text));
    await eventually('the status bar shows Restricted', () => testing.statusBar()?.text.includes('Restricted'));
    await eventually('the badge turns restricted', () => testing.decorationOf(uri.toString())?.color === Colors.restricted);
    await eventually('the warning names the new level', () => classificationWarning(uri)?.message.includes('Restricted'));
  });

  it('reports a broken policy at its line and column, and keeps the last valid one meanwhile', async () => {
    const uri = vscode.Uri.joinPath(folder, CLIENT_FILE);
    const broken = new TextDecoder().decode(originalPolicy).replace('"level": "confidential"', '"level": "secret-level"');
    await vscode.workspace.fs.writeFile(policyUri, new TextEncoder().encode(broken));
    const problem = await eventually('the policy problem shows in the Problems panel', () =>
      vscode.languages.getDiagnostics(policyUri).find((d) => d.source === DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error),
    );
    const line = broken.split('\n').findIndex((l) => l.includes('secret-level'));
    assert.equal(problem.range.start.line, line, 'the error points at the line of the unknown level');
    assert.match(problem.message, /secret-level/);
    const classification = await testing.classificationOf(uri.toString());
    assert.ok(classification && ['confidential', 'restricted'].includes(classification.level), `still classified by the last valid policy (got ${classification?.level})`);
    assert.ok(
      classification.reasons.some((reason) => /error|invalid|erreur/i.test(reason)),
      'a reason says the policy is broken',
    );

    await vscode.workspace.fs.writeFile(policyUri, originalPolicy);
    await eventually(
      'the problem goes away when the policy is fixed',
      () => !vscode.languages.getDiagnostics(policyUri).some((d) => d.source === DIAGNOSTIC_SOURCE && d.severity === vscode.DiagnosticSeverity.Error),
    );
    await eventually('the level is back to Confidential', async () => (await testing.classificationOf(uri.toString()))?.level === 'confidential');
  });
});

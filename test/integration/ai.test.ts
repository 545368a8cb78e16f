import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ANSWER_SCHEME, Commands, Settings } from '../../src/shared/ids';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { eventually } from './eventually';
import { activateForTests, aiGuardSettings, localProvider, runTemplate } from './harness';
import { FakeAiServer } from '../support/fakeAiServer';

const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';
const PLANTED = 'config/planted-secrets.env';
/** What the demo policy's dictionary masks in the client file: it must never reach the server. */
const CLIENT_VALUES = ['Banque Ardoise', 'Héron'];

describe('Governed AI calls in a real editor', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let server: FakeAiServer;

  const configuration = aiGuardSettings;
  const open = async (path: string) => vscode.window.showTextDocument(vscode.Uri.joinPath(folder, path));
  const run = (template: string, provider: string) => runTemplate(testing, template, provider);
  const sentBodies = () => server.requests.map((request) => JSON.stringify(request.body));

  before(async () => {
    ({ testing, folder } = await activateForTests());
    server = await FakeAiServer.start();
    // `ollama` is in the demo policy's catalogue with the tag `local` (allowed for the client, no key needed);
    // `rogue` claims the same tags in its settings, but the catalogue does not know it.
    await configuration().update(
      Settings.providers,
      [
        localProvider(server),
        { id: 'azure-eu', kind: 'azure-openai', baseUrl: server.url, deployment: 'gpt-4o', apiVersion: '2024-10-21' },
        { id: 'rogue', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.1', tags: ['local', 'eu-hosted'] },
      ],
      vscode.ConfigurationTarget.Workspace,
    );
  });

  after(async () => {
    await configuration().update(Settings.providers, undefined, vscode.ConfigurationTarget.Workspace);
    await server?.close();
  });

  it('runs a template on a client file with an allowed provider: the answer streams into a document, the client names never leave', async () => {
    await open(CLIENT_FILE);
    const last = await run('code-review', 'ollama');
    assert.equal(last.status, 'ok', last.message);
    assert.match(last.answer ?? '', /Hello from the fake server\./);
    assert.equal(server.requests.length, 1);
    const [body] = sentBodies();
    assert.match(body ?? '', /reconciliation module/, 'the file was sent');
    for (const value of CLIENT_VALUES) assert.ok(!body?.includes(value), `${value} was masked before sending`);

    // The editor asks the content provider again after each change event, so the text (and the
    // footer, written once the outcome is known) arrive a moment later.
    const document = await eventually('the read-only answer document shows the answer and its footer', () =>
      vscode.workspace.textDocuments.find(
        (candidate) => candidate.uri.scheme === ANSWER_SCHEME && candidate.getText().includes('Hello from the fake server.') && /Answered by llama3\.1/.test(candidate.getText()),
      ),
    );
    assert.equal(document.uri.scheme, ANSWER_SCHEME);
  });

  it('blocks a provider the policy catalogue does not grant the client tags, whatever its settings claim, and sends nothing', async () => {
    const before = server.requests.length;
    await open(CLIENT_FILE);
    const last = await run('code-review', 'rogue');
    assert.equal(last.status, 'blocked');
    assert.match(last.message ?? '', /ollama/, 'the message names the allowed provider');
    assert.equal(server.requests.length, before);
  });

  it('records every run and blocked attempt in the audit log, hash-chained, with no client name or secret', async () => {
    const records = await testing.auditRecords();
    const calls = records.filter((record) => record.type === 'call') as Array<{ outcome: string; template: { id: string }; detail?: string }>;
    assert.ok(
      calls.some((call) => call.outcome === 'ok' && call.template.id === 'code-review'),
      'the answered run is recorded',
    );
    assert.ok(
      calls.some((call) => call.outcome === 'blocked' && call.detail === 'provider-not-allowed'),
      'the blocked attempt is recorded',
    );
    const text = JSON.stringify(records);
    for (const value of CLIENT_VALUES) assert.ok(!text.includes(value), `${value} is in the audit log`);
    assert.equal(records[0]?.type, 'start', 'the chain opens with a start record');

    // The editor's commands on the same log: verify, and export as CSV for a client's auditor.
    const verification = (await vscode.commands.executeCommand(Commands.verifyAuditLog)) as { ok: boolean; records: number };
    assert.equal(verification.ok, true);
    // verify counts lines; records() pairs each call's write-ahead attempt with its completion.
    const answered = calls.filter((call) => call.outcome !== 'blocked').length;
    assert.ok(verification.records >= records.length + answered, `${verification.records} lines verified for ${records.length} records`);
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(workspace);
    const target = vscode.Uri.joinPath(workspace, 'audit-export.csv');
    const exported = (await vscode.commands.executeCommand(Commands.exportAuditLog, target)) as number;
    assert.equal(exported, records.length);
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(csv, /^seq,time,type,outcome/);
    assert.match(csv, /code-review/);
    await vscode.workspace.fs.delete(target);
  });

  it('sends nothing from a restricted file', async () => {
    const before = server.requests.length;
    await open(PLANTED);
    const last = await run('code-review', 'ollama');
    assert.equal(last.status, 'blocked');
    assert.equal(server.requests.length, before, 'a blocked run makes no request');
    for (const body of sentBodies()) assert.ok(!body.includes('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'));
  });

  it('asks for a key before sending to a provider that needs one, then uses the one from the environment', async () => {
    const before = server.requests.length;
    const saved = { azure: process.env.AZURE_OPENAI_API_KEY, generic: process.env.AI_GUARD_API_KEY };
    delete process.env.AZURE_OPENAI_API_KEY;
    delete process.env.AI_GUARD_API_KEY;
    try {
      await open(CLIENT_FILE);
      const missing = await run('code-review', 'azure-eu');
      assert.equal(missing.status, 'error');
      assert.match(missing.message ?? '', /key/i);
      assert.equal(server.requests.length, before, 'nothing is sent without a key');

      // The Azure key goes only to Azure OpenAI hosts, and the fake server on 127.0.0.1 is not one.
      process.env.AZURE_OPENAI_API_KEY = 'sk-integration-test';
      const withheld = await run('code-review', 'azure-eu');
      assert.equal(withheld.status, 'error');
      assert.match(withheld.message ?? '', /AZURE_OPENAI_API_KEY is not sent to/);
      assert.equal(server.requests.length, before, 'the Azure key was not sent to another host');

      // The extension host is this process: the key an administrator exports for AI Guard reaches the provider.
      process.env.AI_GUARD_API_KEY = 'sk-integration-test';
      const answered = await run('code-review', 'azure-eu');
      assert.equal(answered.status, 'ok', answered.message);
      const request = server.requests.at(-1);
      assert.equal(request?.protocol, 'azure');
      assert.equal(request?.deployment, 'gpt-4o');
      assert.equal(request?.hadKey, true);
      assert.ok(!JSON.stringify(request?.body).includes('sk-integration-test'), 'the key is a header, never in the body');
    } finally {
      for (const [name, value] of [
        ['AZURE_OPENAI_API_KEY', saved.azure],
        ['AI_GUARD_API_KEY', saved.generic],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('copies the redacted prompt instead of sending it in copy mode', async () => {
    const before = server.requests.length;
    await open(CLIENT_FILE);
    const last = await run('document', 'copy');
    assert.equal(last.status, 'copied');
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /reconciliation module/);
    for (const value of CLIENT_VALUES) assert.ok(!copied.includes(value), `${value} is masked in the copy`);
    assert.equal(server.requests.length, before);
  });
});

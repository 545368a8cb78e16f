import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { decodeOtlpLogs, type DecodedEvent, OtlpLogsRequestSchema } from '../../src/core/telemetry';
import { Commands, Settings } from '../../src/shared/ids';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { FakeAiServer } from '../support/fakeAiServer';
import { eventually } from './eventually';
import { activateForTests, aiGuardSettings, localProvider, runTemplate } from './harness';

const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';

/**
 * The opt-in telemetry end to end inside the editor: a local OTLP receiver on 127.0.0.1 stands
 * for the organisation's collector. The editor's own telemetry is switched with the real
 * `telemetry.telemetryLevel` setting (code-server's own telemetry goes to a closed loopback
 * port in these runs, see scripts/lib/editor.mjs).
 */
describe('Opt-in telemetry in a real editor', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let ai: FakeAiServer;
  let receiver: Server;
  let receiverUrl = '';
  const bodies: string[] = [];

  const aiGuard = aiGuardSettings;
  const editorTelemetry = (level: 'all' | 'off') => vscode.workspace.getConfiguration('telemetry').update('telemetryLevel', level, vscode.ConfigurationTarget.Global);
  const received = (): DecodedEvent[] => bodies.flatMap((body) => decodeOtlpLogs(OtlpLogsRequestSchema.parse(JSON.parse(body))).events);
  const runReview = async () => {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CLIENT_FILE));
    const last = await runTemplate(testing, 'code-review', 'ollama');
    assert.equal(last.status, 'ok', last.message);
  };

  before(async () => {
    ({ testing, folder } = await activateForTests());
    ai = await FakeAiServer.start();
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/logs' && request.method === 'POST') bodies.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    await aiGuard().update(Settings.providers, [localProvider(ai)], vscode.ConfigurationTarget.Workspace);
    // The client file is confidential: no prompt preview to confirm in these runs.
    await aiGuard().update(Settings.previewLevels, [], vscode.ConfigurationTarget.Workspace);
    await aiGuard().update(Settings.telemetryEndpoint, receiverUrl, vscode.ConfigurationTarget.Global);
    await editorTelemetry('all');
  });

  after(async () => {
    await aiGuard().update(Settings.telemetryEnabled, undefined, vscode.ConfigurationTarget.Global);
    await aiGuard().update(Settings.telemetryEndpoint, undefined, vscode.ConfigurationTarget.Global);
    await aiGuard().update(Settings.providers, undefined, vscode.ConfigurationTarget.Workspace);
    await aiGuard().update(Settings.previewLevels, undefined, vscode.ConfigurationTarget.Workspace);
    await editorTelemetry('off');
    await ai?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('sends nothing before the person opts in', async () => {
    assert.equal(vscode.env.isTelemetryEnabled, true, "the editor's telemetry is on for this test");
    const state = await eventually('telemetry waits for the opt-in', async () => {
      const current = await testing.telemetryState();
      return current.reason === 'not-opted-in' ? current : undefined;
    });
    assert.equal(state.allowed, false);
    await runReview();
    await testing.flushTelemetry();
    assert.equal((await testing.telemetryState()).queued, 0, 'nothing is even queued');
    assert.deepEqual(bodies, []);
  });

  it('once opted in, a governed run reaches the collector as a valid OTLP body, with nothing identifying in it', async () => {
    await aiGuard().update(Settings.telemetryEnabled, true, vscode.ConfigurationTarget.Global);
    await eventually('telemetry turns on', async () => (await testing.telemetryState()).allowed || undefined);
    await runReview();
    await eventually('the run reaches the receiver', async () => {
      await testing.flushTelemetry();
      return received().some((decoded) => decoded.event.name === 'aiguard.prompt_run') || undefined;
    });
    const events = received();
    const run = events.find((decoded) => decoded.event.name === 'aiguard.prompt_run');
    assert.ok(run);
    const event = run.event as Record<string, unknown>;
    assert.equal(event.template, 'code-review');
    assert.equal(event.providerKind, 'openai-compatible', 'the kind of provider, never its id or URL');
    assert.equal(event.outcome, 'ok');
    assert.equal(typeof event.level, 'string');
    assert.ok(
      events.some((decoded) => decoded.event.name === 'aiguard.daily_activity'),
      'the first run of the day counts as activity',
    );
    const state = await testing.telemetryState();
    assert.equal(run.resource.installationId, state.installationId);
    assert.equal(run.resource.editor, 'code-server');
    const all = bodies.join('\n');
    for (const forbidden of [folder.fsPath, 'ardoise', 'Ardoise', 'meeting-notes', ai.openaiBaseUrl, 'llama3.1', 'ollama']) {
      assert.ok(!all.includes(forbidden), `${forbidden} must not be sent`);
    }
    assert.ok(state.log.some((entry) => entry.kind === 'sent' && entry.status === 200));
  });

  it('stops at once when the editor telemetry goes off, and clears what was queued', async () => {
    const before = bodies.length;
    await editorTelemetry('off');
    await eventually('telemetry turns off with the editor', async () => {
      const state = await testing.telemetryState();
      return state.reason === 'editor-telemetry-off' || undefined;
    });
    await runReview();
    await testing.flushTelemetry();
    const state = await testing.telemetryState();
    assert.equal(state.allowed, false);
    assert.equal(state.queued, 0);
    assert.equal(bodies.length, before, 'nothing more was sent');
  });

  it('shows the telemetry log: the installation id, the consent state and what was sent', async () => {
    await vscode.commands.executeCommand(Commands.showTelemetryLog);
    const state = await testing.telemetryState();
    const document = await eventually('the log opens', () => vscode.workspace.textDocuments.find((candidate) => candidate.uri.scheme === 'aiguard-telemetry'));
    const text = document.getText();
    assert.ok(state.installationId && text.includes(state.installationId));
    assert.match(text, /editor-telemetry|telemetry\.telemetryLevel/);
    assert.match(text, /"aiguard\.prompt_run"/, 'the exact bodies sent are listed');
  });
});

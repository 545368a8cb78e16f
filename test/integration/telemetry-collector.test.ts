import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../src/shared/ids';
import type { AiGuardTestHooks } from '../../src/vscode/api';
import { FakeAiServer } from '../support/fakeAiServer';
import { eventually } from './eventually';
import { activateForTests, aiGuardSettings, localProvider, runTemplate } from './harness';

/** The AI lead's credentials for the collector's summary API (the dashboard is off without them). */
const DASHBOARD_TOKEN = 'integration-dashboard-token';

const CLIENT_FILE = 'clients/ardoise/meeting-notes.md';
/** The collector shows no group of fewer installations than this (its k-anonymity floor). */
const K = 5;

/**
 * End to end with the real reference collector (`dist/collector.js`, its own process, a
 * throwaway SQLite file): the extension, opted in, sends its events there, and the collector's
 * summary API shows them. Five installations (the collector's k-anonymity floor) are made with
 * "Reset Telemetry ID", each sending its run before the next reset. The file name sorts before
 * telemetry.test.ts on purpose: that suite turns the editor's telemetry off, which code-server
 * does not undo until it restarts.
 */
describe('Telemetry to the reference collector', () => {
  let testing: AiGuardTestHooks;
  let folder: vscode.Uri;
  let ai: FakeAiServer;
  let collector: ChildProcess | undefined;
  let collectorUrl = '';
  let dataDir = '';

  const aiGuard = aiGuardSettings;

  before(async function () {
    const started = await activateForTests();
    ({ testing, folder } = started);
    // The build makes the collector next to the extension; without it this suite must fail, not skip.
    const script = join(started.extension.extensionPath, 'dist', 'collector.js');
    assert.ok(existsSync(script), `${script} is missing: build with node scripts/build.mjs`);
    ai = await FakeAiServer.start();
    dataDir = mkdtempSync(join(tmpdir(), 'aiguard-collector-'));
    const child = spawn(process.execPath, [script, '--port', '0', '--db', join(dataDir, 'telemetry.db'), '--dashboard-token', DASHBOARD_TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    collector = child;
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    collectorUrl = await eventually('the collector starts', () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], 15_000);
    await aiGuard().update(Settings.providers, [localProvider(ai)], vscode.ConfigurationTarget.Workspace);
    await aiGuard().update(Settings.previewLevels, [], vscode.ConfigurationTarget.Workspace);
    await aiGuard().update(Settings.telemetryEndpoint, collectorUrl, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('telemetry').update('telemetryLevel', 'all', vscode.ConfigurationTarget.Global);
    await aiGuard().update(Settings.telemetryEnabled, true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await aiGuard().update(Settings.telemetryEnabled, undefined, vscode.ConfigurationTarget.Global);
    await aiGuard().update(Settings.telemetryEndpoint, undefined, vscode.ConfigurationTarget.Global);
    await aiGuard().update(Settings.providers, undefined, vscode.ConfigurationTarget.Workspace);
    await aiGuard().update(Settings.previewLevels, undefined, vscode.ConfigurationTarget.Workspace);
    // The editor's telemetry stays on for the next suite (telemetry.test.ts, which turns it off at
    // its end): code-server applies a switch back on to isTelemetryEnabled only after a restart.
    await ai?.close();
    if (collector && collector.exitCode === null) {
      const exited = new Promise((resolve) => collector?.once('exit', resolve));
      collector.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores what the extension sends, and the summary API shows the runs', async function () {
    this.timeout(120_000);
    let reason = '';
    await eventually('telemetry is on', async () => {
      const state = await testing.telemetryState();
      reason = `${state.reason}, editor telemetry ${String(vscode.env.isTelemetryEnabled)}`;
      return state.allowed || undefined;
    }).catch((error: unknown) => assert.fail(`${String(error)}: ${reason}`));
    const installations = new Set<string>();
    for (let i = 0; i < K; i++) {
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, CLIENT_FILE));
      assert.equal((await runTemplate(testing, 'code-review', 'ollama')).status, 'ok');
      const sent = await eventually('the run is sent to the collector', async () => {
        await testing.flushTelemetry();
        const state = await testing.telemetryState();
        return state.queued === 0 && state.log.at(-1)?.kind === 'sent' ? state : undefined;
      });
      assert.equal(sent.log.at(-1)?.status, 200);
      installations.add(sent.installationId ?? '');
      await vscode.commands.executeCommand(Commands.resetTelemetryId);
    }
    assert.equal(installations.size, K, 'each reset drew a new installation id');

    const response = await fetch(`${collectorUrl}/api/summary`, { headers: { Authorization: `Bearer ${DASHBOARD_TOKEN}` } });
    assert.equal(response.status, 200);
    const summary = (await response.json()) as {
      activity: { periodInstallations: number };
      runs: { total: number | null; byTemplate: { groups: Array<{ key: string; events: number }> }; byOutcome: { groups: Array<{ key: string; events: number }> } };
      cost: { byProvider: { groups: Array<{ key: string }> } };
    };
    assert.ok(summary.activity.periodInstallations >= K, JSON.stringify(summary.activity));
    assert.ok((summary.runs.total ?? 0) >= K, JSON.stringify(summary.runs));
    const review = summary.runs.byTemplate.groups.find((group) => group.key === 'code-review');
    assert.ok(review && review.events >= K, JSON.stringify(summary.runs.byTemplate));
    assert.ok(
      summary.cost.byProvider.groups.some((group) => group.key === 'openai-compatible'),
      'cost by provider kind',
    );
  });
});

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { encodeOtlpLogs, parseSpool, spoolLine, TelemetryEventSchema } from '../../src/core/telemetry';
import { hookConsentFile, hookSpoolFile, spoolHookEvent, takeHookSpool, writeHookConsent } from '../../src/node/hookTelemetry';
import { MemoryAuditStorage } from '../support/memoryAudit';
import { MemoryFiles, runCliOn } from '../support/ports';

const SECRET = 'AKIAQYLPMN5HHHFPZAM2';

function repository(): MemoryFiles {
  return new MemoryFiles(
    {
      '/repo/.aiguard/policy.json': JSON.stringify({
        version: 1,
        clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
        rules: [{ pattern: 'clients/acme/**', level: 'confidential', client: 'acme', reason: 'Acme work.' }],
      }),
      '/repo/src/app.ts': 'export const answer = 42;\n',
      '/repo/clients/acme/invoice.ts': 'export {};\n',
    },
    ['/repo/.git'],
  );
}

async function hook(tool: string, stdin: string) {
  const events: Array<Record<string, unknown>> = [];
  const result = await runCliOn(runCli, ['hook', tool], repository(), {
    cwd: '/repo',
    stdin,
    audit: new MemoryAuditStorage(),
    env: { HOME: '/home/dev' },
    hookTelemetry: (event) => events.push(event),
  });
  return { ...result, events };
}

describe('hook decisions in telemetry (aiguard.tool)', function () {
  this.timeout(30_000);

  it('hands each decision to telemetry with its tool, action, outcome, level and counts, never a value or a path', async () => {
    const blocked = await hook(
      'claude-code',
      JSON.stringify({ session_id: 's', transcript_path: '/dev/null', cwd: '/repo/clients/acme', hook_event_name: 'UserPromptSubmit', prompt: `Why is ${SECRET} refused?` }),
    );
    assert.equal(blocked.events.length, 1);
    const [event] = blocked.events;
    assert.deepEqual(
      { ...event, redactions: undefined },
      { name: 'aiguard.tool_decision', tool: 'claude-code', action: 'prompt', outcome: 'blocked', enforced: true, level: 'confidential', redactions: undefined },
    );
    assert.ok(TelemetryEventSchema.safeParse(event).success, JSON.stringify(event));
    const body = JSON.stringify(
      encodeOtlpLogs({ installationId: '3b241101-e2bb-4255-8caf-4136c566a962', extensionVersion: '0.1.0', editor: 'vscode', editorVersion: '1.96.0' }, [
        { time: Date.now(), event: TelemetryEventSchema.parse(event) },
      ]),
    );
    assert.match(body, /"key":"aiguard\.tool","value":\{"stringValue":"claude-code"\}/);
    for (const leak of [SECRET, 'acme', '/repo', 'Acme']) assert.ok(!body.includes(leak), `${leak} leaked`);

    const allowed = await hook(
      'cursor',
      JSON.stringify({
        conversation_id: 'c',
        generation_id: 'g',
        hook_event_name: 'beforeReadFile',
        workspace_roots: ['/repo'],
        file_path: '/repo/src/app.ts',
        content: 'export const answer = 42;\n',
        attachments: [],
      }),
    );
    assert.deepEqual(
      allowed.events.map((e) => [e.tool, e.action, e.outcome]),
      [['cursor', 'read', 'allowed']],
    );
  });

  it('reports a refusal before any decision (input that is not JSON) as blocked, with its failure', async () => {
    const result = await hook('gemini-cli', 'not json');
    assert.deepEqual(result.events, [
      { name: 'aiguard.tool_decision', tool: 'gemini-cli', action: 'none', outcome: 'blocked', enforced: true, redactions: { secret: 0, pii: 0, network: 0, dictionary: 0 }, failure: 'input' },
    ]);
  });
});

describe("the hooks' telemetry spool", function () {
  this.timeout(30_000);
  let home: string;
  const env = () => ({ XDG_DATA_HOME: home });
  const decision = { name: 'aiguard.tool_decision', tool: 'copilot', action: 'shell', outcome: 'allowed', enforced: true, redactions: { secret: 0, pii: 0, network: 0, dictionary: 0 } };
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'ai-guard-spool-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('spools nothing until the editor says the person opted in, and forgets the spool when they opt out', async () => {
    assert.equal(spoolHookEvent(env(), decision), false);
    assert.equal(existsSync(hookSpoolFile(env())), false);
    await writeHookConsent(env(), true);
    assert.equal(spoolHookEvent(env(), decision, 1_700_000_000_000), true);
    assert.equal(spoolHookEvent(env(), decision, 1_700_000_000_001), true);
    assert.equal(readFileSync(hookSpoolFile(env()), 'utf8').split('\n').filter(Boolean).length, 2);
    await writeHookConsent(env(), false);
    assert.equal(existsSync(hookSpoolFile(env())), false, 'opting out deletes what was spooled');
    assert.equal(spoolHookEvent(env(), decision), false);
  });

  it('refuses a consent file that does not say yes exactly', async () => {
    await writeHookConsent(env(), true);
    for (const text of ['{"version":1,"hookTelemetry":"yes"}', '{"version":2,"hookTelemetry":true}', 'true', '']) {
      writeFileSync(hookConsentFile(env()), text);
      assert.equal(spoolHookEvent(env(), decision), false, text);
    }
  });

  it('takes only valid hook decisions from the spool: a forged run event, a planted path or junk is dropped', async () => {
    await writeHookConsent(env(), true);
    spoolHookEvent(env(), decision, 1_700_000_000_000);
    const forged = [
      spoolLine(1_700_000_000_001, { name: 'aiguard.prompt_run', template: 'code-review' }),
      spoolLine(1_700_000_000_002, { ...decision, level: '/home/alice/clients/acme' }),
      spoolLine(1_700_000_000_003, { ...decision, comment: 'hello' }),
      spoolLine(-1, decision),
      '{not json\n',
    ].join('');
    writeFileSync(hookSpoolFile(env()), forged, { flag: 'a' });
    const text = await takeHookSpool(env());
    assert.ok(text !== undefined);
    assert.equal(existsSync(hookSpoolFile(env())), false, 'the spool is taken, not copied');
    const { events, invalid } = parseSpool(text);
    assert.deepEqual(events, [{ time: 1_700_000_000_000, event: decision }]);
    assert.equal(invalid, 5);
    assert.equal(await takeHookSpool(env()), undefined);
  });
});

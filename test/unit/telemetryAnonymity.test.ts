import { toolDecisionOf } from '../../src/core/telemetry/reduce';
import { strict as assert } from 'node:assert';
import {
  dailyActivityOf,
  encodeOtlpLogs,
  eventOfFeedback,
  eventOfRun,
  type TelemetryEvent,
  TelemetryEventSchema,
  TelemetryResourceSchema,
  TELEMETRY_EVENT_NAMES,
  templateLabelOf,
} from '../../src/core/telemetry';
import type { CallRecord } from '../../src/core/pipeline';
import { callRecord } from '../support/telemetry';

/**
 * The payload anonymity test: every event type is built from records full of identifying values
 * (as a careless caller or a hostile workspace could hand them over), and none of those values
 * may appear anywhere in what would be posted.
 *
 * Levels travel only as the built-in ids (`public`, `internal`, `confidential`, `restricted`): a
 * policy's own level id could name a client (`acme-restricted`), so it travels as `other`.
 */

const PLANTED = {
  path: '/home/alice.martin/clients/acme-corp/src/billing.ts',
  windowsPath: 'C:\\Users\\amartin\\acme\\secret.env',
  user: 'alice.martin',
  email: 'alice.martin@acme-corp.fr',
  host: 'build-01.acme.internal',
  repo: 'git@github.com:acme-corp/billing.git',
  repoHttps: 'https://gitlab.acme-corp.fr/finance/billing',
  endpoint: 'https://acme-openai.openai.azure.com/openai/deployments/gpt4',
  client: 'acme-corp',
  templateId: 'acme-billing-migration',
  secret: 'AKIAIOSFODNN7EXAMPLE',
  openaiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
  model: 'acme-finetuned-gpt4',
  providerId: 'acme-azure-tenant',
  sha: 'f00dfeed'.repeat(8),
  prompt: 'Refactor the invoice module for ACME',
};

/** Records as the pipeline could leave them, with identifying values everywhere a string goes. */
function plantedRecords(): CallRecord[] {
  const template = { id: PLANTED.templateId, version: '1.0.0', sha256: PLANTED.sha, approval: 'unapproved' as const, profile: PLANTED.user };
  const provider = { id: PLANTED.providerId, kind: PLANTED.endpoint, model: PLANTED.model };
  const redactions = { 'aws-access-key-id': 1, email: 2, [PLANTED.secret]: 5 } as CallRecord['redactions'];
  const base = { template, provider, levels: [PLANTED.path], clients: [PLANTED.client], redactions, promptSha256: PLANTED.sha, answerSha256: PLANTED.sha, time: PLANTED.prompt };
  return [
    callRecord({ ...base, outcome: 'ok' }),
    callRecord({ ...base, outcome: 'copied', provider: { id: 'copy' } }),
    callRecord({ ...base, outcome: 'error', detail: `${PLANTED.host} refused ${PLANTED.openaiKey}` }),
    callRecord({ ...base, outcome: 'cancelled', detail: PLANTED.email }),
    callRecord({ ...base, outcome: 'blocked', detail: PLANTED.repo }),
    callRecord({ ...base, template: { ...template, id: PLANTED.repoHttps, approval: 'modified' }, outcome: 'blocked', detail: 'provider-not-allowed' }),
    callRecord({ ...base, template: { ...template, id: PLANTED.windowsPath }, outcome: 'ok' }),
  ];
}

function plantedEvents(): TelemetryEvent[] {
  const runs = plantedRecords().map(eventOfRun);
  const feedback = [
    eventOfFeedback({ profile: PLANTED.email, rating: 5, minutesSaved: 30 }, templateLabelOf({ id: PLANTED.templateId, version: '1', approval: 'unapproved' }).template),
    eventOfFeedback({ profile: PLANTED.user, rating: 2 }, PLANTED.path),
    eventOfFeedback({ profile: 'dev', minutesSaved: 15 }, PLANTED.client.toUpperCase()),
  ];
  // A hook decision in a client folder whose policy names levels and kinds after the client.
  const decisions = [
    toolDecisionOf({ tool: 'claude-code', action: 'read', outcome: 'blocked', enforced: true, level: PLANTED.client, counts: { 'aws-access-key-id': 1, [PLANTED.secret]: 3 } }),
    toolDecisionOf({ tool: 'copilot', action: 'prompt', outcome: 'allowed', enforced: false, level: PLANTED.path, counts: { email: 2 }, failure: 'input' }),
  ].map((event) => TelemetryEventSchema.parse(event));
  const events = [...runs, ...feedback, dailyActivityOf('2026-11-02'), ...decisions];
  for (const event of events) assert.ok(event !== undefined, 'every planted record still makes an event');
  return events as TelemetryEvent[];
}

describe('telemetry anonymity', () => {
  it('builds every event type from the planted records', () => {
    const names = new Set(plantedEvents().map((event) => event.name));
    assert.deepEqual([...names].sort(), [...TELEMETRY_EVENT_NAMES].sort());
  });

  it('lets none of the planted values reach the encoded OTLP body', () => {
    const resource = TelemetryResourceSchema.parse({ installationId: '3b241101-e2bb-4255-8caf-4136c566a962', team: 'platform', extensionVersion: '0.1.0', editor: 'vscode', editorVersion: '1.96.0' });
    const events = plantedEvents();
    const body = JSON.stringify(
      encodeOtlpLogs(
        resource,
        events.map((event, index) => ({ time: Date.UTC(2026, 10, 2, 10, index), event })),
      ),
    );
    const lower = body.toLowerCase();
    for (const [what, value] of Object.entries(PLANTED)) {
      assert.ok(!lower.includes(value.toLowerCase()), `${what} (${value}) leaked into the body`);
    }
    // Fragments too: the client's name, the user's name, the host's domain, the key's prefix.
    for (const fragment of ['acme', 'alice', 'martin', 'billing', 'invoice', 'azure.com', 'github', 'akia', 'sk-proj', 'gpt4', '/home', 'users\\']) {
      assert.ok(!lower.includes(fragment), `"${fragment}" leaked into the body`);
    }
    for (const event of events) assert.ok(TelemetryEventSchema.safeParse(event).success);
  });

  it('has schemas that refuse free text in every string field, and unknown fields', () => {
    const valid: Record<string, Record<string, unknown>> = {
      'aiguard.daily_activity': { name: 'aiguard.daily_activity', day: '2026-11-02' },
      'aiguard.prompt_run': eventOfRun(callRecord()) as Record<string, unknown>,
      'aiguard.prompt_blocked': eventOfRun(callRecord({ outcome: 'blocked', detail: 'ai-not-allowed' })) as Record<string, unknown>,
      'aiguard.feedback': { name: 'aiguard.feedback', template: 'code-review', profile: 'dev', rating: 4, minutesSaved: 10 },
      'aiguard.tool_decision': toolDecisionOf({ tool: 'cursor', action: 'shell', outcome: 'redacted', enforced: true, level: 'confidential', counts: { email: 1 }, failure: 'timeout' }),
    };
    for (const name of TELEMETRY_EVENT_NAMES) {
      const event = valid[name] as Record<string, unknown>;
      assert.ok(TelemetryEventSchema.safeParse(event).success, name);
      for (const [key, value] of Object.entries(event)) {
        if (key === 'name' || typeof value !== 'string') continue;
        for (const text of [PLANTED.path, PLANTED.email, PLANTED.prompt, PLANTED.endpoint, PLANTED.windowsPath]) {
          assert.equal(TelemetryEventSchema.safeParse({ ...event, [key]: text }).success, false, `${name}.${key} accepted ${text}`);
        }
      }
      assert.equal(TelemetryEventSchema.safeParse({ ...event, comment: 'anything' }).success, false, `${name} accepted an unknown field`);
      assert.equal(TelemetryEventSchema.safeParse({ ...event, user: PLANTED.user }).success, false);
    }
    const resource = { installationId: '3b241101-e2bb-4255-8caf-4136c566a962', extensionVersion: '0.1.0', editor: 'vscode', editorVersion: '1.96.0' };
    assert.ok(TelemetryResourceSchema.safeParse(resource).success);
    assert.equal(TelemetryResourceSchema.safeParse({ ...resource, team: PLANTED.email }).success, false);
    assert.equal(TelemetryResourceSchema.safeParse({ ...resource, editor: PLANTED.host }).success, false);
    assert.equal(TelemetryResourceSchema.safeParse({ ...resource, installationId: PLANTED.user }).success, false);
    assert.equal(TelemetryResourceSchema.safeParse({ ...resource, hostName: PLANTED.host }).success, false);
  });
});

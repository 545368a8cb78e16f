import { strict as assert } from 'node:assert';
import { dailyActivityOf, eventOfFeedback, eventOfRun, templateLabelOf, TelemetryEventSchema, utcDay } from '../../src/core/telemetry';
import { callRecord, without } from '../support/telemetry';

describe('telemetry events from run records', () => {
  it('turns an answered run into prompt_run with buckets and counts per category', () => {
    const event = eventOfRun(callRecord());
    assert.deepEqual(event, {
      name: 'aiguard.prompt_run',
      template: 'code-review',
      templateVersion: '1.2.0',
      profile: 'dev',
      providerKind: 'azure-openai',
      level: 'confidential',
      redactions: { secret: 3, pii: 3, network: 1, dictionary: 4 },
      inputTokens: '1k-4k',
      outputTokens: '1-1k',
      cost: '0.01-0.1',
      latency: '1-5s',
      outcome: 'ok',
      tool: 'ai-guard',
    });
    assert.ok(TelemetryEventSchema.safeParse(event).success);
  });

  it('names a template only when it is built-in or approved', () => {
    for (const approval of ['built-in', 'approved'] as const) assert.equal(templateLabelOf({ id: 'acme-migration', version: '1', approval }).template, 'acme-migration');
    for (const approval of ['unapproved', 'modified'] as const) {
      assert.deepEqual(templateLabelOf({ id: 'acme-migration', version: '1', approval }), { template: 'custom', templateVersion: 'custom' });
      const event = eventOfRun(callRecord({ template: { id: 'acme-migration', version: '3', sha256: 'd'.repeat(64), approval, profile: 'dev' } }));
      assert.equal(event && 'template' in event ? event.template : undefined, 'custom');
    }
  });

  it('sends the provider kind only, a copy as "copy", and levels only as plain ids', () => {
    const copied = eventOfRun(without(callRecord({ provider: { id: 'copy' }, outcome: 'copied' }), 'tokens', 'cost', 'durationMs'));
    assert.equal(copied?.name, 'aiguard.prompt_run');
    assert.ok(copied?.name === 'aiguard.prompt_run');
    assert.equal(copied.providerKind, 'copy');
    assert.equal(copied.inputTokens, '0');
    assert.equal(copied.latency, '<1s');
    const odd = eventOfRun(callRecord({ provider: { id: 'x', kind: 'home-made', model: 'm' }, levels: ['Client ACME (secret)'] }));
    assert.ok(odd?.name === 'aiguard.prompt_run');
    assert.equal(odd.providerKind, 'other');
    assert.equal(odd.level, 'other');
    // A policy's own level id may name a client: only the built-in ids travel.
    const named = eventOfRun(callRecord({ levels: ['acme-restricted'] }));
    assert.ok(named?.name === 'aiguard.prompt_run');
    assert.equal(named.level, 'other');
    const builtIn = eventOfRun(callRecord({ levels: ['confidential'] }));
    assert.ok(builtIn?.name === 'aiguard.prompt_run');
    assert.equal(builtIn.level, 'confidential');
    const noLevel = eventOfRun(callRecord({ levels: [] }));
    assert.ok(noLevel?.name === 'aiguard.prompt_run');
    assert.equal(noLevel.level, 'other');
  });

  it('turns a blocked run into prompt_blocked with its reason code', () => {
    const event = eventOfRun(without(callRecord({ outcome: 'blocked', detail: 'provider-not-allowed' }), 'tokens', 'cost'));
    assert.deepEqual(event, {
      name: 'aiguard.prompt_blocked',
      template: 'code-review',
      profile: 'dev',
      providerKind: 'azure-openai',
      level: 'confidential',
      reason: 'provider-not-allowed',
      tool: 'ai-guard',
    });
    const unknown = eventOfRun(callRecord({ outcome: 'blocked', detail: 'the file /home/alice/acme.ts', levels: [] }));
    assert.deepEqual(unknown, { name: 'aiguard.prompt_blocked', template: 'code-review', profile: 'dev', providerKind: 'azure-openai', reason: 'other', tool: 'ai-guard' });
  });

  it('keeps an error code that is a plain code, drops anything else, and ignores dry runs', () => {
    const failed = eventOfRun(callRecord({ outcome: 'error', detail: 'rate-limited' }));
    assert.ok(failed?.name === 'aiguard.prompt_run');
    assert.equal(failed.errorCode, 'rate-limited');
    const message = eventOfRun(callRecord({ outcome: 'error', detail: 'connect ECONNREFUSED 10.0.0.1:443' }));
    assert.ok(message?.name === 'aiguard.prompt_run');
    assert.equal(message.errorCode, undefined);
    assert.equal(eventOfRun(callRecord({ outcome: 'dry-run' })), undefined);
  });

  it('maps an unknown profile to "other"', () => {
    const event = eventOfRun(callRecord({ template: { id: 'code-review', version: '1', sha256: 'a'.repeat(64), approval: 'built-in', profile: 'acme-team' } }));
    assert.ok(event?.name === 'aiguard.prompt_run');
    assert.equal(event.profile, 'other');
  });
});

describe('telemetry events from feedback and activity', () => {
  it('builds feedback with the label the run used, bounded values, or nothing', () => {
    assert.deepEqual(eventOfFeedback({ profile: 'test', rating: 4, minutesSaved: 12.4 }, 'generate-tests'), {
      name: 'aiguard.feedback',
      template: 'generate-tests',
      profile: 'test',
      rating: 4,
      minutesSaved: 12,
      tool: 'ai-guard',
    });
    assert.deepEqual(eventOfFeedback({ profile: 'dev', minutesSaved: 10_000 }, 'custom'), { name: 'aiguard.feedback', template: 'custom', profile: 'dev', minutesSaved: 480, tool: 'ai-guard' });
    assert.equal(eventOfFeedback({ profile: 'dev', rating: 9 }, 'x'), undefined);
    assert.equal(eventOfFeedback({ profile: 'dev' }, 'x'), undefined);
    assert.deepEqual(eventOfFeedback({ profile: 'dev', rating: 3 }, 'Not An Id'), { name: 'aiguard.feedback', template: 'custom', profile: 'dev', rating: 3, tool: 'ai-guard' });
  });

  it('dates daily activity by the UTC day', () => {
    assert.equal(utcDay(Date.UTC(2026, 11, 31, 23, 59)), '2026-12-31');
    assert.deepEqual(dailyActivityOf('2026-12-31'), { name: 'aiguard.daily_activity', day: '2026-12-31', tool: 'ai-guard' });
    assert.equal(dailyActivityOf('31/12/2026'), undefined);
  });
});

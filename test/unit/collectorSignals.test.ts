import { strict as assert } from 'node:assert';
import { decodeProtobufLogs, decodeProtobufMetrics } from '../../src/collector/protobuf';
import { IdentityKeys } from '../../src/collector/signals/identity';
import { ingestLogs, ingestMetrics } from '../../src/collector/signals/ingest';
import type { ToolSignal } from '../../src/collector/signals/mapping';
import { OtlpMetricsRequestSchema } from '../../src/collector/signals/otlpMetrics';
import { OtlpLogsRequestSchema } from '../../src/core/telemetry';
import { claudeAttributes, claudeMinute, logsExport, metricsExport } from '../support/toolTelemetry';

/**
 * Every tool's telemetry mapped to the note's measures per tool, from exports the official
 * OpenTelemetry SDK writes (JSON and protobuf), with the names each tool documents.
 */

const keys = new IdentityKeys('a-collector-secret-for-the-tests');
const tooMany = () => new Error('too many');
const metricsOf = (body: Buffer) => OtlpMetricsRequestSchema.parse(JSON.parse(body.toString('utf8')));
const protobufMetricsOf = (body: Buffer) => OtlpMetricsRequestSchema.parse(decodeProtobufMetrics(body, 10_000, tooMany));
const totals = (signals: readonly ToolSignal[]) => {
  const sums = new Map<string, { quantity: number; cost: number }>();
  for (const s of signals) {
    const key = `${s.tool} ${s.kind}`;
    const sum = sums.get(key) ?? { quantity: 0, cost: 0 };
    sum.quantity += s.quantity;
    sum.cost += s.quantity * s.costPerUnit;
    sums.set(key, sum);
  }
  return Object.fromEntries([...sums].map(([key, sum]) => [key, { quantity: sum.quantity, cost: Math.round(sum.cost * 1e6) / 1e6 }]));
};

describe('telemetry collector: every tool’s signals', function () {
  this.timeout(30_000);

  it('maps a Claude Code metrics export (official SDK, JSON and protobuf) to sessions, tokens, cost, lines added and active time', async () => {
    const exported = await metricsExport({ 'service.name': 'claude-code', 'service.version': '2.0.14' }, claudeMinute(1));
    for (const request of [metricsOf(exported.json), protobufMetricsOf(exported.protobuf)]) {
      const { signals, rejected } = ingestMetrics(request, { keys });
      assert.equal(rejected, 0);
      assert.deepEqual(totals(signals), {
        'claude-code session': { quantity: 1, cost: 0 },
        // Input, output and cache reads: tokens as Claude Code counts them; its cost is its own.
        'claude-code tokens': { quantity: 6500, cost: 0 },
        'claude-code cost': { quantity: 0.25, cost: 0.23 },
        'claude-code lines': { quantity: 40, cost: 0 },
        'claude-code active-seconds': { quantity: 90, cost: 0 },
      });
      assert.ok(signals.every((s) => s.provider === undefined || s.provider === 'anthropic'));
    }
  });

  it('never keeps an e-mail address or account id: one keyed pseudonym per person, the same in every record', async () => {
    const exported = await metricsExport({ 'service.name': 'claude-code' }, claudeMinute(7));
    const { signals } = ingestMetrics(metricsOf(exported.json), { keys });
    const text = JSON.stringify(signals);
    for (const value of Object.values(claudeAttributes(7))) assert.ok(!text.includes(String(value)), `${String(value)} must not survive ingest`);
    const uids = new Set(signals.map((s) => s.who.uid));
    assert.equal(uids.size, 1);
    assert.match([...uids][0] as string, /^p:[\w-]{27}$/);
    assert.ok(
      signals.every((s) => !s.who.enrolled),
      'a pseudonym never counts towards k',
    );
    // Another collector secret gives another pseudonym: it cannot be recomputed from the address.
    const other = ingestMetrics(metricsOf(exported.json), { keys: new IdentityKeys('another-secret-entirely-0000') }).signals[0]?.who.uid;
    assert.notEqual(other, [...uids][0]);
  });

  it('counts a cumulative counter by its differences, not its running total', async () => {
    const first = await metricsExport({ 'service.name': 'gemini-cli' }, (meter) => meter.createCounter('gemini_cli.session.count').add(1, { 'installation.id': 'g1' }), 'cumulative');
    const signals = ingestMetrics(metricsOf(first.json), { keys }).signals;
    assert.equal(signals.length, 1);
    assert.equal(signals[0]?.kind, 'session');
    assert.ok(signals[0]?.series !== undefined, 'a cumulative point names its series, for the store to subtract');
  });

  it('computes Copilot’s and Gemini CLI’s cost from the price table, and reads Copilot’s thumbs as satisfaction', async () => {
    const copilot = await metricsExport({ 'service.name': 'copilot-chat', 'service.version': '0.31.0' }, (meter) => {
      const usage = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
      usage.record(1_000_000, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'github',
        'gen_ai.token.type': 'input',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
      });
      usage.record(100_000, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'github',
        'gen_ai.token.type': 'output',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
      });
      meter.createHistogram('copilot_chat.agent.invocation.duration', { unit: 's' }).record(12, { 'gen_ai.agent.name': 'copilot' });
      meter.createHistogram('copilot_chat.agent.invocation.duration', { unit: 's' }).record(30, { 'gen_ai.agent.name': 'copilot' });
      meter.createCounter('copilot_chat.session.count').add(1);
      meter.createCounter('copilot_chat.lines_of_code.count').add(25, { type: 'added', 'copilot_chat.language_id': 'typescript' });
      const feedback = meter.createCounter('copilot_chat.user.feedback.count');
      feedback.add(3, { rating: 'positive' });
      feedback.add(1, { rating: 'negative' });
    });
    const { signals } = ingestMetrics(protobufMetricsOf(copilot.protobuf), { keys });
    const t = totals(signals);
    // gpt-4o: 2.3 per million input tokens, 9.2 per million output (the default price table).
    assert.deepEqual(t['copilot tokens'], { quantity: 1_100_000, cost: 3.22 });
    assert.deepEqual(t['copilot prompt'], { quantity: 2, cost: 0 });
    assert.deepEqual(t['copilot session'], { quantity: 1, cost: 0 });
    assert.deepEqual(t['copilot lines'], { quantity: 25, cost: 0 });
    const ratings = signals.filter((s) => s.kind === 'rating');
    assert.deepEqual(ratings.map((s) => [s.quantity, s.rating]).sort(), [
      [1, 1],
      [3, 5],
    ]);

    const gemini = await metricsExport({ 'service.name': 'gemini-cli', 'service.version': '0.9.0' }, (meter) => {
      const usage = meter.createCounter('gemini_cli.token.usage');
      const common = { 'session.id': 'g-session', 'installation.id': 'g-install', 'user.email': 'someone@etech.example' };
      usage.add(2_000_000, { ...common, model: 'gemini-2.5-pro', type: 'input' });
      usage.add(100_000, { ...common, model: 'gemini-2.5-pro', type: 'thought' });
      // The same tokens, reported again under the GenAI conventions: not counted twice.
      meter.createHistogram('gen_ai.client.token.usage').record(2_000_000, { 'gen_ai.token.type': 'input', 'gen_ai.request.model': 'gemini-2.5-pro' });
      meter.createCounter('gemini_cli.lines.changed').add(8, { ...common, type: 'added', function_name: 'replace' });
    });
    const g = totals(ingestMetrics(metricsOf(gemini.json), { keys }).signals);
    assert.deepEqual(g['gemini-cli tokens'], { quantity: 2_100_000, cost: 3.22 });
    assert.deepEqual(g['gemini-cli lines'], { quantity: 8, cost: 0 });
  });

  it('counts prompts from Claude Code’s and Gemini CLI’s events and drops the prompt text they may carry', () => {
    const secretPrompt = 'Refactor the Bluebird contract for client ACME, password hunter2';
    const claude = logsExport({ 'service.name': 'claude-code' }, [
      {
        name: 'claude_code.user_prompt',
        attributes: { ...claudeAttributes(3), 'event.name': 'user_prompt', 'event.timestamp': '2026-03-12T09:00:00Z', prompt_length: secretPrompt.length, prompt: secretPrompt },
      },
      { name: 'claude_code.api_request', attributes: { ...claudeAttributes(3), 'event.name': 'api_request', model: 'claude-sonnet-4-5', cost_usd: 0.02, input_tokens: 100, output_tokens: 20 } },
    ]);
    const gemini = logsExport({ 'service.name': 'gemini-cli' }, [
      {
        name: 'gemini_cli.user_prompt',
        attributes: { 'event.name': 'gemini_cli.user_prompt', 'session.id': 's', 'installation.id': 'i', prompt_length: 10, prompt_id: 'p1', prompt: secretPrompt, auth_type: 'oauth-personal' },
      },
    ]);
    for (const body of [
      OtlpLogsRequestSchema.parse(JSON.parse(claude.json.toString('utf8'))),
      OtlpLogsRequestSchema.parse(decodeProtobufLogs(claude.protobuf, 100, tooMany)),
      OtlpLogsRequestSchema.parse(JSON.parse(gemini.json.toString('utf8'))),
    ]) {
      const result = ingestLogs(body, { keys });
      assert.equal(result.rejected, 0, result.firstProblem);
      assert.equal(result.signals.length, 1, 'one prompt; the api_request is counted by the metrics');
      assert.equal(result.signals[0]?.kind, 'prompt');
      assert.ok(!JSON.stringify(result).includes('hunter2'));
      assert.ok(!JSON.stringify(result).includes('@etech.example'));
    }
  });

  it('refuses, in a partial success, the records of a service it does not know, and ignores a known tool’s other metrics', async () => {
    const unknown = await metricsExport({ 'service.name': 'checkout-service' }, (meter) => meter.createCounter('http.server.requests').add(3));
    const result = ingestMetrics(metricsOf(unknown.json), { keys });
    assert.equal(result.rejected, 1);
    assert.match(result.firstProblem ?? '', /none of the AI tools/);
    const other = await metricsExport({ 'service.name': 'claude-code' }, (meter) => meter.createCounter('claude_code.some_future.metric').add(3, { 'aiguard.__proto__.x': 'y', constructor: 'z' }));
    const ignored = ingestMetrics(metricsOf(other.json), { keys });
    assert.deepEqual([ignored.rejected, ignored.signals.length], [0, 0]);
  });
});

describe('telemetry collector: enrolled installation ids', () => {
  it('issues ids that it alone can verify, and refuses invented, altered or foreign ones', () => {
    const ids = Array.from({ length: 200 }, () => keys.issue());
    assert.equal(new Set(ids).size, 200);
    for (const id of ids) {
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(keys.isEnrolled(id));
    }
    const id = ids[0] as string;
    const altered = `${id.slice(0, 3)}${id[3] === '0' ? '1' : '0'}${id.slice(4)}`;
    assert.equal(keys.isEnrolled(altered), false);
    assert.equal(keys.isEnrolled('0000aaaa-aaaa-4bbb-8ccc-000000000001'), false);
    assert.equal(new IdentityKeys('another-secret-entirely-0000').isEnrolled(id), false);
    assert.equal(keys.isEnrolled(undefined), false);
    assert.equal(keys.isEnrolled(`${id}x`), false);
  });
});

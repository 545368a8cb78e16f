import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { ResponseCache } from '../../src/core/cache';
import { callRecordOf, type PipelinePorts, type PipelineRequest, runPipeline } from '../../src/core/pipeline';
import { createProvider, ProviderConfigSchema } from '../../src/core/providers';
import { type Category, RedactionSession, Scanner } from '../../src/core/redaction';
import { parseTemplate, type Template } from '../../src/core/templates';
import { FakeAiServer } from '../support/fakeAiServer';
import { TEST_KEY } from '../support/providers';

const ROOT = '/w';
const POLICY = JSON.stringify({
  version: 1,
  defaultLevel: 'internal',
  providers: { 'eu-test': { tags: ['eu-hosted'] }, 'us-test': { tags: [] } },
  clients: [{ id: 'acme', name: 'Acme', providers: ['tag:eu-hosted'] }],
  rules: [{ pattern: 'clients/acme/', level: 'confidential', client: 'acme', reason: 'Acme.' }],
});

/** Fake, format-valid secrets and personal data planted in the selection. */
const PLANTED = {
  aws: 'AKIAQYLPMN5HHHFPZAM2',
  email: 'amelie.dufresne@example.fr',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
};
const SELECTION = `const id = "${PLANTED.aws}"; // owner ${PLANTED.email}, refunds to ${PLANTED.iban}\n`;

const TEMPLATE_TEXT = ['---', 'id: review-test', 'title: Review', 'description: Test review.', 'profile: dev', 'version: "1.0.0"', 'inputs: [selection]', 'output: markdown', '---', '## System', 'You review code. Keep [[…]] placeholders exactly as they are.', '## User', 'Review this:', '{{selection}}', ''].join('\n');

function template(origin: 'built-in' | 'workspace' = 'built-in'): Template {
  const { template: parsed, problems } = parseTemplate('review-test.prompt.md', TEMPLATE_TEXT, origin);
  assert.ok(parsed, JSON.stringify(problems));
  return parsed;
}

describe('the governed pipeline, against a local server speaking the OpenAI protocol', () => {
  let server: FakeAiServer;
  let store: PolicyStore;
  let connects: number;

  const providerConfig = (id: string) => ProviderConfigSchema.parse({ id, kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model' });
  const ports = (session = new RedactionSession()): PipelinePorts => ({
    classify: (path, content) => store.classify(path, content),
    levels: (path) => store.levels(path),
    scanner: (_path, categories: ReadonlySet<Category>) => new Scanner({ categories, secretlint: false }),
    session,
    connect: async (choice) => {
      connects++;
      return createProvider(providerConfig(choice.id), { apiKey: TEST_KEY });
    },
  });
  const request = (overrides: Partial<PipelineRequest> = {}): PipelineRequest => ({
    template: template(),
    context: { selection: SELECTION },
    sources: [{ path: `${ROOT}/clients/acme/billing.ts` }],
    provider: { mode: 'provider', id: 'eu-test', tags: ['eu-hosted'], kind: 'openai-compatible', model: 'test-model' },
    approvals: [],
    allowUnapproved: false,
    ...overrides,
  });

  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
    store = new PolicyStore();
    store.setRoots([ROOT]);
    store.update(`${ROOT}/.aiguard/policy.json`, POLICY);
    connects = 0;
  });
  afterEach(() => server.close());

  it('calls beforeCall right before connecting, sends the output cap, and sends nothing when it throws or blocks', async function () {
    this.timeout(30_000);
    const order: string[] = [];
    const base = ports();
    const watched: PipelinePorts = {
      ...base,
      beforeCall: async () => {
        order.push('beforeCall');
        return { status: 'ok' };
      },
      connect: async (choice) => {
        order.push('connect');
        return base.connect(choice);
      },
    };
    const answered = await runPipeline(request({ maxOutputTokens: 77 }), watched);
    assert.equal(answered.status, 'ok');
    assert.deepEqual(order, ['beforeCall', 'connect']);
    assert.equal((server.requests.at(-1)?.body as { max_tokens?: number }).max_tokens, 77);
    const sent = server.requests.length;
    const failed = await runPipeline(request(), { ...base, beforeCall: () => Promise.reject(new Error('ENOSPC')) });
    assert.equal(failed.status, 'error');
    const refused = await runPipeline(request(), { ...base, beforeCall: async () => ({ status: 'block', message: 'over budget' }) });
    assert.deepEqual([refused.status, refused.status === 'blocked' ? refused.reason : ''], ['blocked', 'budget-exceeded']);
    assert.equal(server.requests.length, sent, 'nothing was sent');
  });

  it('sends no planted secret or personal data, and restores the placeholders of the streamed answer', async () => {
    // The model answers with the placeholders it was given, split across chunks.
    server.answer = (recorded) => {
      const sent = JSON.stringify(recorded.body);
      const placeholders = sent.match(/\[\[[A-Z_]+_\d+\]\]/g) ?? [];
      const text = `Found ${placeholders.join(' and ')}.`;
      return { chunks: [text.slice(0, 9), text.slice(9, 13), text.slice(13)] };
    };
    const streamed: string[] = [];
    const outcome = await runPipeline(request(), ports(), { onText: (chunk) => streamed.push(chunk) });
    assert.equal(outcome.status, 'ok', JSON.stringify(outcome));
    assert.equal(server.requests.length, 1);
    const body = JSON.stringify(server.requests[0]?.body);
    for (const value of Object.values(PLANTED)) assert.ok(!body.includes(value), `${value} reached the provider`);
    assert.match(body, /\[\[AWS_ACCESS_KEY_ID_1\]\]/);
    if (outcome.status !== 'ok') return;
    for (const value of Object.values(PLANTED)) assert.ok(outcome.answer.includes(value), `${value} was not restored in the answer`);
    assert.equal(streamed.join(''), outcome.answer, 'the streamed pieces are restored too');
    assert.deepEqual(outcome.prompt.redactions, { 'aws-access-key-id': 1, email: 1, iban: 1 });
    assert.ok(outcome.usage.inputTokens > 0);
  });

  it('never calls a provider for a file whose level forbids AI, or a provider the client does not allow', async () => {
    const restricted = await runPipeline(request({ sources: [{ path: `${ROOT}/deploy/.env` }] }), ports());
    assert.equal(restricted.status, 'blocked');
    assert.equal(restricted.status === 'blocked' && restricted.reason, 'ai-not-allowed');

    const wrongProvider = await runPipeline(request({ provider: { mode: 'provider', id: 'us-test', tags: [], kind: 'openai-compatible', model: 'm' } }), ports(), {
      candidates: [{ id: 'us-test', tags: [] }, { id: 'eu-test', tags: ['eu-hosted'] }],
    });
    assert.equal(wrongProvider.status, 'blocked');
    if (wrongProvider.status === 'blocked') {
      assert.equal(wrongProvider.reason, 'provider-not-allowed');
      assert.deepEqual(wrongProvider.allowedProviders, ['eu-test']);
      assert.match(wrongProvider.message, /eu-test/);
    }
    assert.equal(server.requests.length, 0);
    assert.equal(connects, 0, 'a blocked run never connects');
  });

  it('runs an unapproved workspace template only when the policy allows it, and a modified one never silently', async () => {
    const workspace = template('workspace');
    const blocked = await runPipeline(request({ template: workspace }), ports());
    assert.equal(blocked.status === 'blocked' && blocked.reason, 'unapproved-template');
    const modified = await runPipeline(request({ template: workspace, approvals: [{ id: 'review-test', sha256: '0'.repeat(64) }] }), ports());
    assert.equal(modified.status === 'blocked' && modified.reason, 'modified-template');
    assert.equal(server.requests.length, 0);
    const approved = await runPipeline(request({ template: workspace, approvals: [{ id: 'review-test', sha256: workspace.sha256 }] }), ports());
    assert.equal(approved.status, 'ok');
  });

  it('prints the exact redacted prompt in a dry run, and sends nothing', async () => {
    const outcome = await runPipeline(request({ dryRun: true }), ports());
    assert.equal(outcome.status, 'dry-run');
    if (outcome.status === 'dry-run') {
      assert.match(outcome.prompt.user, /\[\[EMAIL_1\]\]/);
      assert.ok(!outcome.prompt.user.includes(PLANTED.email));
    }
    assert.equal(server.requests.length, 0);
  });

  it('previews the redacted prompt beside the original, and sends nothing when the preview is declined', async () => {
    const shown: Array<{ sent: string; original: string; level: string }> = [];
    const previewing = (answer: boolean): PipelinePorts => ({
      ...ports(),
      preview: async (prompt, level, original) => {
        shown.push({ sent: prompt.user, original: original.user, level: level.level });
        return answer;
      },
    });
    const declined = await runPipeline(request(), previewing(false));
    assert.equal(declined.status, 'blocked');
    assert.equal(declined.status === 'blocked' && declined.reason, 'preview-declined');
    assert.equal(connects, 0, 'a declined preview never connects');
    assert.equal(server.requests.length, 0);
    assert.equal(shown.length, 1);
    assert.ok(shown[0]?.original.includes(PLANTED.email), 'the original is shown as it was');
    assert.ok(!shown[0]?.sent.includes(PLANTED.email) && shown[0]?.sent.includes('[[EMAIL_1]]'), 'the preview shows the masked prompt');
    assert.equal(shown[0]?.level, 'confidential');

    const accepted = await runPipeline(request(), previewing(true));
    assert.equal(accepted.status, 'ok', JSON.stringify(accepted));
    assert.equal(server.requests.length, 1);
    // The copy mode and a blocked provider ask for no preview: nothing would be sent anyway.
    await runPipeline(request({ provider: { mode: 'copy' } }), previewing(true));
    await runPipeline(request({ provider: { mode: 'provider', id: 'us-test', tags: [], kind: 'openai-compatible', model: 'test-model' } }), previewing(true));
    assert.equal(shown.length, 2);
  });

  it('answers an identical redacted prompt from the response cache: nothing sent, nothing spent, placeholders restored', async () => {
    server.answer = (recorded) => ({ text: `Reviewed ${JSON.stringify(recorded.body).match(/\[\[EMAIL_\d+\]\]/)?.[0] ?? 'nothing'}.` });
    const store = new ResponseCache();
    let now = 1_000_000;
    const cached = (): PipelinePorts => ({ ...ports(), cache: { store, ttlMs: 60_000 }, now: () => now });
    const prices = { currency: 'EUR', prices: { 'test-model': { input: 2, output: 8 } } };

    const first = await runPipeline(request(), cached());
    assert.equal(first.status, 'ok');
    assert.equal(server.requests.length, 1);
    const streamed: string[] = [];
    const second = await runPipeline(request(), cached(), { onText: (chunk) => streamed.push(chunk) });
    assert.equal(server.requests.length, 1, 'the second, identical prompt was not sent');
    assert.ok(second.status === 'ok' && second.cached);
    assert.equal(second.status === 'ok' && second.answer, `Reviewed ${PLANTED.email}.`, 'restored with the run\'s own session');
    assert.deepEqual(streamed, [`Reviewed ${PLANTED.email}.`]);
    const record = callRecordOf(request(), second, { now: new Date(), previewShown: false, prices });
    assert.equal(record.cached, true);
    assert.equal(record.cost?.amount, 0);
    assert.ok((record.savedCost?.amount ?? 0) > 0, 'what the call would have cost is recorded as saved');
    assert.ok(!JSON.stringify(record).includes(PLANTED.email));

    // Another prompt, another model or an expired entry is sent again.
    await runPipeline(request({ context: { selection: 'const other = 1;' } }), cached());
    assert.equal(server.requests.length, 2);
    now += 61_000;
    const expired = await runPipeline(request(), cached());
    assert.ok(expired.status === 'ok' && !expired.cached);
    assert.equal(server.requests.length, 3);
  });

  it('stops the request when cancelled mid-stream', async () => {
    server.answer = () => ({ chunks: ['one ', 'two ', 'three'], chunkDelayMs: 300 });
    const controller = new AbortController();
    const outcome = await runPipeline(request(), ports(), { signal: controller.signal, onText: () => controller.abort() });
    assert.equal(outcome.status, 'cancelled');
    await server.requests[0]?.clientClosed;
    assert.equal(server.requests[0]?.closedByClient, true, 'the server saw the connection closed');
  });

  it('leaves a record for the audit with digests and counts, never a planted value', async () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const ok = await runPipeline(request(), ports());
    const record = callRecordOf(request(), ok, { now, previewShown: false });
    assert.equal(record.outcome, 'ok');
    assert.equal(record.time, '2026-11-24T10:00:00.000Z');
    assert.deepEqual(record.levels, ['confidential']);
    assert.deepEqual(record.clients, ['acme']);
    assert.deepEqual(record.redactions, { 'aws-access-key-id': 1, email: 1, iban: 1 });
    assert.match(record.promptSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.match(record.answerSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.ok((record.tokens?.input ?? 0) > 0);
    const text = JSON.stringify(record);
    for (const value of Object.values(PLANTED)) assert.ok(!text.includes(value), `${value} is in the record`);
    assert.ok(!text.includes('Review this'), 'no prompt text in the record');

    const blocked = await runPipeline(request({ sources: [{ path: `${ROOT}/deploy/.env` }] }), ports());
    const blockedRecord = callRecordOf(request(), blocked, { now, previewShown: false });
    assert.equal(blockedRecord.outcome, 'blocked');
    assert.equal(blockedRecord.detail, 'ai-not-allowed');
    assert.equal(blockedRecord.promptSha256, undefined, 'nothing was redacted, so there is no prompt to digest');
  });

  it('fails closed when the scan cannot finish: nothing is sent', async () => {
    const failing: PipelinePorts = { ...ports(), scanner: () => new Scanner({ secretlint: false, maxLength: 10 }) };
    const outcome = await runPipeline(request(), failing);
    assert.equal(outcome.status, 'error');
    assert.equal(server.requests.length, 0);
  });
});

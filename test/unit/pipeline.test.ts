import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { ResponseCache } from '../../src/core/cache';
import { callRecordOf, type PipelinePorts, type PipelineRequest, runPipeline } from '../../src/core/pipeline';
import { createProvider, ProviderConfigSchema } from '../../src/core/providers';
import { type Category, mergeDictionaries, RedactionSession, Scanner } from '../../src/core/redaction';
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

const TEMPLATE_TEXT = [
  '---',
  'id: review-test',
  'title: Review',
  'description: Test review.',
  'profile: dev',
  'version: "1.0.0"',
  'inputs: [selection]',
  'output: markdown',
  '---',
  '## System',
  'You review code. Keep [[…]] placeholders exactly as they are.',
  '## User',
  'Review this:',
  '{{selection}}',
  '',
].join('\n');

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
    classify: (path, content, options) => store.classify(path, content, options),
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

  it("never restores a secret where the prompt had a look-alike placeholder: the template's examples, a quoted one, an earlier call's", async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzRealKey01';
    const withExamples = parseTemplate(
      'review-test.prompt.md',
      TEMPLATE_TEXT.replace('Keep [[…]] placeholders exactly as they are.', 'Placeholders such as [[AWS_SECRET_KEY_1]] or [[EMAIL_2]] stand for masked values.'),
      'built-in',
    ).template as Template;
    const selection = `aws_secret_access_key = "${secret}"\n// the fixture below is the literal [[SECRET_1]]\nmail ${PLANTED.email}\n`;
    // A model that echoes every placeholder-like token it saw, and one it was never shown.
    server.answer = (recorded) => {
      const sent = JSON.stringify(recorded.body);
      const seen = [...new Set(sent.match(/\[\[[A-Z_]+_\d+\]\]/g) ?? [])];
      const text = `Seen: ${seen.join(' ')}.`;
      return { chunks: [text.slice(0, 11), text.slice(11, 17), text.slice(17)] };
    };
    const session = new RedactionSession();
    const streamed: string[] = [];
    const first = await runPipeline(request({ template: withExamples, context: { selection } }), ports(session), { onText: (chunk) => streamed.push(chunk) });
    assert.equal(first.status, 'ok', JSON.stringify(first));
    if (first.status !== 'ok') return;
    const body = JSON.stringify(server.requests[0]?.body);
    assert.ok(!body.includes(secret));
    assert.match(body, /aws_secret_access_key = \\"\[\[AWS_SECRET_KEY_2\]\]\\"/, 'the real value takes a number no input showed');
    assert.match(body, /\[\[SECRET_1\]\]/, 'the literal is sent as a literal');
    assert.equal((first.answer.match(new RegExp(secret.replace(/[/]/g, '\\/'), 'g')) ?? []).length, 1, 'the secret is restored once, for its own placeholder');
    assert.match(first.answer, /\[\[AWS_SECRET_KEY_1\]\]/);
    assert.match(first.answer, /\[\[SECRET_1\]\]/);
    assert.match(first.answer, /\[\[EMAIL_2\]\]/);
    assert.equal(streamed.join(''), first.answer);

    // A later call in the same session quotes the placeholder the first one issued, and asks for it.
    server.answer = () => ({ text: 'Here: [[AWS_SECRET_KEY_2]].' });
    const second = await runPipeline(request({ context: { selection: 'const fixture = "[[AWS_SECRET_KEY_2]]";\n' } }), ports(session));
    assert.equal(second.status, 'ok', JSON.stringify(second));
    if (second.status !== 'ok') return;
    assert.ok(!second.answer.includes(secret), 'a placeholder of another call is never restored');
    assert.equal(second.answer, 'Here: [[AWS_SECRET_KEY_2]].');
  });

  it('redacts before the prompt-size cut: a secret straddling the limit is never sent in part', async () => {
    const keyLines = Array.from({ length: 12 }, (_, i) => `MIIEowIBAAKCAQEA${String(i).padStart(2, '0')}x7Qd9k2LmZp4VbN8rT1sYwE6uJhG3fKaXcP0oI5`);
    const key = ['-----BEGIN RSA PRIVATE KEY-----', ...keyLines, '-----END RSA PRIVATE KEY-----'].join('\n');
    const password = 'q8#Lm2!vZr9@Tx4Kp7';
    const head = `const copy = "${password}";\n${'// filler line of code\n'.repeat(40)}`;
    const selection = `${head}${key}\n${'// more\n'.repeat(50)}password = "${password}"\n`;
    const max = head.length + 300;
    const outcome = await runPipeline(request({ context: { selection }, dryRun: true, maxInputCharacters: max }), ports());
    assert.equal(outcome.status, 'dry-run', JSON.stringify(outcome));
    if (outcome.status !== 'dry-run') return;
    assert.deepEqual(
      outcome.truncated?.map((entry) => entry.input),
      ['selection'],
    );
    for (const line of keyLines) assert.ok(!outcome.prompt.user.includes(line.slice(0, 20)), 'a line of the key was sent');
    assert.ok(!outcome.prompt.user.includes(password), 'the copy of a password found by its assignment, which the cut left out, was sent');
    assert.match(outcome.prompt.user, /left out to fit the prompt/);
  });

  it("masks the dictionary of every source: a prompt drawn from two clients' files hides both names", async () => {
    store.update(`${ROOT}/clients/ardoise/.aiguard/policy.json`, JSON.stringify({ version: 1, dictionary: { clients: ['Ardoise'], internalHosts: ['*.ardoise.internal'] } }));
    store.update(`${ROOT}/clients/acme/.aiguard/policy.json`, JSON.stringify({ version: 1, dictionary: { codenames: ['Bluebird'] } }));
    const asked: string[][] = [];
    const dictionaryPorts: PipelinePorts = {
      ...ports(),
      scanner: (paths, categories) => {
        asked.push([...paths]);
        return new Scanner({ categories, secretlint: false, dictionary: mergeDictionaries(paths.map((path) => store.at(path).dictionary())) });
      },
    };
    const diff =
      'diff --git a/clients/acme/bluebirdClient.ts b/clients/acme/bluebirdClient.ts\n+const url = BLUEBIRD_API_URL;\n' +
      'diff --git a/clients/ardoise/db.ts b/clients/ardoise/db.ts\n+connect("pg.ardoise.internal"); // project_ardoise\n';
    const outcome = await runPipeline(
      request({ context: { selection: diff }, sources: [{ path: `${ROOT}/clients/acme/bluebirdClient.ts` }, { path: `${ROOT}/clients/ardoise/db.ts` }], dryRun: true }),
      dictionaryPorts,
    );
    assert.equal(outcome.status, 'dry-run', JSON.stringify(outcome));
    if (outcome.status !== 'dry-run') return;
    assert.deepEqual(asked, [[`${ROOT}/clients/acme/bluebirdClient.ts`, `${ROOT}/clients/ardoise/db.ts`]]);
    const sent = `${outcome.prompt.system}\n${outcome.prompt.user}`;
    assert.doesNotMatch(sent, /bluebird|ardoise/i);
    // Acme is a declared client: its id is masked in the path as its name would be.
    assert.doesNotMatch(sent, /acme/i);
    assert.match(sent, /clients\/\[\[CLIENT_\d+\]\]\/\[\[PROJECT_1\]\]Client\.ts/);
  });

  it("masks a declared client's name and id with no dictionary: neither travels in a path, a host or an identifier", async () => {
    store.update(`${ROOT}/.aiguard/policy.json`, JSON.stringify({ ...JSON.parse(POLICY), clients: [{ id: 'ardoise', name: 'Banque Ardoise' }], rules: [] }));
    const namedPorts: PipelinePorts = {
      ...ports(),
      scanner: (paths, categories) => new Scanner({ categories, secretlint: false, dictionary: mergeDictionaries(paths.map((path) => store.at(path).dictionary())) }),
    };
    const selection = 'const db = connect("pg.ardoise.internal"); // Banque Ardoise, see clients/ardoise/README\nconst ARDOISE_API_URL = ardoiseClient.url;\n';
    const outcome = await runPipeline(request({ context: { selection }, sources: [{ path: `${ROOT}/src/db.ts` }], dryRun: true }), namedPorts);
    assert.equal(outcome.status, 'dry-run', JSON.stringify(outcome));
    if (outcome.status !== 'dry-run') return;
    assert.doesNotMatch(`${outcome.prompt.system}\n${outcome.prompt.user}`, /ardoise/i);
  });

  it("masks the policy's names whatever the level: a client named in the dictionary never travels from an internal file", async () => {
    store.update(`${ROOT}/.aiguard/policy.json`, JSON.stringify({ ...JSON.parse(POLICY), dictionary: { clients: ['Ardoise'], codenames: ['Bluebird'] } }));
    const file = `${ROOT}/src/bluebirdClient.ts`;
    assert.deepEqual(store.classify(file).redact, ['secret', 'pii'], 'an internal file: its matrix line does not list dictionary');
    const namedPorts: PipelinePorts = {
      ...ports(),
      scanner: (paths, categories) => new Scanner({ categories, secretlint: false, dictionary: mergeDictionaries(paths.map((path) => store.at(path).dictionary())) }),
    };
    const outcome = await runPipeline(request({ context: { selection: 'const api = new ArdoiseApi(BLUEBIRD_URL);\n' }, sources: [{ path: file }], dryRun: true }), namedPorts);
    assert.equal(outcome.status, 'dry-run', JSON.stringify(outcome));
    if (outcome.status !== 'dry-run') return;
    assert.doesNotMatch(outcome.prompt.user, /ardoise|bluebird/i);
    assert.deepEqual(outcome.prompt.redactions, { 'client-name': 1, 'project-codename': 1 });
  });

  it('never calls a provider for a file whose level forbids AI, or a provider the client does not allow', async () => {
    const restricted = await runPipeline(request({ sources: [{ path: `${ROOT}/deploy/.env` }] }), ports());
    assert.equal(restricted.status, 'blocked');
    assert.equal(restricted.status === 'blocked' && restricted.reason, 'ai-not-allowed');

    const wrongProvider = await runPipeline(request({ provider: { mode: 'provider', id: 'us-test', tags: [], kind: 'openai-compatible', model: 'm' } }), ports(), {
      candidates: [
        { id: 'us-test', tags: [] },
        { id: 'eu-test', tags: ['eu-hosted'] },
      ],
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

  it("blocks on a source the caller refused, with the caller's reason, and classifies a folder source as a folder", async () => {
    const refused = await runPipeline(request({ sources: [{ path: `${ROOT}/clients/acme/billing.ts` }, { path: `${ROOT}/link.ts`, refusal: 'link.ts leads out of the workspace.' }] }), ports());
    assert.equal(refused.status, 'blocked');
    assert.equal(refused.status === 'blocked' && refused.message, 'link.ts leads out of the workspace.');
    const usTest = { provider: { mode: 'provider' as const, id: 'us-test', tags: [], kind: 'openai-compatible', model: 'm' } };
    const asFolder = await runPipeline(request({ ...usTest, sources: [{ path: `${ROOT}/clients/acme`, folder: true }] }), ports());
    assert.equal(asFolder.status === 'blocked' && asFolder.reason, 'provider-not-allowed', "the client's folder is the client's");
    assert.equal(server.requests.length, 0);
    assert.equal(connects, 0);
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
    assert.equal(second.status === 'ok' && second.answer, `Reviewed ${PLANTED.email}.`, "restored with the run's own session");
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

import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/collector/config';
import type { AuditSummary } from '../../src/collector/auditStore';
import { type RunningCollector, startCollector } from '../../src/collector/server';
import { databaseFor, STORES } from '../support/postgres';
import { type AuditKeyStore, AuditLog, type ForwardBatch, forwardPending, lineHash } from '../../src/core/audit';
import { headText, macWith } from '../../src/core/audit/seal';
import type { TelemetryHttp } from '../../src/core/telemetry/sender';
import { fetchTelemetryHttp } from '../../src/node/telemetryFiles';
import { send } from '../support/collectorFixtures';
import { CliWorkspace } from '../support/cliProcess';
import { FakeAiServer } from '../support/fakeAiServer';
import { TEST_KEY } from '../support/providers';
import { MemoryAuditStorage } from '../support/memoryAudit';

const TOKEN = 'a-long-enough-audit-token';
const LEAD = 'the-ai-lead-dashboard-token';

function keyStore(): AuditKeyStore & { key: () => Uint8Array | undefined } {
  let key: Uint8Array | undefined;
  return { read: async () => key, create: async () => (key ??= randomBytes(32)), key: () => key };
}

/** A fake endpoint that records every body it is sent, answering with `status()`. */
function recordingHttp(status: () => number = () => 200): TelemetryHttp & { bodies: ForwardBatch[] } {
  const bodies: ForwardBatch[] = [];
  return {
    bodies,
    post: async (_url, body) => {
      const code = status();
      if (code === 200) bodies.push(JSON.parse(body) as ForwardBatch);
      return { status: code, text: '' };
    },
  };
}

async function sealedLog(count: number) {
  const storage = new MemoryAuditStorage();
  const keys = keyStore();
  const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, 2, 12)), keys);
  for (let i = 0; i < count; i++) await log.append('call', { outcome: 'ok', n: i, cost: { amount: 0.01, currency: 'EUR' } });
  return { storage, keys, log };
}

const target = { url: 'http://127.0.0.1:9/v1/audit' };

describe('audit trail: forwarding the digest-only form', function () {
  this.timeout(30_000);

  it('sends digests, counts and ids only: never a path, a reason, a detail, a client or a template name', async () => {
    // A foreign file set aside (its path goes in the start record), then a blocked call with every field a record can hold.
    const storage = new MemoryAuditStorage('not a record of ours\n');
    const log = new AuditLog(storage, () => new Date(Date.UTC(2026, 10, 2, 12)), keyStore());
    const planted = {
      template: { id: 'acme-bluebird-secret', version: '1', sha256: 'c'.repeat(64), approval: 'approved', profile: 'dev' },
      provider: { id: 'azure-eu', kind: 'azure-openai', model: 'gpt-4o' },
      levels: ['restricted'],
      clients: ['bluebird-client'],
      redactions: { email: 2 },
      outcome: 'blocked',
      detail: '/home/alice/clients/bluebird/.env',
      reason: 'AKIAIOSFODNN7EXAMPLE',
      promptSha256: 'a'.repeat(64),
    };
    await log.append('call', planted);
    const aside = storage.asides[0]?.name as string;
    assert.ok((storage.text ?? '').includes(aside), 'the log itself names the file set aside');
    const http = recordingHttp();
    const result = await forwardPending(log.forwardSource(), http, target);
    assert.equal(result.sent, 2);
    const body = JSON.stringify(http.bodies);
    for (const secret of [aside, 'acme-bluebird-secret', 'bluebird-client', '/home/alice', 'AKIAIOSFODNN7EXAMPLE', 'not a record of ours', '"mac"', '"reason"', '"detail"'])
      assert.ok(!body.includes(secret), `${secret} left the machine`);
    const call = http.bodies[0]?.records[1];
    assert.equal(call?.templateSha256, 'c'.repeat(64));
    assert.equal(call?.promptSha256, 'a'.repeat(64));
    assert.equal(call?.hash, lineHash((storage.text as string).split('\n')[1] as string), 'each record is named by the hash of its whole line');
  });

  it('keeps what the endpoint did not take for the next flush, and then sends only what is new', async () => {
    const { storage, log } = await sealedLog(4);
    let down = true;
    const http = recordingHttp(() => (down ? 503 : 200));
    const failed = await forwardPending(log.forwardSource(), http, target);
    assert.deepEqual([failed.sent, failed.pending, failed.problem], [0, true, 'HTTP 503']);
    assert.equal(storage.sidecars.get('forwarded'), undefined, 'nothing was acknowledged');
    down = false;
    assert.equal((await forwardPending(log.forwardSource(), http, target)).sent, 5);
    await log.append('call', { outcome: 'ok', n: 9 });
    assert.equal((await forwardPending(log.forwardSource(), http, target)).sent, 1);
    assert.equal((await forwardPending(log.forwardSource(), http, target)).sent, 0);
    const seqs = http.bodies.flatMap((batch) => batch.records.map((record) => record.seq));
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6], 'every record once, in order');
    assert.equal(new Set(http.bodies.map((batch) => batch.installation)).size, 1);
  });

  it('sends in bounded batches and stops at its time budget, leaving the rest pending', async () => {
    const { log } = await sealedLog(9);
    const http = recordingHttp();
    let clock = 0;
    const result = await forwardPending(log.forwardSource(), { post: async (url, body, options) => ((clock += 1_000), http.post(url, body, options)) }, target, {
      batchSize: 3,
      budgetMs: 2_500,
      now: () => clock,
    });
    // Each request takes a second: the first three fit in 2.5 s, the fourth would start past it.
    assert.deepEqual([result.sent, result.pending, result.problem], [9, true, 'time budget spent']);
    assert.deepEqual(
      http.bodies.map((batch) => batch.records.length),
      [3, 3, 3],
    );
    assert.equal((await forwardPending(log.forwardSource(), http, target)).sent, 1, 'the next flush sends the rest');
  });

  it('forwards nothing without a key', async () => {
    const log = new AuditLog(new MemoryAuditStorage(), () => new Date());
    await log.append('call', { outcome: 'ok' });
    const http = recordingHttp();
    assert.equal((await forwardPending(log.forwardSource(), http, target)).sent, 0);
    assert.equal(http.bodies.length, 0);
  });
});

for (const kind of STORES) {
  describe(`collector: forwarded audit trails checked server-side (${kind})`, function () {
    this.timeout(60_000);
    let folder: string;
    let collector: RunningCollector | undefined;
    const running = () => collector as RunningCollector;
    const endpoint = () => ({ url: `${running().url}/v1/audit`, token: TOKEN });
    const summary = async () => ((await send(`${running().url}/api/summary`, { headers: { Authorization: `Bearer ${LEAD}` } })).json() as { audit: AuditSummary }).audit;
    const kinds = async () => (await summary()).list.flatMap((stream) => stream.flags.map((flag) => flag.kind));

    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-audit-collector-'));
      const parsed = parseConfig({ port: 0, host: '127.0.0.1', db: await databaseFor(kind, folder, this), token: TOKEN, dashboardToken: LEAD });
      assert.ok('config' in parsed, JSON.stringify(parsed));
      collector = await startCollector({ config: parsed.config });
    });
    afterEach(async () => {
      await collector?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('stores an intact chain once, however often it is sent, and flags nothing', async () => {
      const { log } = await sealedLog(5);
      assert.equal((await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint())).sent, 6);
      await log.append('call', { outcome: 'ok' });
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      const audit = await summary();
      assert.deepEqual([audit.installations, audit.streams, audit.records], [1, 1, 7]);
      assert.deepEqual(await kinds(), []);
    });

    it('flags a truncated chain: the log cut after its end was forwarded, head rewritten with the key', async () => {
      const { log, storage, keys } = await sealedLog(5);
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      // Someone with the key removes the last records and rewrites the head: the log verifies locally.
      const lines = (storage.text as string).split('\n').filter(Boolean).slice(0, 3);
      storage.text = `${lines.join('\n')}\n`;
      storage.head = headText({ seq: 3, hash: lineHash(lines[2] as string), from: 1 }, macWith(keys.key() as Uint8Array));
      assert.equal((await log.verify({ full: true })).ok, true, 'locally it cannot be seen');
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      assert.deepEqual(await kinds(), ['truncation']);
      const flag = (await summary()).list[0]?.flags[0];
      assert.match(flag?.detail ?? '', /ends at record 3, but record 6 was received/);
    });

    it('flags a forked chain: records rewritten after they were forwarded, two claiming the same predecessor', async () => {
      const { log, storage, keys } = await sealedLog(5);
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      const lines = (storage.text as string).split('\n').filter(Boolean).slice(0, 3);
      storage.text = `${lines.join('\n')}\n`;
      storage.head = headText({ seq: 3, hash: lineHash(lines[2] as string), from: 1 }, macWith(keys.key() as Uint8Array));
      // The rewritten history: new records 4, 5, 6 chained on record 3, sealed with the key.
      for (let i = 0; i < 3; i++) await log.append('call', { outcome: 'ok', rewritten: i });
      assert.equal((await log.verify({ full: true })).ok, true, 'locally it cannot be seen');
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      const flags = (await summary()).list[0]?.flags ?? [];
      assert.ok(
        flags.some((flag) => flag.kind === 'fork' && flag.seq === 4 && /claim the same predecessor/.test(flag.detail)),
        JSON.stringify(flags),
      );
    });

    it('flags a restart (the log deleted, a new chain begun) and a gap (records that never arrived)', async () => {
      const { log, storage } = await sealedLog(3);
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      storage.text = undefined;
      await log.append('call', { outcome: 'ok' });
      await forwardPending(log.forwardSource(), fetchTelemetryHttp, endpoint());
      assert.ok((await kinds()).includes('restart'));

      const other = await sealedLog(6);
      const source = other.log.forwardSource();
      const ids = (await source.ids()) as { installation: string; stream: string };
      const digests = (await import('../../src/core/audit')).digestOf;
      const all = (other.storage.text as string)
        .split('\n')
        .filter(Boolean)
        .map((line) => digests(line));
      const post = (records: unknown[]) =>
        fetchTelemetryHttp.post(endpoint().url, JSON.stringify({ v: 1, ...ids, head: { seq: 7, hash: lineHash((other.storage.text as string).split('\n')[6] as string) }, records }), {
          timeoutMs: 10_000,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` },
        });
      assert.equal((await post(all.slice(0, 2))).status, 200);
      assert.equal((await post(all.slice(5))).status, 200);
      const gap = (await summary()).list.find((stream) => stream.stream === ids.stream)?.flags ?? [];
      assert.deepEqual(
        gap.map((flag) => [flag.kind, flag.seq, flag.detail]),
        [['gap', 6, 'records 3 to 5 never arrived']],
      );
    });

    it('refuses a batch without the token or with a field it does not know, and shows the flags on the dashboard', async () => {
      const { log, storage, keys } = await sealedLog(3);
      const source = log.forwardSource();
      assert.equal((await forwardPending(source, fetchTelemetryHttp, { url: endpoint().url })).problem, 'HTTP 401');
      const ids = (await source.ids()) as { installation: string; stream: string };
      const smuggled = await fetchTelemetryHttp.post(
        endpoint().url,
        JSON.stringify({ v: 1, ...ids, head: { seq: 0, hash: '0'.repeat(64) }, records: [{ seq: 1, prev: '0'.repeat(64), hash: 'a'.repeat(64), type: 'start', time: 'x', reason: '/home/alice' }] }),
        { timeoutMs: 10_000, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` } },
      );
      assert.equal(smuggled.status, 400, smuggled.text);
      await forwardPending(source, fetchTelemetryHttp, endpoint());
      storage.text = `${(storage.text as string).split('\n').filter(Boolean).slice(0, 2).join('\n')}\n`;
      storage.head = headText({ seq: 2, hash: lineHash((storage.text as string).split('\n')[1] as string), from: 1 }, macWith(keys.key() as Uint8Array));
      await forwardPending(source, fetchTelemetryHttp, endpoint());
      const page = await send(`${running().url}/?lang=en`, { headers: { Authorization: `Bearer ${LEAD}` } });
      assert.equal(page.status, 200);
      assert.match(page.text, /Audit trails checked here/);
      assert.match(page.text, /<strong>truncation<\/strong> \(2\)/);
    });
  });
}

describe('ai-guard run forwards its records to the organisation (the built CLI)', function () {
  this.timeout(90_000);
  let server: FakeAiServer;
  let workspace: CliWorkspace | undefined;
  let collector: RunningCollector | undefined;
  let folder: string;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
    folder = mkdtempSync(join(tmpdir(), 'aiguard-audit-forward-'));
  });
  afterEach(async () => {
    workspace?.cleanUp();
    await collector?.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends the attempt and the completion after the call, and keeps them for the next run when the endpoint is down', async () => {
    const parsed = parseConfig({ port: 0, host: '127.0.0.1', db: join(folder, 'telemetry.db'), token: TOKEN, dashboardToken: LEAD });
    assert.ok('config' in parsed);
    collector = await startCollector({ config: parsed.config });
    const url = collector.url;
    workspace = new CliWorkspace(server, { policy: { providers: undefined } });
    const org = join(workspace.folder, 'org-policy.json');
    const orgPolicy = (endpoint: string) => writeFileSync(org, JSON.stringify({ version: 1, providers: { local: { tags: ['local'] } }, audit: { forward: { endpoint, token: TOKEN } } }));
    // First the endpoint is down (nothing listens there): the run answers, exit 0, and says so.
    orgPolicy('http://127.0.0.1:9');
    const first = await workspace.run(['--org', org]).exit;
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /could not be forwarded/);
    orgPolicy(url);
    const second = await workspace.run(['--org', org]).exit;
    assert.equal(second.code, 0, second.stderr);
    const audit = ((await send(`${url}/api/summary`, { headers: { Authorization: `Bearer ${LEAD}` } })).json() as { audit: AuditSummary }).audit;
    const local = readFileSync(workspace.auditFile, 'utf8').split('\n').filter(Boolean).length;
    assert.equal(local, 5, 'start, then an attempt and a completion per run');
    assert.deepEqual([audit.streams, audit.records], [1, local], 'every record of both runs arrived');
    assert.deepEqual(audit.list[0]?.flags, []);
  });
});

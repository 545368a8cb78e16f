import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseConfig, type CollectorConfigInput } from '../../src/collector/config';
import type { Summary } from '../../src/collector/queries';
import { type RunningCollector, startCollector } from '../../src/collector/server';
import { encodeOtlpLogs, type TimedEvent } from '../../src/core/telemetry';
import { blocked, feedback, promptRun, resource, send, TEST_SECRET } from '../support/collectorFixtures';
import { databaseFor, STORES } from '../support/postgres';

const NOW = Date.parse('2026-03-12T10:00:00Z'); // a Thursday
const TOKEN = 'a-long-enough-test-token';
const LEAD = 'the-ai-lead-dashboard-token';
const lead = { Authorization: `Bearer ${LEAD}` };

const json = { 'Content-Type': 'application/json' };
const post = (collector: RunningCollector, body: unknown, headers: Record<string, string> = json) =>
  send(`${collector.url}/v1/logs`, { method: 'POST', headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
const summaryOf = async (collector: RunningCollector, query = 'period=2026-03'): Promise<Summary> => (await send(`${collector.url}/api/summary?${query}`, { headers: lead })).json() as Summary;

/** `count` installations, each sending `events(n)` at NOW minus a few minutes. */
function batches(count: number, events: (n: number) => TimedEvent['event'][], team?: string): object[] {
  return Array.from({ length: count }, (_, n) =>
    encodeOtlpLogs(
      resource(n, team),
      events(n).map((event, i) => ({ time: NOW - 60_000 * (i + 1), event })),
      NOW,
    ),
  );
}

for (const kind of STORES)
  describe(`telemetry collector: HTTP (${kind})`, function () {
    let db = '';
    this.timeout(60_000);
    let folder: string;
    let collector: RunningCollector;
    const start = async (config: CollectorConfigInput = {}) => {
      const parsed = parseConfig({ port: 0, secret: TEST_SECRET, db, teamSize: 10, dashboardToken: LEAD, ...config });
      assert.ok('config' in parsed, JSON.stringify(parsed));
      collector = await startCollector({ config: parsed.config, now: () => NOW });
      return collector;
    };
    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-'));
      db = await databaseFor(kind, folder, this);
    });
    afterEach(async () => {
      await collector?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('stores a valid batch (OTLP success is {}) and shows it in the summary API', async () => {
      await start();
      for (const body of batches(5, () => [promptRun(), promptRun({ template: 'explain-code', cost: '0.1-1' }), feedback(4, 30)])) {
        const answer = await post(collector, body);
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.json(), {});
      }
      const summary = await summaryOf(collector);
      assert.equal(summary.runs.total, 10);
      assert.deepEqual(
        summary.runs.byTemplate.groups.map((g) => [g.key, g.events]),
        [
          ['code-review', 5],
          ['explain-code', 5],
        ],
      );
      assert.equal(summary.satisfaction.averageRating, 4);
      assert.equal(summary.satisfaction.minutesSaved, 150);
      assert.ok(Math.abs((summary.cost.total ?? 0) - 5 * (0.05 + 0.5)) < 1e-9);
      assert.equal(summary.cost.estimate, true);
      assert.equal(summary.activity.periodInstallations, 5);
      assert.equal(summary.activity.daily.find((d) => d.day === '2026-03-12')?.installations, 5);
    });

    it('round-trips encodeOtlpLogs → HTTP → the stored event and resource, field for field', async () => {
      await start();
      const events: TimedEvent[] = [
        { time: NOW - 5000, event: promptRun({ errorCode: 'rate-limited', outcome: 'error', redactions: { secret: 2, pii: 3, network: 1, dictionary: 0 } }) },
        { time: NOW - 4000, event: blocked('budget-exceeded') },
        { time: NOW - 3000, event: feedback(5, 45, 'explain-code') },
        { time: NOW - 2000, event: { name: 'aiguard.daily_activity', day: '2026-03-12' } },
      ];
      const answer = await post(collector, encodeOtlpLogs(resource(7, 'platform'), events, NOW));
      assert.equal(answer.status, 200, answer.text);
      const rows = await collector.store.all(
        `SELECT e.time, e.name, e.attributes, i.uid, r.team, r.extension_version, r.editor, r.editor_version FROM events e JOIN resources r ON r.id = e.resource JOIN installations i ON i.id = e.installation ORDER BY e.time`,
      );
      assert.deepEqual(
        rows.map((row) => ({ time: row.time, event: { name: row.name, ...JSON.parse(String(row.attributes)) } })),
        events,
      );
      for (const row of rows) assert.deepEqual([row.uid, row.team, row.extension_version, row.editor, row.editor_version], [resource(7).installationId, 'platform', '0.1.0', 'vscode', '1.96.0']);
    });

    it('answers 400 for a body that is not JSON or not an OTLP request, and a partial success when no record is valid', async () => {
      await start();
      const notJson = await post(collector, '{"resourceLogs": [');
      assert.equal(notJson.status, 400);
      assert.match((notJson.json() as { message: string }).message, /^The body is not valid JSON: /);

      const envelope = await post(collector, { resourceLogs: 'nope' });
      assert.equal(envelope.status, 400);
      assert.match((envelope.json() as { message: string }).message, /not an OTLP logs export request.*resourceLogs: expected array/);

      const [valid] = batches(1, () => [promptRun()]) as [{ resourceLogs: [{ scopeLogs: [{ logRecords: Array<{ attributes: Array<{ key: string; value: object }> }> }] }] }];
      const record = valid.resourceLogs[0].scopeLogs[0].logRecords[0];
      assert.ok(record);
      record.attributes = record.attributes.map((a) => (a.key === 'aiguard.profile' ? { key: a.key, value: { stringValue: 'astronaut' } } : a));
      const invalid = await post(collector, valid);
      assert.equal(invalid.status, 200);
      const { partialSuccess } = invalid.json() as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
      assert.equal(partialSuccess.rejectedLogRecords, 1);
      assert.match(
        partialSuccess.errorMessage,
        /^1 of 1 log records are not events this collector reads and were not stored; the first problem: record 0: aiguard\.prompt_run: profile: expected one of "dev"/,
      );
      assert.equal(await collector.store.eventCount(), 0);
    });

    it('reports records that are not AI Guard events as an OTLP partial success, and stores the others', async () => {
      await start();
      const body = batches(1, () => [promptRun(), feedback(4, 10)])[0] as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ attributes: Array<{ key: string }> }> }> }> };
      const records = body.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];
      (records[1] as { attributes: Array<{ key: string; value: object }> }).attributes.push({ key: 'aiguard.rating', value: { stringValue: 'five' } });
      const answer = await post(collector, body);
      assert.equal(answer.status, 200);
      const { partialSuccess } = answer.json() as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
      assert.equal(partialSuccess.rejectedLogRecords, 1);
      assert.match(partialSuccess.errorMessage, /1 of 2 log records .*record 1: aiguard\.feedback: rating: expected number/);
      assert.equal(await collector.store.eventCount(), 1);
    });

    it('refuses events dated more than a day ahead, and stores a retried batch only once', async () => {
      await start();
      const late = await post(
        collector,
        encodeOtlpLogs(
          resource(1),
          [
            { time: NOW + 2 * 86_400_000, event: promptRun() },
            { time: NOW, event: promptRun() },
          ],
          NOW,
        ),
      );
      assert.match((late.json() as { partialSuccess: { errorMessage: string } }).partialSuccess.errorMessage, /more than a day ahead/);
      const body = encodeOtlpLogs(resource(2), [{ time: NOW - 1, event: promptRun() }], NOW);
      await post(collector, body);
      assert.deepEqual((await post(collector, body)).json(), {});
      assert.equal(await collector.store.eventCount(), 2);
      assert.equal(Number((await collector.store.get(`SELECT sum(events) AS n FROM weekly WHERE dim = 'run'`))?.n), 2);
    });

    it('answers 413 past the body limit, declared or streamed, compressed or not, and stays up', async () => {
      await start({ maxBodyBytes: 2048 });
      const big = JSON.stringify({ resourceLogs: [], padding: 'x'.repeat(4096) });
      const declared = await post(collector, big);
      assert.equal(declared.status, 413);
      assert.match((declared.json() as { message: string }).message, /larger than this collector's limit of 2048 bytes/);
      assert.equal(declared.headers.connection, 'close');

      // Chunked, with no Content-Length: counted while reading, and the reading stops.
      const streamed = await send(`${collector.url}/v1/logs`, { method: 'POST', headers: json, chunks: Array.from({ length: 64 }, () => Buffer.alloc(1024, 32)) });
      assert.equal(streamed.status, 413);

      // A small gzip body that inflates past the limit.
      const bomb = await post(collector, gzipSync(Buffer.from(big)), { ...json, 'Content-Encoding': 'gzip' });
      assert.equal(bomb.status, 413);

      assert.equal((await send(`${collector.url}/healthz`)).status, 200);
      assert.equal((await post(collector, { resourceLogs: [] })).status, 200);
    });

    it('needs the bearer token when one is configured (401 with WWW-Authenticate), and not otherwise', async () => {
      await start({ token: TOKEN });
      const body = batches(1, () => [promptRun()])[0];
      const missing = await post(collector, body);
      assert.equal(missing.status, 401);
      assert.match(String(missing.headers['www-authenticate']), /^Bearer /);
      assert.match((missing.json() as { message: string }).message, /needs a bearer token/);
      const wrong = await post(collector, body, { ...json, Authorization: `Bearer ${TOKEN}x` });
      assert.equal(wrong.status, 401);
      assert.match((wrong.json() as { message: string }).message, /not the one this collector expects/);
      assert.equal(await collector.store.eventCount(), 0);
      assert.equal((await post(collector, body, { ...json, Authorization: `Bearer ${TOKEN}` })).status, 200);
      await collector.close();

      await start();
      assert.equal((await post(collector, body)).status, 200);
    });

    it('answers 415 for media types other than JSON and protobuf, naming both', async () => {
      await start();
      const protobuf = await post(collector, Buffer.from([0x0a, 0x00]), { 'Content-Type': 'application/x-protobuf' });
      assert.equal(protobuf.status, 200, 'an empty ResourceLogs');
      const text = await post(collector, '{}', { 'Content-Type': 'text/plain' });
      assert.equal(text.status, 415);
      assert.match((text.json() as { message: string }).message, /application\/json or application\/x-protobuf/);
      assert.equal((await post(collector, '{}', { ...json, 'Content-Encoding': 'br' })).status, 415);
      assert.equal((await post(collector, { resourceLogs: [] }, { 'Content-Type': 'application/json; charset=utf-8' })).status, 200);
    });

    it('accepts gzip bodies (the OpenTelemetry Collector default) and refuses broken ones', async () => {
      await start();
      const body = gzipSync(Buffer.from(JSON.stringify(batches(1, () => [promptRun()])[0])));
      const answer = await post(collector, body, { ...json, 'Content-Encoding': 'gzip' });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(await collector.store.eventCount(), 1);
      const broken = await post(collector, Buffer.from('not gzip at all'), { ...json, 'Content-Encoding': 'gzip' });
      assert.equal(broken.status, 400);
      assert.match((broken.json() as { message: string }).message, /not valid gzip/);
    });

    it('keeps its data across a restart on the same database file', async () => {
      await start();
      for (const body of batches(5, () => [promptRun(), blocked('budget-exceeded')])) await post(collector, body);
      await collector.close();
      await start();
      const summary = await summaryOf(collector);
      assert.equal(summary.runs.total, 5);
      assert.deepEqual(
        summary.blocks.byReason.groups.map((g) => [g.key, g.events]),
        [['budget-exceeded', 5]],
      );
      assert.equal(await collector.store.eventCount(), 10);
    });

    it('validates the query parameters and routes', async () => {
      await start();
      // Only fixed periods: an ISO week or a month, never a number of weeks back from now.
      for (const query of ['weeks=4', 'weeks=3', 'period=2026-W54', 'period=2026-13', 'period=2026-03-01', 'period=last-4-weeks', 'lang=de', '__proto__=x']) {
        const answer = await send(`${collector.url}/api/summary?${query}`, { headers: lead });
        assert.equal(answer.status, 400, query);
        assert.match((answer.json() as { error: string }).error, /^Invalid query parameter: /);
      }
      assert.equal((await send(`${collector.url}/api/summary?period=2026-W11`, { headers: lead })).status, 200);
      assert.equal((await send(`${collector.url}/api/summary?period=2025-W53`, { headers: lead })).status, 400, '2025 had 52 ISO weeks');
      assert.equal((await send(`${collector.url}/api/summary?period=2020-W53`, { headers: lead })).status, 200, '2020 had 53 ISO weeks');
      assert.equal((await send(`${collector.url}/nowhere`)).status, 404);
      const wrongMethod = await send(`${collector.url}/v1/logs`);
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.allow, 'POST');
    });

    it('serves the dashboard with a strict CSP, no script and no external resource, in English or French', async () => {
      await start({ templates: ['rare-one', 'rare-two'] });
      for (const body of batches(6, (n) => [promptRun({ template: n < 3 ? 'rare-one' : 'rare-two' }), feedback(3, 20)], 'web')) await post(collector, body);
      const english = await send(`${collector.url}/`, { headers: { ...lead, 'Accept-Language': 'de-DE, en;q=0.8, fr;q=0.5' } });
      assert.equal(english.status, 200);
      const csp = String(english.headers['content-security-policy']);
      assert.match(csp, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'$/);
      assert.match(english.text, /<html lang="en">/);
      assert.match(english.text, /Share using AI daily/);
      assert.match(english.text, /<svg class="chart"/);
      assert.doesNotMatch(english.text, /<script|https?:\/\/|src=|url\(|@import|\/\/[a-z]/i);
      // Two templates of 3 installations each: folded into "other", never named.
      assert.doesNotMatch(english.text, /rare-one|rare-two/);
      assert.match(english.text, /other \(groups under 5 installations\)/);

      const french = await send(`${collector.url}/`, { headers: { ...lead, 'Accept-Language': 'fr-FR,fr;q=0.9,en;q=0.8' } });
      assert.match(french.text, /<html lang="fr">/);
      assert.match(french.text, /Part utilisant l’IA chaque jour/);
      const chosen = await send(`${collector.url}/?lang=en&period=2026-W10`, { headers: { ...lead, 'Accept-Language': 'fr' } });
      assert.match(chosen.text, /<html lang="en">/);
      assert.match(chosen.text, /<option value="2026-W10" selected>/);
    });
  });

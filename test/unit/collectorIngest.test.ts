import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CollectorConfigInput, parseConfig } from '../../src/collector/config';
import { type RunningCollector, startCollector } from '../../src/collector/server';
import { encodeOtlpLogs } from '../../src/core/telemetry';
import { feedback, promptRun, resource, send, TEST_SECRET } from '../support/collectorFixtures';
import { databaseFor, STORES } from '../support/postgres';

/**
 * Ingest under hostile or unusual input: what one request may do to the collector (nothing
 * lasting), what the OTLP answer says, and what gets stored.
 */

const NOW = Date.parse('2026-03-12T10:00:00Z');
const json = { 'Content-Type': 'application/json' };
const LEAD = 'the-ai-lead-dashboard-token';
const lead = { Authorization: `Bearer ${LEAD}` };

type Body = {
  resourceLogs: Array<{ resource: { attributes: Array<{ key: string; value: object }> }; scopeLogs: Array<{ logRecords: Array<{ attributes: Array<{ key: string; value: object }> }> }> }>;
};

/** One installation's batch of prompt runs, as the extension encodes it. */
function batch(n: number, count: number, time = NOW - 60_000): Body {
  return encodeOtlpLogs(
    resource(n),
    Array.from({ length: count }, (_, i) => ({ time: time - i * 1000, event: promptRun() })),
    NOW,
  ) as Body;
}

const recordsOf = (body: Body) => body.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];

for (const kind of STORES)
  describe(`telemetry collector: robust ingest (${kind})`, function () {
    let db = '';
    this.timeout(30_000);
    let folder: string;
    let collector: RunningCollector | undefined;
    const start = async (config: CollectorConfigInput = {}) => {
      const parsed = parseConfig({ port: 0, secret: TEST_SECRET, db, dashboardToken: LEAD, ...config });
      assert.ok('config' in parsed, JSON.stringify(parsed));
      collector = await startCollector({ config: parsed.config, now: () => NOW });
      return collector;
    };
    const post = (body: unknown, headers: Record<string, string> = json) =>
      send(`${(collector as RunningCollector).url}/v1/logs`, { method: 'POST', headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });
    const stored = () => (collector as RunningCollector).store.eventCount();

    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-ingest-'));
      db = await databaseFor(kind, folder, this);
    });
    afterEach(async () => {
      await collector?.close();
      collector = undefined;
      rmSync(folder, { recursive: true, force: true });
    });

    it('is not poisoned by attribute keys such as aiguard.__proto__.x: later requests and the dashboard still work', async () => {
      await start();
      const hostile = batch(1, 1);
      for (const key of ['aiguard.__proto__.polluted', 'aiguard.constructor.prototype', 'aiguard.__proto__', 'aiguard.hasOwnProperty', 'aiguard.toString.x']) {
        recordsOf(hostile)[0]?.attributes.push({ key, value: { stringValue: 'yes' } });
      }
      const first = await post(hostile);
      assert.equal(first.status, 200, first.text);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
      for (let n = 2; n < 5; n++) {
        const answer = await post(batch(n, 2));
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.json(), {});
      }
      assert.equal(await stored(), 1 + 3 * 2);
      assert.equal((await send(`${(collector as RunningCollector).url}/api/summary?period=2026-03`, { headers: lead })).status, 200);
      assert.equal((await send(`${(collector as RunningCollector).url}/`, { headers: lead })).status, 200);
    });

    it('ignores unknown aiguard.* attributes (a newer extension), and never stores them', async () => {
      await start();
      const body = batch(1, 2);
      recordsOf(body)[0]?.attributes.push(
        { key: 'aiguard.newField', value: { stringValue: 'from a newer extension' } },
        { key: 'aiguard.redactions.biometric', value: { intValue: '2' } },
        { key: 'aiguard.a.b.c', value: { boolValue: true } },
      );
      recordsOf(body)[1]?.attributes.push({ key: 'aiguard.prompt', value: { stringValue: 'the text of a prompt' } });
      const answer = await post(body);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json(), {});
      assert.equal(await stored(), 2);
      const attributes = (await (collector as RunningCollector).store.all('SELECT attributes FROM events')).map((row) => String(row.attributes)).join('\n');
      assert.doesNotMatch(attributes, /newField|biometric|newer extension|text of a prompt/);
    });

    it('answers an empty request (no resourceLogs, or an empty body) with success and stores nothing', async () => {
      await start();
      for (const body of ['{}', '', JSON.stringify({ resourceLogs: [] }), JSON.stringify({ resourceLogs: [{ scopeLogs: [] }] })]) {
        const answer = await post(body);
        assert.equal(answer.status, 200, `${JSON.stringify(body)}: ${answer.text}`);
        assert.deepEqual(answer.json(), {});
      }
      assert.equal(await stored(), 0);
    });

    it('stores the good records of a batch with bad ones and answers a partial success naming the count', async () => {
      await start();
      const body = batch(1, 5);
      const records = recordsOf(body) as unknown[];
      records[1] = { timeUnixNano: 'not a time', attributes: 'not a list' };
      (records[3] as { attributes: Array<{ key: string; value: object }> }).attributes = [{ key: 'event.name', value: { stringValue: 'aiguard.unknown_event' } }];
      const answer = await post(body);
      assert.equal(answer.status, 200, answer.text);
      const { partialSuccess } = answer.json() as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
      assert.equal(partialSuccess.rejectedLogRecords, 2);
      assert.match(partialSuccess.errorMessage, /^2 of 5 log records .*record 1: /);
      assert.equal(await stored(), 3);
    });

    it('accepts generic OTLP logs (another service) as rejected records of a partial success, not a 400', async () => {
      await start();
      const generic = {
        resourceLogs: [
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'checkout' } },
                { key: 'host.name', value: { stringValue: 'web-1' } },
              ],
            },
            scopeLogs: [
              {
                scope: { name: 'io.opentelemetry.http' },
                logRecords: [
                  {
                    timeUnixNano: '1773309600000000000',
                    severityNumber: 9,
                    body: { stringValue: 'GET /cart 200' },
                    attributes: [
                      { key: 'http.route', value: { stringValue: '/cart' } },
                      { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }] } } },
                    ],
                  },
                ],
              },
            ],
          },
          ...batch(1, 1).resourceLogs,
        ],
      };
      const answer = await post(generic);
      assert.equal(answer.status, 200, answer.text);
      const { partialSuccess } = answer.json() as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
      assert.equal(partialSuccess.rejectedLogRecords, 1);
      assert.match(partialSuccess.errorMessage, /service\.name 'checkout' is none of the AI tools this collector reads/);
      assert.equal(await stored(), 1);

      const onlyGeneric = await post({ resourceLogs: [generic.resourceLogs[0]] });
      assert.equal(onlyGeneric.status, 200, onlyGeneric.text);
      assert.equal((onlyGeneric.json() as { partialSuccess: { rejectedLogRecords: number } }).partialSuccess.rejectedLogRecords, 1);
    });

    it('refuses a small gzip of 1,000,000 empty records quickly, with a 413 naming the record limit, and stays responsive', async () => {
      await start();
      const bomb = gzipSync(Buffer.from(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[${Array.from({ length: 1_000_000 }, () => '{}').join(',')}]}]}]}`), { level: 9 });
      assert.ok(bomb.length < 8 * 1024, `the bomb is small (${bomb.length} bytes)`);
      const started = Date.now();
      const answer = await post(bomb, { ...json, 'Content-Encoding': 'gzip' });
      const took = Date.now() - started;
      assert.equal(answer.status, 413, answer.text);
      assert.match((answer.json() as { message: string }).message, /more than 10000 log records/);
      assert.ok(took < 3000, `answered in ${took} ms`);
      assert.equal((await send(`${(collector as RunningCollector).url}/healthz`)).status, 200);
      assert.equal((await post(batch(1, 1))).status, 200);
    });

    it('honours --max-records', async () => {
      await start({ maxRecords: 3 });
      assert.equal((await post(batch(1, 3))).status, 200);
      const answer = await post(batch(2, 4));
      assert.equal(answer.status, 413);
      assert.match((answer.json() as { message: string }).message, /more than 3 log records/);
    });

    it('stores two events of one installation in the same millisecond as two, and a retried batch once', async () => {
      await start();
      const time = NOW - 5000;
      const body = encodeOtlpLogs(
        resource(1),
        [
          { id: 'a1b2c3d4-0000-4000-8000-000000000001', time, event: promptRun() },
          { id: 'a1b2c3d4-0000-4000-8000-000000000002', time, event: promptRun() },
          { id: 'a1b2c3d4-0000-4000-8000-000000000003', time, event: feedback(4, 10) },
        ],
        NOW,
      );
      assert.deepEqual((await post(body)).json(), {});
      assert.equal(await stored(), 3);
      // The sender retries after a lost answer: the same ids, stored once.
      assert.deepEqual((await post(body)).json(), {});
      assert.equal(await stored(), 3);
      assert.equal(Number((await (collector as RunningCollector).store.get(`SELECT sum(events) AS n FROM weekly WHERE dim = 'run'`))?.n), 2);

      // Without ids (another sender), two different events in one millisecond are two events too.
      const plain = encodeOtlpLogs(
        resource(2),
        [
          { time, event: promptRun() },
          { time, event: promptRun({ template: 'explain-code' }) },
        ],
        NOW,
      );
      await post(plain);
      await post(plain);
      assert.equal(await stored(), 5);
    });
  });

describe('telemetry collector: no object keyed by client input without a null prototype', () => {
  const folder = join(__dirname, '../../src/collector');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

  it('uses Maps or Object.create(null) for dictionaries in src/collector (no `Record<…> = {}`, no Object.fromEntries, no `??= {}`)', async () => {
    const offences: string[] = [];
    for (const file of files(folder)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/\b(const|let)\s+\w+\s*:\s*Record<[^=]*>\s*=\s*\{\s*\}|Object\.fromEntries\(|\?\?=\s*\{\s*\}|\[[^\]]+\]\s*=\s*\{\s*\}/.test(line)) offences.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offences, []);
  });
});

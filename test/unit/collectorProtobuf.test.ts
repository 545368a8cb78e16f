import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../src/collector/config';
import { type RunningCollector, startCollector } from '../../src/collector/server';
import { encodeOtlpLogs } from '../../src/core/telemetry';
import { blocked, feedback, promptRun, protobufOf, resource, send, TEST_SECRET } from '../support/collectorFixtures';
import { databaseFor, STORES } from '../support/postgres';

/** OTLP/HTTP protobuf, the official SDKs' default encoding: accepted like JSON, answered in protobuf. */

const NOW = Date.parse('2026-03-12T10:00:00Z');
const protobuf = { 'Content-Type': 'application/x-protobuf' };

for (const kind of STORES)
  describe(`telemetry collector: OTLP/HTTP protobuf (${kind})`, function () {
    this.timeout(30_000);
    let folder: string;
    let collector: RunningCollector | undefined;
    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-protobuf-'));
      const parsed = parseConfig({ port: 0, secret: TEST_SECRET, db: await databaseFor(kind, folder, this), maxRecords: 1000 });
      assert.ok('config' in parsed);
      collector = await startCollector({ config: parsed.config, now: () => NOW });
    });
    afterEach(async () => {
      await collector?.close();
      collector = undefined;
      rmSync(folder, { recursive: true, force: true });
    });
    const post = (body: Buffer, headers: Record<string, string> = protobuf) => send(`${(collector as RunningCollector).url}/v1/logs`, { method: 'POST', headers, body });

    it('stores a protobuf batch field for field as the JSON one, gzipped or not, and answers an empty protobuf response', async () => {
      const events = [
        { id: '0b1c2d3e-0000-4000-8000-000000000001', time: NOW - 5000, event: promptRun({ errorCode: 'rate-limited', outcome: 'error' }) },
        { id: '0b1c2d3e-0000-4000-8000-000000000002', time: NOW - 5000, event: blocked('budget-exceeded') },
        { id: '0b1c2d3e-0000-4000-8000-000000000003', time: NOW - 3000, event: feedback(5, 45, 'explain-code') },
      ];
      const plain = await post(protobufOf(encodeOtlpLogs(resource(7, 'platform'), events.slice(0, 2), NOW)));
      assert.equal(plain.status, 200, plain.text);
      assert.equal(plain.headers['content-type'], 'application/x-protobuf');
      assert.equal(plain.text, '', 'an ExportLogsServiceResponse with nothing to say is empty');
      const zipped = await post(gzipSync(protobufOf(encodeOtlpLogs(resource(7, 'platform'), events.slice(2), NOW))), { ...protobuf, 'Content-Encoding': 'gzip' });
      assert.equal(zipped.status, 200);
      const rows = await (collector as RunningCollector).store.all('SELECT e.time, e.name, e.attributes, e.uid, r.team FROM events e JOIN resources r ON r.id = e.resource ORDER BY e.uid');
      assert.deepEqual(
        rows.map((row) => ({ id: String(row.uid).replace(/^id:/, ''), time: row.time, event: { name: row.name, ...JSON.parse(String(row.attributes)) } })),
        events,
      );
      assert.ok(rows.every((row) => row.team === 'platform'));
    });

    it('answers a partial success in protobuf, refuses too many records with 413 and a broken body with 400', async () => {
      const body = encodeOtlpLogs(resource(1), [{ time: NOW - 1000, event: promptRun() }], NOW) as { resourceLogs: object[] };
      body.resourceLogs.push({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeLogs: [{ logRecords: [{ timeUnixNano: '1773309600000000000', attributes: [] }] }],
      });
      const partial = await post(protobufOf(body));
      assert.equal(partial.status, 200);
      const bytes = Buffer.from(partial.text, 'latin1');
      // ExportLogsServiceResponse.partial_success (field 1) { rejected_log_records (1) = 1, error_message (2) }.
      assert.equal(bytes[0], 0x0a);
      const start = ((bytes[1] as number) & 0x80) !== 0 ? 3 : 2; // after the length's varint
      assert.equal(bytes[start], 0x08);
      assert.equal(bytes[start + 1], 1);
      assert.match(partial.text, /1 of 2 log records .*service\.name 'checkout' is none of the AI tools/);
      assert.equal(await (collector as RunningCollector).store.eventCount(), 1);

      const many = protobufOf({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: 1001 }, () => ({ attributes: [] })) }] }] });
      const refused = await post(many);
      assert.equal(refused.status, 413);
      assert.match(refused.text, /more than 1000 log records/);

      const broken = await post(Buffer.from([0x0a, 0xff, 0xff, 0x01]));
      assert.equal(broken.status, 400);
      assert.equal(broken.headers['content-type'], 'application/x-protobuf');
      assert.match(broken.text, /not a protobuf ExportLogsServiceRequest: a length-delimited field runs past the end/);
      assert.equal((await post(Buffer.alloc(0))).status, 200, 'an empty request');
    });
  });

import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/core/ports';
import {
  backoffDelay,
  decodeOtlpLogs,
  memoryTelemetryStorage,
  OtlpLogsRequestSchema,
  Outbox,
  retryAfterMs,
  type SendTarget,
  type TelemetryEvent,
  type TelemetryHttp,
  TelemetrySender,
} from '../../src/core/telemetry';
import { fetchTelemetryHttp, fileTelemetryStorage } from '../../src/node/telemetryFiles';

const day = (n: number): TelemetryEvent => ({ name: 'aiguard.daily_activity', day: `2026-11-${String(n).padStart(2, '0')}` });
const TARGET: Omit<SendTarget, 'logsUrl'> = { resource: { extensionVersion: '0.1.0', editor: 'vscode', editorVersion: '1.96.0' } };

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string | Error) => lines.push(String(message));
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

/** A local OTLP receiver whose answers the test scripts; it records every body it gets. */
async function receiver(): Promise<{ url: string; bodies: string[]; answer: (request: IncomingMessage, response: ServerResponse) => boolean; close(): Promise<void>; server: Server }> {
  const state = {
    url: '',
    bodies: [] as string[],
    // Return false to answer 200 with an empty partial success.
    answer: (_request: IncomingMessage, _response: ServerResponse) => false,
    server: undefined as unknown as Server,
    close: () => new Promise<void>((resolve) => state.server.close(() => resolve())),
  };
  state.server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // A collector without enrolment (the enrolment tests have their own).
      if (request.url === '/v1/enrol') return void response.writeHead(404).end();
      if (state.answer(request, response)) return;
      state.bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"partialSuccess":{}}');
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

const eventsIn = (bodies: readonly string[]) => bodies.flatMap((body) => decodeOtlpLogs(OtlpLogsRequestSchema.parse(JSON.parse(body))).events);

describe('telemetry outbox', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-outbox-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('survives a restart: queue, installation id and activity day come back from the file', async () => {
    const file = join(folder, 'telemetry-outbox.json');
    const first = new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID });
    const id = await first.installationId();
    await first.enqueue([day(1), day(2)]);
    assert.equal(await first.markActive('2026-11-03'), true);
    const second = new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID });
    const state = await second.snapshot();
    assert.equal(state.installationId, id);
    assert.deepEqual(
      state.events.map((queued) => queued.event),
      [day(1), day(2), { ...day(3), tool: 'ai-guard' }],
    );
    assert.equal(await second.markActive('2026-11-03'), false, 'the day was already reported, by the first window');
    assert.equal(await second.markActive('2026-11-04'), true);
  });

  it('is bounded: the oldest events are dropped and counted in the telemetry log', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { capacity: 5, randomUuid: randomUUID });
    for (let n = 1; n <= 8; n++) await outbox.enqueue([day(n)]);
    const state = await outbox.snapshot();
    assert.deepEqual(
      state.events.map((queued) => queued.event),
      [4, 5, 6, 7, 8].map(day),
    );
    assert.equal(state.dropped, 3);
    assert.deepEqual(
      state.log.map(({ kind, count }) => ({ kind, count })),
      [{ kind: 'dropped', count: 3 }],
      'consecutive drops make one entry',
    );
  });

  it('refuses events the schema refuses, and drops invalid events found in the file (counted)', async () => {
    const storage = memoryTelemetryStorage();
    const outbox = new Outbox(storage, { randomUuid: randomUUID });
    assert.equal(await outbox.enqueue([{ name: 'aiguard.daily_activity', day: '/home/alice' } as TelemetryEvent]), 0);
    await outbox.enqueue([day(1)]);
    const stored = JSON.parse(storage.text as string) as { events: Array<{ event: unknown }> };
    stored.events.push({ ...stored.events[0], event: { name: 'aiguard.feedback', comment: 'free text' } } as { event: unknown });
    storage.text = JSON.stringify(stored);
    const state = await outbox.snapshot();
    assert.equal(state.events.length, 1);
    assert.equal(state.dropped, 1);
    storage.text = '{ torn';
    assert.deepEqual((await outbox.snapshot()).events, [], 'a torn file starts a new outbox rather than failing');
  });

  it('draws a new installation id on reset and clears what was queued under the old one', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    const before = await outbox.installationId();
    await outbox.markActive('2026-11-01');
    const after = await outbox.resetInstallationId();
    assert.notEqual(after, before);
    const state = await outbox.snapshot();
    assert.equal(state.events.length, 0);
    assert.equal(state.lastActiveDay, undefined);
    assert.equal(state.log.at(-1)?.kind, 'cleared');
    assert.equal(await outbox.markActive('2026-11-01'), true, 'the new id reports its own activity');
  });

  it('lets one window at a time send (a lease, which expires)', async () => {
    let now = 1_000;
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID, now: () => now });
    await outbox.enqueue([day(1)]);
    assert.ok(await outbox.lease('a', 10_000, 10));
    assert.equal(await outbox.lease('b', 10_000, 10), undefined);
    now += 10_001;
    assert.ok(await outbox.lease('b', 10_000, 10), 'a lease whose holder died expires');
  });
});

describe('telemetry sender', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-sender-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('loses nothing while the endpoint is down (within the bound), across a restart, and drops the oldest beyond it', async () => {
    const server = await receiver();
    try {
      let down = true;
      let refusedAttempts = 0;
      server.answer = (_request, response) => {
        if (!down) return false;
        refusedAttempts += 1;
        response.writeHead(503).end();
        return true;
      };
      const file = join(folder, 'telemetry-outbox.json');
      const logger = recordingLogger();
      const makeSender = () => {
        const outbox = new Outbox(fileTelemetryStorage(file), { capacity: 10, randomUuid: randomUUID });
        return {
          outbox,
          sender: new TelemetrySender({ outbox, http: fetchTelemetryHttp, owner: randomUUID(), logger, target: () => ({ ...TARGET, logsUrl: `${server.url}/v1/logs` }), batchSize: 4, baseDelayMs: 1 }),
        };
      };
      const first = makeSender();
      for (let n = 1; n <= 6; n++) await first.outbox.enqueue([day(n)]);
      const failed = await first.sender.flush();
      assert.equal(failed.status, 'retry');
      assert.equal((await first.outbox.snapshot()).events.length, 6, 'a failed batch stays queued');

      // The editor restarts while the endpoint is still down, and more events come.
      const second = makeSender();
      assert.equal((await second.outbox.snapshot()).events.length, 6);
      for (let n = 7; n <= 12; n++) await second.outbox.enqueue([day(n)]);
      assert.equal((await second.sender.flush(true)).status, 'retry');

      down = false;
      const result = await second.sender.flush(true);
      assert.deepEqual(result, { status: 'idle', sent: 10 });
      assert.equal(server.bodies.length, 3, 'ten events in batches of four');
      assert.deepEqual(
        eventsIn(server.bodies).map((decoded) => decoded.event),
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(day),
        'the newest ten, in order',
      );
      const state = await second.outbox.snapshot();
      assert.equal(state.events.length, 0);
      assert.equal(state.dropped, 2);
      assert.deepEqual(
        state.log.map(({ kind, count }) => `${kind} ${count}`),
        ['dropped 2', 'sent 4', 'sent 4', 'sent 2'],
      );
      assert.deepEqual(
        state.log.filter((entry) => entry.kind === 'sent').map((entry) => entry.body),
        server.bodies,
        'the log holds exactly the bodies sent',
      );
      assert.ok(refusedAttempts >= 2);
      for (const line of logger.lines) assert.ok(!line.includes(server.url) && !line.includes('2026-11'), `no endpoint or content in the log: ${line}`);
    } finally {
      await server.close();
    }
  });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(
      backoffDelay(1, () => 1, 1_000, 60_000),
      1_000,
    );
    assert.equal(
      backoffDelay(1, () => 0, 1_000, 60_000),
      500,
    );
    assert.equal(
      backoffDelay(4, () => 1, 1_000, 60_000),
      8_000,
    );
    assert.equal(
      backoffDelay(40, () => 1, 1_000, 60_000),
      60_000,
    );
    const delays = [1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, Math.random, 1_000, 600_000));
    delays.forEach((delay, index) => assert.ok(delay >= 500 * 2 ** index && delay <= 1_000 * 2 ** index, `${delay} for failure ${index + 1}`));
  });

  it('waits out a backoff without blocking, and grows it while failures go on', async () => {
    let now = 1_000;
    const http: TelemetryHttp = { post: () => Promise.reject(new Error('ECONNREFUSED')) };
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID, now: () => now });
    await outbox.enqueue([day(1)]);
    const sender = new TelemetrySender({
      outbox,
      http,
      owner: 'w',
      logger: recordingLogger(),
      target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs' }),
      now: () => now,
      random: () => 1,
      baseDelayMs: 1_000,
    });
    assert.deepEqual(await sender.flush(), { status: 'retry', sent: 0, delayMs: 1_000, reason: 'network error' });
    assert.equal((await sender.flush()).status, 'backing-off');
    now += 1_000;
    assert.equal(((await sender.flush()) as { delayMs: number }).delayMs, 2_000);
    now += 2_000;
    assert.equal(((await sender.flush()) as { delayMs: number }).delayMs, 4_000);
    assert.equal((await outbox.snapshot()).events.length, 1);
  });

  it('honours Retry-After on 429 and 503 (seconds or a date), not on other statuses', async () => {
    assert.equal(retryAfterMs('120', 0), 120_000);
    assert.equal(retryAfterMs(new Date(90_000).toUTCString(), 30_000), 60_000);
    assert.equal(retryAfterMs('soon', 0), undefined);
    for (const [status, expected] of [
      [429, 120_000],
      [503, 120_000],
      [500, 1_000],
    ] as const) {
      const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID, now: () => 1_000 });
      await outbox.enqueue([day(1)]);
      const http: TelemetryHttp = { post: async () => ({ status, retryAfter: '120', text: '' }) };
      const sender = new TelemetrySender({
        outbox,
        http,
        owner: 'w',
        logger: recordingLogger(),
        target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs' }),
        now: () => 1_000,
        random: () => 1,
      });
      assert.equal(((await sender.flush()) as { delayMs: number }).delayMs, expected, `HTTP ${status}`);
      assert.equal((await outbox.snapshot()).events.length, 1);
    }
  });

  it('drops a batch the endpoint refuses (4xx other than 408/429), logs why without content, and goes on', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    for (let n = 1; n <= 3; n++) await outbox.enqueue([day(n)]);
    const statuses = [400, 200];
    const bodies: string[] = [];
    const http: TelemetryHttp = {
      post: async (url, body) => {
        if (url.endsWith('/v1/enrol')) return { status: 404, text: '' };
        bodies.push(body);
        return { status: statuses.shift() ?? 200, text: '{"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"record 0: bad day"}}' };
      },
    };
    const logger = recordingLogger();
    const sender = new TelemetrySender({ outbox, http, owner: 'w', logger, batchSize: 2, target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs' }) });
    assert.deepEqual(await sender.flush(), { status: 'idle', sent: 1 });
    const state = await outbox.snapshot();
    assert.equal(state.events.length, 0);
    assert.deepEqual(
      state.log.map(({ kind, count, status }) => `${kind} ${count} ${status}`),
      ['refused 2 400', 'sent 1 200'],
    );
    assert.match(state.log[0]?.note ?? '', /HTTP 400/);
    assert.equal(state.log[1]?.note, '1 rejected by the endpoint: record 0: bad day');
    assert.ok(logger.lines.some((line) => /refused a batch of 2 event\(s\) \(HTTP 400\)/.test(line)));
    for (const line of logger.lines) assert.ok(!line.includes('2026-11') && !line.includes('c.example'), line);
  });

  it("sends the policy's ingest token as a bearer token, and never writes it to the telemetry log", async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    const seen: Array<Readonly<Record<string, string>>> = [];
    const http: TelemetryHttp = { post: async (url, _body, options) => (url.endsWith('/v1/enrol') ? { status: 404, text: '' } : (seen.push(options.headers), { status: 200, text: '{}' })) };
    const token = 'ingest-token-0123456789abcdef';
    const sender = new TelemetrySender({ outbox, http, owner: 'w', logger: recordingLogger(), target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs', token }) });
    assert.deepEqual(await sender.flush(), { status: 'idle', sent: 1 });
    assert.equal(seen[0]?.authorization, `Bearer ${token}`);
    assert.ok(!JSON.stringify(await outbox.snapshot()).includes(token), 'the token is not in the outbox or its log');
    // Without a token, no Authorization header at all.
    await outbox.enqueue([day(2)]);
    await new TelemetrySender({ outbox, http, owner: 'w', logger: recordingLogger(), target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs' }) }).flush();
    assert.equal(seen[1]?.authorization, undefined);
  });

  it('asks the collector for an installation id once, with the token, and sends under the id it issued', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    const drawn = await outbox.installationId();
    const issued = randomUUID();
    const calls: Array<{ url: string; authorization: string | undefined; body: string }> = [];
    const http: TelemetryHttp = {
      post: async (url, body, options) => {
        calls.push({ url, authorization: options.headers.authorization, body });
        return url.endsWith('/v1/enrol') ? { status: 200, text: JSON.stringify({ installationId: issued }) } : { status: 200, text: '{}' };
      },
    };
    const target = () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs', token: 'ingest-token-0123456789abcdef' });
    const sender = new TelemetrySender({ outbox, http, owner: 'w', logger: recordingLogger(), target });
    assert.deepEqual(await sender.flush(), { status: 'idle', sent: 1 });
    assert.deepEqual(
      calls.map((call) => call.url),
      ['https://c.example/v1/enrol', 'https://c.example/v1/logs'],
    );
    assert.equal(calls[0]?.authorization, 'Bearer ingest-token-0123456789abcdef');
    assert.ok(!calls[1]?.body.includes(drawn), 'the random id is not sent once the collector issued one');
    assert.ok(calls[1]?.body.includes(issued));
    assert.equal(await outbox.installationId(), issued);
    // Once issued, never asked again, by this window or another.
    await outbox.enqueue([day(2)]);
    await new TelemetrySender({ outbox, http, owner: 'w', logger: recordingLogger(), target }).flush();
    assert.deepEqual(
      calls.map((call) => call.url.replace('https://c.example', '')),
      ['/v1/enrol', '/v1/logs', '/v1/logs'],
    );
  });

  it('sends under its random id when the collector issues none, and says why without the token', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    const drawn = await outbox.installationId();
    const answers = [
      { status: 503, text: '' },
      { status: 200, text: '{}' },
    ];
    const urls: string[] = [];
    const http: TelemetryHttp = { post: async (url) => (urls.push(url), answers.shift() ?? { status: 200, text: '{}' }) };
    const logger = recordingLogger();
    const sender = new TelemetrySender({ outbox, http, owner: 'w', logger, target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs', token: 'ingest-token-0123456789abcdef' }) });
    assert.deepEqual(await sender.flush(), { status: 'idle', sent: 1 });
    assert.equal(await outbox.installationId(), drawn);
    assert.ok(logger.lines.some((line) => /did not issue an installation id \(HTTP 503\)/.test(line)));
    assert.ok(logger.lines.every((line) => !line.includes('ingest-token')));
    // A forged answer is not adopted.
    const forged = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    await assert.rejects(forged.adoptEnrolledId('not-a-uuid', 'https://c.example'), /not a UUID/);
  });

  it('retries after 408, and after a timeout', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    const sender408 = new TelemetrySender({
      outbox,
      http: { post: async () => ({ status: 408, text: '' }) },
      owner: 'w',
      logger: recordingLogger(),
      target: () => ({ ...TARGET, logsUrl: 'https://c.example/v1/logs' }),
    });
    assert.equal((await sender408.flush()).status, 'retry');
    const server = await receiver();
    server.answer = () => true; // never answers
    try {
      const sender = new TelemetrySender({ outbox, http: fetchTelemetryHttp, owner: 'w', logger: recordingLogger(), timeoutMs: 150, target: () => ({ ...TARGET, logsUrl: `${server.url}/v1/logs` }) });
      const started = Date.now();
      const result = await sender.flush(true);
      assert.equal(result.status, 'retry');
      assert.equal((result as { reason: string }).reason, 'timeout');
      // The 150 ms timeout, not a receiver that never answers (the margin is for a loaded machine).
      assert.ok(Date.now() - started < 10_000);
      assert.equal((await outbox.snapshot()).events.length, 1);
    } finally {
      server.server.closeAllConnections();
      await server.close();
    }
  });

  it('sends nothing while telemetry is not allowed', async () => {
    const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
    await outbox.enqueue([day(1)]);
    let posts = 0;
    const sender = new TelemetrySender({ outbox, http: { post: async () => ((posts += 1), { status: 200, text: '' }) }, owner: 'w', logger: recordingLogger(), target: () => undefined });
    assert.deepEqual(await sender.flush(), { status: 'not-allowed', sent: 0 });
    assert.equal(posts, 0);
  });

  it('flushes on its own after start(), and soon() after an event', async () => {
    const server = await receiver();
    try {
      const outbox = new Outbox(memoryTelemetryStorage(), { randomUuid: randomUUID });
      const sender = new TelemetrySender({ outbox, http: fetchTelemetryHttp, owner: 'w', logger: recordingLogger(), periodMs: 60_000, target: () => ({ ...TARGET, logsUrl: server.url }) });
      sender.start();
      await outbox.enqueue([day(1)]);
      sender.soon(10);
      const deadline = Date.now() + 3_000;
      while (server.bodies.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      sender.stop();
      assert.equal(eventsIn(server.bodies).length, 1, 'an endpoint given without /v1/logs reaches /v1/logs');
    } finally {
      await server.close();
    }
  });

  it('writes its file readable by the owner only, and leaves no lock behind', async () => {
    const file = join(folder, 'outbox.json');
    await new Outbox(fileTelemetryStorage(file), { randomUuid: randomUUID }).enqueue([day(1)]);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(folder), ['outbox.json']);
  });
});

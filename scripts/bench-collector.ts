// `npm run bench` (collector part): for each store (a SQLite file, a PostgreSQL database), the
// reference collector's ingest rate and p99 latency through real HTTP POSTs of OTLP/HTTP JSON
// batches from 20 concurrent clients, then the dashboard's query time over 1,000,000 stored events.
// Targets: ingest ≥ 10,000 events/s; GET /api/summary for a month ≤ 200 ms median over 1,000,000 events.
// The collector needs Node ≥ 22.16: on an older Node this runs again under Node 24 (first import).
import '../test/support/current-node.cjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/collector/config';
import { startCollector } from '../src/collector/server';
import { TelemetryStore } from '../src/collector/store';
import { type DecodedEvent, encodeOtlpLogs } from '../src/core/telemetry';
import { realisticEvent, resource, TEST_SECRET } from '../test/support/collectorFixtures';
import { freshDatabase, postgresMissing, type StoreKind, STORES } from '../test/support/postgres';

const NOW = Date.parse('2026-03-13T15:00:00Z');
const DAY = 86_400_000;
const INSTALLATIONS = 500;
const BATCH = 100;
/**
 * The sample's sizes: 80,000 events ingested and 1,000,000 stored, unless AIGUARD_BENCH_EVENTS
 * and AIGUARD_BENCH_STORED say fewer (a quick run on a loaded machine; the figures then say so).
 */
function size(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of events`);
  return value;
}
const INGEST_REQUESTS = Math.max(1, Math.round(size('AIGUARD_BENCH_EVENTS', 80_000) / BATCH));
const CLIENTS = 20;
const STORED = size('AIGUARD_BENCH_STORED', 1_000_000);
const LEAD = 'the-ai-lead-dashboard-token';

/**
 * A deterministic time for the `seed`-th event of `count` spread over the last year, in order, on
 * working days and in working hours, as a team's events arrive (each batch covers a few hours).
 */
function timeFor(seed: number, count: number): number {
  const start = Math.floor(NOW / DAY) - 364;
  const working = Math.floor((seed / count) * 260);
  const day = start + Math.floor(working / 5) * 7 + (working % 5) - ((start + 3) % 7);
  const within = (seed / count) * 260 - working;
  return day * DAY + 8 * 3_600_000 + Math.floor(within * 9 * 3_600_000);
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/logs`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function get(agent: Agent, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers: { Authorization: `Bearer ${LEAD}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
    })
      .on('error', reject)
      .end();
  });
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] ?? 0;
const p99 = (values: number[]) => sorted(values)[Math.min(values.length - 1, Math.ceil(values.length * 0.99) - 1)] ?? 0;

async function database(kind: StoreKind, folder: string, name: string): Promise<string> {
  return kind === 'sqlite' ? join(folder, `${name}.db`) : freshDatabase();
}

async function benchStore(kind: StoreKind, folder: string): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    // 1. Ingest: batches of one installation's events, as the extension's outbox sends them, from 20 clients.
    const parsed = parseConfig({ port: 0, secret: TEST_SECRET, db: await database(kind, folder, 'ingest'), teamSize: 50 });
    if (!('config' in parsed)) throw new Error(parsed.error);
    let collector = await startCollector({ config: parsed.config, now: () => NOW });
    const bodies = Array.from({ length: INGEST_REQUESTS }, (_, r) =>
      JSON.stringify(
        encodeOtlpLogs(
          resource(r % INSTALLATIONS, `team-${r % 7}`),
          Array.from({ length: BATCH }, (_, i) => {
            const seed = r * BATCH + i;
            const time = timeFor(seed, INGEST_REQUESTS * BATCH);
            return { id: `bench-${seed}`, time, event: realisticEvent(seed, time) };
          }),
          NOW,
        ),
      ),
    );
    const bytes = bodies.reduce((total, body) => total + body.length, 0);
    for (const body of bodies.slice(0, 5)) await post(agent, collector.url, body); // warm-up (stored once: the ids repeat)
    const latencies: number[] = [];
    // CPU of this process (the collector and its 20 clients): a figure a loaded machine changes little.
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const t0 = performance.now();
          const status = await post(agent, collector.url, body);
          latencies.push(performance.now() - t0);
          if (status !== 200) throw new Error(`ingest answered ${status}`);
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const ingested = INGEST_REQUESTS * BATCH;
    const rate = ingested / ingestSeconds;
    const count = await collector.store.eventCount();
    if (count !== ingested) throw new Error(`stored ${count} of ${ingested} events`);
    await collector.close();

    // 2. 1,000,000 events through the store's own path (the same group-committed insert, in large batches).
    const db = await database(kind, folder, 'million');
    const store = await TelemetryStore.open(db);
    const loadStarted = performance.now();
    const chunk = 20_000;
    for (let from = 0; from < STORED; from += chunk) {
      const events: DecodedEvent[] = [];
      for (let seed = from; seed < Math.min(STORED, from + chunk); seed++) {
        const time = timeFor(seed, STORED);
        events.push({ time, event: realisticEvent(seed, time), resource: resource(seed % INSTALLATIONS, `team-${seed % 7}`), uid: `m-${seed}` });
      }
      await store.insert(events, NOW);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const stored = await store.eventCount();
    await store.close();

    // 3. The dashboard's API and page over it, through HTTP.
    const config = parseConfig({ port: 0, secret: TEST_SECRET, db, teamSize: 50, dashboardToken: LEAD });
    if (!('config' in config)) throw new Error(config.error);
    collector = await startCollector({ config: config.config, now: () => NOW });
    const timings = new Map<string, number[]>([
      ['api month', []],
      ['api week', []],
      ['page month', []],
    ]);
    const urls = new Map([
      ['api month', '/api/summary?period=2026-03'],
      ['api week', '/api/summary?period=2026-W11'],
      ['page month', '/?period=2026-03&lang=fr'],
    ]);
    for (let run = 0; run < 9; run++) {
      for (const [name, path] of urls) {
        const t0 = performance.now();
        await get(agent, `${collector.url}${path}`);
        timings.get(name)?.push(performance.now() - t0);
      }
    }
    const summary = JSON.parse(await get(agent, `${collector.url}/api/summary?period=2026-03`)) as { runs: { total: number } };
    await collector.close();

    console.log(`  ${kind}:`);
    console.log(
      `    ingest over HTTP: ${ingested.toLocaleString('en')} events in ${INGEST_REQUESTS} POSTs of ${BATCH} (${(bytes / INGEST_REQUESTS / 1024).toFixed(1)} KiB each) from ${CLIENTS} concurrent clients: ${Math.round(rate).toLocaleString('en')} events/s (target ≥ 10,000: ${rate >= 10_000 ? 'ok' : 'UNDER TARGET'}), request p99 ${p99(latencies).toFixed(0)} ms, median ${median(latencies).toFixed(0)} ms; CPU ${((cpu.user + cpu.system) / ingested).toFixed(0)} µs per event (collector and clients)`,
    );
    console.log(
      `    bulk load: ${stored.toLocaleString('en')} events in ${loadSeconds.toFixed(1)} s (${Math.round(stored / loadSeconds).toLocaleString('en')} events/s); ${summary.runs.total.toLocaleString('en')} runs in March 2026`,
    );
    for (const [name, values] of timings) {
      const ms = median(values);
      console.log(`    GET ${name.padEnd(14)} over ${stored.toLocaleString('en')} events: ${ms.toFixed(1)} ms median of ${values.length} (target ≤ 200 ms: ${ms <= 200 ? 'ok' : 'OVER TARGET'})`);
    }
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ai-guard-bench-collector-'));
  try {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    console.log(`\nTelemetry collector (Node ${process.versions.node}; baseline: node -e 0 takes ${(performance.now() - t0).toFixed(0)} ms here)`);
    const only = process.env.AIGUARD_BENCH_STORE;
    for (const kind of STORES) {
      if (only !== undefined && only !== kind) continue;
      const missing = kind === 'postgres' ? postgresMissing() : undefined;
      if (missing !== undefined) console.log(`  ${kind}: not measured: ${missing}`);
      else await benchStore(kind, folder);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  // The PostgreSQL cluster the bench started is stopped at exit.
  process.exit(0);
}

void main();

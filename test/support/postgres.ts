import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL server for the collector's tests: Debian's `postgresql` package, a cluster
 * made with initdb in a temporary folder and started with pg_ctl on a free loopback port (as
 * the `postgres` user when the tests run as root, since PostgreSQL refuses to run as root).
 * One cluster per test process, started on first use and stopped at exit; each test gets a
 * database of its own (`freshDatabase`), so tests share no data.
 *
 * Where PostgreSQL is not installed, `postgresAvailable()` says why: with CI=true the tests
 * must fail (CI installs it, see .ci/run), elsewhere they are skipped with that message.
 */

interface Cluster {
  port: number;
  folder: string;
  bin: string;
}

let cluster: Promise<Cluster> | undefined;

/** The folder of PostgreSQL's server programs (the newest Debian installed), or undefined. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Undefined when the PostgreSQL tests can run; otherwise why not. */
export function postgresMissing(): string | undefined {
  return postgresBin() === undefined ? "PostgreSQL is not installed (Debian: 'apt-get install -y postgresql'; .ci/run does it)" : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function asPostgresUser(command: string, args: string[]): { status: number | null; output: string } {
  const root = userInfo().uid === 0;
  const result = root ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' }) : spawnSync(command, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error === undefined ? '' : String(result.error)}` };
}

async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error(postgresMissing());
  const folder = mkdtempSync(join(tmpdir(), 'aiguard-pg-'));
  chmodSync(folder, 0o700);
  if (userInfo().uid === 0) {
    const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(folder, Number(user.stdout), Number(group.stdout));
  }
  const data = join(folder, 'data');
  const init = asPostgresUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.output}`);
  const port = await freePort();
  // fsync stays on: the tests check durability. The socket lives in the cluster's own folder.
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB`;
  const start = asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(folder, 'log'), '-w', '-t', '60', 'start']);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.output}`);
  process.once('exit', () => {
    asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(folder, { recursive: true, force: true });
  });
  return { port, folder, bin };
}

/** A URL of a new, empty database on the test cluster (started on first use). */
export async function freshDatabase(): Promise<string> {
  const { port } = await (cluster ??= startCluster());
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:${port}/${name}`;
}

/** The stores the collector's suites run against: a SQLite file, and a PostgreSQL database. */
export const STORES = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

/**
 * The `--db` for a test: a SQLite file in `folder`, or a fresh PostgreSQL database. For
 * PostgreSQL where it is missing: fails under CI=true, skips (saying why) elsewhere.
 */
export async function databaseFor(kind: StoreKind, folder: string, context: Mocha.Context, name = 'telemetry.db'): Promise<string> {
  if (kind === 'sqlite') return join(folder, name);
  const missing = postgresMissing();
  if (missing !== undefined) {
    if (process.env.CI === 'true') throw new Error(`${missing}: CI must run the PostgreSQL tests`);
    process.stderr.write(`[skip] ${missing}\n`);
    context.skip();
  }
  return freshDatabase();
}

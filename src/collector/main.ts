// `node dist/collector.js`: the reference collector of AI Guard telemetry (see docs/telemetry-collector.md).
import { parseArgs } from 'node:util';
import { parseCommandLine, usage } from './config';
import { startCollector } from './server';
import { isPostgresUrl } from './storage/open';
import { redactUrl } from './storage/url';
import { MIN_NODE, nodeAtLeast, SqliteDriver } from './storage/sqlite';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

const BACKUP_USAGE = `Usage: node dist/collector.js backup [--db <file>] <new file>   (or --to <new file>)

Copies the collector's SQLite file with SQLite's online backup API: a consistent snapshot, safe
while the collector runs and ingests (in WAL mode the copy never blocks its writes). The copy is
opened and passes PRAGMA integrity_check before this command succeeds. --db defaults to
AIGUARD_COLLECTOR_DB. A PostgreSQL store is backed up with PostgreSQL's own tools (pg_dump).
`;

/**
 * Node's built-in SQLite prints an ExperimentalWarning on Node 22 (not on 24). The collector
 * uses it on purpose, so that one warning is dropped; every other warning is printed as Node would.
 */
function quietSqliteWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && /SQLite/i.test(warning.message)) return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

/** `backup [--db <file>] <copy>`: the one safe way to copy the database while it is in use. */
async function backup(argv: readonly string[]): Promise<number> {
  let values: { db?: string; to?: string; help?: boolean };
  try {
    const parsed = parseArgs({ args: [...argv], options: { db: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
    if (parsed.positionals.length > 1 || (parsed.positionals.length === 1 && parsed.values.to !== undefined)) throw new Error("give the copy's file once");
    values = { ...parsed.values, ...(parsed.positionals[0] === undefined ? {} : { to: parsed.positionals[0] }) };
  } catch (error) {
    process.stderr.write(`ai-guard collector backup: ${(error as Error).message}.\n${BACKUP_USAGE}`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(BACKUP_USAGE);
    return 0;
  }
  const db = values.db ?? process.env.AIGUARD_COLLECTOR_DB;
  if (db === undefined || db === '' || values.to === undefined || values.to === '') {
    process.stderr.write(`ai-guard collector backup: the database (--db) and the copy's file are required.\n${BACKUP_USAGE}`);
    return 2;
  }
  if (isPostgresUrl(db)) {
    process.stderr.write("ai-guard collector backup: this command copies a SQLite store; back a PostgreSQL store up with pg_dump (or your provider's backups).\n");
    return 2;
  }
  try {
    const copied = await SqliteDriver.backup(db, values.to);
    process.stdout.write(`Copied ${db} to ${values.to}: ${copied.events} events, ${copied.bytes} bytes; the copy passes SQLite's integrity check.\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`ai-guard collector backup: ${(error as Error).message}\n`);
    return 1;
  }
}

async function main(): Promise<number> {
  quietSqliteWarning();
  if (
    !nodeAtLeast(MIN_NODE) &&
    !isPostgresUrl(process.env.AIGUARD_COLLECTOR_DB ?? '') &&
    !isPostgresUrl(process.env.AIGUARD_COLLECTOR_PG_URL ?? '') &&
    !process.argv.some((arg) => isPostgresUrl(arg))
  ) {
    process.stderr.write(
      `ai-guard collector: needs Node.js ${MIN_NODE} or later for its SQLite store (a current LTS; 24 is recommended), and this is Node.js ${process.versions.node}. See "Which Node" in docs/telemetry-collector.md.\n`,
    );
    return 1;
  }
  if (process.argv[2] === 'backup') return backup(process.argv.slice(3));
  const parsed = parseCommandLine(process.argv.slice(2), process.env);
  if (parsed.help) {
    process.stdout.write(usage());
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`ai-guard collector: ${parsed.error}\n`);
    return 2;
  }
  const { config } = parsed;
  const log = (line: string) => process.stderr.write(`[collector] ${line}\n`);
  if (!LOOPBACK.test(config.host)) {
    log(
      `warning: listening on ${config.host}, not only on this machine; serve it through a TLS reverse proxy${config.token === undefined ? ', and set --token so that not anyone can send events' : ''}.`,
    );
  } else if (config.token === undefined) {
    log('no --token: any local process may send events (set AIGUARD_COLLECTOR_TOKEN or --token to require one).');
  }

  // Signals are listened for before the start, so a SIGTERM while the database opens still
  // closes it (SQLite checkpoints its log) instead of killing the process half-way.
  let stopSignal: NodeJS.Signals | undefined;
  let onStop: (() => void) | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stopSignal ??= signal;
    onStop?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let collector;
  try {
    collector = await startCollector({ config, log });
  } catch (error) {
    process.stderr.write(`ai-guard collector: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  if (stopSignal === undefined) {
    process.stdout.write(
      [
        `AI Guard telemetry collector listening on ${collector.url}`,
        `  dashboard:     ${collector.url}/${config.dashboardToken === undefined ? ' (off: set --dashboard-token to serve it to the AI lead)' : " (the AI lead's --dashboard-token required)"}`,
        `  OTLP endpoint: ${collector.url}/v1/logs (OTLP/HTTP JSON or protobuf${config.token === undefined ? '' : ', bearer token required'})`,
        `  JSON API:      ${collector.url}/api/summary?period=YYYY-MM (or YYYY-Www)`,
        `  database:      ${isPostgresUrl(config.db) ? redactUrl(config.db) : config.db}`,
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      onStop = resolve;
    });
  }
  log(`${stopSignal ?? 'signal'}: closing`);
  await collector.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ai-guard collector: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

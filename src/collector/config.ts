import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import { issueWords } from '../core/telemetry/otlp';
import { isPostgresUrl } from './storage/url';

/**
 * The reference collector's configuration: command-line options first, then environment
 * variables (`AIGUARD_COLLECTOR_*`), then defaults. Every value is checked with zod, so a typo
 * stops the collector with a message naming the option rather than running half-configured.
 */

/** The smallest group the dashboard shows on its own. It can be raised, never lowered. */
export const MIN_K_ANONYMITY = 5;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Log records per request: an OpenTelemetry Collector's batches are 8,192 records by default. */
export const DEFAULT_MAX_RECORDS = 10_000;

/** A template id, level or team as the event schemas allow them. */
const IdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));

export const CollectorConfigSchema = z.object({
  port: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(65_535)), 4318),
  /** Loopback by default: exposing the collector is a decision (see docs/telemetry-collector.md). */
  host: z._default(z.string().check(z.minLength(1)), '127.0.0.1'),
  db: z._default(z.string().check(z.minLength(1)), './aiguard-telemetry.db'),
  /**
   * The store, said outright: `sqlite` (the file `db` names) or `postgres` (the database
   * `pgUrl` names). Without it, a `db` that is a PostgreSQL URL means PostgreSQL, as before.
   */
  store: z.optional(z.enum(['sqlite', 'postgres'])),
  pgUrl: z.optional(z.string().check(z.regex(/^postgres(?:ql)?:\/\//i, 'must be a PostgreSQL URL: postgres://user:password@host:5432/database'))),
  /** When set, `POST /v1/logs` needs `Authorization: Bearer <token>`. */
  token: z.optional(z.string().check(z.minLength(8))),
  /**
   * When set, the dashboard and `/api/summary` need it (bearer, or basic auth with it as the
   * password); without it they are off. It must differ from the ingest token, which every
   * extension holds.
   */
  dashboardToken: z.optional(z.string().check(z.minLength(16))),
  /** Approved template ids, the policy's own levels and the teams: the values the dashboard may name. */
  templates: z.optional(z.array(IdSchema).check(z.maxLength(1000))),
  levels: z.optional(z.array(IdSchema).check(z.maxLength(1000))),
  teams: z.optional(z.array(IdSchema).check(z.maxLength(1000))),
  /** The number of people the dashboard measures adoption against ("share using AI daily"). */
  teamSize: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000))),
  maxBodyBytes: z._default(z.number().check(z.int(), z.minimum(1024), z.maximum(256 * 1024 * 1024)), DEFAULT_MAX_BODY_BYTES),
  maxRecords: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)), DEFAULT_MAX_RECORDS),
  kAnonymity: z._default(z.number().check(z.int(), z.minimum(MIN_K_ANONYMITY), z.maximum(1000)), MIN_K_ANONYMITY),
  /**
   * The collector's secret: it signs the installation ids it issues and keys the pseudonyms of
   * personal identifiers. Without it, a random one is kept in `<db>.secret` (0600).
   */
  secret: z.optional(z.string().check(z.minLength(16), z.maxLength(512))),
  /** Installation ids issued per hour at most (`POST /v1/enrol`). */
  enrolPerHour: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100_000)), 60),
  /** Raw events older than this are deleted (the daily and weekly rollups stay); none: kept. */
  retentionDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(36_500))),
});
export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
export type CollectorConfigInput = z.input<typeof CollectorConfigSchema>;

/** Each option: its flag, its environment variable, whether it is a number, and its help. */
const OPTIONS = {
  port: { env: 'AIGUARD_COLLECTOR_PORT', numeric: true, list: false, help: 'port to listen on (default 4318, the OTLP/HTTP port; 0 picks a free one)' },
  host: { env: 'AIGUARD_COLLECTOR_HOST', numeric: false, list: false, help: 'address to bind (default 127.0.0.1; put a TLS reverse proxy in front before exposing it)' },
  store: { env: 'AIGUARD_COLLECTOR_STORE', numeric: false, list: false, help: 'sqlite (default) or postgres; postgres needs --pg-url' },
  db: { env: 'AIGUARD_COLLECTOR_DB', numeric: false, list: false, help: 'the SQLite file (default ./aiguard-telemetry.db; created if missing); a PostgreSQL URL here still means --store postgres' },
  'pg-url': { env: 'AIGUARD_COLLECTOR_PG_URL', numeric: false, list: false, help: 'the PostgreSQL database for --store postgres: postgres://user:password@host:5432/database' },
  token: { env: 'AIGUARD_COLLECTOR_TOKEN', numeric: false, list: false, help: 'bearer token required on POST /v1/logs (recommended; at least 8 characters)' },
  'dashboard-token': {
    env: 'AIGUARD_COLLECTOR_DASHBOARD_TOKEN',
    numeric: false,
    list: false,
    help: "the AI lead's token for the dashboard and /api/summary (at least 16 characters; distinct from --token). Without it they are off",
  },
  templates: { env: 'AIGUARD_COLLECTOR_TEMPLATES', numeric: false, list: true, help: 'approved template ids the dashboard may name, comma-separated (built-in ones always are)' },
  levels: { env: 'AIGUARD_COLLECTOR_LEVELS', numeric: false, list: true, help: "the policy's own level ids the dashboard may name, comma-separated" },
  teams: { env: 'AIGUARD_COLLECTOR_TEAMS', numeric: false, list: true, help: 'team labels the dashboard may name, comma-separated (others are counted as unlisted)' },
  'team-size': { env: 'AIGUARD_COLLECTOR_TEAM_SIZE', numeric: true, list: false, help: 'people in the team, for the share using AI daily' },
  'max-body-bytes': { env: 'AIGUARD_COLLECTOR_MAX_BODY_BYTES', numeric: true, list: false, help: 'largest request body, after decompression (default 4194304)' },
  'max-records': { env: 'AIGUARD_COLLECTOR_MAX_RECORDS', numeric: true, list: false, help: `most log records in one request (default ${DEFAULT_MAX_RECORDS})` },
  'k-anonymity': { env: 'AIGUARD_COLLECTOR_K_ANONYMITY', numeric: true, list: false, help: `smallest group shown on its own (default and minimum ${MIN_K_ANONYMITY})` },
  secret: {
    env: 'AIGUARD_COLLECTOR_SECRET',
    numeric: false,
    list: false,
    help: 'signs the installation ids it issues and keys pseudonyms (16+ characters; default: a random one kept in <db>.secret)',
  },
  'enrol-per-hour': { env: 'AIGUARD_COLLECTOR_ENROL_PER_HOUR', numeric: true, list: false, help: 'installation ids issued per hour at most by POST /v1/enrol (default 60)' },
  'retention-days': { env: 'AIGUARD_COLLECTOR_RETENTION_DAYS', numeric: true, list: false, help: 'delete raw events older than this many days (rollups stay; default: keep)' },
} as const;
type OptionName = keyof typeof OPTIONS;
const KEYS: Record<OptionName, keyof CollectorConfig> = {
  port: 'port',
  host: 'host',
  db: 'db',
  store: 'store',
  'pg-url': 'pgUrl',
  token: 'token',
  'dashboard-token': 'dashboardToken',
  templates: 'templates',
  levels: 'levels',
  teams: 'teams',
  'team-size': 'teamSize',
  'max-body-bytes': 'maxBodyBytes',
  'max-records': 'maxRecords',
  'k-anonymity': 'kAnonymity',
  'retention-days': 'retentionDays',
  secret: 'secret',
  'enrol-per-hour': 'enrolPerHour',
};

export function usage(): string {
  const lines = [
    'Usage: node dist/collector.js [options]',
    '',
    'The reference collector of AI Guard telemetry: OTLP/HTTP logs in (JSON or protobuf), SQLite, a dashboard.',
    '',
    'Options (each also read from its environment variable):',
  ];
  for (const [name, option] of Object.entries(OPTIONS)) lines.push(`  --${name.padEnd(16)} ${option.help} [${option.env}]`);
  lines.push(`  --${'help'.padEnd(16)} print this help`, '', 'Commands:', '  backup --db <file> --to <new file>   a consistent, checked copy of the database, safe while it runs');
  return `${lines.join('\n')}\n`;
}

export type ParsedCommandLine = { help: true } | { help: false; config: CollectorConfig } | { help: false; error: string };

/** Reads the options from `argv` (without node and the script) and `env`. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.create(null) as NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
    options.help = { type: 'boolean', short: 'h' };
    for (const name of Object.keys(OPTIONS)) options[name] = { type: 'string' };
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    return { help: false, error: `${(error as Error).message}. See --help.` };
  }
  if (values.help === true) return { help: true };
  const candidate = Object.create(null) as Record<string, unknown>;
  for (const [name, option] of Object.entries(OPTIONS) as [OptionName, (typeof OPTIONS)[OptionName]][]) {
    const raw = (values[name] as string | undefined) ?? env[option.env];
    if (raw === undefined || raw === '') continue;
    if (option.numeric) {
      if (!/^\d+$/.test(raw.trim())) return { help: false, error: `--${name} (${option.env}) must be a whole number, not '${raw}'.` };
      candidate[KEYS[name]] = Number(raw.trim());
    } else if (option.list) {
      candidate[KEYS[name]] = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    } else candidate[KEYS[name]] = raw;
  }
  const parsed = parseConfig(candidate);
  return 'error' in parsed ? { help: false, error: parsed.error } : { help: false, config: parsed.config };
}

const FLAG_OF = new Map<string, string>(Object.entries(KEYS).map(([flag, key]) => [key, flag]));

/** Checks a configuration object (the command line's, or a test's). */
export function parseConfig(input: unknown): { config: CollectorConfig } | { error: string } {
  const parsed = CollectorConfigSchema.safeParse(input);
  if (parsed.success) {
    if (parsed.data.dashboardToken !== undefined && parsed.data.dashboardToken === parsed.data.token) {
      return { error: '--dashboard-token: must differ from --token (every extension holds the ingest token).' };
    }
    if (parsed.data.secret !== undefined && (parsed.data.secret === parsed.data.token || parsed.data.secret === parsed.data.dashboardToken)) {
      return { error: '--secret: must differ from --token and --dashboard-token.' };
    }
    const located = locateStore(parsed.data, (input as { db?: unknown } | null)?.db !== undefined);
    return 'error' in located ? located : { config: { ...parsed.data, db: located.db, store: located.store } };
  }
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const flag = FLAG_OF.get(key) ?? key;
  return { error: `--${flag}: ${issue === undefined ? 'invalid value' : issueWords(issue)}.` };
}

/**
 * Where the data lives: `db` is the one location the collector opens (a SQLite file or a
 * PostgreSQL URL). `--store postgres --pg-url <url>` is the spelling for PostgreSQL; a `--db`
 * that is a PostgreSQL URL is kept working. Contradictions are refused with what to give.
 */
function locateStore(config: CollectorConfig, dbGiven: boolean): { db: string; store: 'sqlite' | 'postgres' } | { error: string } {
  const { store, pgUrl, db } = config;
  if (pgUrl !== undefined) {
    if (store === 'sqlite') return { error: '--pg-url: names a PostgreSQL database, and --store is sqlite: give --store postgres, or leave --pg-url out.' };
    if (dbGiven && db !== pgUrl) return { error: '--db: with --pg-url, the PostgreSQL database is the one --pg-url names: leave --db out.' };
    return { db: pgUrl, store: 'postgres' };
  }
  if (isPostgresUrl(db)) {
    if (store === 'sqlite') return { error: '--db: is a PostgreSQL URL, and --store is sqlite: give a SQLite file with --db, or --store postgres --pg-url <url>.' };
    return { db, store: 'postgres' };
  }
  if (store === 'postgres') return { error: '--store postgres: needs the database: --pg-url postgres://user:password@host:5432/database.' };
  return { db, store: 'sqlite' };
}

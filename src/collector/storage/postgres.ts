import pg from 'pg';
import { redactUrl } from './url';
import { DIALECTS, type Driver, type Row, SerialQueue, type Sql, type SqlValue } from './driver';

/**
 * The PostgreSQL driver (`pg`, pure JavaScript), for an organisation that outgrows one SQLite
 * file: the same schema and statements, `?` placeholders numbered `$1, $2, …` here.
 *
 * Transactions of this process run one at a time (the store group-commits, so one writer is
 * enough), and each takes a transaction-scoped advisory lock first, so that two collectors
 * sharing a database serialise their writes instead of deadlocking on the rollups' upserts.
 * Reads use the pool and never wait for writes. Commits use PostgreSQL's default
 * `synchronous_commit = on`: a commit returns once it is on disk.
 */

/** An arbitrary, fixed key for the collectors' advisory lock. */
const WRITE_LOCK = 0x41494755;

/** 64-bit integers (counts, sums, ids) and numerics as JavaScript numbers, as SQLite gives them. */
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** `?` → `$n`, outside quoted strings and identifiers. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let quote: string | undefined;
  let out = '';
  for (const char of sql) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '?') {
      out += `$${++n}`;
      continue;
    }
    out += char;
  }
  return out;
}

/**
 * Statements on the pool (each takes a free connection), or on one connection. A connection
 * runs one query at a time, and `pg` 8 warns when it is handed another meanwhile (`pg` 9
 * refuses it): the statements of one connection are queued here, so a transaction's work may
 * issue them without awaiting each one.
 */
function on(client: pg.Pool | pg.PoolClient): Sql {
  const queue = client instanceof pg.Pool ? undefined : new SerialQueue();
  const query = <R extends Row>(text: string, params?: SqlValue[]) => (queue === undefined ? client.query<R>(text, params) : queue.run(() => client.query<R>(text, params)));
  return {
    all: async (text, params = []) => (await query<Row>(numberPlaceholders(text), params as SqlValue[])).rows,
    run: async (text, params = []) => ({ changes: (await query(numberPlaceholders(text), params as SqlValue[])).rowCount ?? 0 }),
    exec: async (text) => void (await query(text)),
  };
}

export class PostgresDriver implements Driver {
  readonly dialect = DIALECTS.postgres;
  private readonly writes = new SerialQueue();
  private readonly reads: Sql;

  private constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
  ) {
    this.reads = on(pool);
  }

  /** Connects to `url` (checked with one query, so a wrong URL or password fails the start). */
  static async open(url: string): Promise<PostgresDriver> {
    const pool = new pg.Pool({ connectionString: url, max: 4, types, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, application_name: 'ai-guard-collector' });
    // An idle connection the server drops must not crash the process: the pool replaces it.
    pool.on('error', () => undefined);
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw new Error(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresDriver(redactUrl(url), pool);
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.reads.all(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.reads.run(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.reads.exec(sql);
  }

  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.writes.run(async () => {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  async close(): Promise<void> {
    await this.writes.run(async () => undefined);
    await this.pool.end();
  }
}

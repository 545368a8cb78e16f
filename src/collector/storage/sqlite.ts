import { existsSync, statSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type * as NodeSqlite from 'node:sqlite';
import { DIALECTS, type Driver, type Row, SerialQueue, type Sql, type SqlValue, StoreBusyError, StoreLockedError } from './driver';

/**
 * The SQLite driver: Node's built-in `node:sqlite` (SQLite itself, compiled into Node), so its
 * locking is SQLite's own: a crashed process holds nothing (the kernel drops its file locks),
 * the next start recovers from the write-ahead log, and other connections (a backup, the
 * `sqlite3` tool) see and respect the same locks.
 *
 * - WAL: readers (a backup, the dashboard) never block the writer, nor the writer them.
 * - `synchronous = FULL`: every commit is on disk before it returns, so an acknowledged event
 *   survives a crash of the machine too; group commits make that one sync per group.
 * - `busy_timeout`: a lock held for a moment (a checkpoint, a backup starting) is waited for.
 * - One connection per process, its statements queued, so a transaction never interleaves.
 * - `locking_mode = EXCLUSIVE` is not used: the backup command must be able to read.
 */

const BUSY_TIMEOUT_MS = 10_000;
/** Prepared statements kept for reuse: ingest's multi-row shapes and the dashboard's queries. */
const STATEMENT_CACHE = 256;

/** The oldest Node whose built-in SQLite has everything used here (the online backup API). */
export const MIN_NODE = '22.16.0';

/** Whether this Node is at least `version` (`major.minor.patch`). */
export function nodeAtLeast(version: string, current: string = process.versions.node): boolean {
  const [a, b] = [current, version].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a?.[i] ?? 0) !== (b?.[i] ?? 0)) return (a?.[i] ?? 0) > (b?.[i] ?? 0);
  return true;
}

/**
 * Node's SQLite, loaded when first needed: the collector's bundle then still starts on an older
 * Node (to say what it needs), and the PostgreSQL store does not need it at all.
 */
function sqlite(): typeof NodeSqlite {
  const module = nodeAtLeast(MIN_NODE) ? (process.getBuiltinModule('node:sqlite') as typeof NodeSqlite | undefined) : undefined;
  if (module === undefined)
    throw new Error(
      `the collector's SQLite store needs Node.js ${MIN_NODE} or later (a current LTS: 24 is recommended), and this is Node.js ${process.versions.node}; see "Which Node" in docs/telemetry-collector.md, or use --db postgres://…`,
    );
  return module;
}

function toSql(value: unknown): SqlValue {
  return typeof value === 'bigint' ? Number(value) : (value as SqlValue);
}

function rowOf(row: Record<string, unknown>): Row {
  const result = Object.create(null) as Row;
  for (const key of Object.keys(row)) result[key] = toSql(row[key]);
  return result;
}

function busyError(file: string, error: unknown): Error {
  return /database is locked|SQLITE_BUSY/i.test(String(error)) ? new StoreBusyError(`the database ${file} is locked by another process; retry`) : (error as Error);
}

export class SqliteDriver implements Driver {
  readonly dialect = DIALECTS.sqlite;
  private readonly queue = new SerialQueue();
  private readonly statements = new Map<string, StatementSync>();
  private readonly sql: Sql;

  private constructor(
    readonly location: string,
    private readonly db: DatabaseSync,
  ) {
    this.sql = {
      all: async (text, params = []) =>
        this.statement(text)
          .all(...params)
          .map(rowOf),
      run: async (text, params = []) => ({ changes: Number(this.statement(text).run(...params).changes) }),
      exec: async (text) => this.db.exec(text),
    };
  }

  /** Opens (or creates) `file` for the collector. */
  static open(file: string): SqliteDriver {
    let db: DatabaseSync | undefined;
    try {
      db = new (sqlite().DatabaseSync)(file, { timeout: BUSY_TIMEOUT_MS });
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF;');
      const mode = db.prepare('PRAGMA journal_mode').get()?.journal_mode;
      if (mode !== 'wal') throw new StoreLockedError(`the database ${file} could not be put in WAL mode (it is in ${String(mode)} mode); is it on a network file system?`);
      return new SqliteDriver(file, db);
    } catch (error) {
      db?.close();
      throw busyError(file, error);
    }
  }

  /**
   * Copies the database at `file` to the new file `to` with SQLite's online backup API, through
   * its own connection: a consistent snapshot even while a collector writes to it (WAL readers
   * never block the writer), taken in steps so that a long copy does not hold a read snapshot
   * that keeps the log growing. The copy is then opened and checked.
   */
  static async backup(file: string, to: string): Promise<{ events: number; bytes: number }> {
    if (!existsSync(file)) throw new Error(`there is no database at ${file}`);
    if (existsSync(to)) throw new Error(`${to} exists already: choose a new file for the copy`);
    const { DatabaseSync: Database, backup } = sqlite();
    const source = new Database(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
    try {
      // All pages in one step, under one read snapshot: a stepwise copy restarts whenever the
      // collector commits in between, which under steady ingest could go on for ever.
      await backup(source, to, { rate: 1 << 30 });
    } catch (error) {
      throw busyError(file, error);
    } finally {
      source.close();
    }
    const copy = new Database(to, { readOnly: true });
    try {
      const check = copy
        .prepare('PRAGMA integrity_check')
        .all()
        .map((row) => String(row.integrity_check));
      if (check.length !== 1 || check[0] !== 'ok') throw new Error(`the copy ${to} does not pass SQLite's integrity check: ${check.slice(0, 3).join('; ')}`);
      return { events: Number(copy.prepare('SELECT count(*) AS n FROM events').get()?.n ?? 0), bytes: statSync(to).size };
    } finally {
      copy.close();
    }
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]> {
    return this.queue.run(() => this.sql.all(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.queue.run(() => this.sql.run(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.queue.run(() => this.sql.exec(sql));
  }

  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      try {
        this.db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        throw busyError(this.location, error);
      }
      try {
        const result = await work(this.sql);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw busyError(this.location, error);
      }
    });
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      if (!this.db.isOpen) return;
      this.statements.clear();
      // A clean close checkpoints the log into the file and removes it.
      this.db.close();
    });
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= STATEMENT_CACHE) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, (statement = this.db.prepare(sql)));
    }
    return statement;
  }
}

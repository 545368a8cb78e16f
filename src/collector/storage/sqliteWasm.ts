import { existsSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database, type SQLiteValue } from 'node-sqlite3-wasm';
import { OwnerLock } from '../ownerLock';
import { DIALECTS, type Driver, type Row, SerialQueue, type Sql, type SqlValue, StoreBusyError, isBusy } from './driver';

/** The SQLite driver over node-sqlite3-wasm (SQLite compiled to WebAssembly). */
export class WasmSqliteDriver implements Driver {
  readonly dialect = DIALECTS.sqlite;
  private readonly queue = new SerialQueue();
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();
  private readonly sql: Sql;

  private constructor(
    readonly location: string,
    private readonly db: Database,
    private readonly owner: OwnerLock,
  ) {
    this.sql = {
      all: async (text, params = []) => this.statement(text).all(params as SQLiteValue[]) as Row[],
      run: async (text, params = []) => ({ changes: this.statement(text).run(params as SQLiteValue[]).changes }),
      exec: async (text) => void this.db.exec(text),
    };
  }

  static open(file: string, onStale?: (message: string) => void): WasmSqliteDriver {
    const owner = OwnerLock.acquire(file, onStale);
    try {
      const db = new Database(file);
      db.exec('PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;');
      return new WasmSqliteDriver(file, db, owner);
    } catch (error) {
      owner.release();
      if (isBusy(error)) throw new StoreBusyError(`the database ${file} is busy (a backup is reading it); retry`);
      throw error;
    }
  }

  /**
   * Copies `file` to `to` with SQLite's own `VACUUM INTO`, a consistent copy even while a
   * collector writes to it: the copy holds SQLite's lock, so the collector's writes wait for
   * it. The copy is then opened and checked.
   */
  static async backup(file: string, to: string, options: { timeoutMs?: number } = {}): Promise<{ events: number; bytes: number }> {
    if (!existsSync(file)) throw new Error(`there is no database at ${file}`);
    if (existsSync(to)) throw new Error(`${to} exists already: choose a new file for the copy`);
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    const source = new Database(file, { readOnly: true, fileMustExist: true });
    try {
      for (;;) {
        try {
          source.exec(`VACUUM INTO '${to.replaceAll("'", "''")}'`);
          break;
        } catch (error) {
          if (!isBusy(error) || Date.now() > deadline) throw error;
          await sleep(20 + Math.random() * 30);
        }
      }
    } finally {
      source.close();
    }
    const copy = new Database(to, { readOnly: true, fileMustExist: true });
    try {
      const check = copy.all('PRAGMA integrity_check').map((row) => String(row.integrity_check));
      if (check.length !== 1 || check[0] !== 'ok') throw new Error(`the copy ${to} does not pass SQLite's integrity check: ${check.slice(0, 3).join('; ')}`);
      return { events: Number(copy.get('SELECT count(*) AS n FROM events')?.n ?? 0), bytes: statSync(to).size };
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
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.sql);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      if (!this.db.isOpen) return;
      for (const statement of this.statements.values()) statement.finalize();
      this.statements.clear();
      this.db.close();
      this.owner.release();
    });
  }

  private statement(sql: string): ReturnType<Database['prepare']> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size > 200) {
        for (const old of this.statements.values()) old.finalize();
        this.statements.clear();
      }
      this.statements.set(sql, (statement = this.db.prepare(sql)));
    }
    return statement;
  }
}

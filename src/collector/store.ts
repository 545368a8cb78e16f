import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database, type SQLiteValue } from 'node-sqlite3-wasm';
import { OwnerLock } from './ownerLock';
import { COST_BUCKET_MIDPOINTS, type DecodedEvent } from '../core/telemetry';
import { dayOf, dayOfIso, weekOf } from './time';

/**
 * The collector's storage: one SQLite file (node-sqlite3-wasm: SQLite compiled to WebAssembly,
 * reading and writing the file through Node's fs, so nothing is compiled or downloaded at install).
 *
 * Raw events are kept (with the resource they came from) so that nothing is lost and new views
 * can be computed later; the dashboard reads only rollups, updated in the same transaction as
 * each insert, so its queries cost the same over a thousand events or a million:
 * - `weekly`: per dimension (template, profile, provider kind, reason, team, …), week and value,
 *   the sums the dashboard shows, and how many distinct installations contributed that week;
 * - `member`: which installations contributed to each (dimension, value, week), so that the
 *   distinct installations of a group over several weeks can be counted exactly when the weekly
 *   counts alone cannot prove it reaches the k-anonymity threshold;
 * - `activity` and `daily`: the installations active each day, and their number.
 */

export const SCHEMA_VERSION = 2;

/**
 * Schema 1 told events apart by installation, time and name, so two events of one millisecond
 * were one; schema 2 by the event's own id (`uid`). Old events keep a uid of their row id.
 */
const MIGRATIONS: Record<number, string> = {
  1: `ALTER TABLE events ADD COLUMN uid TEXT; UPDATE events SET uid = 'v1:' || id; DROP INDEX IF EXISTS events_once;`,
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS installations (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS resources (
  id INTEGER PRIMARY KEY,
  installation INTEGER NOT NULL REFERENCES installations(id),
  team TEXT NOT NULL,
  extension_version TEXT NOT NULL,
  editor TEXT NOT NULL,
  editor_version TEXT NOT NULL,
  UNIQUE (installation, team, extension_version, editor, editor_version)
);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  received INTEGER NOT NULL,
  name TEXT NOT NULL,
  installation INTEGER NOT NULL,
  resource INTEGER NOT NULL REFERENCES resources(id),
  attributes TEXT NOT NULL,
  uid TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_uid ON events (installation, uid);
CREATE INDEX IF NOT EXISTS events_time ON events (time);
CREATE TABLE IF NOT EXISTS activity (day INTEGER NOT NULL, installation INTEGER NOT NULL, PRIMARY KEY (day, installation)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily (day INTEGER PRIMARY KEY, installations INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS member (dim TEXT NOT NULL, value TEXT NOT NULL, week INTEGER NOT NULL, installation INTEGER NOT NULL, PRIMARY KEY (dim, value, week, installation)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS weekly (
  dim TEXT NOT NULL,
  week INTEGER NOT NULL,
  value TEXT NOT NULL,
  installations INTEGER NOT NULL,
  events INTEGER NOT NULL,
  cost REAL NOT NULL,
  minutes INTEGER NOT NULL,
  rating_sum INTEGER NOT NULL,
  rating_count INTEGER NOT NULL,
  PRIMARY KEY (dim, week, value)
) WITHOUT ROWID;
`;

/**
 * The rollup dimensions. The ones whose value is '' are totals per week: `active` (any event),
 * `run` (prompt runs), `block` (blocked runs), `feedback` (feedback given).
 */
export type Dimension = 'active' | 'team' | 'run' | 'template' | 'profile' | 'provider' | 'level' | 'outcome' | 'block' | 'reason' | 'feedback' | 'rating-template';

interface Delta {
  dim: Dimension;
  week: number;
  value: string;
  installations: number;
  events: number;
  cost: number;
  minutes: number;
  ratingSum: number;
  ratingCount: number;
}

export interface InsertResult {
  stored: number;
  /** Events already stored (a client's retry after a lost response): stored once. */
  duplicates: number;
}

export { StoreLockedError } from './ownerLock';

/**
 * The id of an event its sender did not identify (`log.record.uid` missing): a digest of all it
 * says, so that a retry is stored once and two different events of one millisecond twice.
 */
function contentUid(time: number, name: string, attributes: string): string {
  return `sha256:${createHash('sha256').update(`${time}\u0000${name}\u0000${attributes}`).digest('base64url')}`;
}

/** SQLite could not take its lock: another connection (a backup) holds it for a moment. */
export class StoreBusyError extends Error {}

export function isBusy(error: unknown): boolean {
  return /database is locked|SQLITE_BUSY|busy/i.test(String(error));
}

/** Caches of row ids stop growing past this; they are only a shortcut. */
const CACHE_LIMIT = 100_000;

export class TelemetryStore {
  private readonly installationIds = new Map<string, number>();
  private readonly resourceIds = new Map<string, number>();
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();

  private constructor(
    private readonly db: Database,
    private readonly owner: OwnerLock | undefined,
  ) {}

  /**
   * Opens (and creates or upgrades) the database file, as its one owner (see ownerLock.ts): a
   * lock a crashed collector left is cleared, a live collector's is respected.
   */
  static open(file: string, onStale?: (message: string) => void): TelemetryStore {
    const owner = OwnerLock.acquire(file, onStale);
    let store: TelemetryStore | undefined;
    try {
      const db = new Database(file);
      store = new TelemetryStore(db, owner);
      // WebAssembly SQLite has no shared memory, so no WAL: a truncated rollback journal is the
      // cheapest safe mode. NORMAL syncs at commits only, which is enough for telemetry.
      db.exec('PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;');
      const version = Number(store.get('PRAGMA user_version')?.user_version ?? 0);
      if (version > SCHEMA_VERSION) throw new Error(`the database ${file} was written by a newer collector (schema ${version}; this one reads ${SCHEMA_VERSION})`);
      store.transaction(() => {
        for (let from = version; from > 0 && from < SCHEMA_VERSION; from++) db.exec(MIGRATIONS[from] ?? '');
        db.exec(SCHEMA);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      });
      return store;
    } catch (error) {
      if (store === undefined) owner.release();
      else store.close();
      if (isBusy(error)) throw new StoreBusyError(`the database ${file} is busy (a backup is reading it); retry`);
      throw error;
    }
  }

  /**
   * Copies `file` to `to` with SQLite's own `VACUUM INTO`, a consistent copy even while a
   * collector writes to it: the copy holds SQLite's lock, so the collector's writes wait for
   * it (they answer 503 with Retry-After, and the senders retry), never a half-written page as
   * a file copy or the `sqlite3` tool, which does not see this driver's lock, could give. The
   * copy is then opened and checked.
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

  close(): void {
    if (!this.db.isOpen) return;
    for (const statement of this.statements.values()) statement.finalize();
    this.statements.clear();
    this.db.close();
    this.owner?.release();
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  /** Rows of a read query (the dashboard's). */
  all(sql: string, values: SQLiteValue[] = []): Record<string, SQLiteValue>[] {
    return this.statement(sql).all(values) as Record<string, SQLiteValue>[];
  }

  /**
   * The first row of a query. The statement is always run to its end: a statement left
   * mid-way holds SQLite's read lock (this driver's `<file>.lock` folder) until its next use,
   * which kept the file locked for the collector's whole life.
   */
  get(sql: string, values: SQLiteValue[] = []): Record<string, SQLiteValue> | undefined {
    return this.all(sql, values)[0];
  }

  /**
   * Stores a batch of decoded events and updates the rollups, in one transaction: all of the
   * batch or none of it. An event already stored (same installation and event id) is skipped.
   */
  insert(events: readonly DecodedEvent[], receivedAt: number = Date.now()): InsertResult {
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    try {
      return this.transaction(() => this.insertInTransaction(events, receivedAt));
    } catch (error) {
      // Ids cached during the failed transaction name rows that were rolled back.
      this.installationIds.clear();
      this.resourceIds.clear();
      throw error;
    }
  }

  private insertInTransaction(events: readonly DecodedEvent[], receivedAt: number): InsertResult {
    const insertEvent = this.statement('INSERT OR IGNORE INTO events (time, received, name, installation, resource, attributes, uid) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const deltas = new Map<string, Delta>();
    const members = new Map<string, [Dimension, string, number, number]>();
    const activity = new Map<string, [number, number]>();
    let stored = 0;

    const add = (dim: Dimension, value: string, week: number, installation: number, amounts: Partial<Pick<Delta, 'cost' | 'minutes' | 'ratingSum' | 'ratingCount'>> = {}) => {
      const key = `${dim}\u0000${week}\u0000${value}`;
      let delta = deltas.get(key);
      if (delta === undefined) deltas.set(key, (delta = { dim, week, value, installations: 0, events: 0, cost: 0, minutes: 0, ratingSum: 0, ratingCount: 0 }));
      delta.events += 1;
      delta.cost += amounts.cost ?? 0;
      delta.minutes += amounts.minutes ?? 0;
      delta.ratingSum += amounts.ratingSum ?? 0;
      delta.ratingCount += amounts.ratingCount ?? 0;
      members.set(`${key}\u0000${installation}`, [dim, value, week, installation]);
    };

    for (const { time, event, resource, uid } of events) {
      const installation = this.installationId(resource.installationId);
      const resourceId = this.resourceId(installation, resource.team ?? '', resource.extensionVersion, resource.editor, resource.editorVersion);
      const { name, ...attributes } = event;
      const json = JSON.stringify(attributes);
      if (insertEvent.run([time, receivedAt, name, installation, resourceId, json, uid === undefined ? contentUid(time, name, json) : `id:${uid}`]).changes === 0) continue;
      stored += 1;

      const day = event.name === 'aiguard.daily_activity' ? dayOfIso(event.day) : dayOf(time);
      const week = weekOf(day);
      activity.set(`${day}\u0000${installation}`, [day, installation]);
      add('active', '', week, installation);
      add('team', resource.team ?? '', week, installation);
      switch (event.name) {
        case 'aiguard.prompt_run': {
          const cost = COST_BUCKET_MIDPOINTS[event.cost];
          for (const [dim, value] of [['run', ''], ['template', event.template], ['profile', event.profile], ['provider', event.providerKind], ['level', event.level], ['outcome', event.outcome]] as const) add(dim, value, week, installation, { cost });
          break;
        }
        case 'aiguard.prompt_blocked':
          add('block', '', week, installation);
          add('reason', event.reason, week, installation);
          break;
        case 'aiguard.feedback': {
          const amounts = { minutes: event.minutesSaved ?? 0, ratingSum: event.rating ?? 0, ratingCount: event.rating === undefined ? 0 : 1 };
          add('feedback', '', week, installation, amounts);
          add('rating-template', event.template, week, installation, amounts);
          break;
        }
        case 'aiguard.daily_activity':
          break;
      }
    }

    const insertMember = this.statement('INSERT OR IGNORE INTO member (dim, value, week, installation) VALUES (?, ?, ?, ?)');
    for (const [key, row] of members) {
      if (insertMember.run(row).changes > 0) (deltas.get(key.slice(0, key.lastIndexOf('\u0000'))) as Delta).installations += 1;
    }
    const upsertWeekly = this.statement(
      `INSERT INTO weekly (dim, week, value, installations, events, cost, minutes, rating_sum, rating_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dim, week, value) DO UPDATE SET installations = installations + excluded.installations, events = events + excluded.events, cost = cost + excluded.cost,
         minutes = minutes + excluded.minutes, rating_sum = rating_sum + excluded.rating_sum, rating_count = rating_count + excluded.rating_count`,
    );
    for (const d of deltas.values()) upsertWeekly.run([d.dim, d.week, d.value, d.installations, d.events, d.cost, d.minutes, d.ratingSum, d.ratingCount]);
    const insertActivity = this.statement('INSERT OR IGNORE INTO activity (day, installation) VALUES (?, ?)');
    const countDay = this.statement('INSERT INTO daily (day, installations) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET installations = installations + 1');
    for (const [day, installation] of activity.values()) if (insertActivity.run([day, installation]).changes > 0) countDay.run([day]);
    return { stored, duplicates: events.length - stored };
  }

  /** Deletes raw events older than `time` (ms); the rollups keep their figures. */
  pruneBefore(time: number): number {
    return this.transaction(() => this.statement('DELETE FROM events WHERE time < ?').run([time]).changes);
  }

  /** The number of raw events stored. */
  eventCount(): number {
    return Number(this.get('SELECT count(*) AS n FROM events')?.n ?? 0);
  }

  private installationId(uid: string): number {
    const cached = this.installationIds.get(uid);
    if (cached !== undefined) return cached;
    this.statement('INSERT OR IGNORE INTO installations (uid) VALUES (?)').run([uid]);
    const id = Number(this.get('SELECT id FROM installations WHERE uid = ?', [uid])?.id);
    if (this.installationIds.size >= CACHE_LIMIT) this.installationIds.clear();
    this.installationIds.set(uid, id);
    return id;
  }

  private resourceId(installation: number, team: string, extensionVersion: string, editor: string, editorVersion: string): number {
    const key = `${installation}\u0000${team}\u0000${extensionVersion}\u0000${editor}\u0000${editorVersion}`;
    const cached = this.resourceIds.get(key);
    if (cached !== undefined) return cached;
    const values = [installation, team, extensionVersion, editor, editorVersion];
    this.statement('INSERT OR IGNORE INTO resources (installation, team, extension_version, editor, editor_version) VALUES (?, ?, ?, ?, ?)').run(values);
    const id = Number(this.get('SELECT id FROM resources WHERE installation = ? AND team = ? AND extension_version = ? AND editor = ? AND editor_version = ?', values)?.id);
    if (this.resourceIds.size >= CACHE_LIMIT) this.resourceIds.clear();
    this.resourceIds.set(key, id);
    return id;
  }

  private statement(sql: string): ReturnType<Database['prepare']> {
    let statement = this.statements.get(sql);
    if (statement === undefined) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}

import { createHash } from 'node:crypto';
import { COST_BUCKET_MIDPOINTS, type DecodedEvent } from '../core/telemetry';
import { type Driver, type Row, type Sql, type SqlValue } from './storage/driver';
import { openDriver } from './storage/open';
import { ensureSchema } from './storage/schema';
import { type ToolSignal, signalsOfAiGuardEvent } from './signals/mapping';
import { countEnrolment, type CountedSignal, storeSignals, updateToolRollups } from './signals/rollups';
import { dayOf, dayOfIso, weekOf } from './time';

/**
 * The collector's storage, over a `Driver` (SQLite or PostgreSQL; see storage/driver.ts for the
 * SQL both accept, storage/schema.ts for the tables).
 *
 * Ingest is group-committed: a request's events are queued, and one transaction stores every
 * batch queued while the previous transaction ran, with set-based statements (a few statements
 * per table for the whole group, not one per event). Each request's promise resolves only once
 * the transaction that holds its events is committed, so an acknowledged event is durable; a
 * group that fails is retried batch by batch, so one bad batch never fails another's request.
 */

export { SCHEMA_VERSION } from './storage/schema';
export { isBusy, StoreBusyError, StoreLockedError } from './storage/driver';

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
  /** Other tools' signals counted (a retried one, or a counter that did not move, is not). */
  signals?: number;
  /** Events already stored (a client's retry after a lost response): stored once. */
  duplicates: number;
}

/**
 * The id of an event its sender did not identify (`log.record.uid` missing): a digest of all it
 * says, so that a retry is stored once and two different events of one millisecond twice.
 */
function contentUid(time: number, name: string, attributes: string): string {
  return `sha256:${createHash('sha256').update(`${time}\u0000${name}\u0000${attributes}`).digest('base64url')}`;
}

/** Caches of row ids stop growing past this; they are only a shortcut. */
const CACHE_LIMIT = 100_000;
/** Rows per multi-row statement: well under both engines' limits on parameters (SQLite 32,766). */
const ROWS_PER_STATEMENT = 400;
/** Events in one group commit at most; what is queued beyond waits for the next transaction. */
const EVENTS_PER_GROUP = 50_000;

/**
 * What comes with a batch of events: other tools' signals, and which installations are
 * enrolled. Without `enrolled` every installation counts towards k (the store's own tests and
 * the benchmark); the routes always say which are.
 */
export interface InsertOptions {
  signals?: readonly ToolSignal[];
  enrolled?: ReadonlySet<string>;
}

interface Pending {
  events: readonly DecodedEvent[];
  receivedAt: number;
  options: InsertOptions;
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

/** `INSERT INTO table (columns) VALUES (?, …), (?, …) <tail>` over `rows`, in statements of bounded size. */
async function insertRows(sql: Sql, head: string, columns: number, rows: readonly SqlValue[][], tail: string): Promise<Row[]> {
  const returned: Row[] = [];
  const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + ROWS_PER_STATEMENT);
    const text = `${head} VALUES ${chunk.map(() => one).join(', ')} ${tail}`;
    const params = chunk.flat();
    if (/\bRETURNING\b/.test(tail)) returned.push(...(await sql.all(text, params)));
    else await sql.run(text, params);
  }
  return returned;
}

/** `SELECT … WHERE column IN (?, …)` over `values`, in statements of bounded size. */
async function selectIn(sql: Sql, head: string, values: readonly SqlValue[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (let from = 0; from < values.length; from += ROWS_PER_STATEMENT) {
    const chunk = values.slice(from, from + ROWS_PER_STATEMENT);
    rows.push(...(await sql.all(`${head} (${chunk.map(() => '?').join(', ')})`, chunk)));
  }
  return rows;
}

export class TelemetryStore {
  private readonly installationIds = new Map<string, number>();
  private readonly resourceIds = new Map<string, number>();
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private open = true;

  constructor(readonly driver: Driver) {}

  /** Opens (creating or upgrading) the database `location` names: a SQLite file or a PostgreSQL URL. */
  static async open(location: string): Promise<TelemetryStore> {
    return TelemetryStore.over(await openDriver(location));
  }

  /** Opens a store over `driver`, creating or upgrading its tables; closes the driver on failure. */
  static async over(driver: Driver): Promise<TelemetryStore> {
    try {
      await ensureSchema(driver);
    } catch (error) {
      await driver.close();
      throw error;
    }
    return new TelemetryStore(driver);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Waits for the queued batches to be committed, then closes the database. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    while (this.flushing !== undefined) await this.flushing;
    await this.driver.close();
  }

  /** Rows of a read query (the dashboard's). */
  all(sql: string, values: readonly SqlValue[] = []): Promise<Row[]> {
    return this.driver.all(sql, values);
  }

  /** The first row of a query. */
  async get(sql: string, values: readonly SqlValue[] = []): Promise<Row | undefined> {
    return (await this.driver.all(sql, values))[0];
  }

  /**
   * Stores a batch of decoded events and updates the rollups: all of the batch or none of it,
   * resolved once durable. An event already stored (same installation and event id) is skipped.
   */
  insert(events: readonly DecodedEvent[], receivedAt: number = Date.now(), options: InsertOptions = {}): Promise<InsertResult> {
    if (!this.open) return Promise.reject(new Error('the store is closed'));
    if (events.length === 0 && (options.signals?.length ?? 0) === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    return new Promise((resolve, reject) => {
      this.pending.push({ events, receivedAt, options, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Commits what is queued, group after group, until nothing is. */
  private async flush(): Promise<void> {
    // Requests that arrive in the same turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0) {
        let count = 0;
        let take = 0;
        while (take < this.pending.length && (take === 0 || count + (this.pending[take] as Pending).events.length <= EVENTS_PER_GROUP)) count += (this.pending[take++] as Pending).events.length;
        const group = this.pending.splice(0, take);
        try {
          const results = await this.commit(group);
          group.forEach((item, i) => item.resolve(results[i] as InsertResult));
        } catch (error) {
          if (group.length === 1) (group[0] as Pending).reject(error);
          // One batch's failure must not fail the others: each alone, in its own transaction.
          else
            for (const item of group) {
              try {
                item.resolve(((await this.commit([item])) as [InsertResult])[0]);
              } catch (alone) {
                item.reject(alone);
              }
            }
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async commit(group: readonly Pending[]): Promise<InsertResult[]> {
    try {
      return await this.driver.transaction((sql) => this.insertGroup(sql, group));
    } catch (error) {
      // Ids cached during the failed transaction may name rows that were rolled back.
      this.installationIds.clear();
      this.resourceIds.clear();
      throw error;
    }
  }

  private async insertGroup(sql: Sql, group: readonly Pending[]): Promise<InsertResult[]> {
    const all = group.flatMap((item) => item.events);
    // One batch after the other: their statements share the transaction's connection.
    const signals: number[] = [];
    for (const item of group) signals.push(await storeSignals(sql, item.options.signals ?? [], item.receivedAt));
    if (all.length === 0) return group.map((_, i) => ({ stored: 0, duplicates: 0, signals: signals[i] as number }));
    await this.resolveInstallations(sql, [...new Set(all.map((e) => e.resource.installationId))]);
    await this.resolveResources(sql, all);

    // The group's events, once each (a retry can repeat an event within one group).
    const rows: SqlValue[][] = [];
    const keyOf: string[][] = [];
    const seen = new Set<string>();
    for (const item of group) {
      const keys: string[] = [];
      for (const { time, event, resource, uid } of item.events) {
        const installation = this.installationIds.get(resource.installationId) as number;
        const resourceId = this.resourceIds.get(resourceKey(installation, resource)) as number;
        const { name, ...attributes } = event;
        const json = JSON.stringify(attributes);
        const id = uid === undefined ? contentUid(time, name, json) : `id:${uid}`;
        const key = `${installation}\u0000${id}`;
        keys.push(key);
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push([time, item.receivedAt, name, installation, resourceId, json, id]);
      }
      keyOf.push(keys);
    }
    const inserted = new Set(
      (await insertRows(sql, 'INSERT INTO events (time, received, name, installation, resource, attributes, uid)', 7, rows, 'ON CONFLICT DO NOTHING RETURNING installation, uid')).map(
        (row) => `${Number(row.installation)}\u0000${String(row.uid)}`,
      ),
    );

    const results: InsertResult[] = [];
    const stored: Array<{ event: DecodedEvent; installation: number; counts: boolean }> = [];
    group.forEach((item, i) => {
      let count = 0;
      (keyOf[i] as string[]).forEach((key, j) => {
        // Only the first occurrence of a newly inserted key counts as stored.
        if (!inserted.delete(key)) return;
        count += 1;
        const event = item.events[j] as DecodedEvent;
        stored.push({ event, installation: this.installationIds.get(event.resource.installationId) as number, counts: item.options.enrolled?.has(event.resource.installationId) ?? true });
      });
      results.push({ stored: count, duplicates: item.events.length - count, ...(item.options.signals === undefined ? {} : { signals: signals[i] as number }) });
    });
    if (stored.length > 0) await this.updateRollups(sql, stored);
    return results;
  }

  private async updateRollups(sql: Sql, stored: ReadonlyArray<{ event: DecodedEvent; installation: number; counts: boolean }>): Promise<void> {
    const deltas = new Map<string, Delta>();
    const members = new Map<string, SqlValue[]>();
    const activity = new Map<string, SqlValue[]>();
    let counts = true;
    const add = (dim: Dimension, value: string, week: number, installation: number, amounts: Partial<Pick<Delta, 'cost' | 'minutes' | 'ratingSum' | 'ratingCount'>> = {}) => {
      const key = `${dim}\u0000${week}\u0000${value}`;
      let delta = deltas.get(key);
      if (delta === undefined) deltas.set(key, (delta = { dim, week, value, installations: 0, events: 0, cost: 0, minutes: 0, ratingSum: 0, ratingCount: 0 }));
      delta.events += 1;
      delta.cost += amounts.cost ?? 0;
      delta.minutes += amounts.minutes ?? 0;
      delta.ratingSum += amounts.ratingSum ?? 0;
      delta.ratingCount += amounts.ratingCount ?? 0;
      // An installation the collector did not enrol adds to the sums, never to the k count.
      if (counts) members.set(`${key}\u0000${installation}`, [dim, value, week, installation]);
    };

    // AI Guard's own events per tool too (tool `ai-guard`), from the events stored just now.
    const toolSignals: CountedSignal[] = [];
    for (const { event: decoded, installation, counts: enrolled } of stored) {
      counts = enrolled;
      for (const signal of signalsOfAiGuardEvent(decoded, 'ai-guard', enrolled, '')) toolSignals.push({ signal, installation, quantity: signal.quantity });
      const { event, resource, time } = decoded;
      const day = event.name === 'aiguard.daily_activity' ? dayOfIso(event.day) : dayOf(time);
      const week = weekOf(day);
      activity.set(`${day}\u0000${installation}`, [day, installation]);
      add('active', '', week, installation);
      add('team', resource.team ?? '', week, installation);
      switch (event.name) {
        case 'aiguard.prompt_run': {
          const cost = COST_BUCKET_MIDPOINTS[event.cost];
          for (const [dim, value] of [
            ['run', ''],
            ['template', event.template],
            ['profile', event.profile],
            ['provider', event.providerKind],
            ['level', event.level],
            ['outcome', event.outcome],
          ] as const)
            add(dim, value, week, installation, { cost });
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

    // A member row that is new adds one installation to its week's cell.
    for (const row of await insertRows(sql, 'INSERT INTO member (dim, value, week, installation)', 4, [...members.values()], 'ON CONFLICT DO NOTHING RETURNING dim, value, week')) {
      (deltas.get(`${String(row.dim)}\u0000${Number(row.week)}\u0000${String(row.value)}`) as Delta).installations += 1;
    }
    await insertRows(
      sql,
      'INSERT INTO weekly (dim, week, value, installations, events, cost, minutes, rating_sum, rating_count)',
      9,
      [...deltas.values()].map((d) => [d.dim, d.week, d.value, d.installations, d.events, d.cost, d.minutes, d.ratingSum, d.ratingCount]),
      `ON CONFLICT (dim, week, value) DO UPDATE SET installations = weekly.installations + excluded.installations, events = weekly.events + excluded.events, cost = weekly.cost + excluded.cost,
         minutes = weekly.minutes + excluded.minutes, rating_sum = weekly.rating_sum + excluded.rating_sum, rating_count = weekly.rating_count + excluded.rating_count`,
    );
    const days = new Map<number, number>();
    for (const row of await insertRows(sql, 'INSERT INTO activity (day, installation)', 2, [...activity.values()], 'ON CONFLICT DO NOTHING RETURNING day'))
      days.set(Number(row.day), (days.get(Number(row.day)) ?? 0) + 1);
    await insertRows(sql, 'INSERT INTO daily (day, installations)', 2, [...days], 'ON CONFLICT (day) DO UPDATE SET installations = daily.installations + excluded.installations');
    await updateToolRollups(sql, toolSignals);
  }

  /** Counts an installation id issued at `time`, for the dashboard's flag on bursts. */
  async countEnrolment(time: number): Promise<void> {
    await this.driver.transaction((sql) => countEnrolment(sql, time));
  }

  /** Deletes raw events older than `time` (ms); the rollups keep their figures. */
  async pruneBefore(time: number): Promise<number> {
    return (await this.driver.transaction((sql) => sql.run('DELETE FROM events WHERE time < ?', [time]))).changes;
  }

  /** The number of raw events stored. */
  async eventCount(): Promise<number> {
    return Number((await this.get('SELECT count(*) AS n FROM events'))?.n ?? 0);
  }

  /** Fills the cache of installation row ids for `uids`, adding the installations not yet known. */
  private async resolveInstallations(sql: Sql, uids: readonly string[]): Promise<void> {
    let missing = uids.filter((uid) => !this.installationIds.has(uid));
    if (missing.length === 0) return;
    if (this.installationIds.size + missing.length > CACHE_LIMIT) {
      this.installationIds.clear();
      missing = [...uids];
    }
    await insertRows(
      sql,
      'INSERT INTO installations (uid)',
      1,
      missing.map((uid) => [uid]),
      'ON CONFLICT DO NOTHING',
    );
    for (const row of await selectIn(sql, 'SELECT id, uid FROM installations WHERE uid IN', missing)) this.installationIds.set(String(row.uid), Number(row.id));
  }

  /** Fills the cache of resource row ids for the events' resources, adding the new ones. */
  private async resolveResources(sql: Sql, events: readonly DecodedEvent[]): Promise<void> {
    const wanted = new Map<string, SqlValue[]>();
    for (const { resource } of events) {
      const installation = this.installationIds.get(resource.installationId) as number;
      wanted.set(resourceKey(installation, resource), [installation, resource.team ?? '', resource.extensionVersion, resource.editor, resource.editorVersion]);
    }
    let missing = new Map([...wanted].filter(([key]) => !this.resourceIds.has(key)));
    if (missing.size === 0) return;
    if (this.resourceIds.size + missing.size > CACHE_LIMIT) {
      this.resourceIds.clear();
      missing = wanted;
    }
    await insertRows(sql, 'INSERT INTO resources (installation, team, extension_version, editor, editor_version)', 5, [...missing.values()], 'ON CONFLICT DO NOTHING');
    const installations = [...new Set([...missing.values()].map((row) => row[0] as number))];
    for (const row of await selectIn(sql, 'SELECT id, installation, team, extension_version, editor, editor_version FROM resources WHERE installation IN', installations)) {
      const key = [Number(row.installation), row.team, row.extension_version, row.editor, row.editor_version].join('\u0000');
      if (missing.has(key)) this.resourceIds.set(key, Number(row.id));
    }
  }
}

function resourceKey(installation: number, resource: DecodedEvent['resource']): string {
  return [installation, resource.team ?? '', resource.extensionVersion, resource.editor, resource.editorVersion].join('\u0000');
}

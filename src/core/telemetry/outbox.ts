import * as z from 'zod/mini';
import { dailyActivityOf } from './builders';
import { type TelemetryEvent, TelemetryEventSchema } from './events';
import type { TimedEvent } from './otlp';

/**
 * The telemetry outbox: events waiting to be sent, the random installation id, the day activity
 * was last reported, and the telemetry log (what was sent, refused or dropped), in one small
 * JSON document behind a storage port. The editor backs it with a file in its global storage,
 * shared by every window on the machine, so every change is a read–modify–write under the
 * storage's lock, and a window never works from a stale copy.
 *
 * The document is a journal: a snapshot (the whole state, on the first line) followed by one
 * line per change (what it added, removed or set), appended. Rewriting the whole document on
 * every event cost about 1.2 MB of writes per event with a full queue and its log; a change is
 * now a few hundred bytes, and the journal is compacted into a new snapshot (written atomically)
 * once the appended lines outweigh it, so the file stays under about twice the snapshot's size.
 * Each line starts with a newline: an append a crash cut short is a line of its own, which
 * does not parse and is skipped, and the next append starts clean.
 *
 * The outbox is bounded: beyond `capacity` events the oldest are dropped and counted, and the
 * count is shown in the telemetry log. A window sends only while it holds the sending lease,
 * so two windows do not post the same batch.
 */

/** The file (or key) the outbox is kept under. */
export interface TelemetryStorage {
  /** The stored text, or undefined when there is none yet. */
  read(): Promise<string | undefined>;
  /** Replaces the stored text (atomically: a reader sees the old or the new text, never a mix). */
  write(text: string): Promise<void>;
  /** Adds `text` at the end of the stored text (creating it when there is none). */
  append(text: string): Promise<void>;
  /** Runs `work` while no other process or window holds the lock. */
  withLock<T>(work: () => Promise<T>): Promise<T>;
}

export interface QueuedEvent extends TimedEvent {
  /** Local to the outbox (to acknowledge a batch); never sent. */
  id: string;
}

/** One line of the telemetry log. */
export interface LogEntry {
  time: number;
  /**
   * `sent`: the endpoint accepted the batch; `refused`: it answered with a 4xx that retrying
   * cannot fix, so the batch was dropped; `dropped`: the outbox was full and its oldest events
   * went; `cleared`: the queue was emptied (telemetry turned off, or the id reset).
   */
  kind: 'sent' | 'refused' | 'dropped' | 'cleared';
  count: number;
  /** The HTTP status, for `sent` and `refused`. */
  status?: number;
  /** The exact body that was posted, for `sent` and `refused`. */
  body?: string;
  /** What the endpoint said about refused records (OTLP partial success), or why a batch was refused. */
  note?: string;
}

export interface OutboxState {
  installationId: string | undefined;
  /** The collector (its base URL) that issued the installation id, when one did (`POST /v1/enrol`). */
  enrolledAt?: string | undefined;
  events: QueuedEvent[];
  /** Events dropped because the outbox was full, since the installation id was drawn. */
  dropped: number;
  lastActiveDay: string | undefined;
  lease: { owner: string; until: number } | undefined;
  log: LogEntry[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The stored document is external input (any process can write the file): the envelope is read
// loosely, then each event strictly; an event that does not pass is dropped and counted.
const StoredSchema = z.object({
  version: z.literal(1),
  installationId: z.optional(z.string().check(z.regex(UUID))),
  enrolledAt: z.optional(z.string().check(z.maxLength(2048))),
  events: z._default(z.array(z.object({ id: z.string().check(z.maxLength(64)), time: z.number(), event: z.unknown() })), []),
  dropped: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  lastActiveDay: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  lease: z.optional(z.object({ owner: z.string(), until: z.number() })),
  log: z._default(
    z.array(
      z.object({
        time: z.number(),
        kind: z.enum(['sent', 'refused', 'dropped', 'cleared']),
        count: z.number(),
        status: z.optional(z.number()),
        body: z.optional(z.string()),
        note: z.optional(z.string()),
      }),
    ),
    [],
  ),
});

/** One appended change: the scalar fields as they now are, and what the arrays gained and lost. */
const DeltaSchema = z.object({
  delta: z.literal(1),
  installationId: z.optional(z.string()),
  enrolledAt: z.optional(z.string()),
  dropped: z.number(),
  lastActiveDay: z.optional(z.string()),
  lease: z.optional(z.unknown()),
  /** Ids of the queued events that left the queue; `all` when it was emptied. */
  removed: z._default(z.union([z.literal('all'), z.array(z.string())]), []),
  added: z._default(z.array(z.unknown()), []),
  /** Log entries dropped from the start of the log, the last entry's new value, and new entries. */
  logTrimmed: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  logLast: z.optional(z.unknown()),
  logAdded: z._default(z.array(z.unknown()), []),
});
type Delta = z.infer<typeof DeltaSchema>;

/** Appended lines stop being appended past this size or the snapshot's, whichever is larger: the journal is compacted. */
const JOURNAL_MIN_BYTES = 64 * 1024;

/** A state's arrays as they were before a change: the same objects, for telling what changed. */
interface Before {
  events: readonly QueuedEvent[];
  log: readonly LogEntry[];
  lastLog: string | undefined;
  scalars: string;
}

const scalarsOf = (state: OutboxState) => JSON.stringify([state.installationId, state.enrolledAt, state.dropped, state.lastActiveDay, state.lease]);

/**
 * The change from `before` to `state` as one journal line, or undefined when the change is not
 * one a delta can say (the arrays were reordered): the caller then writes a snapshot.
 */
function deltaOf(before: Before, state: OutboxState): Delta | 'none' | undefined {
  const kept = new Set<QueuedEvent>(state.events);
  const previous = new Set<QueuedEvent>(before.events);
  const removedEvents = before.events.filter((event) => !kept.has(event));
  const added = state.events.filter((event) => !previous.has(event));
  const remaining = before.events.filter((event) => kept.has(event));
  if (!remaining.every((event, i) => state.events[i] === event) || state.events.length !== remaining.length + added.length) return undefined;
  const previousLog = new Set<LogEntry>(before.log);
  const keptLog = state.log.filter((entry) => previousLog.has(entry));
  const logTrimmed = before.log.length - keptLog.length;
  if (!keptLog.every((entry, i) => before.log[logTrimmed + i] === entry && state.log[i] === entry)) return undefined;
  const logAdded = state.log.slice(keptLog.length);
  const last = keptLog[keptLog.length - 1];
  const lastChanged = last !== undefined && logTrimmed + keptLog.length === before.log.length && JSON.stringify(last) !== before.lastLog;
  if (removedEvents.length === 0 && added.length === 0 && logTrimmed === 0 && logAdded.length === 0 && !lastChanged && scalarsOf(state) === before.scalars) return 'none';
  return {
    delta: 1,
    ...(state.installationId !== undefined ? { installationId: state.installationId } : {}),
    ...(state.enrolledAt !== undefined ? { enrolledAt: state.enrolledAt } : {}),
    dropped: state.dropped,
    ...(state.lastActiveDay !== undefined ? { lastActiveDay: state.lastActiveDay } : {}),
    ...(state.lease !== undefined ? { lease: state.lease } : {}),
    removed: remaining.length === 0 && removedEvents.length > 0 ? 'all' : removedEvents.map((event) => event.id),
    added,
    logTrimmed,
    ...(lastChanged ? { logLast: last } : {}),
    logAdded,
  };
}

/**
 * The stored document the journal's lines make: the snapshot with each change applied, as raw
 * data (the caller checks it, event by event, as it checks a snapshot). A line that does not
 * parse (an append a crash cut short) is skipped.
 */
function replay(text: string): unknown {
  const lines = text.split('\n');
  let document: unknown;
  try {
    document = JSON.parse(lines[0] ?? '');
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const doc = { ...(document as Record<string, unknown>) };
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = DeltaSchema.safeParse(raw);
    if (!parsed.success) continue;
    const delta = parsed.data;
    for (const key of ['installationId', 'enrolledAt', 'lastActiveDay', 'lease'] as const) doc[key] = delta[key];
    doc.dropped = delta.dropped;
    const events = Array.isArray(doc.events) ? (doc.events as unknown[]) : [];
    const removed = delta.removed === 'all' ? undefined : new Set(delta.removed);
    doc.events = [...(removed === undefined ? [] : events.filter((event) => !removed.has(String((event as { id?: unknown } | null)?.id)))), ...delta.added];
    const log = (Array.isArray(doc.log) ? (doc.log as unknown[]) : []).slice(delta.logTrimmed);
    if (delta.logLast !== undefined && log.length > 0) log[log.length - 1] = delta.logLast;
    doc.log = [...log, ...delta.logAdded];
  }
  return doc;
}

export interface OutboxOptions {
  /** The most events kept (default 1,000); beyond it the oldest are dropped and counted. */
  capacity?: number;
  /** The most telemetry log entries kept (default 20 batches). */
  logEntries?: number;
  now?: () => number;
  /** A random UUID v4 (injected so tests are repeatable; `crypto.randomUUID` in production). */
  randomUuid: () => string;
}

const empty = (): OutboxState => ({ installationId: undefined, events: [], dropped: 0, lastActiveDay: undefined, lease: undefined, log: [] });

export class Outbox {
  readonly capacity: number;
  private readonly logEntries: number;
  private readonly now: () => number;
  private readonly randomUuid: () => string;

  constructor(
    private readonly storage: TelemetryStorage,
    options: OutboxOptions,
  ) {
    this.capacity = Math.max(1, options.capacity ?? 1_000);
    this.logEntries = Math.max(1, options.logEntries ?? 20);
    this.now = options.now ?? Date.now;
    this.randomUuid = options.randomUuid;
  }

  /** The current state, read afresh (for the telemetry log and tests). */
  async snapshot(): Promise<OutboxState> {
    return this.read();
  }

  /** The installation id, drawn at random the first time. */
  async installationId(): Promise<string> {
    return this.update((state) => {
      state.installationId ??= this.randomUuid();
      return state.installationId;
    });
  }

  /** The installation id, if the collector at `collector` issued it. */
  async enrolledId(collector: string): Promise<string | undefined> {
    const state = await this.read();
    return state.enrolledAt === collector ? state.installationId : undefined;
  }

  /**
   * Takes the id a collector issued (`POST /v1/enrol`) as the installation id: the collector counts
   * only the ids it issued towards its anonymity threshold. Queued events stay: they carry no id
   * of their own, and the one drawn at random was only ever sent to that same collector.
   */
  async adoptEnrolledId(id: string, collector: string): Promise<void> {
    if (!UUID.test(id)) throw new Error('the collector issued an installation id that is not a UUID');
    await this.update((state) => {
      state.installationId = id;
      state.enrolledAt = collector;
    });
  }

  /**
   * Draws a new installation id. Queued events are cleared (sent under the new id they would tie
   * it to the old one), and so is the day last reported.
   */
  async resetInstallationId(): Promise<string> {
    return this.update((state) => {
      this.clearQueue(state);
      state.installationId = this.randomUuid();
      state.enrolledAt = undefined;
      state.dropped = 0;
      state.lastActiveDay = undefined;
      return state.installationId;
    });
  }

  /** Empties the queue (telemetry was turned off): those events will never be sent. */
  async clear(): Promise<number> {
    return this.update((state) => this.clearQueue(state));
  }

  /** Queues events (each checked against the schema first); returns how many were queued. */
  async enqueue(events: readonly TelemetryEvent[], time: number = this.now()): Promise<number> {
    const valid = events.filter((event) => TelemetryEventSchema.safeParse(event).success);
    if (valid.length === 0) return 0;
    return this.update((state) => {
      for (const event of valid) state.events.push({ id: this.randomUuid(), time, event });
      this.bound(state);
      return valid.length;
    });
  }

  /** Queues events that each carry their own time (a hook's spool); returns how many were queued. */
  async enqueueTimed(items: ReadonlyArray<{ time: number; event: TelemetryEvent }>): Promise<number> {
    const valid = items.filter(({ time, event }) => Number.isFinite(time) && time > 0 && TelemetryEventSchema.safeParse(event).success);
    if (valid.length === 0) return 0;
    return this.update((state) => {
      for (const { time, event } of valid) state.events.push({ id: this.randomUuid(), time, event });
      this.bound(state);
      return valid.length;
    });
  }

  /**
   * Queues the day's `aiguard.daily_activity` unless this installation already reported `day`
   * (the day is kept with the queue, so every window agrees). Returns whether it was queued.
   */
  async markActive(day: string, time: number = this.now()): Promise<boolean> {
    const event = dailyActivityOf(day);
    if (event === undefined) return false;
    return this.update((state) => {
      if (state.lastActiveDay !== undefined && state.lastActiveDay >= day) return false;
      state.lastActiveDay = day;
      state.events.push({ id: this.randomUuid(), time, event });
      this.bound(state);
      return true;
    });
  }

  /**
   * Takes the sending lease for `owner` until `now + leaseMs` and returns the oldest `max`
   * events with the installation id; undefined when another owner's lease is still running or
   * nothing is queued.
   */
  async lease(owner: string, leaseMs: number, max: number): Promise<{ installationId: string; batch: QueuedEvent[] } | undefined> {
    return this.update((state) => {
      const now = this.now();
      if (state.lease !== undefined && state.lease.owner !== owner && state.lease.until > now) return undefined;
      if (state.events.length === 0) {
        if (state.lease?.owner === owner) state.lease = undefined;
        return undefined;
      }
      state.installationId ??= this.randomUuid();
      state.lease = { owner, until: now + leaseMs };
      return { installationId: state.installationId, batch: state.events.slice(0, Math.max(1, max)) };
    });
  }

  /**
   * Ends a send: removes the batch's events (those still queued) when it was sent or refused,
   * records the log entry, and gives the lease back.
   */
  async settle(owner: string, ids: readonly string[] | undefined, entry?: Omit<LogEntry, 'time'>): Promise<void> {
    await this.update((state) => {
      if (ids !== undefined) {
        const done = new Set(ids);
        state.events = state.events.filter((event) => !done.has(event.id));
      }
      if (entry !== undefined) this.log(state, entry);
      if (state.lease?.owner === owner) state.lease = undefined;
    });
  }

  private clearQueue(state: OutboxState): number {
    const count = state.events.length;
    if (count > 0) this.log(state, { kind: 'cleared', count });
    state.events = [];
    return count;
  }

  private bound(state: OutboxState): void {
    const excess = state.events.length - this.capacity;
    if (excess <= 0) return;
    state.events.splice(0, excess);
    state.dropped += excess;
    // One entry for consecutive drops, so a long outage does not push the sent batches out of the log.
    const last = state.log[state.log.length - 1];
    if (last?.kind === 'dropped') {
      last.count += excess;
      last.time = this.now();
    } else this.log(state, { kind: 'dropped', count: excess });
  }

  private log(state: OutboxState, entry: Omit<LogEntry, 'time'>): void {
    state.log.push({ time: this.now(), ...entry });
    if (state.log.length > this.logEntries) state.log.splice(0, state.log.length - this.logEntries);
  }

  private async update<T>(change: (state: OutboxState) => T): Promise<T> {
    return this.storage.withLock(async () => {
      const { state, snapshotBytes, journalBytes } = await this.load();
      const last = state.log[state.log.length - 1];
      const before: Before = { events: state.events.slice(), log: state.log.slice(), lastLog: last === undefined ? undefined : JSON.stringify(last), scalars: scalarsOf(state) };
      const result = change(state);
      const delta = snapshotBytes === 0 ? undefined : deltaOf(before, state);
      if (delta === 'none') return result;
      const line = delta === undefined ? undefined : `\n${JSON.stringify(delta)}`;
      // A snapshot when there is none yet, when a delta cannot say the change, or when the
      // appended lines would outweigh the snapshot: the file stays bounded.
      if (line === undefined || journalBytes + line.length > Math.max(JOURNAL_MIN_BYTES, snapshotBytes)) await this.storage.write(serialise(state));
      else await this.storage.append(line);
      return result;
    });
  }

  private async read(): Promise<OutboxState> {
    return (await this.load()).state;
  }

  /** The state, with the sizes of the snapshot and of the lines appended since (0 and 0 for none). */
  private async load(): Promise<{ state: OutboxState; snapshotBytes: number; journalBytes: number }> {
    const text = await this.storage.read();
    if (text === undefined || text.trim() === '') return { state: empty(), snapshotBytes: 0, journalBytes: 0 };
    const newline = text.indexOf('\n');
    const snapshotBytes = newline === -1 ? text.length : newline;
    const state = this.check(replay(text));
    // An unreadable snapshot is replaced by the next change's.
    return state === undefined ? { state: empty(), snapshotBytes: 0, journalBytes: 0 } : { state, snapshotBytes, journalBytes: text.length - snapshotBytes };
  }

  private check(raw: unknown): OutboxState | undefined {
    if (raw === undefined) return undefined;
    const parsed = StoredSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const stored = parsed.data;
    const events: QueuedEvent[] = [];
    let invalid = 0;
    for (const { id, time, event } of stored.events) {
      const checked = TelemetryEventSchema.safeParse(event);
      if (checked.success && Number.isFinite(time) && time > 0) events.push({ id, time, event: checked.data });
      else invalid += 1;
    }
    const log: LogEntry[] = stored.log.map((entry) => ({
      time: entry.time,
      kind: entry.kind,
      count: entry.count,
      ...(entry.status !== undefined ? { status: entry.status } : {}),
      ...(entry.body !== undefined ? { body: entry.body } : {}),
      ...(entry.note !== undefined ? { note: entry.note } : {}),
    }));
    return {
      installationId: stored.installationId,
      ...(stored.enrolledAt !== undefined && stored.installationId !== undefined ? { enrolledAt: stored.enrolledAt } : {}),
      events,
      dropped: stored.dropped + invalid,
      lastActiveDay: stored.lastActiveDay,
      lease: stored.lease,
      log,
    };
  }
}

function serialise(state: OutboxState): string {
  const stored = {
    version: 1,
    ...(state.installationId !== undefined ? { installationId: state.installationId } : {}),
    ...(state.enrolledAt !== undefined ? { enrolledAt: state.enrolledAt } : {}),
    events: state.events,
    dropped: state.dropped,
    ...(state.lastActiveDay !== undefined ? { lastActiveDay: state.lastActiveDay } : {}),
    ...(state.lease !== undefined ? { lease: state.lease } : {}),
    log: state.log,
  };
  return JSON.stringify(stored);
}

/** An outbox storage in memory, for tests and for hosts with nowhere to write. */
export function memoryTelemetryStorage(initial?: string): TelemetryStorage & { text: string | undefined } {
  let queue: Promise<unknown> = Promise.resolve();
  const storage = {
    text: initial,
    read: async () => storage.text,
    write: async (text: string) => {
      storage.text = text;
    },
    append: async (text: string) => {
      storage.text = (storage.text ?? '') + text;
    },
    withLock: <T>(work: () => Promise<T>): Promise<T> => {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },
  };
  return storage;
}

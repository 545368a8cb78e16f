import type { DatabaseSync } from 'node:sqlite';
import * as z from 'zod/mini';
import { openSqliteSync } from './storage/sqlite';

type SQLiteValue = string | number | bigint | null | Uint8Array;

/**
 * The audit trails forwarded by installations (`src/core/audit/forward.ts`), checked here, off
 * their machines: whoever can rewrite a log and read its key locally cannot rewrite what this
 * collector already holds. Each installation's logs (streams, opaque ids) are kept record by
 * record (digests only), and every batch is checked against what came before:
 * - `fork`: two different records with one number (two records claiming the same predecessor),
 *   or a record that does not follow the one received before it: the history was rewritten;
 * - `gap`: records that never arrived between two that did (forwarding skipped them);
 * - `restart`: a new chain (a `start` record numbered 1) where one was already known: the log
 *   was deleted or replaced;
 * - `truncation`: a log that now ends before a record already received (its head went backwards).
 * Retention checkpoints that stand for records already received are consistent, not forks.
 *
 * Its own SQLite file beside the telemetry database (`auditDbOf`), so the two stores stay apart;
 * with the PostgreSQL store the collector does not take forwarded trails yet.
 */

const HEX64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const SHORT = z.string().check(z.maxLength(128));

/** One forwarded record as this collector accepts it: what `digestOf` sends, strictly (an unknown field is refused, so nothing else is stored). */
const ForwardedRecordSchema = z.strictObject({
  seq: z.number().check(z.int(), z.positive()),
  prev: HEX64,
  hash: HEX64,
  type: z.enum(['start', 'call', 'hook', 'checkpoint', 'attempt', 'completion', 'recovery']),
  time: z.string().check(z.maxLength(40)),
  call: z.optional(z.string().check(z.regex(/^[0-9a-f-]{36}$/))),
  outcome: z.optional(SHORT),
  finishReason: z.optional(SHORT),
  tokens: z.optional(z.strictObject({ input: z.number().check(z.gte(0)), output: z.number().check(z.gte(0)) })),
  cost: z.optional(z.number().check(z.gte(0))),
  reserved: z.optional(z.number().check(z.gte(0))),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/))),
  templateSha256: z.optional(HEX64),
  provider: z.optional(z.strictObject({ id: SHORT, kind: z.optional(SHORT), model: z.optional(SHORT) })),
  levels: z.optional(z.array(SHORT).check(z.maxLength(16))),
  promptSha256: z.optional(HEX64),
  answerSha256: z.optional(HEX64),
  pruned: z.optional(z.number().check(z.int(), z.gte(0))),
  anchor: z.optional(HEX64),
  previousHead: z.optional(z.strictObject({ seq: z.number().check(z.int(), z.gte(0)), hash: HEX64 })),
  tool: z.optional(SHORT),
  event: z.optional(SHORT),
});

export const AuditBatchSchema = z.strictObject({
  v: z.literal(1),
  installation: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  stream: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  head: z.strictObject({ seq: z.number().check(z.int(), z.gte(0)), hash: HEX64 }),
  records: z.array(ForwardedRecordSchema),
});
export type AuditBatch = z.infer<typeof AuditBatchSchema>;
type Forwarded = AuditBatch['records'][number];

export type AuditFlagKind = 'fork' | 'gap' | 'restart' | 'truncation';

export interface AuditFlag {
  kind: AuditFlagKind;
  /** The record number it is about. */
  seq: number;
  detail: string;
  /** When it was found (ms since the epoch). */
  time: number;
}

export interface AuditStreamSummary {
  installation: string;
  stream: string;
  records: number;
  /** The record the log last said it ends at. */
  headSeq: number;
  /** How many times the chain started again (restarts). */
  chains: number;
  lastSeen: number;
  flags: AuditFlag[];
}

export interface AuditSummary {
  installations: number;
  streams: number;
  records: number;
  /** Streams with at least one flag, by kind. */
  flagged: Record<AuditFlagKind, number>;
  /** Every stream with a flag (the most recent first), then the others, at most `limit`. */
  list: AuditStreamSummary[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_streams (
  id INTEGER PRIMARY KEY,
  installation TEXT NOT NULL,
  stream TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  head_seq INTEGER NOT NULL,
  max_seq INTEGER NOT NULL,
  records INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  UNIQUE (installation, stream)
);
CREATE TABLE IF NOT EXISTS audit_records (
  stream INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  prev TEXT NOT NULL,
  chain TEXT NOT NULL,
  received INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream, epoch, seq, hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit_flags (
  stream INTEGER NOT NULL,
  kind TEXT NOT NULL,
  seq INTEGER NOT NULL,
  detail TEXT NOT NULL,
  time INTEGER NOT NULL,
  PRIMARY KEY (stream, kind, seq)
) WITHOUT ROWID;
`;

const GENESIS = '0'.repeat(64);

/** The audit store's file: beside the telemetry database, `<name>.audit.db`. */
export const auditDbOf = (db: string) => `${db.replace(/\.db$/, '')}.audit.db`;

interface StreamRow {
  id: number;
  epoch: number;
  max_seq: number;
  head_seq: number;
  records: number;
}

export interface AuditIngestResult {
  stored: number;
  duplicates: number;
  /** Flags this batch raised. */
  flags: AuditFlag[];
}

export class AuditChainStore {
  private open = true;
  private transaction = false;

  private constructor(private readonly connection: DatabaseSync) {}

  static open(file: string): AuditChainStore {
    const connection = openSqliteSync(file);
    try {
      connection.exec(SCHEMA);
      return new AuditChainStore(connection);
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.connection.close();
  }

  /** The few calls this store makes, over `node:sqlite`'s statements. */
  private get db() {
    const connection = this.connection;
    return {
      exec: (sql: string) => {
        connection.exec(sql);
        if (/^BEGIN/.test(sql)) this.transaction = true;
        if (/^(COMMIT|ROLLBACK)/.test(sql)) this.transaction = false;
      },
      run: (sql: string, values: SQLiteValue[] = []) => void connection.prepare(sql).run(...values),
      all: (sql: string, values: SQLiteValue[] = []) => connection.prepare(sql).all(...values) as Array<Record<string, SQLiteValue>>,
      inTransaction: this.transaction,
    };
  }

  private rows(sql: string, values: SQLiteValue[] = []): Array<Record<string, SQLiteValue>> {
    return this.db.all(sql, values);
  }

  /** Stores one batch and checks it against the stream's chain, in one transaction. */
  ingest(batch: AuditBatch, now: number): AuditIngestResult {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = this.ingestLocked(batch, now);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private stream(batch: AuditBatch, now: number): StreamRow {
    this.db.run('INSERT OR IGNORE INTO audit_streams (installation, stream, epoch, head_seq, max_seq, records, last_seen) VALUES (?, ?, 0, 0, 0, 0, ?)', [batch.installation, batch.stream, now]);
    return this.rows('SELECT id, epoch, max_seq, head_seq, records FROM audit_streams WHERE installation = ? AND stream = ?', [batch.installation, batch.stream])[0] as unknown as StreamRow;
  }

  private ingestLocked(batch: AuditBatch, now: number): AuditIngestResult {
    const stream = this.stream(batch, now);
    const flags: AuditFlag[] = [];
    const flag = (kind: AuditFlagKind, seq: number, detail: string) => {
      this.db.run('INSERT OR IGNORE INTO audit_flags (stream, kind, seq, detail, time) VALUES (?, ?, ?, ?, ?)', [stream.id, kind, seq, detail, now]);
      flags.push({ kind, seq, detail, time: now });
    };
    const at = (seq: number) => this.rows('SELECT hash, prev, chain FROM audit_records WHERE stream = ? AND epoch = ? AND seq = ?', [stream.id, stream.epoch, seq]) as unknown as Array<{ hash: string; prev: string; chain: string }>;
    let stored = 0;
    let duplicates = 0;
    for (const record of batch.records) {
      const existing = at(record.seq);
      if (existing.some((row) => row.hash === record.hash)) {
        duplicates++;
        continue;
      }
      // Retention replaced records already received by a checkpoint that anchors on the last of them.
      if (record.type === 'checkpoint' && record.anchor !== undefined && existing.some((row) => row.hash === record.anchor || row.chain === record.anchor)) {
        duplicates++;
        continue;
      }
      if (record.type === 'start' && record.seq === 1 && record.prev === GENESIS && stream.records > 0) {
        const said = record.previousHead ? ` (its start says the log it replaced ended at record ${record.previousHead.seq})` : '';
        stream.head_seq = 0;
        flag('restart', stream.max_seq, `a new chain started after record ${stream.max_seq} had been received: the log was deleted or replaced${said}`);
        stream.epoch++;
        stream.max_seq = 0;
      } else if (existing.length > 0) {
        const samePredecessor = existing.some((row) => row.prev === record.prev);
        flag('fork', record.seq, samePredecessor ? `two different records ${record.seq} claim the same predecessor: one was rewritten` : `two different records ${record.seq}: the history before it was rewritten`);
      }
      if (record.seq > 1 && record.type !== 'checkpoint' && !(record.type === 'start' && record.prev === GENESIS)) {
        const before = at(record.seq - 1);
        if (before.length > 0 && !before.some((row) => row.chain === record.prev)) {
          flag('fork', record.seq, `record ${record.seq} does not follow the record ${record.seq - 1} received earlier: the history was rewritten`);
        } else if (before.length === 0) {
          const below = Number(this.rows('SELECT MAX(seq) AS seq FROM audit_records WHERE stream = ? AND epoch = ? AND seq < ?', [stream.id, stream.epoch, record.seq])[0]?.seq ?? 0);
          if (below > 0) flag('gap', record.seq, `records ${below + 1} to ${record.seq - 1} never arrived`);
        }
      }
      const chain = record.type === 'checkpoint' && record.anchor !== undefined ? record.anchor : record.hash;
      this.db.run('INSERT OR IGNORE INTO audit_records (stream, epoch, seq, hash, prev, chain, received, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [stream.id, stream.epoch, record.seq, record.hash, record.prev, chain, now, JSON.stringify(record satisfies Forwarded)]);
      stored++;
      stream.records++;
      stream.max_seq = Math.max(stream.max_seq, record.seq);
    }
    const { head } = batch;
    const reached = Math.max(stream.max_seq, stream.head_seq);
    if (head.seq < reached) flag('truncation', head.seq, `the log now ends at record ${head.seq}, but record ${reached} was received before: records were removed from its end`);
    else if (head.seq > 0 && at(head.seq).length > 0 && !at(head.seq).some((row) => row.hash === head.hash || row.chain === head.hash)) flag('fork', head.seq, `the log's record ${head.seq} is not the one received: it was rewritten`);
    // Where the log says it ends now; the most ever received stays, so a cut end keeps showing.
    this.db.run('UPDATE audit_streams SET epoch = ?, head_seq = ?, max_seq = ?, records = ?, last_seen = ? WHERE id = ?', [stream.epoch, head.seq, stream.max_seq, stream.records, now, stream.id]);
    return { stored, duplicates, flags };
  }

  /** The streams and their flags, for the dashboard and the summary API. */
  summary(limit = 50): AuditSummary {
    const totals = this.rows('SELECT COUNT(DISTINCT installation) AS installations, COUNT(*) AS streams, COALESCE(SUM(records), 0) AS records FROM audit_streams')[0] ?? {};
    const flagged = { fork: 0, gap: 0, restart: 0, truncation: 0 };
    for (const row of this.rows('SELECT kind, COUNT(DISTINCT stream) AS streams FROM audit_flags GROUP BY kind')) flagged[row.kind as AuditFlagKind] = Number(row.streams);
    const streams = this.rows(
      `SELECT s.id, s.installation, s.stream, s.records, s.head_seq, s.epoch, s.last_seen, MAX(f.time) AS flagged
       FROM audit_streams s LEFT JOIN audit_flags f ON f.stream = s.id
       GROUP BY s.id ORDER BY flagged IS NULL, flagged DESC, s.last_seen DESC LIMIT ?`,
      [limit],
    );
    const list = streams.map((row) => ({
      installation: String(row.installation),
      stream: String(row.stream),
      records: Number(row.records),
      headSeq: Number(row.head_seq),
      chains: Number(row.epoch) + 1,
      lastSeen: Number(row.last_seen),
      flags: this.rows('SELECT kind, seq, detail, time FROM audit_flags WHERE stream = ? ORDER BY time, seq LIMIT 20', [row.id as number]).map((flag) => ({ kind: flag.kind as AuditFlagKind, seq: Number(flag.seq), detail: String(flag.detail), time: Number(flag.time) })),
    }));
    return { installations: Number(totals.installations ?? 0), streams: Number(totals.streams ?? 0), records: Number(totals.records ?? 0), flagged, list };
  }
}

import * as z from 'zod/mini';
import type { Dialect, Driver, Row, Sql, SqlValue } from './storage/driver';
import { isPostgresUrl, openDriver } from './storage/open';

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
 * With the SQLite store, its own file beside the telemetry database (`auditDbOf`), so the two
 * stay apart; with the PostgreSQL store, its own tables (`audit_*`) in the same database. The
 * statements are in the SQL both engines accept (storage/driver.ts).
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

function schemaSql(d: Dialect): string {
  return `
CREATE TABLE IF NOT EXISTS audit_streams (
  id ${d.serialKey},
  installation TEXT NOT NULL,
  stream TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  head_seq BIGINT NOT NULL,
  max_seq BIGINT NOT NULL,
  records BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  UNIQUE (installation, stream)
);
CREATE TABLE IF NOT EXISTS audit_records (
  stream BIGINT NOT NULL,
  epoch INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  prev TEXT NOT NULL,
  chain TEXT NOT NULL,
  received BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream, epoch, seq, hash)
)${d.keyedTable};
CREATE TABLE IF NOT EXISTS audit_flags (
  stream BIGINT NOT NULL,
  kind TEXT NOT NULL,
  seq BIGINT NOT NULL,
  detail TEXT NOT NULL,
  time BIGINT NOT NULL,
  PRIMARY KEY (stream, kind, seq)
)${d.keyedTable};
`;
}

const GENESIS = '0'.repeat(64);

/** The audit store's database: beside a SQLite telemetry file, `<name>.audit.db`; a PostgreSQL database is shared. */
export const auditDbOf = (db: string) => (isPostgresUrl(db) ? db : `${db.replace(/\.db$/, '')}.audit.db`);

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

  private constructor(private readonly driver: Driver) {}

  /** Opens (creating its tables in) the database `location` names: a SQLite file or a PostgreSQL URL. */
  static async open(location: string): Promise<AuditChainStore> {
    const driver = await openDriver(location);
    try {
      await driver.transaction((sql) => sql.exec(schemaSql(driver.dialect)));
      return new AuditChainStore(driver);
    } catch (error) {
      await driver.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.driver.close();
  }

  /** Stores one batch and checks it against the stream's chain, in one transaction. */
  ingest(batch: AuditBatch, now: number): Promise<AuditIngestResult> {
    return this.driver.transaction((sql) => this.ingestLocked(sql, batch, now));
  }

  private async stream(sql: Sql, batch: AuditBatch, now: number): Promise<StreamRow> {
    await sql.run('INSERT INTO audit_streams (installation, stream, epoch, head_seq, max_seq, records, last_seen) VALUES (?, ?, 0, 0, 0, 0, ?) ON CONFLICT DO NOTHING', [
      batch.installation,
      batch.stream,
      now,
    ]);
    const row = (await sql.all('SELECT id, epoch, max_seq, head_seq, records FROM audit_streams WHERE installation = ? AND stream = ?', [batch.installation, batch.stream]))[0] as Row;
    return { id: Number(row.id), epoch: Number(row.epoch), max_seq: Number(row.max_seq), head_seq: Number(row.head_seq), records: Number(row.records) };
  }

  private async ingestLocked(sql: Sql, batch: AuditBatch, now: number): Promise<AuditIngestResult> {
    const stream = await this.stream(sql, batch, now);
    const flags: AuditFlag[] = [];
    const flag = async (kind: AuditFlagKind, seq: number, detail: string) => {
      await sql.run('INSERT INTO audit_flags (stream, kind, seq, detail, time) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [stream.id, kind, seq, detail, now]);
      flags.push({ kind, seq, detail, time: now });
    };
    const at = async (seq: number) =>
      (await sql.all('SELECT hash, prev, chain FROM audit_records WHERE stream = ? AND epoch = ? AND seq = ?', [stream.id, stream.epoch, seq])).map((row) => ({
        hash: String(row.hash),
        prev: String(row.prev),
        chain: String(row.chain),
      }));
    let stored = 0;
    let duplicates = 0;
    for (const record of batch.records) {
      const existing = await at(record.seq);
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
        await flag('restart', stream.max_seq, `a new chain started after record ${stream.max_seq} had been received: the log was deleted or replaced${said}`);
        stream.epoch++;
        stream.max_seq = 0;
      } else if (existing.length > 0) {
        const samePredecessor = existing.some((row) => row.prev === record.prev);
        await flag(
          'fork',
          record.seq,
          samePredecessor ? `two different records ${record.seq} claim the same predecessor: one was rewritten` : `two different records ${record.seq}: the history before it was rewritten`,
        );
      }
      if (record.seq > 1 && record.type !== 'checkpoint' && !(record.type === 'start' && record.prev === GENESIS)) {
        const before = await at(record.seq - 1);
        if (before.length > 0 && !before.some((row) => row.chain === record.prev)) {
          await flag('fork', record.seq, `record ${record.seq} does not follow the record ${record.seq - 1} received earlier: the history was rewritten`);
        } else if (before.length === 0) {
          const below = Number((await sql.all('SELECT MAX(seq) AS seq FROM audit_records WHERE stream = ? AND epoch = ? AND seq < ?', [stream.id, stream.epoch, record.seq]))[0]?.seq ?? 0);
          if (below > 0) await flag('gap', record.seq, `records ${below + 1} to ${record.seq - 1} never arrived`);
        }
      }
      const chain = record.type === 'checkpoint' && record.anchor !== undefined ? record.anchor : record.hash;
      await sql.run('INSERT INTO audit_records (stream, epoch, seq, hash, prev, chain, received, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        stream.id,
        stream.epoch,
        record.seq,
        record.hash,
        record.prev,
        chain,
        now,
        JSON.stringify(record satisfies Forwarded),
      ]);
      stored++;
      stream.records++;
      stream.max_seq = Math.max(stream.max_seq, record.seq);
    }
    const { head } = batch;
    const reached = Math.max(stream.max_seq, stream.head_seq);
    const atHead = head.seq > 0 ? await at(head.seq) : [];
    if (head.seq < reached) await flag('truncation', head.seq, `the log now ends at record ${head.seq}, but record ${reached} was received before: records were removed from its end`);
    else if (atHead.length > 0 && !atHead.some((row) => row.hash === head.hash || row.chain === head.hash))
      await flag('fork', head.seq, `the log's record ${head.seq} is not the one received: it was rewritten`);
    // Where the log says it ends now; the most ever received stays, so a cut end keeps showing.
    await sql.run('UPDATE audit_streams SET epoch = ?, head_seq = ?, max_seq = ?, records = ?, last_seen = ? WHERE id = ?', [stream.epoch, head.seq, stream.max_seq, stream.records, now, stream.id]);
    return { stored, duplicates, flags };
  }

  /** The streams and their flags, for the dashboard and the summary API. */
  async summary(limit = 50): Promise<AuditSummary> {
    const rows = (text: string, values: SqlValue[] = []) => this.driver.all(text, values);
    const totals = (await rows('SELECT COUNT(DISTINCT installation) AS installations, COUNT(*) AS streams, COALESCE(SUM(records), 0) AS records FROM audit_streams'))[0] ?? {};
    const flagged = { fork: 0, gap: 0, restart: 0, truncation: 0 };
    for (const row of await rows('SELECT kind, COUNT(DISTINCT stream) AS streams FROM audit_flags GROUP BY kind')) flagged[row.kind as AuditFlagKind] = Number(row.streams);
    // The flagged streams first, the most recently flagged first (written without an alias in
    // ORDER BY's expressions, which PostgreSQL does not allow).
    const streams = await rows(
      `SELECT s.id, s.installation, s.stream, s.records, s.head_seq, s.epoch, s.last_seen, MAX(f.time) AS flagged
       FROM audit_streams s LEFT JOIN audit_flags f ON f.stream = s.id
       GROUP BY s.id, s.installation, s.stream, s.records, s.head_seq, s.epoch, s.last_seen
       ORDER BY CASE WHEN MAX(f.time) IS NULL THEN 1 ELSE 0 END, MAX(f.time) DESC, s.last_seen DESC LIMIT ?`,
      [limit],
    );
    const list: AuditStreamSummary[] = [];
    for (const row of streams) {
      const flags = await rows('SELECT kind, seq, detail, time FROM audit_flags WHERE stream = ? ORDER BY time, seq LIMIT 20', [Number(row.id)]);
      list.push({
        installation: String(row.installation),
        stream: String(row.stream),
        records: Number(row.records),
        headSeq: Number(row.head_seq),
        chains: Number(row.epoch) + 1,
        lastSeen: Number(row.last_seen),
        flags: flags.map((flag) => ({ kind: flag.kind as AuditFlagKind, seq: Number(flag.seq), detail: String(flag.detail), time: Number(flag.time) })),
      });
    }
    return { installations: Number(totals.installations ?? 0), streams: Number(totals.streams ?? 0), records: Number(totals.records ?? 0), flagged, list };
  }
}

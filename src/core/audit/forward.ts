import * as z from 'zod/mini';
import { Natural, parseJsonAs } from '../json';
import type { HttpPost } from '../ports';
import { type CheckpointFields, lineHash, parseLine } from './chain';
import { type Mac, unseal } from './seal';

/**
 * Forwarding: the real answer to someone who can rewrite the log and read the key (the machine's
 * administrator). Each record's **digest-only form** is sent to the audit endpoint the
 * organisation policy names; once a record has left the machine, rewriting, cutting or
 * re-linking the local log shows as a fork, a truncation or a gap at the collector, which checks
 * each installation's chain on its own side (`src/collector/auditChains.ts`).
 *
 * The log itself is the queue: a small cursor file beside it names the last record the endpoint
 * acknowledged (its number, hash and byte offset), so nothing is held in memory, a run that could
 * not reach the endpoint leaves the rest to the next one, and the backlog is bounded by the log
 * (and its retention). A flush never blocks a call: it runs after the call's record, within a
 * time budget, and a failure is only reported.
 */

/** What leaves the machine for one record: the chain's fields, the outcome and cost, and digests. Never a text, a path, a client or a reason. */
export interface ForwardedRecord {
  seq: number;
  prev: string;
  /** The sha256 of the record's whole line (its authentication code included). */
  hash: string;
  type: string;
  time: string;
  call?: string;
  outcome?: string;
  finishReason?: string;
  tokens?: { input: number; output: number };
  cost?: number;
  reserved?: number;
  currency?: string;
  templateSha256?: string;
  provider?: { id: string; kind?: string | undefined; model?: string | undefined };
  levels?: string[];
  promptSha256?: string;
  answerSha256?: string;
  /** A checkpoint: how many records it stands for, and the hash the next record chains on. */
  pruned?: number;
  anchor?: string;
  /** A start after a vanished log: the head it replaced. */
  previousHead?: { seq: number; hash: string };
  /** A hook record: which tool and event (closed names). */
  tool?: string;
  event?: string;
}

/** One POST to the audit endpoint: the installation, the log (both opaque ids), the log's end as the sender read it, and records in order. */
export interface ForwardBatch {
  v: 1;
  installation: string;
  stream: string;
  head: { seq: number; hash: string };
  records: ForwardedRecord[];
}

const HEX64 = /^[0-9a-f]{64}$/;
/** Ids and names from a policy or a configuration: short, plain characters; anything else is not forwarded. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}$/;

const hex = (value: unknown) => (typeof value === 'string' && HEX64.test(value) ? value : undefined);
const name = (value: unknown) => (typeof value === 'string' && NAME.test(value) ? value : undefined);
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
const amountOf = (value: unknown) => count((value as { amount?: unknown } | undefined)?.amount);

/** Drops the keys whose value is undefined, so the form carries only what the record had. */
/** `T` with every key present, an absent value written as undefined (which `defined` then drops). */
type Spelled<T> = { [K in keyof T]-?: T[K] | undefined };

function defined<T extends object>(value: Spelled<T>): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * The digest-only form of one line of the log, or undefined when it is not a record of ours. An
 * allowlist: a field is forwarded only when it is a digest, a count, a closed name or an id of the
 * policy's or the configuration's, so a reason, a detail, a file set aside or a client never leaves.
 */
export function digestOf(line: string): ForwardedRecord | undefined {
  const parsed = parseLine(unseal(line).body);
  if ('error' in parsed) return undefined;
  const record = parsed.envelope as Record<string, unknown> & { seq: number; prev: string; type: string; time: string };
  const tokens = record.tokens as { input?: unknown; output?: unknown } | undefined;
  const provider = record.provider as { id?: unknown; kind?: unknown; model?: unknown } | undefined;
  const providerId = name(provider?.id);
  const previous = record.previousHead as { seq?: unknown; hash?: unknown } | undefined;
  const checkpoint = record.type === 'checkpoint' ? (record as unknown as CheckpointFields) : undefined;
  const currency = (record.cost as { currency?: unknown } | undefined)?.currency ?? (record.reserved as { currency?: unknown } | undefined)?.currency;
  return defined<ForwardedRecord>({
    seq: record.seq,
    prev: record.prev,
    hash: lineHash(line),
    type: record.type,
    time: record.time,
    call: typeof record.call === 'string' && /^[0-9a-f-]{36}$/.test(record.call) ? record.call : undefined,
    outcome: name(record.outcome),
    finishReason: name(record.finishReason),
    tokens: count(tokens?.input) !== undefined && count(tokens?.output) !== undefined ? { input: tokens?.input as number, output: tokens?.output as number } : undefined,
    cost: amountOf(record.cost),
    reserved: amountOf(record.reserved),
    currency: typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    templateSha256: hex((record.template as { sha256?: unknown } | undefined)?.sha256),
    provider: providerId === undefined ? undefined : defined({ id: providerId, kind: name(provider?.kind), model: name(provider?.model) }),
    levels: Array.isArray(record.levels) ? record.levels.filter((level): level is string => name(level) !== undefined) : undefined,
    promptSha256: hex(record.promptSha256),
    answerSha256: hex(record.answerSha256),
    pruned: checkpoint ? count(checkpoint.pruned) : undefined,
    anchor: checkpoint ? hex(checkpoint.anchor) : undefined,
    previousHead: previous && count(previous.seq) !== undefined && hex(previous.hash) ? { seq: previous.seq as number, hash: previous.hash as string } : undefined,
    tool: record.type === 'hook' ? name(record.tool) : undefined,
    event: record.type === 'hook' ? name(record.event) : undefined,
  });
}

/** The installation's id at the endpoint: derived from its audit key, so the editor and the CLI sharing the key are one installation, and nothing else identifies it. */
export const installationIdOf = (mac: Mac) => mac('ai-guard-audit-installation').slice(0, 32);

/** A log's id at the endpoint: its location under the key, so the endpoint can tell two logs apart without learning a path. */
export const streamIdOf = (mac: Mac, identity: string) => mac(`ai-guard-audit-stream:${identity}`).slice(0, 32);

/** Where the forwarder stopped: the last record the endpoint acknowledged, and where its line ends in the file. */
export interface ForwardCursor {
  seq: number;
  hash: string;
  offset: number;
}

const CursorSchema = z.object({ seq: z.number(), hash: z.string(), offset: Natural });

export function parseCursor(text: string | undefined): ForwardCursor | undefined {
  // An unreadable cursor: everything is sent again (the endpoint keeps each record once).
  return text === undefined ? undefined : parseJsonAs(text, CursorSchema);
}

const encoder = new TextEncoder();

/** The lines of `text` with the byte offset where each ends (after its new line). Only complete lines. */
export function linesWithOffsets(text: string, start: number): Array<{ line: string; end: number }> {
  const lines: Array<{ line: string; end: number }> = [];
  let offset = start;
  let from = 0;
  for (;;) {
    const next = text.indexOf('\n', from);
    if (next < 0) break;
    const line = text.slice(from, next);
    offset += encoder.encode(line).length + 1;
    if (line !== '') lines.push({ line, end: offset });
    from = next + 1;
  }
  return lines;
}

/** The `seq` of a line of ours and the hash the endpoint knows it by. */
function endOf(line: string): { seq: number; hash: string } | undefined {
  const parsed = parseLine(unseal(line).body);
  return 'envelope' in parsed ? { seq: parsed.envelope.seq, hash: lineHash(line) } : undefined;
}

/**
 * The records after the cursor, and the log's end. `after`: the text after the cursor's offset,
 * when the line ending there is still the one acknowledged; otherwise the whole log is read, and
 * forwarding goes on after the acknowledged record if it is still there (retention and recovery
 * rewrite the file), else everything is sent again (the endpoint keeps each record once and
 * flags what changed).
 */
export function pendingLines(cursor: ForwardCursor | undefined, read: { after: string } | { whole: string }): { lines: Array<{ line: string; end: number }>; tail: { seq: number; hash: string } } {
  if ('after' in read && cursor) {
    const lines = linesWithOffsets(read.after, cursor.offset);
    const last = lines.at(-1);
    return { lines, tail: (last && endOf(last.line)) ?? { seq: cursor.seq, hash: cursor.hash } };
  }
  const all = linesWithOffsets('whole' in read ? read.whole : '', 0);
  const at = cursor ? all.findIndex(({ line }) => lineHash(line) === cursor.hash) : -1;
  const last = all.at(-1);
  return { lines: at >= 0 ? all.slice(at + 1) : all, tail: (last && endOf(last.line)) ?? { seq: 0, hash: '0'.repeat(64) } };
}

/** Where the forwarder reads the log and keeps its cursor (`AuditLog.forwardSource`). */
export interface ForwardSource {
  /** The log's text from byte `offset` when the line ending there hashes to `hash`; undefined when it does not (the file changed). */
  readAfter(offset: number, hash: string): Promise<string | undefined>;
  readWhole(): Promise<string>;
  readCursor(): Promise<string | undefined>;
  writeCursor(text: string): Promise<void>;
  /** The installation's and the log's ids; undefined without a key (nothing is forwarded then). */
  ids(): Promise<{ installation: string; stream: string } | undefined>;
}

export interface ForwardTarget {
  /** The endpoint's URL, `/v1/audit` included. */
  url: string;
  token?: string;
}

export interface ForwardResult {
  sent: number;
  /** Whether records are left for the next flush (the endpoint failed, or the budget ran out). */
  pending: boolean;
  /** Why the endpoint did not take them (a status or a network failure), never a record's content. */
  problem?: string;
}

/** `https://host/base` → `https://host/base/v1/audit` (as the telemetry endpoint gets `/v1/logs`). */
export function auditUrlOf(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/audit') ? trimmed : `${trimmed}/v1/audit`;
}

/**
 * Sends what the endpoint has not acknowledged, in batches of `batchSize`, for at most `budgetMs`
 * (every request has that timeout too). It resolves, never rejects: a failure leaves the cursor
 * where it was, for the next flush.
 */
export async function forwardPending(
  source: ForwardSource,
  http: HttpPost,
  target: ForwardTarget,
  options: { batchSize?: number; budgetMs?: number; now?: () => number } = {},
): Promise<ForwardResult> {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.budgetMs ?? 3_000);
  const batchSize = options.batchSize ?? 500;
  try {
    const ids = await source.ids();
    if (!ids) return { sent: 0, pending: false };
    const cursor = parseCursor(await source.readCursor());
    const after = cursor ? await source.readAfter(cursor.offset, cursor.hash) : undefined;
    const { lines, tail: head } = pendingLines(cursor, after !== undefined ? { after } : { whole: await source.readWhole() });
    // Nothing new and the same end: nothing to say. A log that now ends before the cursor is said (a truncation).
    if (lines.length === 0 && cursor && head.seq === cursor.seq && head.hash === cursor.hash) return { sent: 0, pending: false };
    let sent = 0;
    let index = 0;
    do {
      const slice = lines.slice(index, index + batchSize);
      const records = slice.flatMap(({ line }) => digestOf(line) ?? []);
      const batch: ForwardBatch = { v: 1, ...ids, head, records };
      const remaining = deadline - now();
      if (remaining <= 0) return { sent, pending: true, problem: 'time budget spent' };
      const response = await http.post(target.url, JSON.stringify(batch), {
        timeoutMs: remaining,
        headers: { 'Content-Type': 'application/json', ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}) },
      });
      if (response.status < 200 || response.status > 299) return { sent, pending: true, problem: `HTTP ${response.status}` };
      const last = slice.at(-1);
      const acknowledged = last ? { ...(endOf(last.line) ?? head), hash: lineHash(last.line), offset: last.end } : { ...head, offset: 0 };
      // An empty batch (a cut log) acknowledges the log's end; its offset is unknown, so the next flush reads the whole log.
      await source.writeCursor(`${JSON.stringify(acknowledged)}\n`);
      sent += records.length;
      index += batchSize;
    } while (index < lines.length);
    return { sent, pending: false };
  } catch (error) {
    return { sent: 0, pending: true, problem: (error as Error).name === 'TimeoutError' ? 'timeout' : (((error as { code?: unknown }).code as string | undefined) ?? (error as Error).name) };
  }
}

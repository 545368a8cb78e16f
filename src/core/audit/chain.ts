import { sha256Hex } from '../hash';
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';

/**
 * The audit trail's format: JSON Lines, one record per line, **hash-chained**. Each record
 * carries `prev`, the sha256 of the previous line's exact text, so editing, deleting or
 * reordering any line breaks the chain at the next one; `seq` numbers records from 1 so a
 * truncation shows too. Three record types:
 * - `start`: the first record of a chain (a new file, or after a corrupted one was set aside:
 *   then `setAside` names it and `reason` says why);
 * - `call`: one AI call or blocked attempt (the payload of `CallRecord`);
 * - `checkpoint`: written by retention in place of the records it pruned: how many, the digest
 *   of their text, and the hash of the last of them (`anchor`), which the next record's `prev`
 *   still names. It takes the last pruned record's `seq` and the first pruned record's `prev`.
 */
export const AUDIT_FORMAT = 1;
export const GENESIS = '0'.repeat(64);

const EnvelopeSchema = z.looseObject({
  v: z.literal(AUDIT_FORMAT),
  seq: z.number().check(z.int(), z.positive()),
  prev: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  type: z.enum(['start', 'call', 'hook', 'checkpoint']),
  time: z.string(),
});
export type AuditEnvelope = z.infer<typeof EnvelopeSchema>;

export interface CheckpointFields {
  pruned: number;
  /** sha256 of the pruned lines' text, joined with new lines, so a kept copy can be checked. */
  prunedSha256: string;
  /** The hash of the last pruned line: the `prev` of the record after this checkpoint. */
  anchor: string;
}

export const lineHash = (line: string) => sha256Hex(line);

/** The text of one record, chained after the line whose hash is `prev`. */
export function recordLine(seq: number, prev: string, type: AuditEnvelope['type'], time: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ v: AUDIT_FORMAT, seq, prev, type, time, ...payload });
}

export interface Verification {
  ok: boolean;
  records: number;
  /** The first line that breaks the chain (1-based) and why. */
  broken?: { line: number; reason: string };
  /** The file ends with a partial line (a crash mid-write): reported, never dropped silently. */
  tornTail?: { line: number };
  /** The hash of the last valid line and its sequence number: where the next record chains on. */
  tail: { hash: string; seq: number };
}

/** Parses one line, or says why it is not a record of ours. */
export function parseLine(line: string): { envelope: AuditEnvelope & Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: l10n.t('it is not JSON') };
  }
  const parsed = EnvelopeSchema.safeParse(value);
  return parsed.success ? { envelope: parsed.data as AuditEnvelope & Record<string, unknown> } : { error: l10n.t('it is not an AI Guard audit record') };
}

/**
 * Checks a whole file: every line a record, numbered in order, each naming the previous line's
 * hash (after a checkpoint: the hash it anchors). Stops at the first broken link.
 */
export function verifyText(text: string): Verification {
  const complete = text.endsWith('\n') || text === '';
  const lines = text === '' ? [] : text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let expectedPrev = GENESIS;
  let expectedSeq = 1;
  let tail = { hash: GENESIS, seq: 0 };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const last = index === lines.length - 1;
    const parsed = parseLine(line);
    if ('error' in parsed) {
      if (last && !complete) return { ok: false, records: index, tornTail: { line: index + 1 }, broken: { line: index + 1, reason: l10n.t('the last line was cut off (a write was interrupted)') }, tail };
      return { ok: false, records: index, broken: { line: index + 1, reason: parsed.error }, tail };
    }
    const { envelope } = parsed;
    if (index === 0 && envelope.type !== 'start' && envelope.type !== 'checkpoint') {
      return { ok: false, records: 0, broken: { line: 1, reason: l10n.t('the chain does not begin with a start or checkpoint record') }, tail };
    }
    if (index === 0) {
      // The first record fixes the numbering (a pruned file starts past 1).
      expectedSeq = envelope.seq;
      expectedPrev = envelope.prev;
    }
    if (envelope.seq !== expectedSeq) {
      return { ok: false, records: index, broken: { line: index + 1, reason: l10n.t('record {0} was expected, found {1} (a record was deleted, added or moved)', expectedSeq, envelope.seq) }, tail };
    }
    if (envelope.prev !== expectedPrev) {
      return { ok: false, records: index, broken: { line: index + 1, reason: l10n.t('it does not follow the line before (that line was edited, deleted or moved)') }, tail };
    }
    // After a checkpoint (which stands for the pruned records), the next record still names the last pruned line.
    const hash = envelope.type === 'checkpoint' && index === 0 ? String((envelope as unknown as CheckpointFields).anchor) : lineHash(line);
    tail = { hash, seq: envelope.seq };
    expectedPrev = hash;
    expectedSeq = envelope.seq + 1;
  }
  return { ok: true, records: lines.length, tail };
}

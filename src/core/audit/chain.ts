import { sha256Hex } from '../hash';
import { type AuditHead, type Mac, unseal } from './seal';
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';

/**
 * The audit trail's format: JSON Lines, one record per line, **hash-chained**. Each record
 * carries `prev`, the sha256 of the previous line's exact text, so editing, deleting or
 * reordering any line breaks the chain at the next one; `seq` numbers records from 1 so a
 * truncation shows too. Record types:
 * - `start`: the first record of a chain (a new file, or after a corrupted one was set aside:
 *   then `setAside` names it, `reason` says why, and `totals` carries what its readable records
 *   spent, by month);
 * - `call`: a run that sent nothing, in one record (blocked, copied, answered from the cache);
 * - `hook`: another AI tool's request decided by `ai-guard hook` (tool, event, outcome, counts);
 * - `attempt` (format 2): written, and synced to disk, before an AI call's first byte leaves:
 *   everything known then (template, provider, levels, masked counts, the prompt's digest) and
 *   the cost `reserved` against the budgets; `call` is its random id;
 * - `completion` (format 2): the same `call` id with how it ended (`outcome`, tokens, cost,
 *   duration, the answer's digest). A reader pairs the two (`pairRecords`); an attempt with no
 *   completion is `interrupted` and counts at its reserved cost;
 * - `recovery` (format 2): a torn last line was moved to the file `setAside` names, and the
 *   chain goes on from the last complete record;
 * - `checkpoint`: written by retention in place of the records it pruned: how many, the digest
 *   of their text, and the hash of the last of them (`anchor`), which the next record's `prev`
 *   still names. It takes the last pruned record's `seq` and the first pruned record's `prev`,
 *   and carries the pruned records' `totals` by month, so spending survives retention.
 * Format 1 files (no attempt, completion or recovery records) still verify and read.
 */
export const AUDIT_FORMAT = 2;
export const GENESIS = '0'.repeat(64);

export const RECORD_TYPES = ['start', 'call', 'hook', 'checkpoint', 'attempt', 'completion', 'recovery'] as const;

const EnvelopeSchema = z.looseObject({
  v: z.union([z.literal(1), z.literal(AUDIT_FORMAT)]),
  seq: z.number().check(z.int(), z.positive()),
  prev: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  type: z.enum(RECORD_TYPES),
  time: z.string(),
});
export type AuditEnvelope = z.infer<typeof EnvelopeSchema>;

export interface CheckpointFields {
  pruned: number;
  /** sha256 of the pruned lines' text, joined with new lines, so a kept copy can be checked. */
  prunedSha256: string;
  /** The hash of the last pruned line: the `prev` of the record after this checkpoint. */
  anchor: string;
  /** What the pruned records (and any earlier checkpoint) added up to, by month (format 2). */
  totals?: Record<string, { calls: number; inputTokens: number; outputTokens: number; cost: number; blocked: number; interrupted: number }>;
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
  /** How many lines carry an authentication code that was checked (see `seal.ts`). */
  sealed?: number;
  /** What the verification could not establish (records written before tamper evidence, a missing key). */
  notes?: string[];
}

/**
 * What tamper evidence checks, when there is any: `mac` under the installation's key (undefined
 * when the key is missing: codes cannot be checked), and the log's head (`null`: none found).
 */
export interface Authentication {
  mac: Mac | undefined;
  head: AuditHead | null;
  /** Earlier keys of the installation, whose codes still verify (`AuditKeyStore.previous`). */
  earlier?: readonly Mac[];
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
/**
 * Where an incremental verification starts (`verified.ts`): after record `seq`, whose chaining
 * hash is `hash`, with `records` lines and `sealed` codes already checked before it.
 */
export interface ChainStart {
  seq: number;
  hash: string;
  records: number;
  sealed: number;
}

export function verifyText(text: string, auth?: Authentication, start?: ChainStart): Verification {
  const complete = text.endsWith('\n') || text === '';
  const lines = text === '' ? [] : text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let expectedPrev = start?.hash ?? GENESIS;
  let expectedSeq = (start?.seq ?? 0) + 1;
  let tail = start ? { hash: start.hash, seq: start.seq } : { hash: GENESIS, seq: 0 };
  let sealed = start?.sealed ?? 0;
  const before = start?.records ?? 0;
  // The hash each record number had, for the head's check.
  const hashes = new Map<number, string>(start ? [[start.seq, start.hash]] : []);
  const result = (verification: Verification): Verification =>
    start
      ? {
          ...verification,
          records: verification.records + before,
          ...(verification.broken ? { broken: { ...verification.broken, line: verification.broken.line + before } } : {}),
          ...(verification.tornTail ? { tornTail: { line: verification.tornTail.line + before } } : {}),
        }
      : verification;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const last = index === lines.length - 1;
    const parsed = parseLine(line);
    if ('error' in parsed) {
      if (last && !complete)
        return result({ ok: false, records: index, tornTail: { line: index + 1 }, broken: { line: index + 1, reason: l10n.t('the last line was cut off (a write was interrupted)') }, tail });
      return result({ ok: false, records: index, broken: { line: index + 1, reason: parsed.error }, tail });
    }
    const { envelope } = parsed;
    if (index === 0 && !start && envelope.type !== 'start' && envelope.type !== 'checkpoint') {
      return result({ ok: false, records: 0, broken: { line: 1, reason: l10n.t('the chain does not begin with a start or checkpoint record') }, tail });
    }
    if (index === 0 && !start) {
      // The first record fixes the numbering (a pruned file starts past 1).
      expectedSeq = envelope.seq;
      expectedPrev = envelope.prev;
    }
    if (envelope.seq !== expectedSeq) {
      return result({
        ok: false,
        records: index,
        broken: { line: index + 1, reason: l10n.t('record {0} was expected, found {1} (a record was deleted, added or moved)', expectedSeq, envelope.seq) },
        tail,
      });
    }
    if (envelope.prev !== expectedPrev) {
      return result({ ok: false, records: index, broken: { line: index + 1, reason: l10n.t('it does not follow the line before (that line was edited, deleted or moved)') }, tail });
    }
    if (auth) {
      const check = checkSeal(line, envelope.seq, sealed > 0, auth);
      if (check.problem !== undefined) return result({ ok: false, records: index, broken: { line: index + 1, reason: check.problem }, tail, sealed });
      if (check.sealed) sealed++;
    }
    // After a checkpoint (which stands for the pruned records), the next record still names the last pruned line.
    const hash = envelope.type === 'checkpoint' && index === 0 && !start ? String((envelope as unknown as CheckpointFields).anchor) : lineHash(line);
    tail = { hash, seq: envelope.seq };
    hashes.set(envelope.seq, hash);
    expectedPrev = hash;
    expectedSeq = envelope.seq + 1;
  }
  if (!auth) return result({ ok: true, records: lines.length, tail });
  const end = Math.max(1, lines.length);
  const broken = (reason: string): Verification => result({ ok: false, records: lines.length, broken: { line: end, reason }, tail, sealed });
  if (auth.head) {
    if (tail.seq < auth.head.seq) return broken(l10n.t('the log ends at record {0}, but its head names record {1}: records were removed from the end', tail.seq, auth.head.seq));
    if (hashes.get(auth.head.seq) !== auth.head.hash) return broken(l10n.t('record {0} is not the one the head names: it was replaced', auth.head.seq));
  } else if (sealed > 0) {
    return broken(l10n.t('the head file is missing: records at the end may have been removed'));
  }
  // Without the key nothing sealed can be trusted: deleting the key must not hide an edit.
  if (sealed > 0 && !auth.mac) return broken(l10n.t("this installation's audit key is missing: the authentication codes cannot be checked"));
  const notes: string[] = [];
  if (sealed < lines.length + before) notes.push(l10n.t('{0} record(s) written before tamper evidence carry no authentication code', lines.length + before - sealed));
  return result({ ok: true, records: lines.length, tail, sealed, ...(notes.length > 0 ? { notes } : {}) });
}

/** Whether a line carries a code, and why its authentication fails if it does: a wrong code, or none where one is required. */
function checkSeal(line: string, seq: number, sawSeal: boolean, auth: Authentication): { sealed: boolean; problem?: string } {
  const { body, mac } = unseal(line);
  if (mac !== undefined)
    return auth.mac && auth.mac(body) !== mac && !(auth.earlier ?? []).some((each) => each(body) === mac)
      ? { sealed: true, problem: l10n.t("its authentication code does not match: it was edited, or written without this installation's key") }
      : { sealed: true };
  const required = sawSeal || (auth.head !== null && seq >= auth.head.from);
  return required ? { sealed: false, problem: l10n.t('it carries no authentication code where one is required: it was added or rewritten') } : { sealed: false };
}

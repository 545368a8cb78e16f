import { randomUUID } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { monthlyTotals } from '../cost/usage';
import { pairRecords } from './pairs';
import { type CheckpointFields, GENESIS, lineHash, parseLine, recordLine, type Verification, verifyText } from './chain';
import { type AuditHead, type AuditKeyStore, headText, type Mac, macWith, parseHead, seal } from './seal';
import { ledgerText, parseLedger, type SpendingLedgerStorage } from './ledger';
import { largerSpent, type Spending, spendingOf, withRecord } from './spending';
import { bytesSha256, markText, parseMark, type VerifiedMark } from './verified';
import { type ForwardSource, installationIdOf, streamIdOf } from './forward';

/**
 * Where the audit file lives, as the log needs it. Implementations must make `append` one write
 * (so concurrent writers never interleave partial lines), `replace` atomic (temporary file and
 * rename, so a crash leaves the old file or the new one), and `withLock` exclusive across
 * processes (two windows, or the editor and the CLI, writing the same log).
 */
export interface AuditStorage {
  /** The whole file, or undefined when there is none yet. */
  read(): Promise<string | undefined>;
  /** The file's last line (with or without its new line), cheaply; undefined when empty or absent. */
  readLastLine(): Promise<string | undefined>;
  /** Appends whole lines and resolves only once they are on disk (synced), so a record written before a call survives a crash. */
  append(text: string): Promise<void>;
  replace(text: string): Promise<void>;
  /** Renames the file aside (never overwriting anything) and returns the new name. */
  setAside(): Promise<string>;
  /** Keeps `text` (a torn last line) in a new file beside the log and returns its name. */
  keepAside(text: string): Promise<string>;
  /**
   * Runs `work` while holding the writers' lock. A writer gives up after a few seconds unless it
   * is `patient`: the completion of a call already made waits as long as the holder lives.
   */
  withLock<T>(work: () => Promise<T>, options?: { patient?: boolean }): Promise<T>;
  /** The log's head (`seal.ts`), kept in a file of its own; undefined when there is none. */
  readHead(): Promise<string | undefined>;
  /** Replaces the head at once (a crash leaves the old head or the new one). */
  writeHead(text: string): Promise<void>;
  /** Rejects when the file cannot be opened for appending (a read-only folder, no permission). */
  probe(): Promise<void>;
  /** The file's bytes, for a verification that hashes what it already verified (`verified.ts`) and for forwarding; without it, `read` is encoded. */
  readBytes?(): Promise<Uint8Array | undefined>;
  /** Where the log is (its path), which names the log at a forwarding endpoint only under the key (`forward.ts`). */
  readonly identity?: string;
  /**
   * Small files kept beside the log: `verified` (the last verified point, `verified.ts`) and
   * `forwarded` (what the audit endpoint acknowledged, `forward.ts`). Without it, every
   * verification is full and nothing is forwarded.
   */
  sidecar?(name: 'verified' | 'forwarded'): { read(): Promise<string | undefined>; write(text: string): Promise<void> };
}

export class AuditError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditError';
  }
}

/**
 * The append-only, hash-chained audit log. Appends take the lock, read only the last line to
 * chain on, and write one line. A file whose last line is cut off, or that is not ours, is set
 * aside (its name is recorded) and a new chain starts with a `start` record saying why.
 */
export class AuditLog {
  /**
   * `keys`: the installation's key, for tamper evidence (`seal.ts`); without it, records carry no
   * authentication code. `ledger`: the person's spending ledger (`ledger.ts`), which every log of
   * the installation adds to; it is sealed with the key, so it is kept only with one.
   */
  constructor(
    private readonly storage: AuditStorage,
    private readonly now: () => Date = () => new Date(),
    private readonly keys?: AuditKeyStore,
    private readonly ledger?: SpendingLedgerStorage,
  ) {}

  /** The authentication of this installation's key: made on the first write, only read by `verify`. */
  private async mac(create: boolean): Promise<Mac | undefined> {
    if (!this.keys) return undefined;
    const key = (await this.keys.read()) ?? (create ? await this.keys.create() : undefined);
    return key && macWith(key);
  }

  /** The head, when there is a valid one. */
  private async head(mac: Mac): Promise<AuditHead | undefined> {
    const text = await this.storage.readHead();
    const head = text === undefined ? undefined : parseHead(text, mac);
    return head && !('error' in head) ? head : undefined;
  }

  /**
   * Appends one record: `call` for a run of AI Guard's own that sent nothing, `hook` for another
   * AI tool's request decided by `ai-guard hook`. Rejects with an AuditError when the file cannot
   * be written. It waits for the lock as long as its holder lives: what it records already happened.
   */
  async append(type: 'call' | 'hook', payload: Record<string, unknown>): Promise<void> {
    // A hook record spends nothing: it leaves the ledger (and its lock) alone.
    const work = () => this.appendLocked(type, payload);
    await this.locked(() => (type === 'call' ? this.underLedger(work, { patient: true }) : work()), { patient: true });
  }

  /** Runs `work` holding the ledger's lock too (inside the log's, always in that order), when there is a ledger. */
  private underLedger<T>(work: () => Promise<T>, options?: { patient?: boolean }): Promise<T> {
    return this.ledger && this.keys ? this.ledger.withLock(work, options) : work();
  }

  /** The ledger's spending, or undefined when there is none or it is not trusted (altered, another key's). */
  private async readLedger(mac: Mac): Promise<Spending | undefined> {
    const text = this.ledger ? await this.ledger.read() : undefined;
    return text === undefined ? undefined : parseLedger(text, mac);
  }

  /**
   * What this log's records spent, by month: the head's account when it is authentic, carries one
   * and names the log's last record (so no writer appended after it); otherwise, failing closed,
   * the whole log read and added up.
   */
  private async logSpending(head: AuditHead | undefined, tail: { hash: string; seq: number } | { problem: string }): Promise<Spending> {
    if (head?.spending && 'hash' in tail && head.seq === tail.seq && head.hash === tail.hash) return head.spending;
    return spendingOf(parseRecords((await this.storage.read()) ?? ''));
  }

  /**
   * What `month` (`YYYY-MM`) spent for the budget check: the larger of this log's account and the
   * person's ledger. With an authentic head, neither the log nor its records are read.
   */
  async spent(month: string): Promise<number> {
    return (await this.spentWith(month, await this.mac(false))).spent;
  }

  /** What `month` spent, and the log's account with the tail it was made at (so the attempt that follows need not make it again). */
  private async spentWith(month: string, mac: Mac | undefined): Promise<{ spent: number; known: Known }> {
    const head = mac ? await this.head(mac) : undefined;
    const tail = await this.tail();
    const log = await this.logSpending(head, tail);
    return { spent: largerSpent(month, log, mac ? await this.readLedger(mac) : undefined), known: { spending: log, tail } };
  }

  /** Runs `work` under the writers' lock; a lock that cannot even be created (a full disk, a read-only folder) makes the log unwritable. */
  private async locked<T>(work: () => Promise<T>, options?: { patient?: boolean }): Promise<T> {
    try {
      return await this.storage.withLock(work, options);
    } catch (error) {
      if (error instanceof AuditError || typeof (error as { code?: unknown }).code !== 'string') throw error;
      throw unwritable(error);
    }
  }

  /**
   * The write-ahead half of a call, before its first byte leaves: under the writers' lock (and
   * the ledger's), `decide` (the budget check) is given what `month` spent (`spent`), in-flight
   * attempts counted at their reservation, and unless it blocks, an `attempt` record is written
   * and synced. Concurrent writers therefore see each other's reservations, and a call is never
   * made unrecorded. Without a `month` (no monthly budget) nothing is read and `decide` gets 0.
   * Resolves with the decision and the attempt's id (none when blocked); rejects with an
   * AuditError when the record cannot be written, and then the call must not be made.
   */
  async begin<T extends { status: string }>(payload: Record<string, unknown>, decide: (spent: number) => T, options: { month?: string } = {}): Promise<{ decision: T; id?: string }> {
    return this.locked(() =>
      this.underLedger(async () => {
        const measured = options.month === undefined ? undefined : await this.spentWith(options.month, await this.mac(true));
        const decision = decide(measured?.spent ?? 0);
        if (decision.status === 'block') return { decision };
        const id = randomUUID();
        await this.appendLocked('attempt', { call: id, ...payload }, measured?.known);
        return { decision, id };
      }),
    );
  }

  /** The second half: how the call `id` ended. Waits for the locks as long as their holders live, since the call was made. */
  async complete(id: string, payload: Record<string, unknown>): Promise<void> {
    await this.locked(() => this.underLedger(() => this.appendLocked('completion', { call: id, ...payload }), { patient: true }), { patient: true });
  }

  /** `known`: the log's account as just made under the same lock, used when the tail is still the one it was made at. */
  private async appendLocked(type: 'call' | 'hook' | 'attempt' | 'completion', payload: Record<string, unknown>, known?: Known): Promise<void> {
    const mac = await this.mac(true);
    const head = mac ? await this.head(mac) : undefined;
    let from = head?.from;
    let tail = await this.tail();
    if ('torn' in tail) tail = await this.recoverTornTail(tail.problem, mac);
    if ('problem' in tail || tail.seq === 0) {
      // A new chain opens with a start record; after a bad file, it names where that file went,
      // and after a log that vanished while its head remained, what the head named.
      const why =
        'problem' in tail
          ? { reason: tail.problem, ...(await this.setAside()) }
          : head && head.seq > 0
            ? { reason: l10n.t('the log was missing or empty, while its head named record {0}', head.seq), previousHead: { seq: head.seq, hash: head.hash } }
            : { reason: 'new' };
      const start = sealed(recordLine(1, GENESIS, 'start', this.now().toISOString(), why), mac);
      await this.write(`${start}\n`);
      tail = { hash: lineHash(start), seq: 1 };
      from = 1;
    }
    // What the log spent before this record (read from the head, else from the whole log), so the head can carry it on.
    const reusable = known && 'hash' in known.tail && known.tail.seq === tail.seq && known.tail.hash === tail.hash;
    const before = !mac ? undefined : reusable ? known.spending : await this.logSpending(head, tail);
    const time = this.now().toISOString();
    const line = sealed(recordLine(tail.seq + 1, tail.hash, type, time, payload), mac);
    await this.write(`${line}\n`);
    if (!mac || !before) return;
    const record = { type, time, ...payload };
    await this.writeHead({ seq: tail.seq + 1, hash: lineHash(line), from: from ?? tail.seq + 1, spending: withRecord(before, record, 'ignore') }, mac);
    // A missing or untrusted ledger starts again from this log's account (never less than the log).
    if (this.ledger && type !== 'hook') await this.writeLedger(withRecord((await this.readLedger(mac)) ?? before, record, 'add'), mac);
  }

  private async writeLedger(spending: Spending, mac: Mac): Promise<void> {
    try {
      await this.ledger?.write(ledgerText(spending, mac));
    } catch (error) {
      throw unwritable(error);
    }
  }

  /**
   * Sets a bad file aside; what its readable records spent goes with the new chain's start, by
   * month, so setting a log aside does not give the month's budget back.
   */
  private async setAside(): Promise<{ setAside: string; totals?: ReturnType<typeof monthlyTotals> }> {
    const totals = monthlyTotals(pairRecords(parseRecords((await this.storage.read().catch(() => undefined)) ?? '')));
    return { setAside: await this.storage.setAside(), ...(Object.keys(totals).length > 0 ? { totals } : {}) };
  }

  private async writeHead(head: AuditHead, mac: Mac): Promise<void> {
    try {
      await this.storage.writeHead(headText(head, mac));
    } catch (error) {
      throw unwritable(error);
    }
  }

  /**
   * Checked before an AI call: when the log cannot be written, the call is not made, rather
   * than made untraced. (A disk that fills up during the call is reported after it.)
   */
  private async ensureWritable(): Promise<void> {
    try {
      await this.storage.probe();
    } catch (error) {
      throw unwritable(error);
    }
  }

  /** The file's bytes (empty when there is none). */
  private async bytes(): Promise<Uint8Array> {
    if (this.storage.readBytes) return (await this.storage.readBytes()) ?? new Uint8Array();
    return new TextEncoder().encode((await this.storage.read()) ?? '');
  }

  /**
   * The chain, and with a key, every authentication code and the head (`seal.ts`). With a key it
   * starts from the last verified point (`verified.ts`) when the bytes before it are unchanged,
   * unless `full`; a verification from there that fails is made again in full, which alone says
   * where and why. `from` is the record an incremental verification started after.
   */
  async verify(options: { full?: boolean } = {}): Promise<Verification & { from?: number }> {
    if (!this.keys) return verifyText((await this.storage.read()) ?? '');
    const mac = await this.mac(false);
    const earlier = ((await this.keys.previous?.()) ?? []).map(macWith);
    const stored = await this.storage.readHead();
    const head = stored === undefined ? null : parseHead(stored, mac, earlier);
    const bytes = await this.bytes();
    const decoder = new TextDecoder();
    if (head !== null && 'error' in head) {
      const text = decoder.decode(bytes);
      const lines = text.split('\n').filter((line) => line !== '').length;
      return { ok: false, records: lines, broken: { line: Math.max(1, lines), reason: head.error }, tail: verifyText(text).tail };
    }
    const sidecar = this.storage.sidecar?.('verified');
    const mark = mac && sidecar && !options.full ? parseMark(await sidecar.read().catch(() => undefined), mac) : undefined;
    if (mark && mark.offset <= bytes.length && bytesSha256(bytes.subarray(0, mark.offset)) === mark.prefixSha256) {
      const rest = decoder.decode(bytes.subarray(mark.offset));
      const verification = verifyText(rest, { mac, head, earlier }, mark);
      if (verification.ok) {
        await this.markVerified(verification, bytes.length, () => bytesSha256(bytes), rest.endsWith('\n') || rest === '', mac);
        return { ...verification, from: mark.seq };
      }
    }
    const text = decoder.decode(bytes);
    const verification = verifyText(text, { mac, head, earlier });
    if (verification.ok) await this.markVerified(verification, bytes.length, () => bytesSha256(bytes), text.endsWith('\n') || text === '', mac);
    return verification;
  }

  /** Keeps where a verification that held ended, sealed, for the next one; a mark that cannot be written only makes the next verification full. */
  private async markVerified(verification: Verification, offset: number, digest: () => string, complete: boolean, mac: Mac | undefined): Promise<void> {
    const sidecar = this.storage.sidecar?.('verified');
    if (!sidecar || !mac || !complete || verification.records === 0) return;
    const mark: VerifiedMark = { seq: verification.tail.seq, hash: verification.tail.hash, records: verification.records, sealed: verification.sealed ?? 0, offset, prefixSha256: digest() };
    await sidecar.write(markText(mark, mac)).catch(() => undefined);
  }

  /**
   * What the forwarder reads (`forward.ts`): the log from a byte offset when the line ending there
   * is the one it names, the whole log otherwise, its cursor, and the ids the endpoint knows this
   * installation and this log by. Nothing is forwarded without a key or a place for the cursor.
   */
  forwardSource(): ForwardSource {
    const cursor = this.storage.sidecar?.('forwarded');
    return {
      readAfter: async (offset, hash) => {
        const bytes = await this.bytes();
        if (offset > bytes.length || offset === 0) return undefined;
        const before = new TextDecoder().decode(bytes.subarray(Math.max(0, offset - 64 * 1024), offset));
        if (!before.endsWith('\n')) return undefined;
        const line = before.slice(before.lastIndexOf('\n', before.length - 2) + 1, -1);
        return lineHash(line) === hash ? new TextDecoder().decode(bytes.subarray(offset)) : undefined;
      },
      readWhole: async () => new TextDecoder().decode(await this.bytes()),
      readCursor: async () => cursor?.read(),
      writeCursor: async (text) => cursor?.write(text),
      ids: async () => {
        const mac = await this.mac(false);
        return mac && cursor ? { installation: installationIdOf(mac), stream: streamIdOf(mac, this.storage.identity ?? 'audit') } : undefined;
      },
    };
  }

  /**
   * Every record, for the audit view, the export and the budgets (after `verify`, which says
   * whether to trust them), with each call's attempt and completion paired into one record.
   */
  async records(): Promise<Array<Record<string, unknown>>> {
    return pairRecords(parseRecords((await this.storage.read()) ?? ''));
  }

  /**
   * Applies a retention of `days` days once per log object (a window, a CLI run): cheap enough to
   * do before the first record, and never on a broken chain (reported by `verify` instead).
   */
  private async applyRetention(days: number | undefined): Promise<number> {
    if (days === undefined || this.retained) return 0;
    this.retained = true;
    const verification = await this.verify();
    if (!verification.ok) return 0;
    const before = new Date(this.now().getTime() - days * 24 * 60 * 60 * 1000);
    return (await this.prune(before)).pruned;
  }

  private retained = false;

  /**
   * Before a call, with the policy's say: `ready`; `blocked` when the log cannot be written and
   * the policy requires a record of every call (the default); `untraced` when it cannot be
   * written and the policy waived the requirement (`audit.required: false`), with a message
   * saying that the call will leave no record.
   */
  async prepareCall(policy: { retentionDays: number | undefined; required: boolean }): Promise<{ status: 'ready' } | { status: 'blocked' | 'untraced'; message: string }> {
    try {
      // The log must be writable (else the call is not made), and old records go.
      await this.ensureWritable();
      await this.applyRetention(policy.retentionDays);
      return { status: 'ready' };
    } catch (error) {
      if (policy.required || !(error instanceof AuditError)) return { status: 'blocked', message: error instanceof Error ? error.message : String(error) };
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      return {
        status: 'untraced',
        message: l10n.t('The audit log cannot be written ({0}). The policy lets AI calls run without an audit record (audit.required: false), so this call leaves none.', cause),
      };
    }
  }

  /**
   * Retention: records older than `before` are replaced by one checkpoint, which keeps the rest
   * verifiable. A broken chain is never pruned (that would hide the break); the file is left as is.
   */
  async prune(before: Date): Promise<{ pruned: number }> {
    return this.storage.withLock(async () => {
      const text = (await this.storage.read()) ?? '';
      const lines = text.split('\n').filter((line) => line !== '');
      // A file already pruned begins with a checkpoint: it is pruned again with what follows it,
      // and the new checkpoint counts both.
      const head = lines[0] !== undefined ? parseLine(lines[0]) : undefined;
      const earlier = head && 'envelope' in head && head.envelope.type === 'checkpoint' ? (head.envelope as unknown as CheckpointFields) : undefined;
      let cut = earlier ? 1 : 0;
      while (cut < lines.length) {
        const parsed = parseLine(lines[cut] as string);
        if (!('envelope' in parsed) || new Date(parsed.envelope.time) >= before) break;
        cut++;
      }
      const records = cut - (earlier ? 1 : 0);
      // Nothing old enough: the whole chain is not checked under the writers' lock for nothing.
      if (records <= 0) return { pruned: 0 };
      const verification = verifyText(text);
      if (!verification.ok) throw new AuditError(l10n.t('The audit log is broken at line {0} ({1}); it was not pruned.', verification.broken?.line ?? 0, verification.broken?.reason ?? ''));
      // Everything may go: the checkpoint's anchor is what the next record chains on.
      const pruned = lines.slice(0, cut);
      const first = parseLine(pruned[0] as string) as { envelope: { prev: string } };
      const last = parseLine(pruned[cut - 1] as string) as { envelope: { seq: number } };
      const checkpoint: CheckpointFields = {
        pruned: records + (earlier?.pruned ?? 0),
        prunedSha256: lineHash(pruned.join('\n')),
        anchor: lineHash(pruned[cut - 1] as string),
        // What the pruned records spent, by month, so budgets and usage do not restart.
        totals: monthlyTotals(pairRecords(parseRecords(pruned.join('\n')))),
      };
      const mac = await this.mac(true);
      const line = sealed(recordLine(last.envelope.seq, first.envelope.prev, 'checkpoint', this.now().toISOString(), { ...checkpoint }), mac);
      const kept = `${[line, ...lines.slice(cut)].join('\n')}\n`;
      await this.storage.replace(kept);
      // The head's account is made again from what is left: an attempt pruned before its
      // completion now counts at its reservation for good, as a full read counts it.
      const current = mac ? await this.head(mac) : undefined;
      if (mac && current) await this.writeHead({ ...current, spending: spendingOf(parseRecords(kept)) }, mac);
      cut = records;
      return { pruned: cut };
    });
  }

  /** Where the next record chains on, or why the file cannot be continued. */
  private async tail(): Promise<{ hash: string; seq: number } | { problem: string; torn?: true }> {
    const last = await this.storage.readLastLine();
    if (last === undefined) return { hash: GENESIS, seq: 0 };
    if (!last.endsWith('\n')) return { problem: l10n.t('its last line was cut off (a write was interrupted)'), torn: true };
    const parsed = parseLine(last.slice(0, -1));
    if ('error' in parsed) return { problem: l10n.t('its last line is not an AI Guard audit record: {0}', parsed.error) };
    const { envelope } = parsed;
    const hash = envelope.type === 'checkpoint' ? String((envelope as unknown as CheckpointFields).anchor) : lineHash(last.slice(0, -1));
    return { hash, seq: envelope.seq };
  }

  /**
   * A torn last line (a write interrupted by a crash) costs only itself: it is kept in a file
   * beside the log, the log goes back to its last complete record, and a `recovery` record says
   * where the fragment went, so the records before it (and the month's spending) stay. When no
   * complete record of ours precedes it, the whole file is set aside instead.
   */
  private async recoverTornTail(problem: string, mac: Mac | undefined): Promise<{ hash: string; seq: number } | { problem: string }> {
    const text = (await this.storage.read()) ?? '';
    const cut = text.lastIndexOf('\n') + 1;
    const complete = text.slice(0, cut);
    const last = complete.slice(complete.lastIndexOf('\n', complete.length - 2) + 1, -1);
    const parsed = cut > 0 ? parseLine(last) : undefined;
    if (!parsed || 'error' in parsed) return { problem };
    const aside = await this.storage.keepAside(text.slice(cut));
    await this.storage.replace(complete);
    const previous = parsed.envelope.type === 'checkpoint' && complete.indexOf('\n') === cut - 1 ? String((parsed.envelope as unknown as CheckpointFields).anchor) : lineHash(last);
    const recovery = sealed(
      recordLine(parsed.envelope.seq + 1, previous, 'recovery', this.now().toISOString(), { reason: problem, setAside: aside, bytes: new TextEncoder().encode(text.slice(cut)).length }),
      mac,
    );
    await this.write(`${recovery}\n`);
    return { hash: lineHash(recovery), seq: parsed.envelope.seq + 1 };
  }

  private async write(text: string): Promise<void> {
    try {
      await this.storage.append(text);
    } catch (error) {
      throw unwritable(error);
    }
  }
}

/** A log's spending account and the tail it was made at. */
interface Known {
  spending: Spending;
  tail: { hash: string; seq: number } | { problem: string };
}

/** The line sealed with the installation's key, when there is one. */
const sealed = (line: string, mac: Mac | undefined) => (mac ? seal(line, mac) : line);

/** Every line of `text` that is a record of ours, in order, without its authentication code. */
function parseRecords(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => {
      const parsed = parseLine(line);
      if (!('envelope' in parsed)) return [];
      const record: Record<string, unknown> = { ...parsed.envelope };
      delete record.mac;
      return [record];
    });
}

/** The error of a log that cannot be written, which stops the call rather than let it run untraced. */
function unwritable(error: unknown): AuditError {
  return new AuditError(l10n.t('The audit log cannot be written ({0}). AI calls are not made untraced: free some space or choose another folder.', (error as Error).message), { cause: error });
}

import * as l10n from '@vscode/l10n';
import { type CheckpointFields, GENESIS, lineHash, parseLine, recordLine, type Verification, verifyText } from './chain';

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
  append(text: string): Promise<void>;
  replace(text: string): Promise<void>;
  /** Renames the file aside (never overwriting anything) and returns the new name. */
  setAside(): Promise<string>;
  withLock<T>(work: () => Promise<T>): Promise<T>;
  /** Rejects when the file cannot be opened for appending (a read-only folder, no permission). */
  probe(): Promise<void>;
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
  constructor(
    private readonly storage: AuditStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Appends one record: `call` for AI Guard's own calls, `hook` for another AI tool's request
   * decided by `ai-guard hook`. Rejects with an AuditError when the file cannot be written.
   */
  async append(type: 'call' | 'hook', payload: Record<string, unknown>): Promise<void> {
    await this.storage.withLock(async () => {
      let tail = await this.tail();
      if ('problem' in tail || tail.seq === 0) {
        // A new chain opens with a start record; after a bad file, it names where that file went.
        const start = recordLine(1, GENESIS, 'start', this.now().toISOString(), 'problem' in tail ? { reason: tail.problem, setAside: await this.storage.setAside() } : { reason: 'new' });
        await this.write(`${start}\n`);
        tail = { hash: lineHash(start), seq: 1 };
      }
      await this.write(`${recordLine(tail.seq + 1, tail.hash, type, this.now().toISOString(), payload)}\n`);
    });
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

  async verify(): Promise<Verification> {
    return verifyText((await this.storage.read()) ?? '');
  }

  /** Every record, for the audit view and export (after `verify`, which says whether to trust them). */
  async records(): Promise<Array<Record<string, unknown>>> {
    const text = (await this.storage.read()) ?? '';
    return text
      .split('\n')
      .filter((line) => line !== '')
      .flatMap((line) => {
        const parsed = parseLine(line);
        return 'envelope' in parsed ? [parsed.envelope] : [];
      });
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
      return { status: 'untraced', message: l10n.t('The audit log cannot be written ({0}). The policy lets AI calls run without an audit record (audit.required: false), so this call leaves none.', cause) };
    }
  }

  /**
   * Retention: records older than `before` are replaced by one checkpoint, which keeps the rest
   * verifiable. A broken chain is never pruned (that would hide the break); the file is left as is.
   */
  async prune(before: Date): Promise<{ pruned: number }> {
    return this.storage.withLock(async () => {
      const text = (await this.storage.read()) ?? '';
      const verification = verifyText(text);
      if (!verification.ok) throw new AuditError(l10n.t('The audit log is broken at line {0} ({1}); it was not pruned.', verification.broken?.line ?? 0, verification.broken?.reason ?? ''));
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
      if (records <= 0) return { pruned: 0 };
      // Everything may go: the checkpoint's anchor is what the next record chains on.
      const pruned = lines.slice(0, cut);
      const first = parseLine(pruned[0] as string) as { envelope: { prev: string } };
      const last = parseLine(pruned[cut - 1] as string) as { envelope: { seq: number } };
      const checkpoint: CheckpointFields = { pruned: records + (earlier?.pruned ?? 0), prunedSha256: lineHash(pruned.join('\n')), anchor: lineHash(pruned[cut - 1] as string) };
      const line = recordLine(last.envelope.seq, first.envelope.prev, 'checkpoint', this.now().toISOString(), { ...checkpoint });
      await this.storage.replace(`${[line, ...lines.slice(cut)].join('\n')}\n`);
      cut = records;
      return { pruned: cut };
    });
  }

  /** Where the next record chains on, or why the file cannot be continued. */
  private async tail(): Promise<{ hash: string; seq: number } | { problem: string }> {
    const last = await this.storage.readLastLine();
    if (last === undefined) return { hash: GENESIS, seq: 0 };
    if (!last.endsWith('\n')) return { problem: l10n.t('its last line was cut off (a write was interrupted)') };
    const parsed = parseLine(last.slice(0, -1));
    if ('error' in parsed) return { problem: l10n.t('its last line is not an AI Guard audit record: {0}', parsed.error) };
    const { envelope } = parsed;
    const hash = envelope.type === 'checkpoint' ? String((envelope as unknown as CheckpointFields).anchor) : lineHash(last.slice(0, -1));
    return { hash, seq: envelope.seq };
  }

  private async write(text: string): Promise<void> {
    try {
      await this.storage.append(text);
    } catch (error) {
      throw unwritable(error);
    }
  }
}

/** The error of a log that cannot be written, which stops the call rather than let it run untraced. */
function unwritable(error: unknown): AuditError {
  return new AuditError(l10n.t('The audit log cannot be written ({0}). AI calls are not made untraced: free some space or choose another folder.', (error as Error).message), { cause: error });
}

import { createHmac } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { parseJsonAs } from '../json';
import { SpendingSchema, type Spending } from './spending';

/**
 * Tamper evidence. A hash chain alone proves nothing to someone who can rewrite the file: they
 * can recompute every link. So each line also carries `mac`, an HMAC-SHA256 of the line without
 * it under a per-installation key kept outside the log (a 0600 file for the CLI, the editor's
 * secret storage); and a **head**, kept in a file of its own, names the last record (its `seq` and
 * hash) and the first record that had to be sealed (`from`), under the same key. Editing,
 * re-linking, forging or deleting records then shows, and so does cutting the end of the log or
 * emptying it. It cannot stop the machine's own administrator, who can read the key: forwarding
 * the records off the machine is the answer there.
 */
export interface AuditKeyStore {
  /** The installation's key, or undefined when none was made yet. */
  read(): Promise<Uint8Array | undefined>;
  /** Makes the key (random, 32 bytes) when there is none, and returns the key in force. */
  create(): Promise<Uint8Array>;
  /**
   * Earlier keys of this installation, whose codes still verify but which never seal again (the
   * editor's key from its secret storage, before the editor and the CLI shared one key file).
   */
  previous?(): Promise<readonly Uint8Array[]>;
}

export type Mac = (text: string) => string;

export const macWith =
  (key: Uint8Array): Mac =>
  (text) =>
    createHmac('sha256', key).update(text, 'utf8').digest('hex');

const SEAL = /,"mac":"([0-9a-f]{64})"\}$/;

/** The line with its authentication code as the last field. */
export function seal(line: string, mac: Mac): string {
  return `${line.slice(0, -1)},"mac":"${mac(line)}"}`;
}

/** The line as it was sealed, and its code (none for a line written before tamper evidence). */
export function unseal(line: string): { body: string; mac?: string } {
  const match = SEAL.exec(line);
  return match ? { body: `${line.slice(0, match.index)}}`, mac: match[1] as string } : { body: line };
}

export interface AuditHead {
  /** The last record's number and the hash the next record chains on. */
  seq: number;
  hash: string;
  /** The first record written under the key: every record from it on must carry a valid code. */
  from: number;
  /**
   * What the log's records spent by month, up to record `seq` (`spending.ts`), so a budget check
   * reads the head instead of the log. Heads written before it have none; it is covered by the
   * head's code, so an altered figure makes the whole head untrusted.
   */
  spending?: Spending;
}

/** What the head's code authenticates; a head without spending keeps the text older heads were sealed over. */
const headBody = (head: AuditHead) => `ai-guard-audit-head:${head.seq}:${head.hash}:${head.from}${head.spending ? `:${JSON.stringify(head.spending)}` : ''}`;

export function headText(head: AuditHead, mac: Mac): string {
  return `${JSON.stringify({ ...head, mac: mac(headBody(head)) })}\n`;
}

const HeadSchema = z.object({ seq: z.number(), hash: z.string(), from: z.number(), mac: z.string(), spending: z.optional(SpendingSchema) });

/** The head a file holds, checked against the key; an error when it was altered or is not this installation's. */
export function parseHead(text: string, mac: Mac | undefined, earlier: readonly Mac[] = []): AuditHead | { error: string } {
  // Not JSON, or not a head: altered as well.
  const value = parseJsonAs(text, HeadSchema);
  if (value !== undefined) {
    const head: AuditHead = { seq: value.seq, hash: value.hash, from: value.from, ...(value.spending ? { spending: value.spending } : {}) };
    if (mac === undefined || [mac, ...earlier].some((each) => each(headBody(head)) === value.mac)) return head;
  }
  return { error: l10n.t("the head file was altered, or is not this installation's") };
}

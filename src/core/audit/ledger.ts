import { type Mac } from './seal';
import * as z from 'zod/mini';
import { parseJsonAs } from '../json';
import { SpendingSchema, type Spending } from './spending';

/**
 * The person's spending ledger: what every audit log of this installation spent, by month, kept
 * beside the installation's key rather than beside a log, so a new `--audit-file` or a deleted log
 * does not give the month's budget back. Every record that spends adds to it (under its own lock,
 * taken inside a log's writers' lock, never the other way round), and a budget check holds to the
 * larger of the ledger and the log. It is sealed with the installation's key: an altered ledger is
 * not trusted, and is started again from the log being written (what a deleted one would give).
 */
export interface SpendingLedgerStorage {
  /** The ledger's text, or undefined when there is none yet. */
  read(): Promise<string | undefined>;
  /** Replaces the ledger at once (a crash leaves the old one or the new one). */
  write(text: string): Promise<void>;
  /** Runs `work` holding the ledger's lock, across processes; `patient` as for the log's lock. */
  withLock<T>(work: () => Promise<T>, options?: { patient?: boolean }): Promise<T>;
}

const ledgerBody = (spending: Spending) => `ai-guard-ledger:1:${JSON.stringify(spending)}`;

export function ledgerText(spending: Spending, mac: Mac): string {
  return `${JSON.stringify({ v: 1, spending, mac: mac(ledgerBody(spending)) })}\n`;
}

const LedgerSchema = z.object({ v: z.literal(1), spending: SpendingSchema, mac: z.string() });

/** The ledger's spending, or undefined when its text is not a ledger sealed with this installation's key. */
export function parseLedger(text: string, mac: Mac): Spending | undefined {
  // Not JSON, or not a ledger: not trusted either.
  const value = parseJsonAs(text, LedgerSchema);
  return value !== undefined && mac(ledgerBody(value.spending)) === value.mac ? value.spending : undefined;
}

import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { Natural, parseJsonAs } from '../json';
import type { ChainStart } from './chain';
import type { Mac } from './seal';

/**
 * The last verified point of a log, so `audit verify` need not check 100,000 records every time:
 * after a verification that held, the record it ended at (number, chaining hash, where its line
 * ends in the file, how many records and codes came before) and the sha256 of the file's bytes up
 * to there. The next verification checks that digest, which costs a read and a hash, and then only
 * the records after it; the mark is sealed with the installation's key, so altering it only makes
 * the next verification a full one. Anything changed before the mark changes the digest: an edit
 * there is found as surely as by a full verification (which `--full` still runs).
 */
export interface VerifiedMark extends ChainStart {
  /** The byte offset where the verified part ends (after a new line). */
  offset: number;
  prefixSha256: string;
}

const markBody = (mark: VerifiedMark) => `ai-guard-audit-verified:1:${mark.seq}:${mark.hash}:${mark.records}:${mark.sealed}:${mark.offset}:${mark.prefixSha256}`;

export function markText(mark: VerifiedMark, mac: Mac): string {
  return `${JSON.stringify({ ...mark, mac: mac(markBody(mark)) })}\n`;
}

const MarkSchema = z.object({ seq: Natural, hash: z.string(), records: Natural, sealed: Natural, offset: Natural, prefixSha256: z.string(), mac: z.string() });

/** The mark a file holds when its code is this installation's; undefined otherwise (then the verification is full). */
export function parseMark(text: string | undefined, mac: Mac): VerifiedMark | undefined {
  if (text === undefined) return undefined;
  const value = parseJsonAs(text, MarkSchema);
  if (value === undefined) return undefined;
  const { mac: code, ...mark } = value;
  return mac(markBody(mark)) === code ? mark : undefined;
}

export const bytesSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

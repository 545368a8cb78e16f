import { createHash } from 'node:crypto';
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

/** The mark a file holds when its code is this installation's; undefined otherwise (then the verification is full). */
export function parseMark(text: string | undefined, mac: Mac): VerifiedMark | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<VerifiedMark & { mac: string }>;
    const numbers = [value.seq, value.records, value.sealed, value.offset];
    if (!numbers.every((number) => typeof number === 'number' && Number.isInteger(number) && number >= 0) || typeof value.hash !== 'string' || typeof value.prefixSha256 !== 'string') return undefined;
    const mark: VerifiedMark = { seq: value.seq as number, hash: value.hash, records: value.records as number, sealed: value.sealed as number, offset: value.offset as number, prefixSha256: value.prefixSha256 };
    return mac(markBody(mark)) === value.mac ? mark : undefined;
  } catch {
    return undefined;
  }
}

export const bytesSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

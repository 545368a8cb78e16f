/**
 * Finds every occurrence of many strings in a text in one pass (Rabin–Karp on a rolling hash of
 * one WINDOW-character window of each string), so the cost grows with the text, not with
 * text × strings. All needles must be at least WINDOW characters long.
 *
 * Each needle is indexed by a distinctive window (see distinctiveOffset): found values often share a prefix (`https://hooks…`, `eyJhbGci…`,
 * `-----BEGIN…`), and indexing them by it would compare hundreds of them at every occurrence of
 * that prefix. The hash stays a 32-bit integer, and a bitmap on its low bits, sized to the number
 * of needles, answers "could a window of a needle be here?" with one byte read.
 */
export const WINDOW = 8;
const BASE = 31;
/** The bitmap has about 64 bits per needle (few false hits), from 4 Kbit to 16 Mbit. */
function bitmapMask(needles: number): number {
  let bits = 4096;
  while (bits < needles * 64 && bits < 1 << 24) bits <<= 1;
  return bits - 1;
}

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + WINDOW; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

/** How many different characters the window at `offset` holds (no allocation: it runs per value). */
function distinctIn(text: string, offset: number): number {
  let distinct = 0;
  for (let i = offset; i < offset + WINDOW; i++) {
    let seen = false;
    for (let j = offset; j < i && !seen; j++) seen = text.charCodeAt(j) === text.charCodeAt(i);
    if (!seen) distinct++;
  }
  return distinct;
}

/**
 * The offset of a distinctive window: of five evenly spread windows, the one with the most
 * distinct characters (the middle one on a tie).
 */
function distinctiveOffset(needle: string): number {
  const span = needle.length - WINDOW;
  let best = Math.floor(span / 2);
  let bestDistinct = distinctIn(needle, best);
  for (const fraction of [0, 0.25, 0.75, 1]) {
    const offset = Math.round(span * fraction);
    const distinct = distinctIn(needle, offset);
    if (distinct > bestDistinct) {
      best = offset;
      bestDistinct = distinct;
    }
  }
  return best;
}

export interface Occurrence {
  index: number;
  needle: string;
}

/** Non-overlapping occurrences, left to right, preferring the longest needle at a position. */
export function findAll(text: string, needles: Iterable<string>): Occurrence[] {
  const list = [...new Set(needles)];
  return list.length <= FEW_NEEDLES ? findEach(text, list) : findRolling(text, list);
}

/** Below this many needles, one native `indexOf` pass per needle beats hashing every position. */
const FEW_NEEDLES = 8;

function findEach(text: string, needles: readonly string[]): Occurrence[] {
  const candidates: Occurrence[] = [];
  for (const needle of needles) {
    if (needle.length < WINDOW) throw new RangeError(`needles must be at least ${WINDOW} characters long`);
    for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + 1)) candidates.push({ index, needle });
  }
  return nonOverlapping(candidates);
}

/** Left to right, the longest needle first at a position, skipping what overlaps a kept one. */
function nonOverlapping(candidates: Occurrence[]): Occurrence[] {
  candidates.sort((a, b) => a.index - b.index || b.needle.length - a.needle.length);
  const found: Occurrence[] = [];
  let nextFree = 0;
  for (const candidate of candidates) {
    if (candidate.index < nextFree) continue;
    found.push(candidate);
    nextFree = candidate.index + candidate.needle.length;
  }
  return found;
}

function findRolling(text: string, needles: readonly string[]): Occurrence[] {
  const buckets = new Map<number, Array<{ needle: string; offset: number }>>();
  const MASK = bitmapMask(needles.length);
  const bitmap = new Uint8Array((MASK + 1) >> 3);
  for (const needle of needles) {
    if (needle.length < WINDOW) throw new RangeError(`needles must be at least ${WINDOW} characters long`);
    const offset = distinctiveOffset(needle);
    const key = windowHash(needle, offset) & MASK;
    bitmap[key >> 3]! |= 1 << (key & 7);
    const bucket = buckets.get(key);
    if (bucket) bucket.push({ needle, offset });
    else buckets.set(key, [{ needle, offset }]);
  }
  const candidates: Occurrence[] = [];
  if (buckets.size === 0 || text.length < WINDOW) return candidates;

  let power = 1;
  for (let i = 1; i < WINDOW; i++) power = Math.imul(power, BASE) | 0;
  let hash = windowHash(text, 0);
  const last = text.length - WINDOW;
  for (let i = 0; i <= last; i++) {
    const key = hash & MASK;
    if ((bitmap[key >> 3]! & (1 << (key & 7))) !== 0) {
      for (const { needle, offset } of buckets.get(key) ?? []) {
        const start = i - offset;
        if (start >= 0 && text.startsWith(needle, start)) candidates.push({ index: start, needle });
      }
    }
    if (i < last) {
      // Roll the window one character: drop text[i], add text[i + WINDOW].
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(i), power), BASE) + text.charCodeAt(i + WINDOW)) | 0;
    }
  }
  return nonOverlapping(candidates);
}

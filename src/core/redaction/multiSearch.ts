/**
 * Finds every occurrence of many strings in a text in one pass, so the cost grows with the text,
 * not with text × strings. All needles must be at least WINDOW characters long.
 *
 * Many needles are found by sampling (see findSampled): the text's GRAM-character grams are
 * hashed only every STRIDE characters, and each needle is indexed by the grams at its first
 * STRIDE offsets, one of which every occurrence must cover. Hashing a quarter of the text's
 * grams made this about twice as fast as a rolling hash over every position. The hash stays a
 * 32-bit integer, and a bitmap on its low bits, sized to the number of grams indexed, answers
 * "could a needle be here?" with one byte read.
 */
export const WINDOW = 8;
const GRAM = 4;
/** Every needle (≥ WINDOW characters) holds a sampled gram among its first STRIDE offsets. */
const STRIDE = WINDOW - GRAM + 1;
const BASE = 31;
/** The bitmap has about 64 bits per indexed gram (few false hits), from 4 Kbit to 16 Mbit. */
function bitmapMask(grams: number): number {
  let bits = 4096;
  while (bits < grams * 64 && bits < 1 << 24) bits <<= 1;
  return bits - 1;
}

/**
 * The polynomial hash of the GRAM (four) characters at `start`, ((c0·B + c1)·B + c2)·B + c3 modulo 2³²,
 * written as one sum of independent products: exact in doubles (each product of a code unit is
 * under 2³¹, their sum under 2⁵³) before `| 0` reduces it modulo 2³² as the chained form did, and
 * the processor computes the four products at once rather than one after the other.
 */
function gramHash(text: string, start: number): number {
  return (text.charCodeAt(start) * BASE_CUBED + text.charCodeAt(start + 1) * BASE_SQUARED + text.charCodeAt(start + 2) * BASE + text.charCodeAt(start + 3)) | 0;
}
const BASE_SQUARED = BASE * BASE;
const BASE_CUBED = BASE * BASE * BASE;

export interface Occurrence {
  index: number;
  needle: string;
}

/** Non-overlapping occurrences, left to right, preferring the longest needle at a position. */
export function findAll(text: string, needles: Iterable<string>): Occurrence[] {
  const list = [...new Set(needles)];
  return list.length <= FEW_NEEDLES ? findEach(text, list) : findSampled(text, list);
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

function findSampled(text: string, needles: readonly string[]): Occurrence[] {
  const buckets = new Map<number, Array<{ needle: string; offset: number }>>();
  const MASK = bitmapMask(needles.length * STRIDE);
  const bitmap = new Uint8Array((MASK + 1) >> 3);
  for (const needle of needles) {
    if (needle.length < WINDOW) throw new RangeError(`needles must be at least ${WINDOW} characters long`);
    for (let offset = 0; offset < STRIDE; offset++) {
      const key = gramHash(needle, offset) & MASK;
      bitmap[key >> 3]! |= 1 << (key & 7);
      const bucket = buckets.get(key);
      if (bucket) bucket.push({ needle, offset });
      else buckets.set(key, [{ needle, offset }]);
    }
  }
  const candidates: Occurrence[] = [];
  for (let position = 0; position + GRAM <= text.length; position += STRIDE) {
    const key = gramHash(text, position) & MASK;
    if ((bitmap[key >> 3]! & (1 << (key & 7))) === 0) continue;
    for (const { needle, offset } of buckets.get(key) ?? []) {
      const start = position - offset;
      if (start >= 0 && text.startsWith(needle, start)) candidates.push({ index: start, needle });
    }
  }
  // An occurrence covering two sampled grams of the same needle is found twice; nonOverlapping drops the copy.
  return nonOverlapping(candidates);
}

/**
 * Finds many literals in one pass over a text (an Aho–Corasick automaton), for the detectors
 * that start from a fixed word: token prefixes (`ghp_`, `xoxb-`), secretlint's triggers, and the
 * names and hosts of the dictionary. The regex engine is fast on one literal but slow on an
 * alternation of many (about ten times slower for twenty), and a pass per literal adds up; one
 * automaton pass costs about the same whatever the number of literals.
 *
 * Matching ignores case and accents (each character is folded, offset for offset), and a run of
 * separators (white space, `-`, `_`, `'`) counts as one separator wherever a literal has one. So
 * a hit is a candidate: the caller confirms it (a sticky regex, an exact comparison), which also
 * restores case where it matters.
 */
import { foldChar } from './fold';

/** A literal found at [start, end) of the text; `literal` is its index in the list given. */
export interface LiteralHit {
  literal: number;
  start: number;
  end: number;
}

const OTHER = 0;
const UNKNOWN = 0xffff;
/** The mark of a code unit the index was told to stop at (see `searchUnlessStopped`). */
const STOP = 0xfffe;
const SEPARATOR = 1;
const SEPARATOR_CHARS = /^[\s\-_']$/;

export class LiteralIndex {
  /** Each UTF-16 code unit's class, 0xFFFF until first needed (folding a character is slow), STOP for a stop. */
  private readonly classOfCode = new Uint16Array(65536).fill(UNKNOWN);
  /** The classes of the code units marked STOP, for the searches that do not stop. */
  private readonly stopClasses = new Map<number, number>();
  private readonly stops: ((code: number) => boolean) | undefined;
  private readonly classOfFolded = new Map<string, number>();
  private readonly classCount: number;
  /** The full automaton: delta[offset + class], where offset = state × classCount (see below). */
  private readonly delta: Int32Array;
  /** For each state, the literals that end there: outputs[outputStart[s] .. outputStart[s + 1]). */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;
  /** Each literal's group and its index within that group (see searchGroups). */
  private readonly groupOf: Int32Array;
  private readonly indexInGroup: Int32Array;
  private readonly groupCount: number;

  /**
   * Literals in groups (one per detector): hits come back per group, indexed within it. `stops`
   * names the code units at which `searchUnlessStopped` gives up.
   */
  constructor(groups: ReadonlyArray<readonly string[]>, stops?: (code: number) => boolean) {
    this.stops = stops;
    const literals = groups.flat();
    this.groupCount = groups.length;
    this.groupOf = Int32Array.from(groups.flatMap((group, index) => group.map(() => index)));
    this.indexInGroup = Int32Array.from(groups.flatMap((group) => group.map((_, index) => index)));
    // Classes: 0 for characters no literal has, 1 for separators, then one per folded character.
    let classes = 2;
    const classOf = (char: string): number => {
      if (SEPARATOR_CHARS.test(char)) return SEPARATOR;
      const folded = foldChar(char).toLowerCase();
      let cls = this.classOfFolded.get(folded);
      if (cls === undefined) {
        cls = classes++;
        this.classOfFolded.set(folded, cls);
      }
      return cls;
    };
    const sequences = literals.map((literal) => collapse(literal.split('').map(classOf)));
    this.classCount = classes;
    this.lengths = Int32Array.from(sequences, (sequence) => sequence.length);
    if (sequences.some((sequence) => sequence.length === 0)) throw new RangeError('a literal to search for must not be empty');

    // The trie: one map from (state, class) to the child state, states numbered as created.
    const edges = new Map<number, number>();
    const parent: number[] = [0];
    const via: number[] = [0];
    const endState = new Int32Array(literals.length);
    sequences.forEach((sequence, literal) => {
      let state = 0;
      for (const cls of sequence) {
        const key = state * classes + cls;
        let next = edges.get(key);
        if (next === undefined) {
          next = parent.length;
          parent.push(state);
          via.push(cls);
          edges.set(key, next);
        }
        state = next;
      }
      endState[literal] = state;
    });
    const states = parent.length;
    // Each state's children (ids of states created after it), and the literals that end there, in their order.
    const childStart = new Int32Array(states + 1);
    for (let state = 1; state < states; state++) increment(childStart, (parent[state] as number) + 1);
    for (let state = 0; state < states; state++) childStart[state + 1] = (childStart[state + 1] as number) + (childStart[state] as number);
    const childList = new Int32Array(Math.max(0, states - 1));
    const filled = childStart.slice(0, states);
    for (let state = 1; state < states; state++) childList[increment(filled, parent[state] as number)] = state;
    const endCount = new Int32Array(states);
    for (let literal = 0; literal < literals.length; literal++) increment(endCount, endState[literal] as number);

    // Breadth first, so that a state's failure state (always shallower) is complete before it. The
    // full transition table goes to a state's offset in the table (state × classes), shifted left
    // once, with the low bit set when literals end there: the search loop then needs no
    // multiplication and no second look-up to know whether to report. A state's row is its failure
    // state's row with its own children written over it, which is what following failure links would give.
    const fail = new Int32Array(states);
    const outputCount = new Int32Array(states);
    const table = new Int32Array(states * classes);
    const order = new Int32Array(states);
    let tail = 1;
    for (let head = 0; head < states; head++) {
      const state = order[head] as number;
      const base = state * classes;
      const failBase = (fail[state] as number) * classes;
      if (state !== 0) table.copyWithin(base, failBase, failBase + classes);
      for (let k = childStart[state] as number; k < (childStart[state + 1] as number); k++) {
        const child = childList[k] as number;
        const cls = via[child] as number;
        // Taken from the failure state's row, which never changes again (it is shallower).
        const childFail = state === 0 ? 0 : ((table[failBase + cls] as number) >> 1) / classes;
        fail[child] = childFail;
        // Outputs of a state include those of its failure chain (a literal that ends inside a longer one).
        outputCount[child] = (endCount[child] as number) + (outputCount[childFail] as number);
        table[base + cls] = ((child * classes) << 1) | ((outputCount[child] as number) > 0 ? 1 : 0);
        order[tail++] = child;
      }
    }
    // A run of separators counts once: a state reached by a separator stays put on the next one.
    // (Literals never hold two separators in a row, so such a state has no separator child.)
    // Staying put reports nothing new: what ends there was reported on the first separator.
    for (let state = 1; state < states; state++) {
      if (via[state] === SEPARATOR) table[state * classes + SEPARATOR] = (state * classes) << 1;
    }
    this.delta = table;
    // The literals that end at each state: its own (in the order given), then its failure state's.
    this.outputStart = new Int32Array(states + 1);
    for (let state = 0; state < states; state++) this.outputStart[state + 1] = (this.outputStart[state] as number) + (outputCount[state] as number);
    this.outputs = new Int32Array(this.outputStart[states] as number);
    const written = this.outputStart.slice(0, states);
    for (let literal = 0; literal < literals.length; literal++) {
      const state = endState[literal] as number;
      this.outputs[increment(written, state)] = literal;
    }
    for (let head = 1; head < states; head++) {
      const state = order[head] as number;
      const from = fail[state] as number;
      this.outputs.copyWithin(written[state] as number, this.outputStart[from] as number, this.outputStart[from + 1] as number);
    }
  }

  /**
   * Every occurrence of every literal, in order of their ends, as one list per group whose
   * `literal` is the index within that group.
   */
  search(text: string): LiteralHit[][] {
    return this.run(text, false) as LiteralHit[][];
  }

  /**
   * The same as `search`, or undefined as soon as the text holds one of the stops given to the
   * constructor: the scanner learns in the same pass that the text has nothing to fold.
   */
  searchUnlessStopped(text: string): LiteralHit[][] | undefined {
    return this.run(text, true);
  }

  private run(text: string, stopping: boolean): LiteralHit[][] | undefined {
    // A loop rather than `Array.from({ length })`, which cost a tenth of the search on small texts.
    const hits: LiteralHit[][] = new Array<LiteralHit[]>(this.groupCount);
    for (let group = 0; group < this.groupCount; group++) hits[group] = [];
    const { delta, classCount, outputStart, outputs, lengths, classOfCode, groupOf, indexInGroup } = this;
    let offset = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let cls = classOfCode[code] as number;
      // Unknown and stop codes share one test, so the common path has no more than before.
      if (cls >= STOP) {
        cls = this.rareClass(code, stopping);
        if (cls === STOP) return undefined;
      }
      const next = delta[offset + cls] as number;
      offset = next >> 1;
      if ((next & 1) === 0) continue;
      const state = offset / classCount;
      for (let k = outputStart[state] as number; k < (outputStart[state + 1] as number); k++) {
        const literal = outputs[k] as number;
        (hits[groupOf[literal] as number] as LiteralHit[]).push({
          literal: indexInGroup[literal] as number,
          start: this.startOf(text, i + 1, lengths[literal] as number),
          end: i + 1,
        });
      }
    }
    return hits;
  }

  /**
   * Where a literal of `length` classes ending at `end` starts: walking back, a run of separators
   * counts once; a literal that begins with a separator starts at the last one of its run.
   */
  private startOf(text: string, end: number, length: number): number {
    let i = end;
    for (let remaining = length; remaining > 0; remaining--) {
      i--;
      if (remaining > 1 && this.isSeparator(text.charCodeAt(i))) while (i > 0 && this.isSeparator(text.charCodeAt(i - 1))) i--;
    }
    return i;
  }

  private isSeparator(code: number): boolean {
    const cls = this.classOfCode[code] as number;
    return (cls >= STOP ? this.rareClass(code, false) : cls) === SEPARATOR;
  }

  /** The class of a code unit not learnt yet or marked STOP: STOP itself only when `stopping`. */
  private rareClass(code: number, stopping: boolean): number {
    let cls = this.classOfCode[code] as number;
    if (cls === UNKNOWN) cls = this.learnClass(code);
    if (cls !== STOP || stopping) return cls;
    return this.stopClasses.get(code) as number;
  }

  private learnClass(code: number): number {
    const char = String.fromCharCode(code);
    const cls = SEPARATOR_CHARS.test(char) ? SEPARATOR : (this.classOfFolded.get(foldChar(char).toLowerCase()) ?? OTHER);
    if (this.stops?.(code)) {
      this.stopClasses.set(code, cls);
      this.classOfCode[code] = STOP;
      return STOP;
    }
    this.classOfCode[code] = cls;
    return cls;
  }
}

/** Adds one to `array[index]` and returns the value it had. */
function increment(array: Int32Array, index: number): number {
  const value = array[index] as number;
  array[index] = value + 1;
  return value;
}

/** A literal's classes with each run of separators made one, as the text's are. */
function collapse(sequence: number[]): number[] {
  return sequence.filter((cls, index) => !(cls === SEPARATOR && sequence[index - 1] === SEPARATOR));
}

/**
 * The policy's custom detection rules (`detectors.custom`): their shape, the check that keeps
 * their patterns linear, and their union across policies. Nothing here compiles or runs a
 * pattern, so the policy layer can validate rules without loading the redaction engine.
 */
/**
 * An organisation's own rule, from the policy's `detectors.custom`: its id, a pattern, and the
 * keywords the pattern cannot match without (found by the scanner's one literal pass, like the
 * built-in detectors' literals). What it finds is a secret: masked wherever secrets are, and it
 * raises a file to the secret category's content level.
 */
export interface CustomRule {
  readonly id: string;
  readonly pattern: string;
  readonly keywords: readonly string[];
}

/**
 * Why a pattern is refused, or undefined when it is in the linear-safe subset. The engine's
 * detectors must stay linear in their text (a hostile paste must not freeze the editor), and a
 * JavaScript regex cannot be stopped once it runs, so a custom pattern is checked before it is
 * ever compiled. The subset: literal characters, escapes, character classes, groups and
 * alternation; every repetition bounded (`{m,n}`, `?`; no `*`, `+` or `{m,}`) and applied to one
 * character, one class or a group of fixed pieces (no repetition nor alternation inside a repeated
 * group, so backtracking cannot nest); no back-references or look-arounds; and the product of the
 * ranges of a branch's repetitions at most MAX_BACKTRACKING, which bounds the work per position.
 * A pattern runs only on the lines where one of its keywords occurs.
 */
export type PatternProblem = 'too-long' | 'invalid' | 'unbounded' | 'nested-repetition' | 'lookaround-or-backreference' | 'too-much-backtracking' | 'empty-match';

const MAX_PATTERN_LENGTH = 512;
const MAX_REPEAT = 1024;
const MAX_BACKTRACKING = 256;

export function customPatternProblem(pattern: string): PatternProblem | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return 'too-long';
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern);
  } catch {
    return 'invalid';
  }
  const problem = new SubsetChecker(pattern).check();
  if (problem !== undefined) return problem;
  if (compiled.test('')) return 'empty-match';
  return undefined;
}

/** A small reader of the regex syntax, enough to walk the subset above (the source already compiles). */
class SubsetChecker {
  private at = 0;
  constructor(private readonly source: string) {}

  check(): PatternProblem | undefined {
    const result = this.alternation(false);
    if (typeof result === 'string') return result;
    return this.at === this.source.length ? undefined : 'invalid';
  }

  /** Branches separated by `|`; returns the largest backtracking product of its branches, and whether any piece repeats or alternates. */
  private alternation(inGroup: boolean): PatternProblem | { product: number; fixed: boolean } {
    let product = 1;
    let fixed = true;
    let branches = 0;
    for (;;) {
      const branch = this.sequence(inGroup);
      if (typeof branch === 'string') return branch;
      branches++;
      product = Math.max(product, branch.product);
      fixed &&= branch.fixed;
      if (this.source[this.at] !== '|') break;
      this.at++;
    }
    return { product, fixed: fixed && branches === 1 };
  }

  private sequence(inGroup: boolean): PatternProblem | { product: number; fixed: boolean } {
    let product = 1;
    let fixed = true;
    while (this.at < this.source.length) {
      const c = this.source[this.at] as string;
      if (c === '|' || (c === ')' && inGroup)) break;
      const atom = this.atom();
      if (typeof atom === 'string') return atom;
      const repeat = this.quantifier();
      if (typeof repeat === 'string') return repeat;
      if (repeat !== undefined) {
        if (!atom.fixed) return 'nested-repetition';
        fixed = false;
        product *= repeat.max - repeat.min + 1;
        if (product > MAX_BACKTRACKING) return 'too-much-backtracking';
      }
      if (!atom.fixed) fixed = false;
      product *= atom.product;
      if (product > MAX_BACKTRACKING) return 'too-much-backtracking';
    }
    return { product, fixed };
  }

  private atom(): PatternProblem | { product: number; fixed: boolean } {
    const c = this.source[this.at] as string;
    if (c === '(') {
      this.at++;
      if (this.source.startsWith('?:', this.at)) this.at += 2;
      else if (this.source[this.at] === '?') return 'lookaround-or-backreference';
      const inner = this.alternation(true);
      if (typeof inner === 'string') return inner;
      if (this.source[this.at] !== ')') return 'invalid';
      this.at++;
      return inner;
    }
    if (c === '[') {
      this.at++;
      if (this.source[this.at] === '^') this.at++;
      if (this.source[this.at] === ']') this.at++;
      while (this.at < this.source.length && this.source[this.at] !== ']') this.at += this.source[this.at] === '\\' ? 2 : 1;
      if (this.source[this.at] !== ']') return 'invalid';
      this.at++;
      return { product: 1, fixed: true };
    }
    if (c === '\\') {
      const next = this.source[this.at + 1] ?? '';
      if (/[1-9k]/.test(next)) return 'lookaround-or-backreference';
      this.at += 2;
      // \xHH, \uHHHH and \cX are read whole.
      if (next === 'x') this.at += 2;
      else if (next === 'u') this.at += 4;
      else if (next === 'c') this.at += 1;
      return { product: 1, fixed: true };
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') return 'unbounded';
    this.at++;
    return { product: 1, fixed: true };
  }

  private quantifier(): PatternProblem | { min: number; max: number } | undefined {
    const c = this.source[this.at];
    if (c === '*' || c === '+') return 'unbounded';
    let bounds: { min: number; max: number } | undefined;
    if (c === '?') {
      this.at++;
      bounds = { min: 0, max: 1 };
    } else if (c === '{') {
      const braces = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.source.slice(this.at));
      if (!braces) return undefined;
      this.at += braces[0].length;
      const min = Number(braces[1]);
      if (braces[2] !== undefined && (braces[3] ?? '') === '') return 'unbounded';
      const max = braces[3] !== undefined ? Number(braces[3]) : min;
      if (max > MAX_REPEAT || max < min) return 'unbounded';
      bounds = { min, max };
    }
    if (bounds && this.source[this.at] === '?') this.at++;
    return bounds;
  }
}

/** Every distinct custom rule of several dictionaries (the same rule from two policies once), or nothing. */
export function customUnion(dictionaries: ReadonlyArray<{ readonly custom?: readonly CustomRule[] | undefined }>): { custom?: readonly CustomRule[] } {
  const byKey = new Map<string, CustomRule>();
  for (const rule of dictionaries.flatMap((dictionary) => dictionary.custom ?? [])) byKey.set(JSON.stringify([rule.id, rule.pattern, rule.keywords]), rule);
  return byKey.size === 0 ? {} : { custom: [...byKey.values()] };
}

import { type Detector, emitMatchAt, type RawFinding, tick } from '../detector';
import { notPlaceholder } from '../filters';
import { type CatalogueRule, TOKEN_CATALOGUE } from './tokenCatalogue';

/**
 * Provider tokens recognisable by their own shape (a fixed prefix, a length, an alphabet), from
 * the rule catalogue (`tokenCatalogue.ts`). These are the most reliable detections. The scanner
 * finds every rule's literals in one pass, and a rule's pattern is tried only there (sticky), so
 * a hundred rules cost one pass rather than a hundred.
 */
interface CompiledRule {
  readonly rule: CatalogueRule;
  readonly sticky: RegExp;
  readonly accept: (value: string) => boolean;
}

function compile(rule: CatalogueRule): CompiledRule {
  const flags = `y${rule.pattern.ignoreCase ? 'i' : ''}${rule.group !== undefined ? 'd' : ''}`;
  const validate = rule.validate;
  return {
    rule,
    sticky: new RegExp(rule.pattern.source, flags),
    accept: validate ? (value) => notPlaceholder(value) && validate(value) : notPlaceholder,
  };
}

const COMPILED = TOKEN_CATALOGUE.map(compile);
const LITERALS = TOKEN_CATALOGUE.flatMap((rule) => rule.literals);
const RULE_OF_LITERAL: readonly CompiledRule[] = COMPILED.flatMap((compiled) => compiled.rule.literals.map(() => compiled));

/** Where a rule's token starts for a hit of its literal, or -1 when it cannot start there. */
function tokenStart(text: string, rule: CatalogueRule, hitStart: number): number {
  const before = rule.before;
  if (before === undefined) return hitStart;
  // At most so many characters before: a token at the text's start has fewer (the pattern decides).
  if (typeof before === 'number') return Math.max(0, hitStart - before);
  // The last `find` in the window before the hit, looked for in the window alone: a search from
  // the hit, with none there, would read the whole text on one side of it.
  const from = Math.max(0, hitStart - before.within);
  const found = text.slice(from, hitStart + before.find.length).lastIndexOf(before.find);
  return found === -1 ? -1 : from + found;
}

/**
 * The next occurrence of a marker at or after an offset, for hits in increasing order: each
 * marker's position is searched again only once the hits have passed it, so all look-ups of a
 * scan together read the text once per marker.
 */
class MarkerLookup {
  private readonly found = new Map<string, number>();

  constructor(private readonly text: string) {}

  next(marker: string, from: number): number {
    const known = this.found.get(marker);
    if (known !== undefined && known >= from) return known;
    const at = this.text.indexOf(marker, from);
    const position = at === -1 ? Number.POSITIVE_INFINITY : at;
    this.found.set(marker, position);
    return position;
  }
}

function emitGroup(text: string, at: number, compiled: CompiledRule, emit: (finding: RawFinding) => void): void {
  tick();
  const { rule, sticky } = compiled;
  sticky.lastIndex = at;
  const match = sticky.exec(text);
  const range = match?.indices?.[rule.group as number];
  const value = match?.[rule.group as number];
  if (!range || value === undefined || value.length === 0 || !compiled.accept(value)) return;
  emit({ kind: rule.kind, start: range[0], end: range[1], rule: `aiguard/${rule.id}`, confidence: rule.confidence });
}

export const tokenDetector: Detector = {
  id: 'tokens',
  categories: ['secret'],
  literals: LITERALS,
  detect({ text, hits }, emit) {
    // A hit inside a token already found is part of it (`sk-…sk-…`), not the start of another.
    let coveredTo = 0;
    const record = (finding: RawFinding) => {
      coveredTo = Math.max(coveredTo, finding.end);
      emit(finding);
    };
    const markers = new MarkerLookup(text);
    for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
      const compiled = RULE_OF_LITERAL[hit.literal] as CompiledRule;
      const { rule } = compiled;
      const start = tokenStart(text, rule, hit.start);
      if (start < 0 || start < coveredTo) continue;
      if (rule.holds && markers.next(rule.holds.marker, start) - start > rule.holds.within) continue;
      if (rule.group !== undefined) {
        emitGroup(text, start, compiled, record);
        continue;
      }
      emitMatchAt(text, start, compiled.sticky, record, {
        kind: rule.kind,
        rule: `aiguard/${rule.id}`,
        confidence: rule.confidence,
        accept: compiled.accept,
      });
    }
  },
};

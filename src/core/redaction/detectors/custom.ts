import { type Detector, emitMatches, type RawFinding, tick } from '../detector';
import { isPlaceholderValue } from '../filters';
import { type CustomRule, customPatternProblem } from '../customRules';

/** The lines around each keyword hit, merged, as [start, end) ranges. */
function hitLines(text: string, hits: ReadonlyArray<{ start: number }>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const hit of hits) {
    tick();
    const last = ranges[ranges.length - 1];
    if (last && hit.start < last[1]) continue;
    // A line, capped either side, so that one long line costs what its hits' neighbourhoods cost.
    const lineStart = Math.max(text.lastIndexOf('\n', hit.start) + 1, hit.start - 1024);
    const newline = text.indexOf('\n', hit.start);
    const lineEnd = Math.min(newline === -1 ? text.length : newline, hit.start + 1024);
    if (last && lineStart <= last[1]) last[1] = Math.max(last[1], lineEnd);
    else ranges.push([lineStart, lineEnd]);
  }
  return ranges;
}

/**
 * The policy's custom rules as one detector. Patterns are compiled only once checked (an unsafe
 * one is an error of the policy, which is then not used); the secret is the pattern's first
 * capturing group when it has one, else the whole match; placeholders are refused as everywhere.
 */
export function compileCustomRules(rules: readonly CustomRule[]): Detector | undefined {
  const usable = rules.filter((rule) => rule.keywords.length > 0 && customPatternProblem(rule.pattern) === undefined);
  if (usable.length === 0) return undefined;
  const compiled = usable.map((rule) => {
    const pattern = new RegExp(rule.pattern, 'gd');
    const groups = new RegExp(`${rule.pattern}|`).exec('')?.length ?? 1;
    return { rule, pattern, group: groups > 1 ? 1 : 0 };
  });
  const literals = usable.flatMap((rule) => rule.keywords);
  const owners = usable.flatMap((_, index) => (usable[index] as CustomRule).keywords.map(() => index));
  return {
    id: 'custom',
    categories: ['secret'],
    literals,
    detect({ text, hits }, emit: (finding: RawFinding) => void) {
      const byRule = new Map<number, Array<{ start: number }>>();
      for (const hit of hits) {
        const owner = owners[hit.literal] as number;
        const list = byRule.get(owner) ?? [];
        list.push(hit);
        byRule.set(owner, list);
      }
      for (const [index, ruleHits] of byRule) {
        const { rule, pattern, group } = compiled[index] as (typeof compiled)[number];
        for (const [start, end] of hitLines(
          text,
          ruleHits.sort((a, b) => a.start - b.start),
        )) {
          const window = text.slice(start, end);
          emitMatches(window, pattern, (finding) => emit({ ...finding, start: finding.start + start, end: finding.end + start }), {
            kind: 'generic-secret',
            rule: `custom/${rule.id}`,
            confidence: 0.9,
            group,
            accept: (value) => !isPlaceholderValue(value),
          });
        }
      }
    },
  };
}

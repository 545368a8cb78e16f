import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { RedactionDictionary } from '../../redaction';
import { customPatternProblem, customUnion, type PatternProblem } from '../../redaction/customRules';
import { text } from '../idSchemas';
import type { PolicySection } from './section';

const Names = (what: string) => z.optional(z.array(text()).check(z.describe(what)));

export const DictionarySchema = z
  .strictObject({
    clients: Names('Client names, masked wherever they appear (case and accents ignored).'),
    codenames: Names('Project code names, masked wherever they appear.'),
    people: Names("People's names, masked wherever they appear."),
    internalHosts: Names('Internal host names, exact or with a leading wildcard (`*.corp.example`).'),
  })
  .check(z.describe('Names the redaction engine masks: clients, code names, people and internal hosts.'));

const PATTERN_PROBLEMS: Record<PatternProblem, () => string> = {
  'too-long': () => l10n.t('A custom pattern is at most 512 characters long.'),
  invalid: () => l10n.t('This custom pattern is not a valid regular expression.'),
  unbounded: () => l10n.t('Every repetition in a custom pattern needs an upper bound: use {m,n} or ?, not *, + or {m,}.'),
  'nested-repetition': () => l10n.t('A repeated group of a custom pattern may not hold a repetition or an alternation.'),
  'lookaround-or-backreference': () => l10n.t('Custom patterns may not use look-arounds, back-references or named groups.'),
  'too-much-backtracking': () => l10n.t('This custom pattern has too many variable repetitions in a row (their ranges multiplied exceed 256).'),
  'empty-match': () => l10n.t('This custom pattern matches the empty string.'),
};

const CustomRuleSchema = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: () => l10n.t('A custom rule id is made of lowercase letters, digits, ., - and _ (64 at most).') }),
      z.describe('The rule id: findings are reported as `custom/<id>`.'),
    ),
  pattern: z.string().check(
    z.refine((pattern) => customPatternProblem(pattern) === undefined, {
      error: (issue) => PATTERN_PROBLEMS[customPatternProblem(String(issue.input)) ?? 'invalid'](),
    }),
    z.describe(
      'A JavaScript regular expression (case-sensitive) in a linear-safe subset: every repetition bounded ({m,n} or ?), no look-arounds or back-references. Its first capturing group is the secret, or the whole match without one.',
    ),
  ),
  keywords: z
    .array(z.string().check(z.trim(), z.minLength(3), z.maxLength(64)))
    .check(z.minLength(1), z.describe('Words the pattern cannot match without (3 characters or more, case ignored); the pattern runs only on the lines where one occurs.')),
});

export type CustomRuleDefinition = z.infer<typeof CustomRuleSchema>;

export const DetectorsSchema = z
  .strictObject({
    custom: z.optional(
      z.array(CustomRuleSchema).check(z.maxLength(200), z.describe("The organisation's own detection rules; what they find is masked as a secret. Every policy in force adds its own.")),
    ),
  })
  .check(z.describe('Detection added by the policy.'));

export type PolicyDictionary = z.infer<typeof DictionarySchema>;

/**
 * What one policy adds to the dictionary: its own `dictionary`, its custom rules
 * (`detectors.custom`, which add detection like names do) and its clients, whose name and id
 * are names to mask and whose own dictionaries count too. Only the parts of a client the
 * dictionary reads are checked here; `clients.ts` holds the whole declaration.
 */
export const DictionaryInputSchema = z.strictObject({
  dictionary: z.optional(DictionarySchema),
  custom: z.optional(z.array(CustomRuleSchema)),
  clients: z.optional(z.array(z.looseObject({ id: z.string(), name: z.string(), dictionary: z.optional(DictionarySchema) }))),
});

export type DictionaryInput = z.infer<typeof DictionaryInputSchema>;

/**
 * `dictionary`: every policy's names, custom rules and clients, user settings included, outermost
 * first. Masking more is safer, so the dictionary in force is their union: a policy can only add.
 */
export const dictionarySection: PolicySection<DictionaryInput, readonly RedactionDictionary[], RedactionDictionary> = {
  schema: DictionaryInputSchema,
  builtIn: {},
  none: [],
  declare: (declared, input) => {
    if (input === undefined) return declared;
    const dictionaries = [...declared];
    if (input.dictionary !== undefined) dictionaries.push(input.dictionary);
    // Custom rules add detection, like names: every policy in force contributes its own.
    if (input.custom !== undefined) dictionaries.push({ custom: input.custom });
    for (const client of input.clients ?? []) {
      // A declared client's own name and id are names to mask, dictionary or not: without this,
      // `clients/ardoise/…` and `db.ardoise.internal` carried the client's name out.
      dictionaries.push({ clients: clientNames(client) });
      if (client.dictionary !== undefined) dictionaries.push(client.dictionary);
    }
    return dictionaries.length === declared.length ? declared : dictionaries;
  },
  combine: (dictionaries) => {
    const of = (key: 'clients' | 'codenames' | 'people' | 'internalHosts') => [...new Set(dictionaries.flatMap((d) => d[key] ?? []))];
    return { clients: of('clients'), codenames: of('codenames'), people: of('people'), internalHosts: of('internalHosts'), ...customUnion(dictionaries) };
  },
};

/**
 * The names a client declaration itself gives away: its name, and its id when the id is a word
 * of its own (three characters or more, so that an id such as `a1` does not mask every `a1`).
 */
function clientNames(client: { id: string; name: string }): string[] {
  return client.id.length >= 3 && client.id.toLowerCase() !== client.name.toLowerCase() ? [client.name, client.id] : [client.name];
}

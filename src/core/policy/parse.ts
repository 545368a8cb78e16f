import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { PolicyEnvelopeSchema, POLICY_FORMAT_VERSION } from './envelope';
import { type JsonPath, type Locator, parseJsonText } from './jsonText';
import { isNegation, patternProblem } from './patterns';
import { suspectKey } from './keys';
import { FILE_START, hasErrors, type Problem, sortProblems } from './problems';
import { type PolicyDocument, PolicySchema } from './schema';

/**
 * One policy source, read on its own: the document when it is valid by itself, every problem
 * found without looking at other policies, and a way to report later problems (those that need
 * the outer policies, see `layers.ts`) at the right place.
 */
export interface ParsedPolicy {
  readonly file: string;
  /** Undefined when the source has an error: an invalid policy is never used in part. */
  readonly document: PolicyDocument | undefined;
  readonly problems: readonly Problem[];
  readonly report: Reporter;
}

/** Makes a problem about the node at `path` of one policy source. */
export type Reporter = (path: JsonPath, severity: Problem['severity'], message: string, part?: 'value' | 'key' | 'open') => Problem;

/** Reads a policy file's text (JSON with comments). Never throws. */
export function parsePolicyText(file: string, text: string): ParsedPolicy {
  const json = parseJsonText(text);
  const report = textReporter(file, json.locate);
  if (json.syntaxErrors.length > 0) {
    return invalid(
      file,
      report,
      json.syntaxErrors.map(({ span, message }) => ({ file, ...span, severity: 'error', message })),
    );
  }
  if (json.tree === undefined) {
    return invalid(file, report, [report([], 'error', l10n.t('The policy file is empty: it needs at least { "version": 1 }.'))]);
  }
  const duplicates = json.duplicateKeys.map(({ span, key }): Problem => ({ file, ...span, severity: 'error', message: l10n.t("The property '{0}' appears twice in this object; keep one.", key) }));
  const parsed = validate(file, json.value, report, duplicates);
  return { ...parsed, problems: sortProblems(parsed.problems) };
}

/**
 * A policy that could not even be read (an unreadable file, an unreachable server): it has
 * only the error, so it is unusable like any invalid policy and its files fail closed.
 */
export function unreadablePolicy(file: string, message: string): ParsedPolicy {
  const report: Reporter = (_path, severity, text) => ({ file, ...FILE_START, severity, message: text });
  return invalid(file, report, [report([], 'error', message)]);
}

/**
 * Reads a policy given as a value rather than a text: the user-settings layer. It has no
 * positions, so its problems name the JSON path instead; `version` may be left out.
 */
export function parsePolicyValue(file: string, value: unknown): ParsedPolicy {
  const report: Reporter = (path, severity, message) => ({
    file,
    ...FILE_START,
    severity,
    message: path.length > 0 ? `${formatJsonPath(path)}: ${message}` : message,
  });
  const withVersion = isObject(value) && !('version' in value) ? { version: POLICY_FORMAT_VERSION, ...value } : value;
  return validate(file, withVersion, report, []);
}

/** `['rules', 2, 'level']` → `rules[2].level`, as people write paths into JSON. */
export function formatJsonPath(path: JsonPath): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

function textReporter(file: string, locate: Locator): Reporter {
  return (path, severity, message, part) => ({ file, ...locate(path, part), severity, message });
}

function invalid(file: string, report: Reporter, problems: Problem[]): ParsedPolicy {
  return { file, document: undefined, problems, report };
}

function validate(file: string, value: unknown, report: Reporter, earlier: Problem[]): ParsedPolicy {
  const envelope = PolicyEnvelopeSchema.safeParse(value);
  if (!envelope.success) return invalid(file, report, [...earlier, envelopeProblem(value, report)]);

  const problems = [...earlier];
  let candidate = value as Record<string, unknown>;
  const first = PolicySchema.safeParse(candidate);
  if (!first.success) {
    const unknownKeys: JsonPath[] = [];
    for (const issue of first.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const parent = issue.path as Array<string | number>;
          const path = [...parent, key];
          unknownKeys.push(path);
          problems.push(unknownKeyProblem(key, parent, path, report));
        }
      } else {
        problems.push(issueProblem(issue, value, report));
      }
    }
    if (hasErrors(problems)) return invalid(file, report, problems);
    candidate = withoutPaths(candidate, unknownKeys);
  } else if (hasErrors(problems)) {
    return invalid(file, report, problems);
  }
  const parsed = PolicySchema.safeParse(candidate);
  if (!parsed.success) {
    // Unreachable in practice: removing unknown keys cannot make a valid policy invalid.
    return invalid(file, report, [...problems, ...parsed.error.issues.map((issue) => issueProblem(issue, candidate, report))]);
  }
  problems.push(...localProblems(parsed.data, report));
  return hasErrors(problems) ? invalid(file, report, problems) : { file, document: parsed.data, problems, report };
}

/**
 * An unknown key: a warning when it may be a newer AI Guard's feature, an error when it looks
 * like a misspelt or misplaced known key, which, dropped, would leave the policy less strict
 * than written (a `"Rules"` list, `budgets` outside `cost`).
 */
function unknownKeyProblem(key: string, parent: JsonPath, path: JsonPath, report: Reporter): Problem {
  const meant = suspectKey(key, parent);
  if (meant === undefined) return report(path, 'warning', l10n.t("Unknown property '{0}': it is ignored (it may be meant for a newer version of AI Guard).", key), 'key');
  const where = meant.place === '' ? l10n.t('at the top level') : l10n.t('under {0}', meant.place);
  return report(
    path,
    'error',
    meant.key === key
      ? l10n.t("The property '{0}' does not belong here: it goes {1}. A misplaced key would leave the policy less strict than written, so the policy is not used until it is moved.", key, where)
      : l10n.t("Unknown property '{0}': did you mean '{1}' {2}? A misspelt key would leave the policy less strict than written, so the policy is not used until it is fixed.", key, meant.key, where),
    'key',
  );
}

function envelopeProblem(value: unknown, report: Reporter): Problem {
  if (!isObject(value)) return report([], 'error', l10n.t('A policy is a JSON object, such as { "version": 1 }.'));
  if (!('version' in value)) return report([], 'error', l10n.t('The property "version" is required: add "version": 1.'), 'open');
  return report(['version'], 'error', l10n.t('This file is for policy format version {0}; this AI Guard reads version {1} only.', JSON.stringify(value.version), POLICY_FORMAT_VERSION));
}

/** A zod issue in words, at its node. */
function issueProblem(issue: z.core.$ZodIssue, value: unknown, report: Reporter): Problem {
  const path = issue.path as Array<string | number>;
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(value, path) === undefined) {
        return report(path, 'error', l10n.t("The property '{0}' is required here.", String(path[path.length - 1])), 'open');
      }
      return report(path, 'error', expectedMessage(issue.expected));
    }
    case 'invalid_value':
      return report(path, 'error', l10n.t('Expected one of: {0}.', issue.values.map((v) => JSON.stringify(v)).join(', ')));
    case 'too_small':
      return report(path, 'error', issue.origin === 'array' ? l10n.t('This list must not be empty.') : l10n.t('This text must not be empty.'));
    case 'invalid_key':
      return report(path, 'error', issue.issues[0]?.message ?? l10n.t('This property name is not valid here.'), 'key');
    case 'invalid_format':
    case 'custom':
      return report(path, 'error', issue.message);
    default:
      return report(path, 'error', l10n.t('This value is not valid here.'));
  }
}

function expectedMessage(expected: string): string {
  switch (expected) {
    case 'string':
      return l10n.t('Expected text (in double quotes) here.');
    case 'boolean':
      return l10n.t('Expected true or false here.');
    case 'array':
      return l10n.t('Expected a list ([…]) here.');
    case 'object':
    case 'record':
      return l10n.t('Expected an object ({…}) here.');
    case 'number':
      return l10n.t('Expected a number here.');
    default:
      return l10n.t('This value has the wrong type.');
  }
}

/**
 * Checks a policy can fail on its own, beyond its schema: duplicate ids, rules without exactly
 * one of `pattern`/`patterns`, patterns that can never match. Checks that need the outer
 * policies (is this level defined? is that provider known?) are in `layers.ts`.
 */
function localProblems(policy: PolicyDocument, report: Reporter): Problem[] {
  const problems: Problem[] = [];
  const duplicates = (items: ReadonlyArray<{ id: string }> | undefined, key: string) => {
    const seen = new Set<string>();
    items?.forEach(({ id }, index) => {
      if (seen.has(id)) problems.push(report([key, index, 'id'], 'error', l10n.t("The id '{0}' is declared twice; ids must be unique.", id)));
      seen.add(id);
    });
  };
  duplicates(policy.levels, 'levels');
  duplicates(policy.clients, 'clients');
  policy.rules?.forEach((rule, index) => {
    if ((rule.pattern === undefined) === (rule.patterns === undefined)) {
      problems.push(report(['rules', index], 'error', l10n.t('A rule needs exactly one of "pattern" or "patterns".'), 'open'));
      return;
    }
    const patterns =
      rule.pattern !== undefined ? [{ text: rule.pattern, path: ['rules', index, 'pattern'] }] : (rule.patterns ?? []).map((text, i) => ({ text, path: ['rules', index, 'patterns', i] }));
    let bad = false;
    for (const { text, path } of patterns) {
      const problem = patternProblem(text);
      if (problem !== undefined) problems.push(report(path, 'error', problem));
      bad ||= problem !== undefined;
    }
    if (!bad && patterns.every(({ text }) => isNegation(text))) {
      problems.push(report(['rules', index], 'error', l10n.t('Every pattern of this rule is a negation (!), so it matches nothing.'), 'open'));
    }
  });
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A copy of `value` without the properties at `paths` (unknown keys, reported as warnings). */
function withoutPaths(value: Record<string, unknown>, paths: readonly JsonPath[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    const parent = valueAt(copy, path.slice(0, -1));
    if (parent !== null && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[path[path.length - 1] as string];
  }
  return copy;
}

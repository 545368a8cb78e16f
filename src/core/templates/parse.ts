import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import { hasErrors, type Problem, sortProblems } from '../policy/problems';
import { contentHash, normaliseNewlines } from './approval';
import { type Range, readYaml, splitFrontMatter, type YamlText } from './frontMatter';
import { INPUT_PLACEHOLDERS, type InputName, type InputSpec, parseInputSpec, PLACEHOLDER_INPUT } from './inputs';
import { type Token, tokenize } from './placeholders';
import { spanFinder } from './positions';
import { FRONT_MATTER_KEYS, type FrontMatter, FrontMatterSchema } from './schema';
import type { Template, TemplateOrigin } from './types';

/** A template file, read: the template when it has no error, and every problem found. */
export interface ParsedTemplate {
  template?: Template;
  problems: Problem[];
}

type Report = (range: Range, severity: Problem['severity'], message: string) => void;

/**
 * Reads one template file. Never throws: every fault becomes a problem with its line and
 * column (YAML syntax, a field missing or invalid, an unknown or undeclared placeholder, an
 * unbalanced section), and the template is returned only when no problem is an error.
 * Warnings (an unknown field, an input no placeholder uses, a system part that does not ask
 * the model to keep `[[…]]` placeholders) leave it usable.
 */
export function parseTemplate(path: string, text: string, origin: TemplateOrigin = 'workspace'): ParsedTemplate {
  const source = normaliseNewlines(text).replace(/^\uFEFF/, '');
  const span = spanFinder(source);
  const problems: Problem[] = [];
  const report: Report = ([start, end], severity, message) => problems.push({ file: path, ...span(start, end), severity, message });
  const done = (template?: Template): ParsedTemplate => (template !== undefined && !hasErrors(problems) ? { template, problems: sortProblems(problems) } : { problems: sortProblems(problems) });

  const parts = splitFrontMatter(source);
  if ('problem' in parts) {
    report([0, 3], 'error', parts.problem);
    return done();
  }
  const shift = (range: Range): Range => [range[0] + parts.yamlOffset, range[1] + parts.yamlOffset];
  const opening: Range = [0, 3];
  const yaml = readYaml(parts.yaml);
  const frontMatter = readFrontMatter(yaml, (range, severity, message) => report(range === undefined ? opening : shift(range), severity, message));
  const body = splitBody(parts.body, parts.bodyOffset, report);
  const used = checkTags(body.parts, frontMatter, report);
  if (frontMatter === undefined || body.prompt === undefined) return done();
  frontMatter.inputs.forEach((input, index) => {
    if (used.has(input.name)) return;
    const range = frontMatter.inputRanges[index];
    report(
      range === undefined ? opening : shift(range),
      'warning',
      l10n.t('The input {0} is declared but no placeholder uses it ({1}).', input.name, INPUT_PLACEHOLDERS[input.name].map((name) => `{{${name}}}`).join(', ')),
    );
  });
  if (!body.system.includes('[[')) {
    report(
      body.systemRange ?? [parts.bodyOffset, parts.bodyOffset],
      'warning',
      l10n.t('The system part does not tell the model to keep [[…]] placeholders as they are; masked values in the answer might not be restored. Add a ## System section that says so.'),
    );
  }
  return done({
    id: frontMatter.data.id,
    title: frontMatter.data.title,
    description: frontMatter.data.description,
    profile: frontMatter.data.profile,
    version: frontMatter.data.version,
    inputs: frontMatter.inputs,
    output: frontMatter.data.output,
    ...(frontMatter.data.maxLevel !== undefined ? { maxLevel: frontMatter.data.maxLevel } : {}),
    ...(frontMatter.data.modelTier !== undefined ? { modelTier: frontMatter.data.modelTier } : {}),
    language: frontMatter.data.language ?? 'en',
    system: body.system,
    prompt: body.prompt,
    origin,
    path,
    sha256: contentHash(text),
  });
}

/** A problem at a range of the YAML, or at the opening `---` when the range is undefined. */
type YamlReport = (range: Range | undefined, severity: Problem['severity'], message: string) => void;

interface ValidFrontMatter {
  data: FrontMatter;
  inputs: InputSpec[];
  /** Where each input is declared, relative to the YAML (for problems about an input). */
  inputRanges: Array<Range | undefined>;
}

function readFrontMatter(yaml: YamlText, report: YamlReport): ValidFrontMatter | undefined {
  for (const { range, severity, message } of yaml.errors) report(range, severity, message);
  if (yaml.errors.some((error) => error.severity === 'error')) return undefined;
  const value = yaml.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(yaml.locate([]), 'error', l10n.t('The front-matter holds fields, one "name: value" per line (id, title, description, profile, version, inputs, output).'));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!FRONT_MATTER_KEYS.has(key)) report(yaml.locate([key], 'key'), 'warning', l10n.t("Unknown field '{0}': it is ignored.", key));
  }
  const parsed = FrontMatterSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(yaml.locate(issue.path), 'error', issueMessage(issue, value as Record<string, unknown>));
    return undefined;
  }
  const inputs = parsed.data.inputs.map(parseInputSpec);
  const seen = new Set<string>();
  let duplicate = false;
  inputs.forEach(({ name }, index) => {
    if (seen.has(name)) {
      report(yaml.locate(['inputs', index]), 'error', l10n.t('The input {0} is declared twice.', name));
      duplicate = true;
    }
    seen.add(name);
  });
  return duplicate ? undefined : { data: parsed.data, inputs, inputRanges: inputs.map((_input, index) => yaml.locate(['inputs', index])) };
}

/** A zod issue in words. zod/mini has no messages of its own (see ARCHITECTURE.md). */
function issueMessage(issue: z.core.$ZodIssue, value: Record<string, unknown>): string {
  if (issue.path.length === 1 && value[issue.path[0] as string] === undefined) return l10n.t("The field '{0}' is required.", String(issue.path[0]));
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'string') return l10n.t('Expected text here (in quotes if YAML reads it as a number, a date or true/false).');
      if (issue.expected === 'array') return l10n.t('Expected a list here: one "- item" per line, or [a, b].');
      return l10n.t('This value has the wrong type.');
    case 'invalid_value':
      return l10n.t('Expected one of: {0}.', issue.values.map((v) => String(v)).join(', '));
    case 'too_small':
      return l10n.t('This text must not be empty.');
    case 'invalid_format':
      return issue.message;
    default:
      return l10n.t('This value is not valid here.');
  }
}

interface Body {
  system: string;
  /** Undefined when the body has an error that leaves no usable prompt. */
  prompt: string | undefined;
  systemRange: Range | undefined;
  /** The tokens of each part (system, then prompt), rendered apart. */
  parts: Token[][];
}

const SYSTEM_HEADING = /^##[ \t]+System[ \t]*$/m;
const USER_HEADING = /^##[ \t]+User[ \t]*$/m;

/**
 * Splits the body into its system and user parts. A body whose first non-blank line is
 * `## System` has a system part, which runs to the next `## User` line; the user part (the
 * prompt) is everything after that. Any other body is all prompt, with no system part. Other
 * headings (`## Output format`) are ordinary text of either part.
 */
function splitBody(body: string, offset: number, report: Report): Body {
  const start = body.length - body.trimStart().length;
  const leading = body.slice(start);
  const system = SYSTEM_HEADING.exec(leading);
  if (system === null || system.index !== 0) {
    return withPrompt({ system: '', prompt: body, systemRange: undefined, parts: [tokenize(body, offset)] }, body, offset, report);
  }
  const systemStart = start + system[0].length;
  const user = USER_HEADING.exec(body.slice(systemStart));
  if (user === null) {
    report([offset + start, offset + systemStart], 'error', l10n.t('A ## System section ends where the prompt starts: add a line ## User before the prompt.'));
    return { system: '', prompt: undefined, systemRange: undefined, parts: [tokenize(body, offset)] };
  }
  const systemText = body.slice(systemStart, systemStart + user.index);
  const promptStart = systemStart + user.index + user[0].length;
  const promptText = body.slice(promptStart);
  return withPrompt(
    {
      system: systemText.trim(),
      prompt: promptText,
      systemRange: [offset + start, offset + systemStart],
      parts: [tokenize(systemText, offset + systemStart), tokenize(promptText, offset + promptStart)],
    },
    promptText,
    offset + promptStart,
    report,
  );
}

function withPrompt(parts: Body, promptText: string, promptOffset: number, report: Report): Body {
  if (promptText.trim() === '') {
    report([promptOffset, promptOffset], 'error', l10n.t('The prompt is empty: write it after the front-matter (or after ## User).'));
    return { ...parts, prompt: undefined };
  }
  return { ...parts, prompt: promptText.trim() };
}

/**
 * Checks the tags of both parts: each names a known placeholder of a declared input, and
 * sections are balanced within each part (the two are rendered apart). Without a valid
 * front-matter only what does not need the inputs is checked. Returns the inputs used.
 */
function checkTags(parts: ReadonlyArray<readonly Token[]>, frontMatter: ValidFrontMatter | undefined, report: Report): Set<InputName> {
  const declared = frontMatter === undefined ? undefined : new Set(frontMatter.inputs.map((input) => input.name));
  const used = new Set<InputName>();
  for (const tokens of parts) {
    const open: Array<Extract<Token, { name: string }>> = [];
    for (const token of tokens) {
      if (token.kind === 'text') continue;
      const range: Range = [token.offset, token.offset + token.length];
      if (token.kind === 'invalid') {
        report(range, 'error', l10n.t('{0} is not a placeholder: a placeholder is a name such as {1}. Write {2} for literal braces.', token.text, '{{selection}}', '\\{{'));
        continue;
      }
      const input = PLACEHOLDER_INPUT.get(token.name);
      if (input === undefined) {
        report(range, 'error', l10n.t('Unknown placeholder {0}. Placeholders are: {1}.', `{{${token.name}}}`, [...PLACEHOLDER_INPUT.keys()].join(', ')));
      } else if (declared !== undefined && !declared.has(input)) {
        report(range, 'error', l10n.t('{0} needs the input {1}: add it to inputs (with ? if the template can run without it).', `{{${token.name}}}`, input));
      } else {
        used.add(input);
      }
      if (token.kind === 'open' || token.kind === 'inverse') {
        open.push(token);
      } else if (token.kind === 'close') {
        const opened = open.pop();
        if (opened === undefined) report(range, 'error', l10n.t('{0} closes a section that was not opened.', `{{/${token.name}}}`));
        else if (opened.name !== token.name) report(range, 'error', l10n.t('{0} closes the section {1}, which is still open; close it first.', `{{/${token.name}}}`, opened.name));
      }
    }
    for (const token of open) report([token.offset, token.offset + token.length], 'error', l10n.t('The section {0} is never closed: add {1}.', token.name, `{{/${token.name}}}`));
  }
  return used;
}

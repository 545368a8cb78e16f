import * as z from 'zod/mini';
import type * as Engine from './secretlintEngine';
import type { RawFinding } from '../detector';
import type { Kind } from '../kinds';
import type { LiteralHit } from '../literalIndex';

/**
 * secretlint's recommended preset as one more detector. It is thorough but slow (about 6 MB/s
 * on whole files), so it only sees the lines that a cheap prefilter says one of its rules could
 * match: those windows are joined into one source, linted once, and offsets mapped back.
 */

const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';

/** secretlint itself, loaded on the first lint (see secretlintEngine.ts for why apart). */
let engine: Promise<typeof Engine> | undefined;
const loadEngine = () => (engine ??= import('./secretlintEngine'));

/**
 * What each rule of the preset (11.7) needs before it can match, case as the rule has it: a line
 * without any of these cannot hold a secretlint finding. Each trigger's literals are found in the
 * scanner's one pass (see literalIndex.ts); `verify`, tried where one is found, confirms it. Kept
 * tight on purpose, since each window costs secretlint's fixed set-up: words that merely suggest
 * a secret (`aws`, `postgres`, `password=`) opened windows in most files and made secretlint most
 * of the scan time. Rules left out can never fire on windows: the GCP rule parses a whole file
 * as JSON (our own detector finds service-account keys), and `filter-comments` only filters.
 */
interface Trigger {
  literals: readonly string[];
  verify: RegExp;
  /** Only with this option of the preset's rules (the aws rule's account-id check). */
  option?: string;
}

const TRIGGERS: readonly Trigger[] = [
  // aws: `AWS_SECRET_ACCESS_KEY = …` (its AWS prefix is optional); key ids with enableIDScanRule.
  { literals: ['secretaccess', 'secret_access'], verify: /(?:SECRET|[Ss]ecret)_?(?:ACCESS|[Aa]ccess)/y },
  { literals: ['A3T', 'AKIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'], verify: /A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA/y },
  { literals: ['account'], verify: /(?:ACCOUNT|[Aa]ccount)_?(?:ID|[Ii]d)?/y, option: 'enableIDScanRule' },
  // npm: `_authToken=…` and `npm_…` tokens.
  { literals: ['_authToken=', 'npm_'], verify: /_authToken=|npm_/y },
  // basicauth, database-connection-string and npm's `x-oauth-basic` need `scheme://user:password@`.
  { literals: ['://'], verify: /:\/\/[^\s/:@]{0,256}:[^\s@]{0,256}@/y },
  // slack
  { literals: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xapp-', 'hooks.slack.com'], verify: /xox[bpaor]-|xapp-|hooks\.slack\.com/y },
  // openai (every key carries this marker), anthropic, linear
  { literals: ['T3BlbkFJ', 'sk-ant-api0', 'lin_api_'], verify: /T3BlbkFJ|sk-ant-api0|lin_api_/y },
  // privatekey
  { literals: ['PRIVATE KEY'], verify: /PRIVATE KEY/y },
  // sendgrid, shopify, github, 1password
  {
    literals: ['SG.', 'shppa_', 'shpca_', 'shpat_', 'shpss_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'ops_ey'],
    verify: /SG\.|shp(?:pa|ca|at|ss)_|gh[pousr]_|github_pat_|ops_ey/y,
  },
];

/** The literals the scanner finds for secretlint's prefilter; a hit's `literal` indexes this list. */
export const SECRETLINT_TRIGGER_LITERALS: readonly string[] = TRIGGERS.flatMap((trigger) => trigger.literals);
const TRIGGER_OF_LITERAL: readonly Trigger[] = TRIGGERS.flatMap((trigger) => trigger.literals.map(() => trigger));

/** secretlint rule ids mapped to our kinds, so one secret gets one name whoever found it. */
const RULE_KINDS: Readonly<Record<string, Kind>> = {
  '@secretlint/secretlint-rule-aws': 'aws-secret-access-key',
  '@secretlint/secretlint-rule-gcp': 'gcp-service-account-key',
  '@secretlint/secretlint-rule-npm': 'npm-token',
  '@secretlint/secretlint-rule-slack': 'slack-token',
  '@secretlint/secretlint-rule-basicauth': 'basic-auth-password',
  '@secretlint/secretlint-rule-openai': 'openai-api-key',
  '@secretlint/secretlint-rule-anthropic': 'anthropic-api-key',
  '@secretlint/secretlint-rule-privatekey': 'private-key',
  '@secretlint/secretlint-rule-sendgrid': 'sendgrid-key',
  '@secretlint/secretlint-rule-stripe': 'stripe-key',
  '@secretlint/secretlint-rule-github': 'github-token',
  '@secretlint/secretlint-rule-gitlab': 'gitlab-token',
  '@secretlint/secretlint-rule-database-connection-string': 'connection-string-password',
  '@secretlint/secretlint-rule-docker': 'docker-auth',
};

/** The part of a `.secretlintrc.json` we honour: the preset entry and its nested rule options. */
const NestedRuleSchema = z.object({
  id: z.string(),
  options: z.optional(z.record(z.string(), z.unknown())),
  disabled: z.optional(z.boolean()),
  allowMessageIds: z.optional(z.array(z.string())),
});
export const SecretlintConfigSchema = z.object({
  rules: z.array(
    z.object({
      id: z.string(),
      options: z.optional(z.record(z.string(), z.unknown())),
      disabled: z.optional(z.boolean()),
      rules: z.optional(z.array(NestedRuleSchema)),
    }),
  ),
});
export type SecretlintConfig = z.infer<typeof SecretlintConfigSchema>;

export interface SecretlintSettings {
  /** False when a workspace config leaves the preset out or disables it. */
  enabled: boolean;
  options?: Record<string, unknown>;
  rules?: z.infer<typeof NestedRuleSchema>[];
  /** Rules the workspace config names that this build cannot run (only the preset is bundled). */
  unsupportedRules: string[];
}

export const DEFAULT_SECRETLINT: SecretlintSettings = { enabled: true, unsupportedRules: [] };

/**
 * Reads a workspace's `.secretlintrc.json`. Workspace code is never loaded: rules other than
 * the bundled preset are reported as unsupported, and our own detectors still run.
 */
export function secretlintSettingsFrom(json: unknown): SecretlintSettings {
  const parsed = SecretlintConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`.secretlintrc.json is not a secretlint configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
  }
  const preset = parsed.data.rules.find((rule) => rule.id === PRESET_ID || rule.id === 'preset-recommend');
  return {
    enabled: preset !== undefined && preset.disabled !== true,
    ...(preset?.options ? { options: preset.options } : {}),
    ...(preset?.rules ? { rules: preset.rules } : {}),
    unsupportedRules: parsed.data.rules.filter((rule) => rule !== preset).map((rule) => rule.id),
  };
}

export interface Window {
  /** Offset of the window in the original text. */
  start: number;
  end: number;
  /** Offset of the window in the joined source. */
  joinedStart: number;
}

/** How far past a trigger, on its line, the secret it announces may lie (`_authToken=` → the token). */
const TRIGGER_REACH = 256;
/** How much of a line secretlint sees each side of a trigger. */
const LONG_LINE_REACH = 2048;
/** The largest window made by merging (a private key block may make one larger). */
const MAX_WINDOW = 8192;

/**
 * The lines where a trigger was found (`hits` of SECRETLINT_TRIGGER_LITERALS, from the scanner's
 * literal pass), with one line of context each side, merged. A trigger whose secret our own
 * detectors already found (one of `covered`, sorted by start, overlaps the trigger or the rest of
 * its line up to TRIGGER_REACH) opens no window: secretlint is there to catch what they miss,
 * and each window costs it time.
 */
export function prefilterWindows(
  text: string,
  hits: readonly LiteralHit[],
  covered: ReadonlyArray<{ start: number; end: number }> = [],
  settings: SecretlintSettings = DEFAULT_SECRETLINT,
): Array<{ start: number; end: number }> {
  const windows: Array<{ start: number; end: number }> = [];
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  let cursor = 0;
  let scannedTo = 0;
  for (const hit of sorted) {
    if (hit.start < scannedTo) continue;
    const trigger = TRIGGER_OF_LITERAL[hit.literal];
    if (!trigger || (trigger.option !== undefined && !optionOn(settings, trigger.option))) continue;
    trigger.verify.lastIndex = hit.start;
    const match = trigger.verify.exec(text);
    if (match === null) continue;
    let lineEnd = text.indexOf('\n', hit.start);
    lineEnd = lineEnd === -1 ? text.length : lineEnd;
    while (cursor < covered.length && (covered[cursor] as { end: number }).end <= hit.start) cursor++;
    if (overlapsAny(covered, cursor, hit.start, Math.max(hit.start + match[0].length, Math.min(lineEnd, hit.start + TRIGGER_REACH)))) continue;
    const lineStart = text.lastIndexOf('\n', hit.start - 1) + 1;
    const previousLine = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
    const nextEnd = lineEnd === text.length ? -1 : text.indexOf('\n', lineEnd + 1);
    let end = nextEnd === -1 ? text.length : nextEnd;
    // A private key block runs until its END line.
    if (match[0] === 'PRIVATE KEY') {
      const blockEnd = text.indexOf('PRIVATE KEY-----', hit.start + match[0].length);
      if (blockEnd !== -1) end = Math.max(end, Math.min(text.length, blockEnd + 16));
    }
    // On a very long line (a minified bundle, a log without breaks) only the trigger's
    // surroundings are linted: secretlint's own patterns are not all linear in a line's length.
    const start = Math.max(previousLine, hit.start - LONG_LINE_REACH);
    if (match[0] !== 'PRIVATE KEY') end = Math.min(end, Math.max(hit.start + LONG_LINE_REACH, hit.start + match[0].length));
    // Windows that touch are merged, up to a size: past it the next one overlaps the last by a
    // trigger's reach instead, so a secret on the boundary is whole in one of them.
    const last = windows[windows.length - 1];
    if (last && start <= last.end + 1 && Math.max(last.end, end) - last.start <= MAX_WINDOW) last.end = Math.max(last.end, end);
    else if (last && start <= last.end + 1) windows.push({ start: Math.max(last.start, Math.min(start, last.end - LONG_LINE_REACH)), end });
    else windows.push({ start, end });
    scannedTo = end;
  }
  return windows;
}

function optionOn(settings: SecretlintSettings, option: string): boolean {
  return settings.rules?.some((rule) => rule.options?.[option] === true) === true;
}

/** Whether a span of `spans` (sorted by start), from index `from` on, overlaps [start, end). */
function overlapsAny(spans: ReadonlyArray<{ start: number; end: number }>, from: number, start: number, end: number): boolean {
  for (let i = from; i < spans.length; i++) {
    const span = spans[i] as { start: number; end: number };
    if (span.start >= end) return false;
    if (span.end > start) return true;
  }
  return false;
}

/**
 * The windows of `text` secretlint should see (empty when it is off or nothing can match), each
 * with its offset in the source they are joined into.
 */
export function secretlintWindows(text: string, settings: SecretlintSettings, hits: readonly LiteralHit[], covered: ReadonlyArray<{ start: number; end: number }> = []): Window[] {
  if (!settings.enabled) return [];
  let joinedLength = 0;
  return prefilterWindows(text, hits, covered, settings).map((window) => {
    const joinedStart = joinedLength;
    joinedLength += window.end - window.start + 1;
    return { ...window, joinedStart };
  });
}

/** Lints the windows, joined into one source, and maps secretlint's findings back into `text`. */
export async function lintWindows(text: string, windows: readonly Window[], settings: SecretlintSettings, filePath?: string): Promise<RawFinding[]> {
  if (windows.length === 0) return [];
  const joined = windows.map((window) => `${text.slice(window.start, window.end)}\n`).join('');
  const extension = filePath && filePath.includes('.') ? filePath.slice(filePath.lastIndexOf('.')) : '';
  const { lintSource, presetRecommend } = await loadEngine();
  const result = await lintSource({
    source: { content: joined, filePath: filePath ?? 'prompt.txt', ext: extension, contentType: 'text' },
    options: {
      noPhysicFilePath: true,
      maskSecrets: true,
      config: {
        rules: [
          {
            id: PRESET_ID,
            rule: presetRecommend,
            ...(settings.options ? { options: settings.options } : {}),
            // Keys that are absent stay absent: secretlint's types have no room for an undefined value.
            ...(settings.rules
              ? {
                  rules: settings.rules.map(({ id, options, disabled, allowMessageIds }) => ({
                    id,
                    ...(options ? { options } : {}),
                    ...(disabled !== undefined ? { disabled } : {}),
                    ...(allowMessageIds ? { allowMessageIds } : {}),
                  })),
                }
              : {}),
          },
        ],
      },
    },
  });
  const findings: RawFinding[] = [];
  for (const message of result.messages) {
    if (message.severity === 'info') continue;
    const [joinedStart, joinedEnd] = message.range;
    const window = findWindow(windows, joinedStart);
    if (!window) continue;
    const start = window.start + (joinedStart - window.joinedStart);
    const end = Math.min(window.end, window.start + (joinedEnd - window.joinedStart));
    if (end <= start) continue;
    findings.push({
      kind: RULE_KINDS[message.ruleId] ?? 'generic-secret',
      start,
      end,
      rule: `secretlint/${message.ruleId.replace('@secretlint/secretlint-rule-', '')}:${message.messageId}`,
      confidence: 0.9,
    });
  }
  return findings;
}

function findWindow(windows: readonly Window[], joinedOffset: number): Window | undefined {
  let low = 0;
  let high = windows.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((windows[middle] as Window).joinedStart <= joinedOffset) low = middle;
    else high = middle - 1;
  }
  return windows[low];
}

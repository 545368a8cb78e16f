import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';
import * as z from 'zod/mini';
import type { RawFinding } from '../detector';
import type { Kind } from '../kinds';

/**
 * secretlint's recommended preset as one more detector. It is thorough but slow (about 6 MB/s
 * on whole files), so it only sees the lines that a cheap prefilter says one of its rules could
 * match: those windows are joined into one source, linted once, and offsets mapped back.
 */

const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';

/*
 * secretlint's core records a performance mark for every rule of every lint, and its profiler
 * keeps every entry in memory and searches them linearly on each new mark. In a long-lived
 * process (the extension host, a server) that is a leak and a slowdown that grows with every
 * scan: it was most of the scan time after a few thousand files. We do not use its profile, so
 * the shared profiler's `mark` does nothing.
 */
secretLintProfiler.mark = () => undefined;

/**
 * Substrings that every rule of the preset needs before it can match (its prefixes, key words
 * and URL shapes). A line without any of them cannot hold a secretlint finding.
 */
const PREFILTER =
  /AKIA|ASIA|aws|private_key|PRIVATE KEY|npm_|_authToken|xox[a-z]-|hooks\.slack|:\/\/[^\s/:@]*:[^\s@]*@|sk-|gsk_|hf_|lin_api_|secret_|ntn_|SG\.|shp[a-z]{2}_|[sr]k_(?:live|test)_|gh[pousr]_|github_pat_|glpat-|gl[a-z]{1,4}[-_]|ops_|Password=|Pwd=|hv[sb]\.|vercel_|dapi|auths|figd_|cloudflare|tskey-|AccountKey|mongodb|postgres|mysql|redis|amqp/i;

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

interface Window {
  /** Offset of the window in the original text. */
  start: number;
  end: number;
  /** Offset of the window in the joined source. */
  joinedStart: number;
}

/**
 * The lines that pass the prefilter, with one line of context each side, merged. A prefilter hit
 * inside something our own detectors already found (`covered`, sorted by start) opens no window:
 * secretlint is there to catch what they miss, and each window costs it time.
 */
export function prefilterWindows(text: string, covered: ReadonlyArray<{ start: number; end: number }> = []): Array<{ start: number; end: number }> {
  const windows: Array<{ start: number; end: number }> = [];
  const global = new RegExp(PREFILTER.source, 'gi');
  let cursor = 0;
  for (let match = global.exec(text); match !== null; match = global.exec(text)) {
    while (cursor < covered.length && (covered[cursor] as { end: number }).end <= match.index) cursor++;
    const span = covered[cursor];
    if (span && span.start <= match.index && match.index + match[0].length <= span.end) continue;
    const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    const previousLine = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
    let end = text.indexOf('\n', match.index);
    end = end === -1 ? text.length : end;
    const nextEnd = text.indexOf('\n', end + 1);
    end = nextEnd === -1 ? text.length : nextEnd;
    // A private key block runs until its END line.
    if (/PRIVATE KEY/.test(match[0])) {
      const blockEnd = text.indexOf('PRIVATE KEY-----', match.index + match[0].length);
      if (blockEnd !== -1) end = Math.max(end, Math.min(text.length, blockEnd + 16));
    }
    const last = windows[windows.length - 1];
    if (last && previousLine <= last.end + 1) last.end = Math.max(last.end, end);
    else windows.push({ start: previousLine, end });
    global.lastIndex = Math.max(global.lastIndex, end);
  }
  return windows;
}

export async function detectWithSecretlint(
  text: string,
  settings: SecretlintSettings,
  filePath?: string,
  covered: ReadonlyArray<{ start: number; end: number }> = [],
): Promise<RawFinding[]> {
  if (!settings.enabled) return [];
  const windows: Window[] = [];
  let joined = '';
  for (const window of prefilterWindows(text, covered)) {
    windows.push({ ...window, joinedStart: joined.length });
    joined += `${text.slice(window.start, window.end)}\n`;
  }
  if (windows.length === 0) return [];
  const extension = filePath && filePath.includes('.') ? filePath.slice(filePath.lastIndexOf('.')) : '';
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
            ...(settings.rules ? { rules: settings.rules } : {}),
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

function findWindow(windows: Window[], joinedOffset: number): Window | undefined {
  let low = 0;
  let high = windows.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((windows[middle] as Window).joinedStart <= joinedOffset) low = middle;
    else high = middle - 1;
  }
  return windows[low];
}

import * as z from 'zod/mini';
import { Settings } from './ids';

/**
 * The `aiGuard.*` settings as the code expects them. Settings are external input (a user can
 * write anything in settings.json), so they are parsed, and a wrong value falls back to its
 * default instead of breaking a feature. A unit test keeps these defaults equal to the ones
 * declared in `package.json`.
 */
export const SettingsSchema = z.object({
  [Settings.revealOutputOnError]: z._default(z.boolean(), false),
  [Settings.showFindings]: z._default(z.boolean(), true),
  [Settings.showPersonalData]: z._default(z.boolean(), false),
  [Settings.orgPolicy]: z._default(z.string(), ''),
  // The user's own policy layer is checked by the policy parser, which reports precise problems.
  [Settings.userPolicy]: z._default(z.record(z.string(), z.unknown()), {}),
  // Each provider entry is checked by the provider parser, which keeps the valid ones and says
  // what is wrong with the others, so one mistake does not disable every provider.
  [Settings.providers]: z._default(z.array(z.unknown()), []),
  // A provider id, "copy" for the clipboard mode, or empty to be asked at each run.
  [Settings.defaultProvider]: z._default(z.string(), ''),
  // Level ids whose prompts are shown before sending (`*` for every level).
  [Settings.previewLevels]: z._default(z.array(z.string()), ['confidential', 'restricted']),
  // A folder for the audit log instead of the extension's global storage; empty for the default.
  [Settings.auditFolder]: z._default(z.string(), ''),
  // The most text of each input (selection, file, diff…) a prompt carries; more is cut, and said.
  [Settings.contextMaxCharacters]: z._default(z.number().check(z.int(), z.minimum(1000)), 200_000),
  // Telemetry is off unless the person turns it on (and the editor's telemetry is on too).
  [Settings.telemetryEnabled]: z._default(z.boolean(), false),
  // The collector's URL; the organisation policy's endpoint, when it names one, wins.
  [Settings.telemetryEndpoint]: z._default(z.string(), ''),
});
export type AiGuardSettings = z.infer<typeof SettingsSchema>;

/**
 * Parses one raw setting value, falling back to the declared default when it is invalid; the
 * fallback is reported to `onInvalid` (which logs it), so a wrong value is never ignored in silence.
 */
export function parseSetting<K extends keyof AiGuardSettings>(key: K, raw: unknown, onInvalid?: (problem: string) => void): AiGuardSettings[K] {
  const field = SettingsSchema.shape[key];
  const result = field.safeParse(raw);
  if (result.success) return result.data as AiGuardSettings[K];
  const issue = result.error.issues[0];
  onInvalid?.(`aiGuard.${key}: ${issue ? `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${whatIsWrong(issue)}` : 'not a valid value'}; the default applies`);
  return field.parse(undefined) as AiGuardSettings[K];
}

/** What is wrong with a value, for the log (zod/mini carries no messages of its own). Never the value itself. */
function whatIsWrong(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return 'not a valid value';
  }
}

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

/** Parses one raw setting value, falling back to the declared default when it is invalid. */
export function parseSetting<K extends keyof AiGuardSettings>(key: K, raw: unknown): AiGuardSettings[K] {
  const field = SettingsSchema.shape[key];
  const result = field.safeParse(raw);
  return (result.success ? result.data : field.parse(undefined)) as AiGuardSettings[K];
}

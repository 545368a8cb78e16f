import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { NAMESPACE } from '../../shared/ids';
import { type AiGuardSettings, parseSetting } from '../../shared/settings';

let problems: Pick<Logger, 'warn'> | undefined;
const reported = new Set<string>();

/**
 * Where a setting with a wrong value is reported (the output channel, once activation made it).
 * Each wrong value is reported once, not at every read.
 */
export function reportSettingProblemsTo(logger: Pick<Logger, 'warn'> | undefined): void {
  problems = logger;
  reported.clear();
}

/** Reads one `aiGuard.*` setting, typed and validated, with the default (and a warning) on a wrong value. */
export function getSetting<K extends keyof AiGuardSettings>(key: K, scope?: vscode.ConfigurationScope): AiGuardSettings[K] {
  const raw: unknown = vscode.workspace.getConfiguration(NAMESPACE, scope).get(key);
  return parseSetting(key, raw, (problem) => {
    const once = `${problem}\u0000${safeJson(raw)}`;
    if (reported.has(once)) return;
    reported.add(once);
    problems?.warn(`Setting ${problem}.`);
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A group of `aiGuard.*` settings, by the first part of their keys (`telemetry` for `telemetry.enabled` and `telemetry.endpoint`). */
export type SettingSection = keyof AiGuardSettings extends infer K ? (K extends `${infer Section}.${string}` ? Section : never) : never;

/**
 * Whether a configuration change touches one `aiGuard.*` setting, a section of them, or (with
 * no key) any of them: the keys are typed, so no hand-spelled `affectsConfiguration` string
 * can name a setting that does not exist.
 */
export function changed(event: vscode.ConfigurationChangeEvent, key?: keyof AiGuardSettings | SettingSection): boolean {
  return event.affectsConfiguration(key === undefined ? NAMESPACE : `${NAMESPACE}.${key}`);
}

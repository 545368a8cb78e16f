import * as vscode from 'vscode';
import { NAMESPACE } from '../shared/ids';
import { type AiGuardSettings, parseSetting } from '../shared/settings';

/** Reads one `aiGuard.*` setting, typed and validated, with the default on a wrong value. */
export function getSetting<K extends keyof AiGuardSettings>(key: K, scope?: vscode.ConfigurationScope): AiGuardSettings[K] {
  return parseSetting(key, vscode.workspace.getConfiguration(NAMESPACE, scope).get(key));
}

import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { describeError } from '../core/errors';
import { type Category, DEFAULT_CATEGORIES, Scanner, secretlintSettingsFrom } from '../core/redaction';
import type { CliIo } from './io';

/** Options shared by `scan` and `redact`. */
export interface ScannerFlags {
  network: boolean;
  secretlint: boolean;
}

/**
 * The scanner a terminal run uses: the built-in detectors, secretlint configured by the
 * `.secretlintrc.json` of the current folder when there is one, and the network category on
 * request. (The policy's dictionary and categories arrive with the policy.)
 */
export async function createCliScanner(io: CliIo, flags: ScannerFlags): Promise<Scanner> {
  const categories = new Set<Category>(DEFAULT_CATEGORIES);
  if (flags.network) categories.add('network');
  if (!flags.secretlint) return new Scanner({ categories, secretlint: false });
  const configPath = join(io.cwd, '.secretlintrc.json');
  let raw: Uint8Array | undefined;
  try {
    raw = await io.readFile(configPath);
  } catch {
    raw = undefined;
  }
  if (raw === undefined) return new Scanner({ categories });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch (error) {
    throw new Error(l10n.t('{0} is not valid JSON: {1}', configPath, describeError(error)), { cause: error });
  }
  const settings = secretlintSettingsFrom(json);
  if (settings.unsupportedRules.length > 0) {
    io.stderr(`ai-guard: ${l10n.t('{0}: these secretlint rules are not bundled and were not run: {1}', configPath, settings.unsupportedRules.join(', '))}\n`);
  }
  return new Scanner({ categories, secretlint: settings });
}

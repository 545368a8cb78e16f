import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { describeError } from '../core/errors';
import type { PolicyStore } from '../core/classification';
import { type Category, DEFAULT_CATEGORIES, type RedactionDictionary, Scanner, secretlintSettingsFrom } from '../core/redaction';
import type { CliIo } from './io';
import { absolutePath } from './policies';

/** Options shared by `scan` and `redact`. */
export interface ScannerFlags {
  network: boolean;
  secretlint: boolean;
}

/**
 * The scanner a terminal run uses: the built-in detectors, secretlint configured by the
 * `.secretlintrc.json` of the current folder when there is one, the network category on
 * request, and the names of `dictionary` (the policy's, for `scan` and `redact`).
 */
export async function createCliScanner(io: CliIo, flags: ScannerFlags, dictionary?: RedactionDictionary): Promise<Scanner> {
  const categories = new Set<Category>(DEFAULT_CATEGORIES);
  if (flags.network) categories.add('network');
  const names = dictionary ? { dictionary } : {};
  if (!flags.secretlint) return new Scanner({ categories, secretlint: false, ...names });
  const configPath = join(io.cwd, '.secretlintrc.json');
  let raw: Uint8Array | undefined;
  try {
    raw = await io.readFile(configPath);
  } catch {
    raw = undefined;
  }
  if (raw === undefined) return new Scanner({ categories, ...names });
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
  return new Scanner({ categories, secretlint: settings, ...names });
}

/**
 * Scanners for the files `scan` and `redact` read, each with the dictionary and network switch
 * of the policies that govern it (standard input: those of the current folder), one per
 * distinct setting. A policy's names are masked from a terminal as in the editor.
 */
export class PolicyScanners {
  private readonly scanners = new Map<RedactionDictionary, Map<boolean, Promise<Scanner>>>();

  constructor(
    private readonly io: CliIo,
    private readonly flags: ScannerFlags,
    private readonly store: PolicyStore,
  ) {}

  /** The policy path a command-line argument stands for: the file, or the current folder for `-`. */
  static governed(io: CliIo, path: string): string {
    return path === '-' ? `${absolutePath(io, '.')}/.` : absolutePath(io, path);
  }

  for(path: string): Promise<Scanner> {
    const settings = this.store.at(PolicyScanners.governed(this.io, path)).scanSettings();
    const network = this.flags.network || settings.network;
    let byNetwork = this.scanners.get(settings.dictionary);
    if (!byNetwork) this.scanners.set(settings.dictionary, (byNetwork = new Map()));
    let scanner = byNetwork.get(network);
    if (!scanner) {
      scanner = createCliScanner(this.io, { ...this.flags, network }, settings.dictionary);
      byNetwork.set(network, scanner);
    }
    return scanner;
  }
}

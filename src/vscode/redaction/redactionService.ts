import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type * as EngineModule from '../../core/redaction';
import type { Category, IncrementalScanner, RedactionDictionary, RedactionSession, Scanner, SecretlintSettings } from '../../core/redaction';

/** What the policy in force for a file asks of its scan. */
export interface ScanSettings {
  network: boolean;
  dictionary: RedactionDictionary;
}

/** For documents no policy governs (not files): no dictionary, no network masking. */
const NO_POLICY_SETTINGS: ScanSettings = { network: false, dictionary: {} };

/** The redaction engine's module: loaded on first use, so activation does not pay for it. */
export type RedactionEngine = typeof EngineModule;
let engineModule: Promise<RedactionEngine> | undefined;
export function loadEngine(): Promise<RedactionEngine> {
  engineModule ??= import('../../core/redaction');
  return engineModule;
}

/**
 * The window's redaction engine: one scanner (rebuilt when `.secretlintrc.json` changes), one
 * incremental scanner for live diagnostics, and one redaction session, so a value keeps its
 * placeholder across copies in this window. The session lives in memory and dies with it.
 */
export class RedactionService implements vscode.Disposable {
  private sessionInstance: RedactionSession | undefined;
  /**
   * Scanners by the policy's dictionary (by identity: a policy chain builds its union once, and
   * `reset` drops them all when a policy changes), then by network switch and categories, so a
   * live scan never serialises the dictionary to find its scanner.
   */
  private readonly scanners = new Map<RedactionDictionary, Map<string, Promise<{ scanner: Scanner; incremental: IncrementalScanner }>>>();
  /** Unions of several sources' dictionaries, by their content (AI calls only, so rare and small). */
  private readonly mergedDictionaries = new Map<string, RedactionDictionary>();
  private scanSettings: (uri: vscode.Uri | undefined) => ScanSettings | undefined = () => undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the detection rules changed (a `.secretlintrc.json` edit), so findings are stale. */
  readonly onDidChangeRules = this.changed.event;

  constructor(private readonly logger: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.secretlintrc.json');
    const reset = () => this.reset();
    this.disposables.push(watcher, watcher.onDidChange(reset), watcher.onDidCreate(reset), watcher.onDidDelete(reset), this.changed);
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(reset));
  }

  /** The window's session: a value keeps its placeholder across copies until the window closes. */
  async session(): Promise<RedactionSession> {
    const engine = await loadEngine();
    this.sessionInstance ??= new engine.RedactionSession();
    return this.sessionInstance;
  }

  /**
   * Where the policy's dictionary and network switch come from (the classification service).
   * Scanners built before are dropped, and listeners told that findings are stale.
   */
  useScanSettings(provider: (uri: vscode.Uri | undefined) => ScanSettings | undefined): void {
    this.scanSettings = provider;
    this.reset();
  }

  /** The policies changed: the dictionary or the network switch may differ. */
  reset(): void {
    this.scanners.clear();
    this.mergedDictionaries.clear();
    this.changed.fire();
  }

  /**
   * The scanner for a file: the names and switches of the policy that governs it (or `settings`,
   * those of a run's snapshot of the policies).
   */
  async scanner(uri?: vscode.Uri, settings: ScanSettings = this.settingsOf(uri)): Promise<Scanner> {
    return (await this.engines(settings)).scanner;
  }

  async incremental(uri?: vscode.Uri): Promise<IncrementalScanner> {
    return (await this.engines(this.settingsOf(uri))).incremental;
  }

  /**
   * A scanner for an AI call or a copy: exactly the categories the sources' levels ask to mask,
   * with the dictionaries of the policies governing every one of them (a prompt drawn from two
   * clients' files masks both clients' names). Cached like the others, by settings and categories.
   * `settingsOf` answers from a run's snapshot of the policies, so that the run masks what the
   * policy it started with names.
   */
  async scannerWith(
    uris: ReadonlyArray<vscode.Uri | undefined>,
    categories: ReadonlySet<Category>,
    settingsOf: (uri: vscode.Uri | undefined) => ScanSettings | undefined = this.scanSettings,
  ): Promise<Scanner> {
    const engine = await loadEngine();
    return (await this.engines(this.settingsOfAll(engine, uris, settingsOf), categories)).scanner;
  }

  private settingsOf(uri: vscode.Uri | undefined, settingsOf: (uri: vscode.Uri | undefined) => ScanSettings | undefined = this.scanSettings): ScanSettings {
    return settingsOf(uri) ?? NO_POLICY_SETTINGS;
  }

  private engines(settings: ScanSettings, requested?: ReadonlySet<Category>): Promise<{ scanner: Scanner; incremental: IncrementalScanner }> {
    const categories = new Set<Category>(requested ?? ['secret', 'pii', 'dictionary', ...(settings.network ? (['network'] as const) : [])]);
    const key = `${settings.network}|${[...categories].sort().join(',')}`;
    let byDictionary = this.scanners.get(settings.dictionary);
    if (!byDictionary) this.scanners.set(settings.dictionary, (byDictionary = new Map()));
    let engines = byDictionary.get(key);
    if (!engines) {
      engines = (async () => {
        const engine = await loadEngine();
        const scanner = new engine.Scanner({ categories, dictionary: settings.dictionary, secretlint: await this.secretlintSettings(engine) });
        return { scanner, incremental: new engine.IncrementalScanner(scanner) };
      })();
      byDictionary.set(key, engines);
    }
    return engines;
  }

  /**
   * The settings of several files: network masking when any asks for it, and the union of their
   * dictionaries, built once per set of dictionaries (so the scanner cache, by identity, holds).
   */
  private settingsOfAll(engine: RedactionEngine, uris: ReadonlyArray<vscode.Uri | undefined>, settingsOf: (uri: vscode.Uri | undefined) => ScanSettings | undefined): ScanSettings {
    const all = (uris.length === 0 ? [undefined] : uris).map((uri) => this.settingsOf(uri, settingsOf));
    const network = all.some((settings) => settings.network);
    const distinct = [...new Set(all.map((settings) => settings.dictionary))];
    if (distinct.length === 1) return { network, dictionary: distinct[0] as RedactionDictionary };
    const key = JSON.stringify(distinct);
    let dictionary = this.mergedDictionaries.get(key);
    if (dictionary === undefined) {
      dictionary = engine.mergeDictionaries(distinct);
      this.mergedDictionaries.set(key, dictionary);
    }
    return { network, dictionary };
  }

  /**
   * A workspace's `.secretlintrc.json` tunes the bundled preset. In an untrusted workspace it is
   * ignored: it could switch rules off, and an untrusted folder may not lower the protection.
   */
  private async secretlintSettings(engine: RedactionEngine): Promise<SecretlintSettings> {
    const { DEFAULT_SECRETLINT } = engine;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || !vscode.workspace.isTrusted) return DEFAULT_SECRETLINT;
    const uri = vscode.Uri.joinPath(folder.uri, '.secretlintrc.json');
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      return DEFAULT_SECRETLINT;
    }
    try {
      const settings = engine.secretlintSettingsFrom(JSON.parse(new TextDecoder().decode(bytes)));
      if (settings.unsupportedRules.length > 0) {
        this.logger.warn(`.secretlintrc.json names rules that are not bundled and do not run: ${settings.unsupportedRules.join(', ')}`);
      }
      return settings;
    } catch (error) {
      // A broken config must not weaken detection: keep the full preset and say why.
      this.logger.warn(`Ignored ${uri.fsPath}: ${describeError(error)}. The full secretlint preset is used.`);
      return DEFAULT_SECRETLINT;
    }
  }

  dispose(): void {
    this.sessionInstance?.clear();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type * as EngineModule from '../../core/redaction';
import type { IncrementalScanner, RedactionSession, Scanner, SecretlintSettings } from '../../core/redaction';

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
  private current: { scanner: Scanner; incremental: IncrementalScanner } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the detection rules changed (a `.secretlintrc.json` edit), so findings are stale. */
  readonly onDidChangeRules = this.changed.event;

  constructor(private readonly logger: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.secretlintrc.json');
    const reset = () => {
      this.current = undefined;
      this.changed.fire();
    };
    this.disposables.push(watcher, watcher.onDidChange(reset), watcher.onDidCreate(reset), watcher.onDidDelete(reset), this.changed);
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(reset));
  }

  /** The window's session: a value keeps its placeholder across copies until the window closes. */
  async session(): Promise<RedactionSession> {
    const engine = await loadEngine();
    this.sessionInstance ??= new engine.RedactionSession();
    return this.sessionInstance;
  }

  async scanner(): Promise<Scanner> {
    return (await this.engines()).scanner;
  }

  async incremental(): Promise<IncrementalScanner> {
    return (await this.engines()).incremental;
  }

  private async engines(): Promise<{ scanner: Scanner; incremental: IncrementalScanner }> {
    if (!this.current) {
      const engine = await loadEngine();
      const scanner = new engine.Scanner({ secretlint: await this.secretlintSettings(engine) });
      this.current = { scanner, incremental: new engine.IncrementalScanner(scanner) };
    }
    return this.current;
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

import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { parseProviderConfigs, type ProviderConfig } from '../../core/providers';
import { NAMESPACE, Settings } from '../../shared/ids';
import { getSetting } from '../config';

/**
 * The providers configured in `aiGuard.providers`, parsed once per change of the setting. An
 * invalid entry is dropped and described in the log; the person is told once per distinct set
 * of problems, not at every run. API keys are never read from here (see `resolveApiKey`).
 */
export class ProviderSettings implements vscode.Disposable {
  private cached: ProviderConfig[] | undefined;
  private lastShown = '';
  private readonly subscription: vscode.Disposable;

  constructor(private readonly logger: Logger) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${NAMESPACE}.${Settings.providers}`)) this.cached = undefined;
    });
  }

  /** The valid providers, in the order they are configured. */
  all(): readonly ProviderConfig[] {
    if (this.cached === undefined) {
      const { providers, problems } = parseProviderConfigs(getSetting(Settings.providers));
      const lines = problems.map((problem) => `aiGuard.providers[${problem.index}]${problem.id ? ` (${problem.id})` : ''}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}`);
      for (const line of lines) this.logger.warn(line);
      const key = lines.join('\n');
      if (key !== '' && key !== this.lastShown) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Some entries of aiGuard.providers are invalid and were ignored: {0}', lines.join('; ')));
      }
      this.lastShown = key;
      this.cached = providers;
    }
    return this.cached;
  }

  find(id: string): ProviderConfig | undefined {
    return this.all().find((config) => config.id === id);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

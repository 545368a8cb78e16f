import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { parseProviderConfigs, type ProviderConfig } from '../../core/providers';
import { Settings } from '../../shared/ids';
import { getSetting } from '../platform/configuration';

/**
 * The providers configured in `aiGuard.providers`, parsed once per change of the setting. An
 * invalid entry is dropped and described in the log; the person is told once per distinct set
 * of problems, not at every run. API keys are never read from here (see `resolveApiKey`).
 */
export class ProviderSettings implements vscode.Disposable {
  private cached: { raw: string; providers: ProviderConfig[] } | undefined;
  private lastShown = '';

  constructor(private readonly logger: Logger) {}

  /**
   * The valid providers, in the order they are configured. The setting is re-read each time
   * (it is small) and parsed again only when its value changed, which also covers changes that
   * arrive before a configuration event would.
   */
  all(): readonly ProviderConfig[] {
    const value = getSetting(Settings.providers);
    const raw = JSON.stringify(value);
    if (this.cached?.raw !== raw) {
      const { providers, problems } = parseProviderConfigs(value);
      const lines = problems.map((problem) => `aiGuard.providers[${problem.index}]${problem.id ? ` (${problem.id})` : ''}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}`);
      for (const line of lines) this.logger.warn(line);
      const key = lines.join('\n');
      if (key !== '' && key !== this.lastShown) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Some entries of aiGuard.providers are invalid and were ignored: {0}', lines.join('; ')));
      }
      this.lastShown = key;
      this.cached = { raw, providers };
    }
    return this.cached.providers;
  }

  find(id: string): ProviderConfig | undefined {
    return this.all().find((config) => config.id === id);
  }

  dispose(): void {
    this.cached = undefined;
  }
}

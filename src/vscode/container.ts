import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from '../shared/ids';
import { OutputChannelLogger } from './logger';
import { FindingsDiagnostics } from './redaction/findingsDiagnostics';
import { RedactionService } from './redaction/redactionService';
import { SidebarViewProvider } from './sidebar/sidebarProvider';

/**
 * The composition root: it creates each service on first use and owns every disposable, so
 * activation does no work a feature has not asked for yet, and deactivation forgets nothing.
 */
export class Container implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private loggerInstance: OutputChannelLogger | undefined;
  private sidebarInstance: SidebarViewProvider | undefined;
  private redactionInstance: RedactionService | undefined;
  private findingsInstance: FindingsDiagnostics | undefined;

  private disposed = false;

  constructor(readonly context: vscode.ExtensionContext) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers something to dispose with the extension, and returns it. */
  register<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  get logger(): OutputChannelLogger {
    this.loggerInstance ??= this.register(
      new OutputChannelLogger(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true })),
    );
    return this.loggerInstance;
  }

  get sidebar(): SidebarViewProvider {
    this.sidebarInstance ??= this.register(new SidebarViewProvider(this.context.extensionUri, this.logger));
    return this.sidebarInstance;
  }

  get redaction(): RedactionService {
    this.redactionInstance ??= this.register(new RedactionService(this.logger));
    return this.redactionInstance;
  }

  /** Live findings in open documents; created after activation, on the first idle moment. */
  get findings(): FindingsDiagnostics {
    this.findingsInstance ??= this.register(new FindingsDiagnostics(this.redaction, this.logger));
    return this.findingsInstance;
  }

  dispose(): void {
    this.disposed = true;
    // Dispose in reverse order of creation, so that nothing outlives what it depends on.
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        console.error('[ai-guard] dispose failed:', error);
      }
    }
  }
}

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import { type FromWebview, FromWebviewSchema, type ToWebview, type WebviewStrings } from '../../shared/messages';
import { VERSION } from '../../shared/version';
import { renderSidebarHtml } from './html';

/** How many rejected messages to keep for diagnostics; older ones are dropped. */
const MAX_REJECTED = 20;

/**
 * The AI Guard sidebar (a webview view in the activity bar). The page is untrusted: every
 * message it sends is validated before anything is done with it, and it may only ask for the
 * commands that `WebviewCommandSchema` allows.
 */
export class SidebarViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly rejected: string[] = [];
  private readyWaiters: Array<() => void> = [];
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logger: Logger,
  ) {}

  get rejectedMessages(): readonly string[] {
    return this.rejected;
  }

  /** Resolves once a webview has completed the `ready` handshake (at once if one already has). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.ready = false;
    const webview = view.webview;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media, dist] };
    webview.html = renderSidebarHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
      language: vscode.env.language,
      loadingText: vscode.l10n.t('Loading…'),
    });
    this.viewDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.onMessage(webview, raw)),
      view.onDidDispose(() => this.disposeView()),
    );
  }

  private onMessage(webview: vscode.Webview, raw: unknown): void {
    const parsed = FromWebviewSchema.safeParse(raw);
    if (!parsed.success) {
      const summary = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      this.rejected.push(summary);
      this.rejected.splice(0, Math.max(0, this.rejected.length - MAX_REJECTED));
      this.logger.warn(`Ignored an invalid message from the sidebar: ${summary}`);
      return;
    }
    void this.handle(webview, parsed.data);
  }

  private async handle(webview: vscode.Webview, message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready': {
        await this.post(webview, { type: 'init', version: VERSION, strings: sidebarStrings() });
        this.ready = true;
        for (const resolve of this.readyWaiters.splice(0)) {
          resolve();
        }
        return;
      }
      case 'runCommand': {
        await vscode.commands.executeCommand(message.command);
        return;
      }
    }
  }

  private async post(webview: vscode.Webview, message: ToWebview): Promise<void> {
    const delivered = await webview.postMessage(message);
    if (!delivered) {
      this.logger.debug(`The sidebar was not visible; message '${message.type}' was not delivered.`);
    }
  }

  private disposeView(): void {
    for (const disposable of this.viewDisposables.splice(0)) {
      disposable.dispose();
    }
  }

  dispose(): void {
    this.disposeView();
  }
}

function sidebarStrings(): WebviewStrings {
  return {
    title: vscode.l10n.t('Etech AI Guard'),
    intro: vscode.l10n.t(
      'AI Guard classifies your files, redacts secrets and personal data, and sends prompts only to the AI providers your policy allows. Its panels arrive with the next releases.',
    ),
    showOutput: vscode.l10n.t('Show Output'),
    version: vscode.l10n.t('Version {0}', VERSION),
  };
}

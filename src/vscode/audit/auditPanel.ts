import * as vscode from 'vscode';
import type { AuditLog } from '../../core/audit';
import { AUDIT_FILTER_KEYS, type AuditFilter, AuditFilterSchema, type AuditModel, FromAuditPageSchema, type ToAuditPage } from '../../shared/auditMessages';
import { AUDIT_PANEL_TYPE, Commands } from '../../shared/ids';
import type { Logger } from '../../core/ports';
import { createNonce, renderSidebarHtml } from '../sidebar/html';
import { buildAuditModel } from './auditModel';

/** How many rejected messages to keep for diagnostics; older ones are dropped. */
const MAX_REJECTED = 20;

/** What "Show Audit Log" returns, for the tests: what was sent, what the page drew, and whether the panel was reused. */
export interface AuditViewSnapshot {
  reused: boolean;
  /** The rows of the last state sent, and its count line. */
  rows: number;
  count: string;
  times: string[];
  selected: AuditFilter;
  /** The rows the page drew for the last state it received (undefined before its first paint). */
  painted: number | undefined;
  rejected: readonly string[];
}

/**
 * The audit log's read-only view: one webview panel per window, reused by every "Show Audit Log"
 * (revealed, not opened again), with the sidebar's CSP and nonce and a validated protocol
 * (`shared/auditMessages.ts`). The page only shows what the host built (`buildAuditModel`) and
 * asks for a filter, an export or a verification; a filter it asks for is checked against the
 * options it was offered.
 */
export class AuditPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rejected: string[] = [];
  private ready = false;
  private filter: AuditFilter = {};
  private model: AuditModel | undefined;
  private painted: number | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: () => Promise<AuditLog>,
    private readonly logger: Logger,
    /** The levels of the policy in force, for their labels (the records hold level ids). */
    private readonly levels: () => ReadonlyArray<{ id: string; label: { en: string; fr: string } }> = () => [],
  ) {}

  /** Opens the view, or reveals the open one; `filter`, when given, replaces the current one. Returns what it shows. */
  async show(filter?: AuditFilter): Promise<AuditViewSnapshot> {
    const reused = this.panel !== undefined;
    if (filter !== undefined) this.filter = filter;
    if (this.panel) this.panel.reveal(undefined, false);
    else this.open();
    await this.refresh();
    return this.snapshot(reused);
  }

  snapshot(reused = this.panel !== undefined): AuditViewSnapshot {
    return {
      reused,
      rows: this.model?.rows.length ?? 0,
      count: this.model?.count ?? '',
      times: this.model?.rows.map((row) => row.time) ?? [],
      selected: this.model?.selected ?? {},
      painted: this.painted,
      rejected: [...this.rejected],
    };
  }

  private open(): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const title = vscode.l10n.t('AI Guard Audit Log');
    const panel = vscode.window.createWebviewPanel(AUDIT_PANEL_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media, dist],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'activity-bar.svg');
    this.panel = panel;
    this.ready = false;
    this.painted = undefined;
    const webview = panel.webview;
    webview.html = renderSidebarHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'audit.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'audit.css')).toString(),
      language: vscode.env.language,
      loadingText: vscode.l10n.t('Loading…'),
      title,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.closed()),
      // A hidden page is dropped (no retained context) and says `ready` again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  private closed(): void {
    this.panel = undefined;
    this.ready = false;
    this.painted = undefined;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** Reads the log again (another window or the CLI may have written it) and sends the rows. */
  async refresh(): Promise<void> {
    const log = await this.log();
    const [records, verification] = await Promise.all([log.records(), log.verify()]);
    const french = vscode.env.language.toLowerCase().startsWith('fr');
    const levelLabels = Object.fromEntries(this.levels().map((level) => [level.id, french ? level.label.fr : level.label.en]));
    this.model = buildAuditModel({ records, verification, filter: this.filter, language: vscode.env.language, levelLabels });
    if (this.ready) await this.post({ type: 'state', model: this.model });
  }

  /** Hands a message to the view as if its page had sent it (validated like one); public for the tests. */
  async receive(raw: unknown): Promise<void> {
    const parsed = FromAuditPageSchema.safeParse(raw);
    if (!parsed.success) {
      this.reject(
        `invalid message (${parsed.error.issues
          .map((issue) => issue.message)
          .join('; ')
          .slice(0, 200)})`,
      );
      return;
    }
    const message = parsed.data;
    try {
      switch (message.type) {
        case 'ready':
          this.ready = true;
          await this.post({ type: 'init', strings: pageStrings() });
          if (this.model) await this.post({ type: 'state', model: this.model });
          break;
        case 'painted':
          this.painted = message.rows;
          break;
        case 'filter': {
          // The page may only ask for values it was offered: anything else is refused, not applied.
          const offered = this.model?.filters;
          const unknown = AUDIT_FILTER_KEYS.filter((key) => message.filter[key] !== undefined && !offered?.[key].some((option) => option.value === message.filter[key]));
          if (unknown.length > 0) {
            this.reject(`a filter on values it was not offered (${unknown.join(', ')})`);
            return;
          }
          this.filter = AuditFilterSchema.parse(message.filter);
          await this.refresh();
          break;
        }
        case 'export':
          await vscode.commands.executeCommand(Commands.exportAuditLog);
          break;
        case 'verify':
          await vscode.commands.executeCommand(Commands.verifyAuditLog);
          await this.refresh();
          break;
      }
    } catch (error) {
      this.logger.error(`The audit view's '${message.type}' request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private reject(why: string): void {
    this.rejected.push(why);
    this.rejected.splice(0, Math.max(0, this.rejected.length - MAX_REJECTED));
    this.logger.warn(`Ignored a message from the audit view: ${why}.`);
  }

  private async post(message: ToAuditPage): Promise<void> {
    const delivered = await this.panel?.webview.postMessage(message);
    if (!delivered) this.logger.debug(`The audit view was not visible; message '${message.type}' was not delivered.`);
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}

/** The page's static strings: it has no `vscode.l10n` of its own. */
function pageStrings(): Record<string, string> {
  return {
    heading: vscode.l10n.t('AI Guard audit log'),
    intro: vscode.l10n.t('Every AI call and blocked attempt from this editor, newest first. The log records digests and counts, never a prompt, an answer or a secret.'),
    filters: vscode.l10n.t('Filters'),
    outcome: vscode.l10n.t('Outcome'),
    provider: vscode.l10n.t('Provider'),
    template: vscode.l10n.t('Template'),
    month: vscode.l10n.t('Month'),
    all: vscode.l10n.t('All'),
    clear: vscode.l10n.t('Clear filters'),
    export: vscode.l10n.t('Export…'),
    verify: vscode.l10n.t('Verify the chain'),
    caption: vscode.l10n.t('AI calls recorded in the audit log'),
    time: vscode.l10n.t('Time'),
    level: vscode.l10n.t('Level'),
    masked: vscode.l10n.t('Masked'),
    tokens: vscode.l10n.t('Tokens in / out'),
    cost: vscode.l10n.t('Cost'),
  };
}

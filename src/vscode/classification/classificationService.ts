import * as vscode from 'vscode';
import { type Budget, DEFAULT_BUDGET, DEFAULT_PRICE_TABLE, type PriceTable } from '../../core/cost';
import type { Classification, ContentSummary, PolicyStore } from '../../core/classification';
import type { ConfiguredProvider, ProviderTrust } from '../../core/policy';
import { identityOf, type ProviderIdentity } from '../../core/pipeline/providerPolicy';
import type { Logger } from '../../core/ports';
import { parseProviderConfigs, type ProviderConfig } from '../../core/providers/types';
import { Settings } from '../../shared/ids';
import { getSetting } from '../platform/configuration';
import type { RedactionDictionary } from '../../core/redaction';
import { WorkspacePolicies } from './workspacePolicies';
import type { AuditForwardPolicy } from '../../core/policy/schema';

/** What a document's content scan found, for classification: counts per category, or why none. */
export interface ContentSource {
  summaryOf(uri: vscode.Uri): ContentSummary | undefined;
  readonly onDidUpdate: vscode.Event<vscode.Uri>;
}

/**
 * Classifies the window's files: the policy store's answer for the path, raised by what the
 * live scan found in the file when it is open. Tells listeners which files may have changed
 * level: all of them after a policy change, one after its content was scanned again.
 */
export class ClassificationService implements vscode.Disposable {
  private readonly policies: WorkspacePolicies;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  /** Fires with the files whose classification may have changed, or undefined for all of them. */
  readonly onDidChange = this.changed.event;
  private storeInstance: PolicyStore | undefined;
  private content: ContentSource | undefined;
  private providerSettings: { raw: string; providers: readonly ProviderConfig[] } | undefined;

  constructor(context: vscode.ExtensionContext, logger: Logger) {
    this.policies = new WorkspacePolicies(context, logger);
    this.disposables.push(
      this.policies,
      this.changed,
      this.policies.onDidChange(() => this.changed.fire(undefined)),
      // What the status bar and badges say about providers follows the configured ones.
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`aiGuard.${Settings.providers}`)) this.changed.fire(undefined);
      }),
    );
    void this.policies.store().then((store) => {
      this.storeInstance = store;
      this.changed.fire(undefined);
    });
  }

  /** Resolves once the workspace's policies have been read (classifications before then are provisional). */
  async whenReady(): Promise<void> {
    await this.policies.store();
  }

  /** The policy store itself, once read, for what plans from the whole policy (the AI tools' files). */
  policyStore(): Promise<PolicyStore> {
    return this.policies.store();
  }

  /** Content findings raise a file's level; the live diagnostics provide them. */
  useContent(source: ContentSource): void {
    this.content = source;
    this.disposables.push(source.onDidUpdate((uri) => this.changed.fire([uri])));
  }

  /**
   * The file's classification (with `folder`, a folder's as such), or undefined until the
   * policies are loaded or for documents that are not files (output panels, diff views of
   * other schemes).
   */
  classify(uri: vscode.Uri, content: ContentSummary | undefined = this.content?.summaryOf(uri), options: { folder?: boolean } = {}): Classification | undefined {
    if (this.storeInstance === undefined || !isClassifiable(uri)) return undefined;
    return this.storeInstance.classify(pathOf(uri), content, options);
  }

  /** What the live scan found in an open file so far, if it has been scanned. */
  contentOf(uri: vscode.Uri): ContentSummary | undefined {
    return this.content?.summaryOf(uri);
  }

  /**
   * The template approvals in force for `uri`, and whether unapproved templates may run there.
   * Until the policies are read, nothing is approved and only built-in templates may run.
   */
  templatePolicyFor(uri: vscode.Uri): { approved: ReadonlyArray<{ id: string; sha256: string }>; allowUnapproved: boolean } {
    return this.storeInstance?.templatePolicyFor(pathOf(uri)) ?? { approved: [], allowUnapproved: false };
  }

  /**
   * What the policy's provider catalogue grants a configured provider for `uri`: its id's tags
   * when its kind and address match the entry. The matrix checks these, never the tags a
   * provider's own settings claim, which anyone can write. Nothing until the policies are read.
   */
  providerTrustFor(uri: vscode.Uri, provider: ConfiguredProvider): ProviderTrust {
    return this.storeInstance?.providerTrustFor(pathOf(uri), provider) ?? { tags: [], endpointNamed: false };
  }

  /**
   * The providers configured in `aiGuard.providers`, as the policy for `uri` sees them (its
   * catalogue's tags, or untrusted): what the status bar and badges say may see the file, rather
   * than catalogue entries nobody configured. Invalid entries are left out (the AI commands
   * report them).
   */
  configuredProviders(uri: vscode.Uri): ProviderIdentity[] {
    const value = getSetting(Settings.providers);
    const raw = JSON.stringify(value);
    if (this.providerSettings?.raw !== raw) this.providerSettings = { raw, providers: parseProviderConfigs(value).providers };
    return this.providerSettings.providers.map((config) => identityOf(config.id, this.providerTrustFor(uri, config)));
  }

  /** How many days audit records are kept, per the policy governing `uri` (undefined: for ever). */
  auditRetentionDaysFor(uri: vscode.Uri): number | undefined {
    return this.storeInstance?.auditRetentionDaysFor(pathOf(uri));
  }

  /** Whether answers to identical prompts about `uri` may be reused, and for how long (off until the policies are read). */
  responseCacheFor(uri: vscode.Uri): { enabled: boolean; ttlMinutes: number } {
    return this.storeInstance?.responseCacheFor(pathOf(uri)) ?? { enabled: false, ttlMinutes: 0 };
  }

  /** Whether a call about `uri` is blocked when its audit record cannot be written (true until the policies are read). */
  auditRequiredFor(uri: vscode.Uri): boolean {
    return this.storeInstance?.auditRequiredFor(pathOf(uri)) ?? true;
  }

  /** Prices and budgets in force for `uri`: the built-in table until the policies are read. */
  preferredModelFor(uri: vscode.Uri, template: { id: string; profile: string }, providerId: string): string | undefined {
    return this.storeInstance?.preferredModelFor(pathOf(uri), template, providerId);
  }

  costPolicyFor(uri: vscode.Uri): { table: PriceTable; budget: Budget } {
    return this.storeInstance?.costPolicyFor(pathOf(uri)) ?? { table: DEFAULT_PRICE_TABLE, budget: DEFAULT_BUDGET };
  }

  /** The organisation policy's telemetry endpoint and team (none until the policies are read). */
  telemetryPolicy(): { endpoint?: string; team?: string } {
    return this.storeInstance?.telemetryPolicy() ?? {};
  }

  /** Where the organisation policy forwards the audit trail (`audit.forward`), if anywhere. */
  auditForwardPolicy(): AuditForwardPolicy | undefined {
    return this.storeInstance?.auditForwardPolicy();
  }

  /** The levels in force for `uri` (or the first workspace folder), least sensitive first. */
  levels(uri?: vscode.Uri): ReadonlyArray<{ id: string; label: { en: string; fr: string } }> {
    return this.storeInstance?.levels(uri?.fsPath) ?? [];
  }

  /** What a content scan of the file must look for: the dictionary and network switch in force there. */
  scanSettingsFor(uri: vscode.Uri): { network: boolean; dictionary: RedactionDictionary } | undefined {
    if (this.storeInstance === undefined || uri.scheme !== 'file') return undefined;
    const { network, dictionary } = this.storeInstance.scanSettingsFor(uri.fsPath);
    return { network, dictionary };
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** The path the policy store knows a document by: the file system path of files, the URI path otherwise. */
export function pathOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** Files on disk and unsaved new files; not git views, output channels or settings editors. */
export function isClassifiable(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' || uri.scheme === 'untitled' || uri.scheme === 'vscode-remote';
}

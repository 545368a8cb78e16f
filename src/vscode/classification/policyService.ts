import * as vscode from 'vscode';
import type { Classification, ContentSummary, PolicySnapshot, PolicyStore } from '../../core/classification';
import type { EffectivePolicy, ProviderTrust } from '../../core/policy';
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

/** What a provider gets before the policies are read: no tags, no named endpoint. */
const UNTRUSTED: ProviderTrust = { tags: [], endpointNamed: false };

/**
 * The window's policies: frozen snapshots of them (`current`, `at`) for what asks the policy, and
 * the classification of the window's files, the policy store's answer for the path raised by what
 * the live scan found in the file when it is open. Tells listeners which files may have changed
 * level: all of them after a policy change, one after its content was scanned again.
 */
export class PolicyService implements vscode.Disposable {
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
    const policies = this.current();
    return policies === undefined ? undefined : this.classifyIn(policies, uri, content, options);
  }

  /** The file's classification under one version of the policies (a run's), as `classify` gives it. */
  classifyIn(policies: PolicySnapshot, uri: vscode.Uri, content: ContentSummary | undefined = this.content?.summaryOf(uri), options: { folder?: boolean } = {}): Classification | undefined {
    return isClassifiable(uri) ? policies.classify(pathOf(uri), content, options) : undefined;
  }

  /** What the live scan found in an open file so far, if it has been scanned. */
  contentOf(uri: vscode.Uri): ContentSummary | undefined {
    return this.content?.summaryOf(uri);
  }

  /**
   * The policies as they are now, frozen, once read (undefined before): a run takes this once, at
   * its start, and asks it every question, so that a policy saved while a picker is open gives the
   * run nothing.
   */
  current(): PolicySnapshot | undefined {
    return this.storeInstance?.current();
  }

  /** The policies as they are once read (see `current`). */
  async snapshot(): Promise<PolicySnapshot> {
    return (await this.policies.store()).current();
  }

  /**
   * The effective policy for `uri` now, frozen, once the policies are read (undefined before). A
   * caller that asks several questions keeps the object rather than asking again.
   */
  at(uri: vscode.Uri): EffectivePolicy | undefined {
    return this.storeInstance?.at(pathOf(uri));
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
    const policy = this.at(uri);
    return this.providerSettings.providers.map((config) => identityOf(config.id, policy?.providerTrust(config) ?? UNTRUSTED));
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

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/**
 * What a content scan of `uri` must look for under `policies`: the dictionary and network switch
 * in force there. Only files have them; other documents, and any before the policies are read,
 * are scanned with no policy's names.
 */
export function scanSettingsOf(policies: PolicySnapshot | undefined, uri: vscode.Uri | undefined): { network: boolean; dictionary: RedactionDictionary } | undefined {
  if (policies === undefined || uri?.scheme !== 'file') return undefined;
  const { network, dictionary } = policies.at(uri.fsPath).scanSettings();
  return { network, dictionary };
}

/** The path the policy store knows a document by: the file system path of files, the URI path otherwise. */
export function pathOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** Files on disk and unsaved new files; not git views, output channels or settings editors. */
export function isClassifiable(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' || uri.scheme === 'untitled' || uri.scheme === 'vscode-remote';
}

import * as vscode from 'vscode';
import { DEFAULT_BUDGET } from '../../core/cost';
import { describeError } from '../../core/errors';
import { identityOf } from '../../core/pipeline/providerPolicy';
import type { ProviderConfig } from '../../core/providers';
import type { TemplateLibrary } from '../../core/templates';
import { Commands, EXTENSION_ID, NAMESPACE, POLICY_FILE, Settings, WALKTHROUGH_ID } from '../../shared/ids';
import { type FromWebview, FromWebviewSchema, type ToWebview, type ViewModel, type WebviewStrings } from '../../shared/messages';
import { VERSION } from '../../shared/version';
import { changed, getSetting } from '../platform/configuration';
import { secretStoreOf } from '../platform/secrets';
import type { Logger } from '../../core/ports';
import type { AiFeature } from '../ai/feature';
import { pathOf, type PolicyService } from '../classification/policyService';
import type { EventChannel } from '../events';
import type { AiToolsService } from '../tools/aiTools';
import { createNonce, renderSidebarHtml } from './html';
import type { SidebarInputs } from './viewModel';

/** How many rejected messages to keep for diagnostics; older ones are dropped. */
const MAX_REJECTED = 20;
/** Bursts of events (typing in a file with findings, a policy save) make one update. */
const REFRESH_DELAY_MS = 60;

/** What the sidebar uses from the rest of the extension; the container hands it over. */
export interface SidebarDeps {
  /** The extension's folder, where the page's script and styles are. */
  readonly extensionUri: vscode.Uri;
  /** The editor's secret storage: which providers have a key. */
  readonly secrets: vscode.SecretStorage;
  readonly classification: PolicyService;
  /** Runs, ratings and classification changes, to show them. */
  readonly events: EventChannel;
  readonly log: Logger;
  /** The AI feature, loaded when the panel first needs it. */
  ai(): Promise<AiFeature>;
  aiTools(): Promise<AiToolsService>;
}

/**
 * The AI Guard sidebar (a webview view in the activity bar). The page is untrusted: every
 * message it sends is validated before anything is done with it, and what it asks for is
 * checked again against the state it was shown (a provider must be one the file allows, a
 * template one that exists). It sends a view model built by `buildViewModel` at every change
 * of what it shows: the active editor, classifications, findings, settings, keys, runs, ratings.
 */
export class SidebarViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly rejected: string[] = [];
  private readyWaiters: Array<() => void> = [];
  private ready = false;
  private webview: vscode.Webview | undefined;
  private view: vscode.WebviewView | undefined;
  private timer: NodeJS.Timeout | undefined;
  private templates: Promise<TemplateLibrary> | undefined;
  private records: Promise<ReadonlyArray<Record<string, unknown>>> | undefined;
  private hasPolicy: Promise<boolean> | undefined;
  /** The providers with a key, looked up in the keychain once per change of keys or settings, not per refresh. */
  private keys: Promise<Set<string>> | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  /** The last view model sent, for checking what the page asks for and for the tests. */
  lastModel: ViewModel | undefined;
  /** How long the first paint took: in the page (since its navigation started) and from the view's resolution. */
  firstPaint: { pageMs: number; hostMs: number } | undefined;
  private resolvedAt = 0;

  constructor(private readonly deps: SidebarDeps) {}

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
    this.resolvedAt = Date.now();
    const webview = view.webview;
    this.webview = webview;
    this.view = view;
    const extensionUri = this.deps.extensionUri;
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media, dist] };
    webview.html = renderSidebarHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
      language: vscode.env.language,
      loadingText: vscode.l10n.t('Loading…'),
    });
    const refresh = () => this.scheduleRefresh();
    const watcher = vscode.workspace.createFileSystemWatcher('**/.aiguard/**');
    const templatesChanged = () => {
      this.templates = undefined;
      this.hasPolicy = undefined;
      refresh();
    };
    this.viewDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => this.disposeView()),
      view.onDidChangeVisibility(() => {
        // Another window or the CLI may have written the audit log meanwhile.
        this.records = undefined;
        refresh();
      }),
      vscode.window.onDidChangeActiveTextEditor(refresh),
      vscode.workspace.onDidChangeWorkspaceFolders(templatesChanged),
      vscode.workspace.onDidGrantWorkspaceTrust(templatesChanged),
      this.deps.events.on('classification', (uris) => {
        if (uris === undefined) {
          this.hasPolicy = undefined;
          // The policy's catalogue decides where a vendor key may go, so which providers have one.
          this.keys = undefined;
        }
        refresh();
      }),
      this.deps.secrets.onDidChange(() => {
        this.keys = undefined;
        refresh();
      }),
      vscode.env.onDidChangeTelemetryEnabled(refresh),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!changed(event)) return;
        this.keys = undefined;
        refresh();
      }),
      watcher,
      watcher.onDidCreate(templatesChanged),
      watcher.onDidChange(templatesChanged),
      watcher.onDidDelete(templatesChanged),
      this.deps.events.on('run', () => {
        this.records = undefined;
        refresh();
      }),
      this.deps.events.on('rating', refresh),
    );
    void this.deps.aiTools().then((tools) => {
      if (this.webview === webview) this.viewDisposables.push(tools.onDidChange(refresh));
    });
  }

  /** A message from the page (or a test standing in for it): validated, then handled. */
  receive(raw: unknown): Promise<void> {
    const parsed = FromWebviewSchema.safeParse(raw);
    if (!parsed.success) {
      const summary = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      this.rejected.push(summary);
      this.rejected.splice(0, Math.max(0, this.rejected.length - MAX_REJECTED));
      this.deps.log.warn(`Ignored an invalid message from the sidebar: ${summary}`);
      return Promise.resolve();
    }
    return this.handle(parsed.data).catch((error: unknown) => {
      this.deps.log.error(`The sidebar's '${parsed.data.type}' request failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready': {
        await this.post({ type: 'init', version: VERSION, strings: sidebarStrings() });
        await this.refreshNow();
        this.ready = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      }
      case 'painted':
        this.firstPaint ??= { pageMs: message.ms, hostMs: Date.now() - this.resolvedAt };
        this.deps.log.debug(`Sidebar first paint: ${message.ms} ms in the page, ${this.firstPaint.hostMs} ms since the view was resolved.`);
        return;
      case 'runCommand':
        await vscode.commands.executeCommand(message.command);
        return;
      case 'runTemplate': {
        const known = this.lastModel?.prompts.groups.some((group) => group.templates.some((template) => template.id === message.template && template.runnable));
        if (!known) return this.refuse(`template '${message.template}' is not one the panel offers`);
        // The run itself, asked directly: only a template the panel offered, with nothing to parse again.
        try {
          await (await this.deps.ai()).run({ template: message.template });
        } catch (error) {
          // Said to the person as a failed command is, since for them it is one.
          void vscode.window.showErrorMessage(vscode.l10n.t('AI Guard: the command failed: {0}', describeError(error)));
          throw error;
        }
        return;
      }
      case 'setProvider': {
        // Only what the panel offered: a provider the active file allows, or the copy mode.
        if (!this.lastModel?.provider.options.some((option) => option.id === message.provider)) return this.refuse(`provider '${message.provider}' is not allowed here`);
        const configuration = vscode.workspace.getConfiguration(NAMESPACE);
        const inspected = configuration.inspect(Settings.defaultProvider);
        const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
        await configuration.update(Settings.defaultProvider, message.provider, target);
        return;
      }
      case 'setApiKey': {
        if (!(await this.deps.ai()).service.providers.find(message.provider)) return this.refuse(`no provider '${message.provider}' is configured`);
        await vscode.commands.executeCommand(Commands.setApiKey, message.provider);
        return;
      }
      case 'openProviderSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', `${NAMESPACE}.${Settings.providers}`);
        return;
      case 'rate':
      case 'skipFeedback': {
        const ai = (await this.deps.ai()).service;
        const answered = ai.lastAnswered;
        if (answered?.runId !== message.runId) return this.refuse('the rating is not about the last answer');
        if (message.type === 'rate') {
          ai.rate({
            runId: answered.runId,
            template: answered.template,
            profile: answered.profile,
            ...(message.rating !== undefined ? { rating: message.rating } : {}),
            ...(message.minutesSaved !== undefined ? { minutesSaved: message.minutesSaved } : {}),
          });
        }
        // Skipped, or rated with nothing usable: the question is not asked again for this answer.
        ai.settleFeedback(message.runId);
        this.scheduleRefresh();
        return;
      }
      case 'setTelemetry':
        await this.setTelemetry(message.enabled);
        return;
      case 'showTelemetryLog':
        await this.showTelemetryLog();
        return;
      case 'openWalkthrough':
        await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WALKTHROUGH_ID}`, false);
        return;
      case 'setUpAiTools':
        await vscode.commands.executeCommand(Commands.setUpAiTools, message.tool);
        return;
    }
  }

  /** The person's own choice, so it goes to the user settings (a workspace cannot opt anyone in). */
  private async setTelemetry(enabled: boolean): Promise<void> {
    await vscode.workspace.getConfiguration(NAMESPACE).update(Settings.telemetryEnabled, enabled, vscode.ConfigurationTarget.Global);
  }

  private async showTelemetryLog(): Promise<void> {
    await vscode.commands.executeCommand(Commands.showTelemetryLog);
  }

  /** A well-formed request the current state does not allow: logged and dropped, like an invalid one. */
  private refuse(why: string): void {
    this.rejected.push(why);
    this.rejected.splice(0, Math.max(0, this.rejected.length - MAX_REJECTED));
    this.deps.log.warn(`Ignored a request from the sidebar: ${why}.`);
  }

  private scheduleRefresh(): void {
    // A hidden view has no page (its context is not retained): it reloads and asks again with `ready`.
    if (!this.webview || this.view?.visible === false) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshNow(), REFRESH_DELAY_MS);
  }

  /** Builds and sends the state now; refreshes never overlap, so states arrive in order. */
  refreshNow(): Promise<void> {
    clearTimeout(this.timer);
    this.refreshing = this.refreshing.then(async () => {
      const webview = this.webview;
      if (!webview) return;
      try {
        const { buildViewModel } = await import('./viewModel');
        const model = buildViewModel(await this.inputs());
        // The AI tools section is built apart (src/vscode/tools), from the tools' own status.
        const { aiToolsSection } = await import('../tools/aiToolsSection');
        model.aiTools = aiToolsSection(await (await this.deps.aiTools()).status());
        this.lastModel = model;
        await this.post({ type: 'state', model });
      } catch (error) {
        this.deps.log.error(`The sidebar could not be updated: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    return this.refreshing;
  }

  /** Everything the view model needs, read from the services (the file system only when a cache is empty). */
  private async inputs(): Promise<SidebarInputs> {
    const classification = this.deps.classification;
    // One version of the policies for the whole view model, however long the reads below take.
    const policies = await classification.snapshot();
    const ai = (await this.deps.ai()).service;
    const document = vscode.window.activeTextEditor?.document;
    const scope = document?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const configs = ai.providers.all();
    // The catalogue's trust comes from the outermost policy, the same for every file of the workspace folder.
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const withKey = await (this.keys ??= this.providersWithKey(configs, (config) => (root ? policies.at(pathOf(root)).providerTrust(config).endpointNamed : false)));
    const library = await (this.templates ??= import('../ai/templateLibrary').then(({ loadWorkspaceTemplates }) => loadWorkspaceTemplates()));
    const records = await (this.records ??= ai.audit ? ai.audit.records().catch(() => []) : Promise.resolve([]));
    const policy = scope ? policies.at(pathOf(scope)).templatePolicy() : { approved: [], allowUnapproved: false };
    return {
      now: new Date(),
      language: vscode.env.language,
      trusted: vscode.workspace.isTrusted,
      file: document && {
        name: vscode.workspace.asRelativePath(document.uri, false),
        classification: classification.classifyIn(policies, document.uri),
        content: classification.contentOf(document.uri),
      },
      hasPolicy: await (this.hasPolicy ??= this.findPolicy()),
      providers: {
        configs,
        identities: configs.map((config) => (document ? identityOf(config.id, policies.at(pathOf(document.uri)).providerTrust(config)) : { id: config.id, tags: [] })),
        withKey,
        defaultProvider: getSetting(Settings.defaultProvider).trim(),
      },
      templates: { list: library.templates, problems: library.problems.length, approvals: policy.approved, allowUnapproved: policy.allowUnapproved },
      records,
      budget: scope ? policies.at(pathOf(scope)).costTables().budget : DEFAULT_BUDGET,
      lastAnswered: ai.lastAnswered && { runId: ai.lastAnswered.runId, title: ai.lastAnswered.title },
      telemetry: { enabled: getSetting(Settings.telemetryEnabled), editorEnabled: vscode.env.isTelemetryEnabled },
    };
  }

  /**
   * The configured providers that need a key and have one (stored, or in the environment where
   * that key may go: a vendor's variable only for its own endpoints or one the policy names).
   */
  private async providersWithKey(configs: readonly ProviderConfig[], endpointNamed: (config: ProviderConfig) => boolean): Promise<Set<string>> {
    const { needsApiKey, resolveApiKey } = await import('../../core/providers');
    const secrets = secretStoreOf(this.deps.secrets);
    const withKey = new Set<string>();
    await Promise.all(
      configs.filter(needsApiKey).map(async (config) => {
        if ((await resolveApiKey(config, { secrets, env: process.env }, endpointNamed(config)).catch(() => undefined)) !== undefined) withKey.add(config.id);
      }),
    );
    return withKey;
  }

  private async findPolicy(): Promise<boolean> {
    if (getSetting(Settings.orgPolicy).trim() !== '') return true;
    const found = await vscode.workspace.findFiles(`**/${POLICY_FILE}`, '**/node_modules/**', 1);
    return found.length > 0;
  }

  private async post(message: ToWebview): Promise<void> {
    const delivered = await this.webview?.postMessage(message);
    if (!delivered) this.deps.log.debug(`The sidebar was not visible; message '${message.type}' was not delivered.`);
  }

  private disposeView(): void {
    clearTimeout(this.timer);
    this.webview = undefined;
    this.view = undefined;
    for (const disposable of this.viewDisposables.splice(0)) disposable.dispose();
  }

  dispose(): void {
    this.disposeView();
  }
}

/** The page's fixed labels; `{0}` placeholders are filled in by the page. */
function sidebarStrings(): WebviewStrings {
  return {
    title: vscode.l10n.t('Etech AI Guard'),
    getStarted: vscode.l10n.t('Get started'),
    fileHeading: vscode.l10n.t('This file'),
    providerHeading: vscode.l10n.t('Provider'),
    promptsHeading: vscode.l10n.t('Prompts'),
    usageHeading: vscode.l10n.t('Usage'),
    activityHeading: vscode.l10n.t('Recent activity'),
    feedbackHeading: vscode.l10n.t('Feedback'),
    telemetryHeading: vscode.l10n.t('Telemetry'),
    aiToolsHeading: vscode.l10n.t('AI tools'),
    untrusted: vscode.l10n.t('This workspace is not trusted: AI Guard classifies and redacts, but sends nothing to AI providers and ignores the workspace prompts.'),
    createPolicy: vscode.l10n.t('Create Policy'),
    client: vscode.l10n.t('Client'),
    ai: vscode.l10n.t('AI'),
    findings: vscode.l10n.t('Findings'),
    reasons: vscode.l10n.t('Why this level ({0})'),
    copyRedacted: vscode.l10n.t('Copy redacted'),
    explain: vscode.l10n.t('Explain'),
    openProviderSettings: vscode.l10n.t('Open provider settings'),
    switchProvider: vscode.l10n.t('Default provider'),
    leftOutHeading: vscode.l10n.t('Configured but not allowed for this file'),
    chooseProvider: vscode.l10n.t('Ask at each run'),
    noKey: vscode.l10n.t('{0} has no API key.'),
    setApiKey: vscode.l10n.t('Set API key'),
    setApiKeyFor: vscode.l10n.t('Set the API key of {0}'),
    searchPlaceholder: vscode.l10n.t('Search prompts'),
    runTemplate: vscode.l10n.t('Run {0}'),
    noMatch: vscode.l10n.t('No prompt matches the search.'),
    topTemplates: vscode.l10n.t('Most used prompts'),
    showAuditLog: vscode.l10n.t('Open the full audit log'),
    rateLabel: vscode.l10n.t('Rating from 1 to 5 stars'),
    stars: vscode.l10n.t('{0} stars'),
    minutesLabel: vscode.l10n.t('Minutes saved'),
    minutes: vscode.l10n.t('{0} min'),
    skip: vscode.l10n.t('Skip'),
    sendRatingOnly: vscode.l10n.t('Send the rating only'),
    telemetryToggle: vscode.l10n.t('Send anonymous usage statistics'),
    showTelemetryLog: vscode.l10n.t('Show what was sent'),
    showOutput: vscode.l10n.t('Show Output'),
    version: vscode.l10n.t('Version {0}', VERSION),
  };
}

import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import {
  type ConsentDecision,
  type ConsentReason,
  decideConsent,
  parseSpool,
  eventOfFeedback,
  eventOfRun,
  memoryTelemetryStorage,
  Outbox,
  type OutboxState,
  type SendTarget,
  type TelemetryEvent,
  TelemetrySender,
  utcDay,
} from '../../core/telemetry';
import { takeHookSpool, writeHookConsent } from '../../node/hookTelemetry';
import { fetchTelemetryHttp, fileTelemetryStorage } from '../../node/telemetryFiles';
import { Commands, NAMESPACE, Settings } from '../../shared/ids';
import { VERSION } from '../../shared/version';
import type { EventChannel, Feedback, RunEvent } from '../events';
import { VirtualDocuments } from '../platform/virtualDocuments';
import { changed, getSetting } from '../platform/configuration';

/** The file, in the extension's global storage, that holds the outbox, the id and the telemetry log. */
const OUTBOX_FILE = 'telemetry-outbox.json';
/** Remembers that the one-time invitation was shown (global state, so once per installation). */
const INVITATION_SHOWN = 'aiGuard.telemetry.invitationShown';
const LOG_SCHEME = 'aiguard-telemetry';

/** Commands that count as using AI Guard for the day, besides governed runs. */
const ACTIVITY_COMMANDS: ReadonlySet<string> = new Set([Commands.explainClassification, Commands.copyRedacted, Commands.createPolicy]);

/** What the telemetry uses from the rest of the extension; the container hands it over. */
export interface TelemetryDeps {
  /** The global storage (the outbox file) and state (the invitation, once), and the extension's folder (what is sent, described). */
  readonly context: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'globalState' | 'extensionUri'>;
  readonly log: Logger;
  /** Runs, ratings and commands to count; classification changes to decide again on. */
  readonly events: EventChannel;
  /** The organisation's endpoint and team, from the policy. */
  telemetryPolicy(): { endpoint?: string; team?: string; token?: string };
}

/**
 * The editor face of the adoption telemetry: it decides consent from the setting, the editor's
 * telemetry switch, workspace trust and the endpoint (`decideConsent`), turns the AI service's
 * runs and feedback into events, queues them in the outbox in global storage and lets the sender
 * post them. It reacts at once when any input of the decision changes:
 *
 * - the person turns `aiGuard.telemetry.enabled` off, or the editor's telemetry goes off: sending
 *   stops and the queue is **cleared** (both are the person withdrawing consent; what was queued
 *   is never sent later);
 * - the workspace is untrusted or no endpoint is known: sending stops and nothing new is queued,
 *   but the queue is kept (another, trusted window may send it; consent still stands).
 */
export class TelemetryService implements vscode.Disposable {
  readonly outbox: Outbox;
  private readonly sender: TelemetrySender;
  private readonly disposables: vscode.Disposable[] = [];
  private decision: ConsentDecision;
  /** The template label each recent run was sent with, so its feedback uses the same one. */
  private readonly runLabels = new Map<string, string>();
  private documents: VirtualDocuments | undefined;
  /** Settles when the last queued change is written (for tests and the log command). */
  private pending: Promise<unknown> = Promise.resolve();
  /** What the hooks' consent file says, as last written; the spool is taken while telemetry is on. */
  private hookConsent: boolean | undefined;
  private spoolTimer: ReturnType<typeof setInterval> | undefined;

  private readonly context: TelemetryDeps['context'];
  private readonly logger: Logger;
  private readonly policy: Pick<TelemetryDeps, 'telemetryPolicy'>;

  constructor(deps: TelemetryDeps) {
    const { context, log: logger, events } = deps;
    this.context = context;
    this.logger = logger;
    this.policy = deps;
    const storage = context.globalStorageUri as vscode.Uri | undefined;
    this.outbox = new Outbox(storage?.scheme === 'file' ? fileTelemetryStorage(vscode.Uri.joinPath(storage, OUTBOX_FILE).fsPath) : memoryTelemetryStorage(), { randomUuid: randomUUID });
    this.sender = new TelemetrySender({ outbox: this.outbox, http: fetchTelemetryHttp, owner: randomUUID(), logger, target: () => this.target() });
    this.decision = this.decide();
    this.disposables.push(
      vscode.env.onDidChangeTelemetryEnabled(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (changed(event, 'telemetry') || event.affectsConfiguration('telemetry')) this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      events.on('classification', () => this.refresh()),
      events.on('run', (run) => this.onRun(run)),
      events.on('rating', (feedback) => this.onRate(feedback)),
      events.on('command', (id) => this.noteCommand(id)),
    );
    this.logger.info(`Telemetry: ${this.describe(this.decision)}.`);
    if (this.decision.allowed) this.sender.start();
    this.followHooks();
    void this.invite();
  }

  /**
   * The AI tools' hooks (`ai-guard hook`, in their own processes) learn the person's choice from a
   * consent file and spool their decisions beside it; while telemetry is on here, the spool is
   * taken into the outbox every minute and before each flush. The choice is the person's (the
   * setting and the editor's telemetry), so a window of an untrusted workspace does not withdraw
   * it; it only does not send.
   */
  private followHooks(): void {
    const consent = getSetting(Settings.telemetryEnabled) && editorTelemetryOn();
    if (consent !== this.hookConsent) {
      this.hookConsent = consent;
      this.pending = this.pending
        .then(() => writeHookConsent(process.env, consent))
        .catch((error: unknown) => this.logger.warn(`Telemetry: the hooks' consent file could not be written (${error instanceof Error ? error.name : 'error'}).`));
    }
    clearInterval(this.spoolTimer);
    this.spoolTimer = undefined;
    if (this.decision.allowed) {
      this.takeSpool();
      this.spoolTimer = setInterval(() => this.takeSpool(), 60_000);
      this.spoolTimer.unref?.();
    }
  }

  /** Moves what the hooks spooled into the outbox (each line checked against the schema). */
  private takeSpool(): void {
    this.pending = this.pending
      .then(async () => {
        if (!this.decision.allowed) return;
        const text = await takeHookSpool(process.env);
        if (text === undefined) return;
        const { events, invalid } = parseSpool(text);
        if (invalid > 0) this.logger.warn(`Telemetry: ${invalid} line(s) of the hooks' spool were not valid events and were dropped.`);
        if ((await this.outbox.enqueueTimed(events)) > 0) this.sender.soon();
      })
      .catch((error: unknown) => this.logger.warn(`Telemetry: the hooks' spool could not be read (${error instanceof Error ? error.name : 'error'}).`));
  }

  /** The current consent decision (for the sidebar, the log and tests). */
  get consent(): ConsentDecision {
    return this.decision;
  }

  /** A command ran: classification and redaction commands count as the day's activity. */
  noteCommand(id: string): void {
    if (ACTIVITY_COMMANDS.has(id) && this.decision.allowed) this.queue([]);
  }

  /** Waits until queued events are written to the outbox. */
  async settled(): Promise<void> {
    await this.pending;
  }

  /** Sends what is queued now (unless backing off); never rejects. */
  flush(): Promise<unknown> {
    this.takeSpool();
    return this.pending.then(() => this.sender.flush());
  }

  /** Draws a new installation id; what was queued under the old one is cleared. */
  async resetId(): Promise<string> {
    await this.pending;
    this.runLabels.clear();
    return this.outbox.resetInstallationId();
  }

  /** "AI Guard: Show Telemetry Log": a read-only document with exactly what was sent and what is queued. */
  async showLog(): Promise<vscode.Uri> {
    await this.pending;
    const state = await this.outbox.snapshot();
    const installationId = state.installationId ?? (await this.outbox.installationId());
    this.documents ??= new VirtualDocuments(LOG_SCHEME);
    const uri = this.documents.create('telemetry-log.md', this.logText({ ...state, installationId }));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
    return uri;
  }

  dispose(): void {
    clearInterval(this.spoolTimer);
    this.sender.stop();
    if (this.decision.allowed) {
      // One last attempt, not awaited: deactivation is never held up, and whatever it does not
      // send stays in the outbox for the next start.
      void this.pending.then(() => this.sender.flush());
    }
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.documents?.dispose();
  }

  private onRun({ runId, record }: RunEvent): void {
    if (!this.decision.allowed) return;
    const event = eventOfRun(record);
    if (event === undefined) {
      if (record.outcome !== 'dry-run') this.logger.warn('Telemetry: a run could not be described within the event schema; it was not queued.');
      return;
    }
    if ('template' in event) this.remember(runId, event.template);
    this.queue([event]);
  }

  private onRate(feedback: Feedback): void {
    if (!this.decision.allowed) return;
    const event = eventOfFeedback(feedback, this.runLabels.get(feedback.runId) ?? 'custom');
    if (event !== undefined) this.queue([event]);
  }

  private remember(runId: string, template: string): void {
    this.runLabels.set(runId, template);
    // Feedback comes soon after its run: the last hundred runs are plenty.
    if (this.runLabels.size > 100) this.runLabels.delete(this.runLabels.keys().next().value as string);
  }

  /** Queues events, and the day's activity when it is the first of the day; then asks for a send soon. */
  private queue(events: TelemetryEvent[]): void {
    const now = Date.now();
    this.pending = this.pending
      .then(async () => {
        await this.outbox.markActive(utcDay(now), now);
        if (events.length > 0) await this.outbox.enqueue(events, now);
        this.sender.soon();
      })
      .catch((error: unknown) => this.logger.warn(`Telemetry: the outbox could not be written (${error instanceof Error ? error.name : 'error'}).`));
  }

  private decide(): ConsentDecision {
    return decideConsent({
      userEnabled: getSetting(Settings.telemetryEnabled),
      editorTelemetryEnabled: editorTelemetryOn(),
      workspaceTrusted: vscode.workspace.isTrusted,
      settingEndpoint: getSetting(Settings.telemetryEndpoint),
      policyEndpoint: this.policy.telemetryPolicy().endpoint,
    });
  }

  private refresh(): void {
    const before = this.decision;
    this.decision = this.decide();
    this.followHooks();
    if (before.allowed === this.decision.allowed && before.reason === this.decision.reason && before.logsUrl === this.decision.logsUrl) return;
    this.logger.info(`Telemetry: ${this.describe(this.decision)}.`);
    if (this.decision.allowed) {
      this.sender.start();
      this.sender.soon(0);
    } else {
      this.sender.stop();
      if (this.decision.reason === 'not-opted-in' || this.decision.reason === 'editor-telemetry-off') {
        this.pending = this.pending
          .then(() => this.outbox.clear())
          .then((count) => count > 0 && this.logger.info(`Telemetry: ${count} queued event(s) cleared, as telemetry was turned off.`))
          .catch(() => undefined);
      }
    }
    void this.invite();
  }

  private target(): SendTarget | undefined {
    if (!this.decision.allowed || this.decision.logsUrl === undefined) return undefined;
    const { team, token } = this.policy.telemetryPolicy();
    // The organisation's token goes only to the organisation's endpoint, never to one a person set.
    const sendToken = token !== undefined && this.decision.endpointSource === 'policy';
    return {
      logsUrl: this.decision.logsUrl,
      ...(sendToken ? { token } : {}),
      resource: { extensionVersion: VERSION, editor: editorName(vscode.env.appName), editorVersion: versionOf(vscode.version), ...(team !== undefined ? { team } : {}) },
    };
  }

  /**
   * The one-time invitation: only once an endpoint is known and the editor's telemetry is on, and
   * never again once shown. Non-modal; the answer is written to the setting.
   */
  private async invite(): Promise<void> {
    const { reason, logsUrl } = this.decision;
    if (reason !== 'not-opted-in' || logsUrl === undefined || !editorTelemetryOn() || !vscode.workspace.isTrusted) return;
    if (this.context.globalState.get<boolean>(INVITATION_SHOWN) === true) return;
    // The setting may have been written explicitly (even to false): the person already chose.
    const inspected = vscode.workspace.getConfiguration(NAMESPACE).inspect<boolean>(Settings.telemetryEnabled);
    if (inspected?.globalValue !== undefined) return;
    await this.context.globalState.update(INVITATION_SHOWN, true);
    const enable = vscode.l10n.t('Enable');
    const decline = vscode.l10n.t('No thanks');
    const what = vscode.l10n.t('What is sent?');
    for (;;) {
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          'AI Guard: help your organisation measure AI adoption? Anonymous statistics (runs by template and level, blocks, feedback; never code, prompts, paths or names) would go to its collector. You can change this at any time in the settings.',
        ),
        enable,
        decline,
        what,
      );
      if (choice === what) {
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(this.context.extensionUri, 'telemetry.json'));
        continue;
      }
      if (choice === enable || choice === decline) {
        await vscode.workspace.getConfiguration(NAMESPACE).update(Settings.telemetryEnabled, choice === enable, vscode.ConfigurationTarget.Global);
      }
      return;
    }
  }

  private describe(decision: ConsentDecision): string {
    // For the output channel: the reason, and where the endpoint came from, never the endpoint itself.
    return decision.allowed ? `on (endpoint from the ${decision.endpointSource ?? 'setting'})` : `off (${decision.reason})`;
  }

  private logText(state: OutboxState & { installationId: string }): string {
    const time = (ms: number) => new Date(ms).toISOString();
    const lines = [
      `# ${vscode.l10n.t('AI Guard telemetry log')}`,
      '',
      `- ${vscode.l10n.t('Telemetry: {0}', this.decision.allowed ? vscode.l10n.t('on') : vscode.l10n.t('off'))} — ${reasonText(this.decision.reason)}`,
      `- ${vscode.l10n.t('Installation id: {0} (random; AI Guard: Reset Telemetry ID draws a new one)', state.installationId)}`,
      `- ${vscode.l10n.t('Endpoint: {0}', this.decision.logsUrl === undefined ? vscode.l10n.t('none') : `${this.decision.logsUrl} (${this.decision.endpointSource === 'policy' ? vscode.l10n.t('from the organisation policy') : vscode.l10n.t('from the settings')})`)}`,
      `- ${vscode.l10n.t('Queued: {0} event(s); dropped because the outbox was full: {1}', state.events.length, state.dropped)}`,
      '',
      `## ${vscode.l10n.t('Queued events')}`,
      '',
      state.events.length === 0 ? vscode.l10n.t('None.') : ['```json', ...state.events.map(({ time: at, event }) => JSON.stringify({ time: time(at), ...event })), '```'].join('\n'),
      '',
      `## ${vscode.l10n.t('What was sent, newest first')}`,
      '',
    ];
    const entries = [...state.log].reverse();
    if (entries.length === 0) lines.push(vscode.l10n.t('Nothing yet.'));
    for (const entry of entries) {
      const what =
        entry.kind === 'sent'
          ? vscode.l10n.t('{0} event(s) sent (HTTP {1})', entry.count, entry.status ?? 0)
          : entry.kind === 'refused'
            ? vscode.l10n.t('{0} event(s) refused by the endpoint (HTTP {1}) and dropped', entry.count, entry.status ?? 0)
            : entry.kind === 'dropped'
              ? vscode.l10n.t('{0} oldest event(s) dropped: the outbox was full', entry.count)
              : vscode.l10n.t('{0} queued event(s) cleared', entry.count);
      lines.push(`### ${time(entry.time)} — ${what}`, '');
      if (entry.note !== undefined) lines.push(entry.note, '');
      if (entry.body !== undefined) lines.push('```json', JSON.stringify(JSON.parse(entry.body), undefined, 2), '```', '');
    }
    return lines.join('\n');
  }
}

function reasonText(reason: ConsentReason): string {
  switch (reason) {
    case 'enabled':
      return vscode.l10n.t('you opted in, the editor telemetry is on, and the workspace is trusted.');
    case 'not-opted-in':
      return vscode.l10n.t('you have not opted in (setting aiGuard.telemetry.enabled).');
    case 'editor-telemetry-off':
      return vscode.l10n.t("the editor's telemetry is off (setting telemetry.telemetryLevel), so AI Guard sends nothing.");
    case 'untrusted-workspace':
      return vscode.l10n.t('this workspace is not trusted, so AI Guard sends nothing from it.');
    case 'no-endpoint':
      return vscode.l10n.t('no endpoint is configured (setting aiGuard.telemetry.endpoint or the organisation policy).');
    case 'invalid-endpoint':
      return vscode.l10n.t('the endpoint is not usable: an https URL is needed (http only for this machine), without credentials.');
  }
}

/**
 * Whether the editor's telemetry is on: `env.isTelemetryEnabled`, and the setting behind it read
 * directly too, because some builds (code-server) keep the former true for a while after the
 * person sets `telemetry.telemetryLevel` to `off`. Either saying off is enough.
 */
function editorTelemetryOn(): boolean {
  const telemetry = vscode.workspace.getConfiguration('telemetry');
  return vscode.env.isTelemetryEnabled && telemetry.get<string>('telemetryLevel') !== 'off' && telemetry.get<boolean>('enableTelemetry') !== false;
}

/** The editor's name as a short slug (`vscode`, `cursor`, `code-server`, `vscodium`, …). */
function editorName(appName: string): string {
  const name = appName.toLowerCase();
  if (name.includes('cursor')) return 'cursor';
  if (name.includes('code-server')) return 'code-server';
  if (name.includes('vscodium')) return 'vscodium';
  if (name.includes('windsurf')) return 'windsurf';
  if (name.includes('visual studio code')) return 'vscode';
  return (
    name
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'other'
  );
}

function versionOf(version: string): string {
  return /^[0-9A-Za-z.+-]{1,32}$/.test(version) ? version : '0';
}

import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { outputCapOf } from '../../core/cost';
import type { Classification, PolicySnapshot } from '../../core/classification';
import { type PipelineOutcome, type PipelinePorts, type PipelineRequest, type PipelineSource, type ProviderChoice, type ProviderIdentity, identityOf, providerExclusions, providersAllowedForAll, RunAudit, runPipeline } from '../../core/pipeline';
import { type AiProvider, createProvider, isEditorModel, keyConnection, modelOf, withModel } from '../../core/providers';
import type { Template, TemplateLibrary } from '../../core/templates';
import { COPY_PROVIDER, Settings } from '../../shared/ids';
import { pathOf, scanSettingsOf } from '../classification/policyService';
import { contentNow } from '../classification/contentNow';
import { getSetting } from '../config';
import type { Container } from '../container';
import { type AiService, WINDOW_CLOSED } from './service';
import { secretStoreOf } from './apiKeys';
import { gatherContext } from './gatherContext';
import { gatherTemplateInputs } from './gatherInputs';
import { showOutcome } from './outcome';
import { PendingPick, pickProvider, pickTemplate, type TemplateItem } from './pickers';
import { previewWanted, showPreview } from './preview';
import { withRealPaths } from './realSources';
import { loadWorkspaceTemplates, publishTemplateProblems } from './templateLibrary';

/** What a caller may decide in advance: direct commands name the template, tests both. */
export interface RunRequest {
  template?: string;
  provider?: string;
  /** Running an answer's prompt again: the preview is shown whatever the level, so nothing is sent unconfirmed. */
  again?: boolean;
}

/**
 * "AI Guard: Run Prompt…" and the direct commands: a template, a provider the file's level
 * allows (or the copy mode), then the governed pipeline on the active editor's selection or
 * file. Everything the policy decides is decided by `runPipeline`; this function gathers its
 * inputs and shows its outcome.
 */
export async function runPrompt(container: Container, request: RunRequest = {}): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a file, and select text if you want only part of it, then run the command again.'));
    return;
  }
  const document = editor.document;
  // The template picker opens before anything is loaded, so keys typed meanwhile go to it, not the editor.
  const pending = request.template === undefined ? new PendingPick<TemplateItem>(vscode.l10n.t('AI Guard: Run Prompt')) : undefined;
  let library: TemplateLibrary;
  let ai: AiService;
  let policies: PolicySnapshot;
  const classification = container.classification;
  try {
    ai = await container.ai();
    // One version of the policies for the whole run, taken before anything is asked: a policy
    // saved while a picker is open applies to the next run, never to half of this one.
    policies = await classification.snapshot();
    library = await loadWorkspaceTemplates();
  } catch (error) {
    pending?.dispose();
    throw error;
  }
  announceTemplateProblems(container, ai, library.problems);
  const policy = policies.at(pathOf(document.uri));
  const template = request.template !== undefined || pending === undefined ? library.templates.find((candidate) => candidate.id === request.template) : await pickTemplate(library.templates, policy.templates.approved, pending);
  if (template === undefined) {
    if (request.template !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t("There is no prompt template '{0}'.", request.template));
    return;
  }

  const gathered = await gatherTemplateInputs(container, editor, template, gatherContext(editor), { askOptionalNotes: request.template === undefined, policies });
  if ('cancelled' in gathered) return;
  if ('error' in gathered) {
    void vscode.window.showErrorMessage(gathered.error);
    return;
  }
  const { context } = gathered;
  // What an answer's "Apply as Diff" replaces: the selection, or the whole file when nothing is selected.
  const selected = editor.selections.filter((selection) => !selection.isEmpty);
  const sourceRange = selected.length > 1 ? undefined : (selected[0] ?? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)));
  const content = await contentNow(container, document, policies);
  const level = classification.classifyIn(policies, document.uri, content);
  if (level === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('AI Guard sends only files and unsaved documents to AI; this editor shows neither.'));
    return;
  }

  // Tags come from the policy's catalogue for this file, and only to a configuration whose kind
  // and address match the entry of its id; never from the provider's settings.
  const trusts = new Map(ai.providers.all().map((config) => [config.id, policy.providerTrust(config)]));
  for (const trust of trusts.values()) if (trust.mismatch !== undefined) container.logger.warn(trust.mismatch);
  const candidates: ProviderIdentity[] = [...trusts].map(([id, trust]) => identityOf(id, trust));
  const providerId = request.provider ?? (await chooseProvider(candidates, [level], ai.providers.all()));
  if (providerId === undefined) return;
  const configured = providerId === COPY_PROVIDER ? undefined : ai.providers.find(providerId);
  // A cheaper model where it suffices: the policy may prefer one for this template on this provider.
  const preferred = configured === undefined ? undefined : policy.preferredModel(template, configured.id);
  const config = configured !== undefined && preferred !== undefined ? withModel(configured, preferred) : configured;
  if (providerId !== COPY_PROVIDER && config === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t("No provider '{0}' is configured in aiGuard.providers.", providerId));
    return;
  }
  // An untrusted workspace may classify and redact, never send: only the copy mode is left.
  if (config !== undefined && !vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This workspace is not trusted: AI Guard sends nothing to AI providers here. Use "Copy redacted prompt" instead.'));
    return;
  }
  const trust = config === undefined ? undefined : policy.providerTrust(config);
  // Told why a provider the policy names is not treated as that provider, and which key to fix.
  if (trust?.mismatch !== undefined) void vscode.window.showWarningMessage(trust.mismatch);
  const choice: ProviderChoice = config === undefined || trust === undefined ? { mode: 'copy' } : { mode: 'provider', ...identityOf(config.id, trust), kind: config.kind, model: modelOf(config) };

  // A call is not made when it could not be recorded (a read-only or missing storage folder).
  // A waived record (audit.required: false) that cannot be written is not an error.
  let untraced = false;
  if (config !== undefined && ai.audit) {
    const readiness = await ai.audit.prepareCall({ retentionDays: policy.auditRetentionDays, required: policy.auditRequired });
    if (readiness.status === 'blocked') {
      void vscode.window.showErrorMessage(readiness.message);
      return;
    }
    if (readiness.status === 'untraced') {
      void vscode.window.showWarningMessage(readiness.message);
      untraced = true;
    }
  }
  const { table: prices, budget } = policy.costTables();
  const cachePolicy = policy.responseCache;

  const sourcePath = pathOf(document.uri);
  // One controller for the run: the progress notification's Cancel aborts the call and a pending preview alike.
  const controller = new AbortController();
  // Every source is classified by its path and by where its links lead; a link out of the workspace is refused.
  const sources: PipelineSource[] = await withRealPaths([
    { path: sourcePath, ...(content ? { content } : {}) },
    ...gathered.sources.map((source) => ({ path: pathOf(source.uri), ...(source.content ? { content: source.content } : {}), ...(source.folder ? { folder: true } : {}), ...(source.refusal !== undefined ? { refusal: source.refusal } : {}) })),
  ]);
  const pipelineRequest: PipelineRequest = { template, context, sources, provider: choice, approvals: policy.templates.approved, allowUnapproved: policy.unapprovedTemplatesAllowed, maxInputCharacters: getSetting(Settings.contextMaxCharacters), maxOutputTokens: outputCapOf(config?.maxOutputTokens) };
  // The run's audit: the attempt is recorded (and its cost reserved) before anything is sent, its end after.
  const recorder = new RunAudit(pipelineRequest, { log: ai.audit, traced: !untraced, prices, budget });
  let prepared: Promise<AiProvider> | undefined;
  const prepare = async (): Promise<AiProvider> => {
    if (config === undefined) throw new Error('The copy mode never connects.');
    if (isEditorModel(config)) return (await import('./editorModels')).createEditorModelProvider(config);
    return createProvider(config, await keyConnection(config, { secrets: secretStoreOf(container.context.secrets), env: process.env }, trust?.endpointNamed ?? false));
  };
  const uriOf = (path: string | undefined) => (path === undefined ? undefined : path === sourcePath ? document.uri : vscode.Uri.file(path));
  const ports: PipelinePorts = {
    classify: (path, summary, options) => {
      const uri = uriOf(path);
      const result = uri && classification.classifyIn(policies, uri, summary, options);
      if (!result) throw new Error(`No classification for ${path}`);
      return result;
    },
    levels: (path) => policies.levels(path),
    scanner: (paths, categories) => container.redaction.scannerWith(paths.map(uriOf), categories, (uri) => scanSettingsOf(policies, uri)),
    session: await container.redaction.session(),
    budget: recorder.budget,
    beforeCall: recorder.beforeCall,
    ...(cachePolicy.enabled ? { cache: { store: ai.responseCache, ttlMs: cachePolicy.ttlMinutes * 60_000 } } : {}),
    // A run again (from an answer's title bar) always shows what it would send: it never sends unconfirmed.
    preview: async (prompt, previewLevel, original) => {
      if (request.again !== true && !previewWanted(previewLevel.level)) return true;
      recorder.previewShown = true;
      return showPreview(ai, { prompt, original, level: previewLevel, provider: providerId, signal: controller.signal, again: request.again === true });
    },
    // The key is looked up (and the SDK loaded) before any preview, so a missing key is said first;
    // the connection made then is the one the call uses. Nothing is sent by either.
    checkReady: async () => {
      prepared ??= prepare();
      await prepared;
    },
    connect: async () => (prepared ??= prepare()),
  };

  const answerUri = config === undefined ? undefined : ai.answers.create(`${template.id}.md`, header(template, providerId, document.uri));
  if (answerUri) await ai.answers.show();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AI Guard: {0}…', template.title), cancellable: true },
    async (_progress, token) => {
      const subscription = token.onCancellationRequested(() => controller.abort());
      ai.runsInFlight.add(controller);
      try {
        return await runPipeline(pipelineRequest, ports, { signal: controller.signal, candidates, ...(answerUri ? { onText: (chunk: string) => {
          recorder.onText(chunk);
          ai.answers.append(answerUri, chunk);
        } } : {}) });
      } finally {
        ai.runsInFlight.delete(controller);
        subscription.dispose();
      }
    },
  );
  container.logger.info(`Ran template ${template.id} (${providerId}): ${describeOutcome(outcome)}.`);
  const closed = controller.signal.reason === WINDOW_CLOSED ? { detail: WINDOW_CLOSED } : {};
  const record = recorder.recordOf(outcome, closed);
  try {
    await recorder.finish(outcome, closed);
    if (!untraced) ai.forwardAudit(policies.auditForwardPolicy(), container.logger);
  } catch (error) {
    container.logger.error(`The audit record of template ${template.id} could not be written: ${describeError(error)}`);
    void vscode.window.showErrorMessage(describeError(error));
  }
  ai.reportRun(record, outcome.status === 'ok' && answerUri ? { uri: answerUri, run: { template, providerId, answer: outcome.answer, source: { uri: document.uri, range: sourceRange, version: document.version } } } : undefined);
  const answer = answerUri ? ai.answers.text(answerUri) : undefined;
  ai.lastRun = { template: template.id, provider: providerId, status: outcome.status, ...('message' in outcome ? { message: outcome.message } : outcome.status === 'error' ? { message: describeError(outcome.error) } : {}), ...(outcome.status === 'ok' && answer !== undefined ? { answer } : {}), ...(answerUri ? { answerUri: answerUri.toString() } : {}) };
  await showOutcome(container, outcome, { template, providerId, answerUri, prices, rerun: (provider) => runPrompt(container, { template: template.id, provider }) });
}

/**
 * The provider for this run: the configured default when there is one; otherwise the only
 * allowed provider, or a pick among the allowed ones and the copy mode. When AI is not allowed
 * at all, the copy mode is chosen so that the pipeline says why and nothing is asked first.
 */
async function chooseProvider(candidates: readonly ProviderIdentity[], levels: readonly Classification[], configs: Parameters<typeof pickProvider>[1]): Promise<string | undefined> {
  const preferred = getSetting(Settings.defaultProvider).trim();
  if (preferred === COPY_PROVIDER || candidates.some((candidate) => candidate.id === preferred)) return preferred;
  if (!levels.every((level) => level.aiAllowed)) return COPY_PROVIDER;
  const allowed = providersAllowedForAll(levels, candidates);
  const leftOut = providerExclusions(levels, candidates, (path) => vscode.workspace.asRelativePath(path));
  // With providers left out the picker is shown anyway, so nobody wonders where one went.
  if (allowed.length === 1 && allowed[0] && leftOut.length === 0) return allowed[0].id;
  return pickProvider(allowed, configs, leftOut);
}

/**
 * Template problems go to the Problems panel and the log; templates left out because of an error
 * are also announced once (until the problems change), so nobody wonders where a template went.
 */
function announceTemplateProblems(container: Container, ai: AiService, problems: TemplateLibrary['problems']): void {
  publishTemplateProblems(ai.templateProblems, problems);
  for (const problem of problems) container.logger.warn(`${problem.file}:${problem.line}:${problem.column} ${problem.message}`);
  const errors = problems.filter((problem) => problem.severity === 'error');
  const signature = errors.map((problem) => `${problem.file}:${problem.line}:${problem.message}`).join('\n');
  if (signature === ai.announcedTemplateProblems) return;
  ai.announcedTemplateProblems = signature;
  if (errors.length === 0) return;
  const files = new Set(errors.map((problem) => problem.file)).size;
  const show = vscode.l10n.t('Show Problems');
  void vscode.window.showWarningMessage(vscode.l10n.t('Prompt template files with errors were left out ({0}); the other templates are available.', files), show).then((choice) => {
    if (choice === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/** An answer's heading in the answer view: what ran, on which file, with which provider, when (local time). */
function header(template: Template, providerId: string, file: vscode.Uri): string {
  const when = new Date().toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
  return `# ${template.title} · ${vscode.workspace.asRelativePath(file)}\n\n_${vscode.l10n.t('AI Guard · template {0} · provider {1}', template.id, providerId)} · ${when}_\n\n---\n\n`;
}

/** The outcome in a log line: never the prompt, the answer or a masked value. */
function describeOutcome(outcome: PipelineOutcome): string {
  switch (outcome.status) {
    case 'ok': return `answered by ${outcome.model}, ${outcome.usage.inputTokens} tokens in, ${outcome.usage.outputTokens} out, ${outcome.durationMs} ms`;
    case 'blocked': return `blocked (${outcome.reason})`;
    case 'error': return `error: ${describeError(outcome.error)}`;
    default: return outcome.status;
  }
}

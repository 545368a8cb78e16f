import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { type Budget, outputCapOf, type PriceTable } from '../../core/cost';
import type { Classification, ContentSummary, PolicySnapshot } from '../../core/classification';
import {
  type PipelineOutcome,
  type PipelinePorts,
  type PipelineRequest,
  type PipelineSource,
  type ProviderChoice,
  type ProviderIdentity,
  identityOf,
  providerExclusions,
  providersAllowedForAll,
  RunAudit,
  runPipeline,
} from '../../core/pipeline';
import { type AiProvider, createProvider, isEditorModel, keyConnection, modelOf, type ProviderConfig, withModel } from '../../core/providers';
import type { ProviderTrust } from '../../core/policy';
import type { Template, TemplateLibrary } from '../../core/templates';
import { COPY_PROVIDER, Settings } from '../../shared/ids';
import { pathOf, scanSettingsOf } from '../classification/policyService';
import { contentNow } from '../classification/contentNow';
import { getSetting } from '../platform/configuration';
import type { AiContext } from './deps';
import { WINDOW_CLOSED } from './service';
import { secretStoreOf } from '../platform/secrets';
import { gatherContext } from './gatherContext';
import { type GatheredInputs, gatherTemplateInputs } from './gatherInputs';
import { showOutcome } from './outcome';
import { previewWanted } from './preview';
import type { Prompter } from './prompter';
import { withRealPaths } from './realSources';
import { loadWorkspaceTemplates, publishTemplateProblems } from './templateLibrary';

/** What a caller may decide in advance: direct commands name the template, tests both. */
export interface RunRequest {
  template?: string | undefined;
  provider?: string | undefined;
  /** Running an answer's prompt again: the preview is shown whatever the level, so nothing is sent unconfirmed. */
  again?: boolean;
}

/**
 * "AI Guard: Run Prompt…" and the direct commands: a template, a provider the file's level
 * allows (or the copy mode), then the governed pipeline on the active editor's selection or
 * file. Everything the policy decides is decided by `runPipeline`; the steps below gather its
 * inputs, run it and show its outcome. A step that stops the run has said why, unless the
 * person stopped it (a dismissed picker).
 */
export async function runPrompt(deps: AiContext, request: RunRequest = {}): Promise<void> {
  const editor = activeEditor();
  if (!editor) return;
  const chosen = await chooseTemplate(deps, editor.document, request);
  if (!chosen) return;
  // One version of the policies for the whole run, taken before anything is asked: a policy
  // saved while a picker is open applies to the next run, never to half of this one.
  const { template, policies } = chosen;
  const inputs = await gatherInputs(deps, editor, template, request, policies);
  if (!inputs) return;
  const file = await classifyFile(deps, editor, policies);
  if (!file) return;
  const provider = await chooseProviderFor(deps, file, template, request, policies);
  if (!provider) return;
  const audit = await prepareAudit(deps, file, provider, policies);
  if (!audit) return;
  const run = await planRun(deps, { file, template, policies, inputs, provider, audit, request });
  const outcome = await callWithProgress(deps, run);
  await recordRun(deps, run, outcome);
  await showOutcome(deps, outcome, {
    template,
    providerId: provider.id,
    answerUri: run.answerUri,
    prices: audit.prices,
    rerun: (providerId) => runPrompt(deps, { template: template.id, provider: providerId }),
  });
}

/** The active editor, or undefined after saying what to open. */
function activeEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showWarningMessage(vscode.l10n.t('Open a file, and select text if you want only part of it, then run the command again.'));
  return editor;
}

/**
 * The template named by the request, or the one the person picks, and the run's one snapshot of
 * the policies, taken before the picker is answered; template problems are announced on the way.
 */
async function chooseTemplate(deps: AiContext, document: vscode.TextDocument, request: RunRequest): Promise<{ template: Template; policies: PolicySnapshot } | undefined> {
  // The template picker opens before anything is loaded, so keys typed meanwhile go to it, not the editor.
  const pending = request.template === undefined ? deps.prompter.openTemplatePicker() : undefined;
  let library: TemplateLibrary;
  let policies: PolicySnapshot;
  try {
    policies = await deps.classification.snapshot();
    library = await loadWorkspaceTemplates();
  } catch (error) {
    pending?.dispose();
    throw error;
  }
  announceTemplateProblems(deps, library.problems);
  const policy = policies.at(pathOf(document.uri));
  const template =
    request.template !== undefined || pending === undefined
      ? library.templates.find((candidate) => candidate.id === request.template)
      : await pending.choose(library.templates, policy.templates.approved);
  if (template === undefined) {
    if (request.template !== undefined) void vscode.window.showErrorMessage(vscode.l10n.t("There is no prompt template '{0}'.", request.template));
    return undefined;
  }
  return { template, policies };
}

/** The template's inputs beyond the editor's text, or undefined when the person cancelled or one could not be had. */
async function gatherInputs(
  deps: AiContext,
  editor: vscode.TextEditor,
  template: Template,
  request: RunRequest,
  policies: PolicySnapshot,
): Promise<Extract<GatheredInputs, { context: unknown }> | undefined> {
  const gathered = await gatherTemplateInputs(deps, editor, template, gatherContext(editor), { askOptionalNotes: request.template === undefined, policies });
  if ('cancelled' in gathered) return undefined;
  if ('error' in gathered) {
    void vscode.window.showErrorMessage(gathered.error);
    return undefined;
  }
  return gathered;
}

/** The run's file: its document, what the run is about in it, what it holds and its level. */
interface RunFile {
  document: vscode.TextDocument;
  /** What an answer's "Apply as Diff" replaces: the selection, or the whole file (undefined for several selections). */
  range: vscode.Range | undefined;
  content: ContentSummary;
  level: Classification;
}

/** The file's level, its content counted (a scan now if the live one has not reported); undefined for what is not a file. */
async function classifyFile(deps: AiContext, editor: vscode.TextEditor, policies: PolicySnapshot): Promise<RunFile | undefined> {
  const document = editor.document;
  const selected = editor.selections.filter((selection) => !selection.isEmpty);
  const range = selected.length > 1 ? undefined : (selected[0] ?? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)));
  const content = await contentNow(deps, document, policies);
  const level = deps.classification.classifyIn(policies, document.uri, content);
  if (level === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('AI Guard sends only files and unsaved documents to AI; this editor shows neither.'));
    return undefined;
  }
  return { document, range, content, level };
}

/** Where the prompt goes: a configured provider with the model the policy prefers, or the copy mode (no `config`). */
interface RunProvider {
  id: string;
  config: ProviderConfig | undefined;
  trust: ProviderTrust | undefined;
  choice: ProviderChoice;
  /** Every configured provider as the policy sees it here, for the pipeline's "use instead" suggestions. */
  candidates: ProviderIdentity[];
}

/** The provider named by the request, the default, or the person's pick among those the file allows. */
async function chooseProviderFor(deps: AiContext, file: RunFile, template: Template, request: RunRequest, policies: PolicySnapshot): Promise<RunProvider | undefined> {
  const { ai } = deps;
  const policy = policies.at(pathOf(file.document.uri));
  // Tags come from the policy's catalogue for this file, and only to a configuration whose kind
  // and address match the entry of its id; never from the provider's settings.
  const trusts = new Map(ai.providers.all().map((config) => [config.id, policy.providerTrust(config)]));
  for (const trust of trusts.values()) if (trust.mismatch !== undefined) deps.log.warn(trust.mismatch);
  const candidates: ProviderIdentity[] = [...trusts].map(([id, trust]) => identityOf(id, trust));
  const providerId = request.provider ?? (await chooseProvider(deps.prompter, candidates, [file.level], ai.providers.all()));
  if (providerId === undefined) return undefined;
  const configured = providerId === COPY_PROVIDER ? undefined : ai.providers.find(providerId);
  // A cheaper model where it suffices: the policy may prefer one for this template on this provider.
  const preferred = configured === undefined ? undefined : policy.preferredModel(template, configured.id);
  const config = configured !== undefined && preferred !== undefined ? withModel(configured, preferred) : configured;
  if (providerId !== COPY_PROVIDER && config === undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t("No provider '{0}' is configured in aiGuard.providers.", providerId));
    return undefined;
  }
  // An untrusted workspace may classify and redact, never send: only the copy mode is left.
  if (config !== undefined && !vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This workspace is not trusted: AI Guard sends nothing to AI providers here. Use "Copy redacted prompt" instead.'));
    return undefined;
  }
  const trust = config === undefined ? undefined : policy.providerTrust(config);
  // Told why a provider the policy names is not treated as that provider, and which key to fix.
  if (trust?.mismatch !== undefined) void vscode.window.showWarningMessage(trust.mismatch);
  const choice: ProviderChoice = config === undefined || trust === undefined ? { mode: 'copy' } : { mode: 'provider', ...identityOf(config.id, trust), kind: config.kind, model: modelOf(config) };
  return { id: providerId, config, trust, choice, candidates };
}

/** How the run is recorded and what it may cost. */
interface RunAuditPlan {
  /** The attempt cannot be recorded and the policy waives its record (audit.required: false): the call goes on untraced. */
  untraced: boolean;
  prices: PriceTable;
  budget: Budget;
}

/**
 * Whether the run can be recorded: a call is not made when it could not be (a read-only or
 * missing storage folder); a waived record that cannot be written is not an error.
 */
async function prepareAudit(deps: AiContext, file: RunFile, provider: RunProvider, policies: PolicySnapshot): Promise<RunAuditPlan | undefined> {
  const { ai } = deps;
  const policy = policies.at(pathOf(file.document.uri));
  let untraced = false;
  if (provider.config !== undefined && ai.audit) {
    const readiness = await ai.audit.prepareCall({ retentionDays: policy.auditRetentionDays, required: policy.auditRequired });
    if (readiness.status === 'blocked') {
      void vscode.window.showErrorMessage(readiness.message);
      return undefined;
    }
    if (readiness.status === 'untraced') {
      void vscode.window.showWarningMessage(readiness.message);
      untraced = true;
    }
  }
  const { table: prices, budget } = policy.costTables();
  return { untraced, prices, budget };
}

/** Everything one call needs, ready: the pipeline's request and ports, its audit, its controller and its answer view. */
interface PlannedRun {
  template: Template;
  policies: PolicySnapshot;
  provider: RunProvider;
  file: RunFile;
  untraced: boolean;
  pipelineRequest: PipelineRequest;
  ports: PipelinePorts;
  recorder: RunAudit;
  /** One controller for the run: the progress notification's Cancel aborts the call and a pending preview alike. */
  controller: AbortController;
  answerUri: vscode.Uri | undefined;
}

/** The sources with their real paths, the pipeline's request and ports, and the answer view (opened now for a provider). */
async function planRun(
  deps: AiContext,
  {
    file,
    template,
    policies,
    inputs,
    provider,
    audit,
    request,
  }: { file: RunFile; template: Template; policies: PolicySnapshot; inputs: Extract<GatheredInputs, { context: unknown }>; provider: RunProvider; audit: RunAuditPlan; request: RunRequest },
): Promise<PlannedRun> {
  const { ai, classification } = deps;
  const { document, content } = file;
  const { config, trust } = provider;
  const policy = policies.at(pathOf(document.uri));
  const cachePolicy = policy.responseCache;
  const sourcePath = pathOf(document.uri);
  const controller = new AbortController();
  // Every source is classified by its path and by where its links lead; a link out of the workspace is refused.
  const sources: PipelineSource[] = await withRealPaths([
    { path: sourcePath, ...(content ? { content } : {}) },
    ...inputs.sources.map((source) => ({
      path: pathOf(source.uri),
      ...(source.content ? { content: source.content } : {}),
      ...(source.folder ? { folder: true } : {}),
      ...(source.refusal !== undefined ? { refusal: source.refusal } : {}),
    })),
  ]);
  const pipelineRequest: PipelineRequest = {
    template,
    context: inputs.context,
    sources,
    provider: provider.choice,
    approvals: policy.templates.approved,
    allowUnapproved: policy.unapprovedTemplatesAllowed,
    maxInputCharacters: getSetting(Settings.contextMaxCharacters),
    maxOutputTokens: outputCapOf(config?.maxOutputTokens),
  };
  // The run's audit: the attempt is recorded (and its cost reserved) before anything is sent, its end after.
  const recorder = new RunAudit(pipelineRequest, { log: ai.audit, traced: !audit.untraced, prices: audit.prices, budget: audit.budget });
  let prepared: Promise<AiProvider> | undefined;
  const prepare = async (): Promise<AiProvider> => {
    if (config === undefined) throw new Error('The copy mode never connects.');
    if (isEditorModel(config)) return (await import('./editorModels')).createEditorModelProvider(config);
    return createProvider(config, await keyConnection(config, { secrets: secretStoreOf(deps.secrets), env: process.env }, trust?.endpointNamed ?? false));
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
    scanner: (paths, categories) => deps.redaction.scannerWith(paths.map(uriOf), categories, (uri) => scanSettingsOf(policies, uri)),
    session: await deps.redaction.session(),
    budget: recorder.budget,
    beforeCall: recorder.beforeCall,
    ...(cachePolicy.enabled ? { cache: { store: ai.responseCache, ttlMs: cachePolicy.ttlMinutes * 60_000 } } : {}),
    // A run again (from an answer's title bar) always shows what it would send: it never sends unconfirmed.
    preview: async (prompt, previewLevel, original) => {
      if (request.again !== true && !previewWanted(previewLevel.level)) return true;
      recorder.previewShown = true;
      return deps.prompter.preview(ai, { prompt, original, level: previewLevel, provider: provider.id, signal: controller.signal, again: request.again === true });
    },
    // The key is looked up (and the SDK loaded) before any preview, so a missing key is said first;
    // the connection made then is the one the call uses. Nothing is sent by either.
    checkReady: async () => {
      prepared ??= prepare();
      await prepared;
    },
    connect: async () => (prepared ??= prepare()),
  };
  const answerUri = config === undefined ? undefined : ai.answers.create(`${template.id}.md`, header(template, provider.id, document.uri));
  if (answerUri) await ai.answers.show();
  return { template, policies, provider, file, untraced: audit.untraced, pipelineRequest, ports, recorder, controller, answerUri };
}

/** The governed call under a cancellable progress notification, the answer streamed into its view. */
async function callWithProgress({ ai }: AiContext, run: PlannedRun): Promise<PipelineOutcome> {
  const { controller, recorder, answerUri } = run;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('AI Guard: {0}…', run.template.title), cancellable: true }, async (_progress, token) => {
    const subscription = token.onCancellationRequested(() => controller.abort());
    ai.runsInFlight.add(controller);
    try {
      return await runPipeline(run.pipelineRequest, run.ports, {
        signal: controller.signal,
        candidates: run.provider.candidates,
        ...(answerUri
          ? {
              onText: (chunk: string) => {
                recorder.onText(chunk);
                ai.answers.append(answerUri, chunk);
              },
            }
          : {}),
      });
    } finally {
      ai.runsInFlight.delete(controller);
      subscription.dispose();
    }
  });
}

/** The run's end: logged, recorded in the audit log (then forwarded), announced, and kept as the last run. */
async function recordRun(deps: AiContext, run: PlannedRun, outcome: PipelineOutcome): Promise<void> {
  const { ai, log } = deps;
  const { template, provider, file, answerUri } = run;
  log.info(`Ran template ${template.id} (${provider.id}): ${describeOutcome(outcome)}.`);
  const closed = run.controller.signal.reason === WINDOW_CLOSED ? { detail: WINDOW_CLOSED } : {};
  const record = run.recorder.recordOf(outcome, closed);
  try {
    await run.recorder.finish(outcome, closed);
    if (!run.untraced) ai.forwardAudit(run.policies.auditForwardPolicy(), log);
  } catch (error) {
    log.error(`The audit record of template ${template.id} could not be written: ${describeError(error)}`);
    void vscode.window.showErrorMessage(describeError(error));
  }
  const { document } = file;
  ai.reportRun(
    record,
    outcome.status === 'ok' && answerUri
      ? { uri: answerUri, run: { template, providerId: provider.id, answer: outcome.answer, source: { uri: document.uri, range: file.range, version: document.version } } }
      : undefined,
  );
  const answer = answerUri ? ai.answers.text(answerUri) : undefined;
  ai.lastRun = {
    template: template.id,
    provider: provider.id,
    status: outcome.status,
    ...('message' in outcome ? { message: outcome.message } : outcome.status === 'error' ? { message: describeError(outcome.error) } : {}),
    ...(outcome.status === 'ok' && answer !== undefined ? { answer } : {}),
    ...(answerUri ? { answerUri: answerUri.toString() } : {}),
  };
}

/**
 * The provider for this run: the configured default when there is one; otherwise the only
 * allowed provider, or a pick among the allowed ones and the copy mode. When AI is not allowed
 * at all, the copy mode is chosen so that the pipeline says why and nothing is asked first.
 */
async function chooseProvider(prompter: Prompter, candidates: readonly ProviderIdentity[], levels: readonly Classification[], configs: readonly ProviderConfig[]): Promise<string | undefined> {
  const preferred = getSetting(Settings.defaultProvider).trim();
  if (preferred === COPY_PROVIDER || candidates.some((candidate) => candidate.id === preferred)) return preferred;
  if (!levels.every((level) => level.aiAllowed)) return COPY_PROVIDER;
  const allowed = providersAllowedForAll(levels, candidates);
  const leftOut = providerExclusions(levels, candidates, (path) => vscode.workspace.asRelativePath(path));
  // With providers left out the picker is shown anyway, so nobody wonders where one went.
  if (allowed.length === 1 && allowed[0] && leftOut.length === 0) return allowed[0].id;
  return prompter.chooseProvider(allowed, configs, leftOut);
}

/**
 * Template problems go to the Problems panel and the log; templates left out because of an error
 * are also announced once (until the problems change), so nobody wonders where a template went.
 */
function announceTemplateProblems({ ai, log }: AiContext, problems: TemplateLibrary['problems']): void {
  publishTemplateProblems(ai.templateProblems, problems);
  for (const problem of problems) log.warn(`${problem.file}:${problem.line}:${problem.column} ${problem.message}`);
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
    case 'ok':
      return `answered by ${outcome.model}, ${outcome.usage.inputTokens} tokens in, ${outcome.usage.outputTokens} out, ${outcome.durationMs} ms`;
    case 'blocked':
      return `blocked (${outcome.reason})`;
    case 'error':
      return `error: ${describeError(outcome.error)}`;
    default:
      return outcome.status;
  }
}

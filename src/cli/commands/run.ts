import * as l10n from '@vscode/l10n';
import { diffFiles, leavesWorkspaceMessage, type PolicyFileLoader, SourcePathResolver, summariseFindings, unreadableDiffMessage } from '../../core/classification';
import { isAbsolutePath, joinPath, normalisePath, relativeInside } from '../../core/classification/paths';
import { type AuditLog, auditUrlOf, forwardPending } from '../../core/audit';
import * as z from 'zod/mini';
import { describeError } from '../../core/errors';
import { parseJsonAs } from '../../core/json';
import type { Locale } from '../../core/locale';
import {
  cutByTokenLimit,
  identityOf,
  type PipelineOutcome,
  promptText,
  type PipelineRequest,
  type PipelineSource,
  type ProviderChoice,
  type ProviderIdentity,
  RunAudit,
  runPipeline,
} from '../../core/pipeline';
import { costOf, describeCost, outputCapOf, type PriceTable } from '../../core/cost';
import type { ProviderTrust } from '../../core/policy';
import type { AuditForwardPolicy } from '../../core/policy/schema';
import { createProvider, keyConnection, modelOf, PROVIDER_KINDS, type ProviderConfig, ProviderConfigSchema, parseProviderConfigs, withModel } from '../../core/providers';

/** The kinds `--kind` takes: all but the editor's own models, which only the extension can call. */
const CLI_KINDS = PROVIDER_KINDS.filter((kind) => kind !== 'vscode-lm');
import { decodeText, mergeDictionaries, RedactionSession, Scanner } from '../../core/redaction';
import { describeTruncation, loadTemplates, type TemplateContext } from '../../core/templates';
import { type CliIo, ExitCode, INTERRUPTED_EXIT, type Interruption } from '../io';
import { absolutePath, displayPath, openStore, type PolicyFlags, policyFileLoader, printProblems, storeProblems } from '../policies';
import { Settings } from '../../shared/ids';
import { parseSetting } from '../../shared/settings';
import { ContentScanner } from './classify';
import { cliTemplateSources } from './templates';

/** Where `--provider` looks for provider configurations, relative to the workspace folder. */
export const PROVIDERS_FILE = '.aiguard/providers.json';

/** The providers file's outer shape; each entry is checked by `parseProviderConfigs`, which says what is wrong with it. */
const ProvidersFileSchema = z.object({ providers: z.optional(z.array(z.unknown())) });

export interface RunFlags extends PolicyFlags {
  file?: string;
  /** Lines `a:b` of the file (1-based, inclusive). */
  selection?: string;
  /** A revision for `git diff`, `-` for a diff on standard input, '' for the working tree. */
  diff?: string;
  provider?: string;
  kind?: string;
  baseUrl?: string;
  model?: string;
  /** Bedrock's AWS region; Vertex AI's project and location. */
  region?: string;
  project?: string;
  location?: string;
  /** Vertex AI: Google's token endpoint as this network reaches it. */
  tokenUrl?: string;
  dryRun: boolean;
  locale: Locale;
  auditFile?: string;
}

/** The most characters of each input a prompt carries: the editor's `aiGuard.context.maxCharacters` default. */
const MAX_INPUT_CHARACTERS = parseSetting(Settings.contextMaxCharacters, undefined);

/**
 * `ai-guard run` ends with 0 when answered (or dry-run), 1 when the policy blocked it, 2 on an
 * error, 3 when the answer was cut by the output token limit; 130, 143 and 141 when Ctrl-C,
 * SIGTERM or a closed output interrupted it (`INTERRUPTED_EXIT`).
 */
export const RunExit = { ok: ExitCode.ok, blocked: 1, error: ExitCode.error, truncated: 3 } as const;

/**
 * `ai-guard run <template-id> [--file F] [--selection a:b] [--diff [rev]] [--provider ID |
 * --kind K --base-url URL --model M [--region R] [--project P --location L]] [--dry-run]`: the governed pipeline from a terminal or CI.
 * The answer, placeholders restored, streams to standard output; everything else (what was
 * masked, blocks, errors) goes to standard error. `--dry-run` prints the exact redacted prompt
 * that would be sent, and sends nothing.
 */
export async function runCommand(args: readonly string[], flags: RunFlags, io: CliIo): Promise<number> {
  const [templateId] = args;
  if (templateId === undefined) {
    io.stderr(`ai-guard run: ${l10n.t('name a template (see ai-guard templates list).')}\n`);
    return RunExit.error;
  }
  const loader = policyFileLoader(io);
  const cwd = absolutePath(io, '.');
  const filePath = flags.file !== undefined ? absolutePath(io, flags.file) : undefined;
  const folder = filePath !== undefined ? folderOf(filePath) : cwd;
  const root = await loader.findRoot(folder, cwd);
  let diff: string | undefined;
  let planned: PlannedSources;
  try {
    diff = flags.diff === undefined ? undefined : flags.diff === '-' ? new TextDecoder().decode(await io.readStdin()) : await gitDiff(io, flags.diff);
    planned = await plannedSources(io, loader, { root, cwd, filePath, diff });
  } catch (error) {
    io.stderr(`ai-guard run: ${describeError(error)}\n`);
    return RunExit.error;
  }
  // Every policy and ignore file from the workspace folder down to each path classified applies.
  const folders = [...new Set([folder, ...planned.file.map((source) => folderOf(source.path)), ...planned.diff.map((source) => (source.folder === true ? source.path : folderOf(source.path)))])];
  const store = await openStore(io, flags, [root], (await Promise.all(folders.map((each) => loader.along(root, each)))).flat());
  printProblems(storeProblems(io, store), io.stderr);
  // One version of the policies for the whole run: every question below is asked of it.
  const policies = store.current();
  const governed = filePath ?? `${root}/.`;
  const policy = policies.at(governed);

  const templates = await loadTemplates({ builtIn: true, locale: flags.locale, sources: await cliTemplateSources(io, flags.org, root) });
  const template = templates.templates.find((candidate) => candidate.id === templateId);
  if (template === undefined) {
    io.stderr(`ai-guard run: ${l10n.t("no template '{0}' (see ai-guard templates list).", templateId)}\n`);
    return RunExit.error;
  }

  let context: TemplateContext;
  let sources: PipelineSource[];
  let provider: Awaited<ReturnType<typeof chooseProvider>>;
  try {
    ({ context, sources } = await gatherContext(io, flags, { filePath, diff, planned }, new ContentScanner(io, { network: false, secretlint: true }, store)));
    provider = await chooseProvider(io, flags, root, folder, (config) => policy.providerTrust(config));
  } catch (error) {
    io.stderr(`ai-guard run: ${describeError(error)}\n`);
    return RunExit.error;
  }
  if (provider === undefined && !flags.dryRun) {
    io.stderr(`ai-guard run: ${l10n.t('name a provider: --provider ID (from {0}), or --kind, --base-url and --model; or use --dry-run.', PROVIDERS_FILE)}\n`);
    return RunExit.error;
  }

  // A cheaper model where it suffices: the policy may prefer one for this template on this provider.
  const preferred = provider === undefined ? undefined : policy.preferredModel(template, provider.config.id);
  if (provider !== undefined && preferred !== undefined && preferred !== modelOf(provider.config)) {
    io.stderr(`ai-guard: ${l10n.t("the policy prefers model {0} for template '{1}' on provider '{2}'.", preferred, template.id, provider.config.id)}\n`);
    provider = { ...provider, config: withModel(provider.config, preferred), choice: { ...provider.choice, model: preferred } as ProviderChoice };
  }
  const { table: prices, budget } = policy.costTables();
  const audit = io.auditLog?.(flags.auditFile);
  // A waived record (audit.required: false) that cannot be written is not an error.
  let untraced = false;
  if (audit && !flags.dryRun) {
    const readiness = await audit.log.prepareCall({ retentionDays: policy.auditRetentionDays, required: policy.auditRequired });
    if (readiness.status !== 'ready') io.stderr(`ai-guard: ${readiness.message}\n`);
    if (readiness.status === 'blocked') return RunExit.error;
    untraced = readiness.status === 'untraced';
  }
  const pipelineRequest: PipelineRequest = {
    template,
    context,
    sources,
    provider: provider?.choice ?? { mode: 'copy' },
    approvals: policy.templates.approved,
    allowUnapproved: policy.unapprovedTemplatesAllowed,
    dryRun: flags.dryRun,
    maxInputCharacters: MAX_INPUT_CHARACTERS,
    maxOutputTokens: outputCapOf(provider?.config.maxOutputTokens),
  };
  const recorder = new RunAudit(pipelineRequest, { log: audit?.log, traced: !untraced, prices, budget });
  // Until the call's end is recorded, Ctrl-C, SIGTERM and a closed output end the call, not the process.
  const interrupt = io.interrupts?.capture();
  const outcome = await runPipeline(
    pipelineRequest,
    {
      classify: (path, content, options) => policies.classify(path, content, options),
      levels: (path) => policies.levels(path),
      scanner: (paths, categories) => new Scanner({ categories, dictionary: mergeDictionaries(paths.map((path) => policies.at(path).dictionary())) }),
      session: new RedactionSession(),
      budget: recorder.budget,
      beforeCall: recorder.beforeCall,
      connect: async () => {
        const config = (provider as { config: ProviderConfig }).config;
        return createProvider(config, await keyConnection(config, { env: io.env }, (provider as { trust: ProviderTrust }).trust.endpointNamed));
      },
    },
    {
      ...(interrupt ? { signal: interrupt.signal } : {}),
      ...(provider ? { candidates: provider.candidates } : {}),
      onText: (chunk) => {
        recorder.onText(chunk);
        io.stdout(chunk);
      },
    },
  );
  const interruption = interrupt?.signal.aborted ? (interrupt.signal.reason as Interruption) : undefined;
  const code = interruption !== undefined ? INTERRUPTED_EXIT[interruption] : report(outcome, io, displayPath(io), prices);
  if (interruption !== undefined) io.stderr(`ai-guard: ${l10n.t('interrupted ({0}).', interruption)}\n`);
  if (outcome.status === 'ok' && outcome.budgetWarning) io.stderr(`ai-guard: ${outcome.budgetWarning}\n`);
  // Every call and blocked attempt leaves a record (a dry run sends nothing and leaves none).
  let written = true;
  try {
    await recorder.finish(outcome, interruption !== undefined ? { detail: interruption } : {});
  } catch (error) {
    io.stderr(`ai-guard: ${l10n.t('the audit record could not be written to {0}: {1}', audit?.path ?? '', describeError(error))}\n`);
    written = false;
  }
  interrupt?.release();
  if (audit && written && !untraced) await forward(io, audit.log, policies.auditForwardPolicy());
  // An interruption keeps its own code; otherwise a record that could not be written is an error.
  return written || interruption !== undefined ? code : RunExit.error;
}

/**
 * Forwards what the organisation's audit endpoint has not acknowledged yet (this run's records and
 * any left by earlier runs), after the call's record, for a few seconds at most. A failure never
 * changes the exit code: the records stay in the log, and the next run sends them.
 */
async function forward(io: CliIo, log: AuditLog, policy: AuditForwardPolicy | undefined): Promise<void> {
  if (!policy || !io.post) return;
  const result = await forwardPending(
    log.forwardSource(),
    io.post,
    { url: auditUrlOf(policy.endpoint), ...(policy.token !== undefined ? { token: policy.token } : {}) },
    { budgetMs: FORWARD_BUDGET_MS },
  );
  if (result.problem !== undefined) io.stderr(`ai-guard: ${l10n.t('the audit trail could not be forwarded to the organisation ({0}); the next run sends what is left.', result.problem)}\n`);
}

/** How long a run spends forwarding its audit records, at most, once its call is over. */
const FORWARD_BUDGET_MS = 3_000;

function report(outcome: PipelineOutcome, io: CliIo, show: (path: string) => string, prices: PriceTable): number {
  if ('truncated' in outcome && outcome.truncated) io.stderr(`ai-guard: ${describeTruncation(outcome.truncated)}\n`);
  const masked = 'prompt' in outcome && outcome.prompt ? Object.entries(outcome.prompt.redactions).map(([kind, count]) => `${kind} ×${count}`) : [];
  const level = outcome.classification ? `${show(outcome.classification.path)}: ${outcome.classification.levelLabel}` : '';
  switch (outcome.status) {
    case 'ok':
      io.stdout('\n');
      // Which model answered and what it cost: with a preferred model, not always the provider's configured one.
      io.stderr(
        `ai-guard: ${l10n.t('answered by {0}; {1} tokens in, {2} out{3}; {4}; masked: {5}.', outcome.model, outcome.usage.inputTokens, outcome.usage.outputTokens, outcome.usage.estimated ? l10n.t(' (estimated)') : '', outcome.cached ? l10n.t('reused, nothing spent') : describeCost(costOf(prices, outcome.model, outcome.usage)), masked.join(', ') || l10n.t('nothing'))}\n`,
      );
      if (!cutByTokenLimit(outcome.finishReason)) return RunExit.ok;
      io.stderr(`ai-guard: ${l10n.t('the answer is incomplete: it was cut by the output token limit ({0} tokens).', outcome.usage.outputTokens)}\n`);
      return RunExit.truncated;
    case 'dry-run':
    case 'copied':
      io.stdout(`${promptText(outcome.prompt)}\n`);
      io.stderr(`ai-guard: ${l10n.t('dry run: nothing was sent ({0}); masked: {1}.', level, masked.join(', ') || l10n.t('nothing'))}\n`);
      return RunExit.ok;
    case 'blocked':
      io.stderr(`ai-guard: ${l10n.t('blocked: {0}', outcome.message)}\n`);
      // Like the editor's picker: every other provider of the providers file this file leaves out, and why.
      if (outcome.leftOut !== undefined && outcome.leftOut.length > 0) io.stderr(`ai-guard: ${l10n.t('also left out:')}\n${outcome.leftOut.map((exclusion) => `  - ${exclusion.why}\n`).join('')}`);
      return RunExit.blocked;
    default:
      io.stderr(`ai-guard: ${outcome.status === 'cancelled' ? l10n.t('cancelled.') : describeError(outcome.error)}\n`);
      return RunExit.error;
  }
}

/** The paths `run` classifies, known before the policies are loaded (their folders say which). */
interface PlannedSources {
  /** The file of `--file`: its path, then where its links lead. */
  file: PipelineSource[];
  /** Every file the diff touches (from the repository's top, the workspace folder and the current folder), and any refusal. */
  diff: PipelineSource[];
}

function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/**
 * What must be classified before anything is sent: the file of `--file` and every file the
 * diff touches, each by its path and by where its links lead (the strictest decides). A diff's
 * names are relative to the repository's top, which need not be the current folder: each is
 * taken from the repository's top, the workspace folder and the current folder. A link out of
 * the workspace, or a diff whose file names cannot all be read, is refused.
 */
async function plannedSources(io: CliIo, loader: PolicyFileLoader, at: { root: string; cwd: string; filePath: string | undefined; diff: string | undefined }): Promise<PlannedSources> {
  const resolver = new SourcePathResolver(io.realPath, [at.root]);
  const show = displayPath(io);
  const resolved = async (path: string): Promise<PipelineSource[]> => {
    const { paths, leavesWorkspace } = await resolver.resolve(path);
    return paths.map((each, index) => ({ path: each, ...(leavesWorkspace && index === 0 ? { refusal: leavesWorkspaceMessage(show(path)) } : {}) }));
  };
  const file = at.filePath !== undefined ? await resolved(at.filePath) : [];
  const diff: PipelineSource[] = [];
  if (at.diff !== undefined) {
    const { paths, complete } = diffFiles(at.diff);
    const bases = [...new Set([(await loader.findRepository(at.cwd)) ?? at.root, at.root, at.cwd])];
    const named = new Set(paths.flatMap((path) => (isAbsolutePath(normalisePath(path)) ? [normalisePath(path)] : bases.map((base) => joinPath(base, path)))));
    for (const path of named) diff.push(...(await resolved(path)));
    if (!complete) diff.push({ path: at.cwd, folder: true, refusal: unreadableDiffMessage() });
  }
  return { file, diff };
}

/** The template's inputs from the command line: a file (or some of its lines), a diff. */
async function gatherContext(
  io: CliIo,
  flags: RunFlags,
  inputs: { filePath: string | undefined; diff: string | undefined; planned: PlannedSources },
  contentScanner: ContentScanner,
): Promise<{ context: TemplateContext; sources: PipelineSource[] }> {
  const context: TemplateContext = {};
  const sources: PipelineSource[] = [];
  const { filePath, diff, planned } = inputs;
  if (filePath !== undefined && flags.file !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readFile(filePath);
    } catch (error) {
      throw new Error(l10n.t('cannot read {0}: {1}', flags.file, describeError(error)), { cause: error });
    }
    const content = decodeText(bytes);
    if (content === undefined) throw new Error(l10n.t('{0} is a binary file.', flags.file));
    context.file = { path: flags.file, content, languageId: languageOf(flags.file) };
    context.language = context.file.languageId ?? 'plaintext';
    context.selection = flags.selection !== undefined ? linesOf(content, flags.selection) : content;
    // The file's content counts for its level, as in the editor (contentLevels), under each of its names.
    const summary = await contentScanner.summarise(filePath);
    sources.push(...planned.file.map((source) => ({ ...source, content: summary })));
  }
  if (diff !== undefined) {
    context.diff = diff;
    // The diff's text counts as the current folder's content (as a folder, so `dir/` rules match it), raised by what it holds.
    sources.push({ path: absolutePath(io, '.'), folder: true, content: summariseFindings(await new Scanner({ secretlint: false }).scan(diff)) }, ...planned.diff);
  }
  return { context, sources };
}

/** Lines `a:b` (1-based, inclusive) of a text. */
function linesOf(text: string, range: string): string {
  const match = /^(\d+):(\d+)$/.exec(range);
  if (!match) throw new Error(l10n.t("--selection takes lines as a:b (for example 10:42), not '{0}'.", range));
  const [from, to] = [Number(match[1]), Number(match[2])];
  if (from < 1 || to < from) throw new Error(l10n.t("--selection takes lines as a:b (for example 10:42), not '{0}'.", range));
  return text
    .split('\n')
    .slice(from - 1, to)
    .join('\n');
}

/**
 * `git diff` of the working tree or against `revision`. A revision starting with `-` would reach
 * git as an option (`--output=FILE` writes a file), so it is refused, and `--` ends git's options.
 * Colours and external diff tools are off, so that the file headers can be read.
 */
async function gitDiff(io: CliIo, revision: string): Promise<string> {
  if (revision.startsWith('-')) throw new Error(l10n.t("--diff takes a revision, not an option: '{0}' starts with '-'.", revision));
  if (!io.git) throw new Error(l10n.t('git is not available here; pipe a diff with --diff - instead.'));
  return io.git(['diff', '--no-color', '--no-ext-diff', ...(revision === '' ? [] : [revision]), '--']);
}

/**
 * A provider from `--provider` (the workspace's providers file) or an ad-hoc `--kind`, with what
 * the policy grants it. An ad-hoc provider is never a catalogue entry (its id is `cli`): it has no
 * tags, and its vendor's key goes only to that vendor's endpoints.
 */
async function chooseProvider(
  io: CliIo,
  flags: RunFlags,
  root: string,
  from: string,
  trustOf: (config: ProviderConfig) => ProviderTrust,
): Promise<{ choice: ProviderChoice; config: ProviderConfig; trust: ProviderTrust; candidates: ProviderIdentity[] } | undefined> {
  let config: ProviderConfig | undefined;
  // The file's other providers, so that a refusal can name those the policy allows instead.
  let others: ProviderConfig[] = [];
  if (flags.kind !== undefined) {
    const parsed = ProviderConfigSchema.safeParse({
      id: 'cli',
      kind: flags.kind,
      ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
      model: flags.model ?? '',
      ...(flags.kind === 'azure-openai' ? { deployment: flags.model ?? '' } : {}),
      ...(flags.region === undefined ? {} : { region: flags.region }),
      ...(flags.project === undefined ? {} : { project: flags.project }),
      ...(flags.location === undefined ? {} : { location: flags.location }),
      ...(flags.tokenUrl === undefined ? {} : { tokenUrl: flags.tokenUrl }),
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => issue.message).join(' ');
      throw new Error(
        l10n.t(
          '--kind, --base-url, --model, --region, --project and --location do not describe a usable provider (kind: {0}; bedrock needs --region, vertex-ai --project and --location): {1}',
          CLI_KINDS.join(', '),
          problems,
        ),
      );
    }
    config = parsed.data;
  } else if (flags.provider !== undefined) {
    const text = await readProvidersFile(io, root, from);
    const file = parseJsonAs(text, ProvidersFileSchema);
    if (file === undefined) throw new Error(l10n.t('{0} is not a providers file: it must be JSON of the form {"providers": [ … ]}.', PROVIDERS_FILE));
    const { providers, problems } = parseProviderConfigs(file.providers ?? []);
    for (const problem of problems) io.stderr(`${PROVIDERS_FILE}: ${problem.message}\n`);
    config = providers.find((candidate) => candidate.id === flags.provider);
    others = providers.filter((candidate) => candidate !== config);
    if (config === undefined) throw new Error(l10n.t("no provider '{0}' in {1}.", flags.provider, PROVIDERS_FILE));
  }
  if (config === undefined) return undefined;
  // The matrix checks the tags the policy grants this configuration, not what it claims.
  const trust = trustOf(config);
  if (trust.mismatch !== undefined) io.stderr(`ai-guard: ${trust.mismatch}\n`);
  const choice: ProviderChoice = { mode: 'provider', ...identityOf(config.id, trust), kind: config.kind, model: config.model ?? config.deployment ?? '' };
  return { config, trust, choice, candidates: [identityOf(config.id, trust), ...others.map((other) => identityOf(other.id, trustOf(other)))] };
}

/**
 * The nearest `.aiguard/providers.json` from `from` up to the workspace folder `root`. A nested
 * repository (a submodule) keeps its own providers file although its policies are the whole
 * workspace's; reading it is safe because a provider's trust comes from the policy's catalogue
 * (id, kind and endpoints together), never from this file.
 */
async function readProvidersFile(io: CliIo, root: string, from: string): Promise<string> {
  let firstError: unknown;
  for (let folder = from; ; folder = folderOf(folder)) {
    try {
      return new TextDecoder().decode(await io.readFile(`${folder === '/' ? '' : folder}/${PROVIDERS_FILE}`));
    } catch (error) {
      firstError ??= error;
    }
    if (folder === root || relativeInside(root, folder) === undefined || folderOf(folder) === folder) break;
  }
  throw new Error(l10n.t('cannot read {0}: {1}', PROVIDERS_FILE, describeError(firstError)), { cause: firstError });
}

const LANGUAGES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  java: 'java',
  kt: 'kotlin',
  go: 'go',
  cs: 'csharp',
  rb: 'ruby',
  php: 'php',
  rs: 'rust',
  sh: 'shellscript',
  tf: 'terraform',
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  md: 'markdown',
  sql: 'sql',
};

export function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile') return 'dockerfile';
  return LANGUAGES[name.slice(name.lastIndexOf('.') + 1)] ?? 'plaintext';
}

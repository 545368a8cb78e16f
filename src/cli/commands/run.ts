import * as l10n from '@vscode/l10n';
import { summariseFindings } from '../../core/classification';
import { describeError } from '../../core/errors';
import type { Locale } from '../../core/locale';
import { cutByTokenLimit, type PipelineOutcome, promptText, type PipelineRequest, type PipelineSource, type ProviderChoice, RunAudit, runPipeline } from '../../core/pipeline';
import { outputCapOf } from '../../core/cost';
import { createProvider, type ProviderConfig, ProviderConfigSchema, parseProviderConfigs, resolveApiKey } from '../../core/providers';
import { isProbablyBinary, RedactionSession, Scanner } from '../../core/redaction';
import { describeTruncation, loadTemplates, type TemplateContext } from '../../core/templates';
import { type CliIo, ExitCode, INTERRUPTED_EXIT, type Interruption } from '../io';
import { absolutePath, displayPath, openStore, type PolicyFlags, policyFileLoader, printProblems, storeProblems } from '../policies';
import { Settings } from '../../shared/ids';
import { parseSetting } from '../../shared/settings';
import { ContentScanner } from './classify';
import { cliTemplateSources } from './templates';

/** Where `--provider` looks for provider configurations, relative to the workspace folder. */
export const PROVIDERS_FILE = '.aiguard/providers.json';

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
 * --kind K --base-url URL --model M] [--dry-run]`: the governed pipeline from a terminal or CI.
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
  const folder = filePath !== undefined ? filePath.slice(0, filePath.lastIndexOf('/')) || '/' : cwd;
  const root = await loader.findRoot(folder, cwd);
  const store = await openStore(io, flags, [root], await loader.along(root, folder));
  printProblems(storeProblems(io, store), io.stderr);

  const templates = await loadTemplates({ builtIn: true, locale: flags.locale, sources: await cliTemplateSources(io, flags.org, root) });
  const template = templates.templates.find((candidate) => candidate.id === templateId);
  if (template === undefined) {
    io.stderr(`ai-guard run: ${l10n.t("no template '{0}' (see ai-guard templates list).", templateId)}\n`);
    return RunExit.error;
  }

  let context: TemplateContext;
  let sources: PipelineSource[];
  let provider: { choice: ProviderChoice; config: ProviderConfig } | undefined;
  try {
    ({ context, sources } = await gatherContext(io, flags, filePath, new ContentScanner(io, { network: false, secretlint: true }, store)));
    provider = await chooseProvider(io, flags, root, (id) => store.providerTagsFor(filePath ?? `${root}/.`, id));
  } catch (error) {
    io.stderr(`ai-guard run: ${describeError(error)}\n`);
    return RunExit.error;
  }
  if (provider === undefined && !flags.dryRun) {
    io.stderr(`ai-guard run: ${l10n.t('name a provider: --provider ID (from {0}), or --kind, --base-url and --model; or use --dry-run.', PROVIDERS_FILE)}\n`);
    return RunExit.error;
  }

  const governed = filePath ?? `${root}/.`;
  const policy = store.templatePolicyFor(governed);
  const { table: prices, budget } = store.costPolicyFor(governed);
  const audit = io.auditLog?.(flags.auditFile);
  // A waived record (audit.required: false) that cannot be written is not an error.
  let untraced = false;
  if (audit && !flags.dryRun) {
    const readiness = await audit.log.prepareCall({ retentionDays: store.auditRetentionDaysFor(governed), required: store.auditRequiredFor(governed) });
    if (readiness.status !== 'ready') io.stderr(`ai-guard: ${readiness.message}\n`);
    if (readiness.status === 'blocked') return RunExit.error;
    untraced = readiness.status === 'untraced';
  }
  const pipelineRequest: PipelineRequest = {
    template,
    context,
    sources,
    provider: provider?.choice ?? { mode: 'copy' },
    approvals: policy.approved,
    allowUnapproved: policy.allowUnapproved,
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
      classify: (path, content) => store.classify(path, content),
      levels: (path) => store.levels(path),
      scanner: (path, categories) => new Scanner({ categories, ...(path ? { dictionary: store.scanSettingsFor(path).dictionary } : {}) }),
      session: new RedactionSession(),
      budget: recorder.budget,
      beforeCall: recorder.beforeCall,
      connect: async () => {
        const config = (provider as { config: ProviderConfig }).config;
        return createProvider(config, { apiKey: await resolveApiKey(config, { env: io.env }) });
      },
    },
    {
      ...(interrupt ? { signal: interrupt.signal } : {}),
      onText: (chunk) => {
        recorder.onText(chunk);
        io.stdout(chunk);
      },
    },
  );
  const interruption = interrupt?.signal.aborted ? (interrupt.signal.reason as Interruption) : undefined;
  const code = interruption !== undefined ? INTERRUPTED_EXIT[interruption] : report(outcome, io, displayPath(io));
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
  // An interruption keeps its own code; otherwise a record that could not be written is an error.
  return written || interruption !== undefined ? code : RunExit.error;
}

function report(outcome: PipelineOutcome, io: CliIo, show: (path: string) => string): number {
  if ('truncated' in outcome && outcome.truncated) io.stderr(`ai-guard: ${describeTruncation(outcome.truncated)}\n`);
  const masked = 'prompt' in outcome && outcome.prompt ? Object.entries(outcome.prompt.redactions).map(([kind, count]) => `${kind} ×${count}`) : [];
  const level = outcome.level ? `${show(outcome.level.path)}: ${outcome.level.levelLabel}` : '';
  switch (outcome.status) {
    case 'ok':
      io.stdout('\n');
      io.stderr(`ai-guard: ${l10n.t('answered by {0}; {1} tokens in, {2} out{3}; masked: {4}.', outcome.model, outcome.usage.inputTokens, outcome.usage.outputTokens, outcome.usage.estimated ? l10n.t(' (estimated)') : '', masked.join(', ') || l10n.t('nothing'))}\n`);
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
      return RunExit.blocked;
    default:
      io.stderr(`ai-guard: ${outcome.status === 'cancelled' ? l10n.t('cancelled.') : describeError(outcome.error)}\n`);
      return RunExit.error;
  }
}

/** The template's inputs from the command line: a file (or some of its lines), a diff. */
async function gatherContext(
  io: CliIo,
  flags: RunFlags,
  filePath: string | undefined,
  contentScanner: ContentScanner,
): Promise<{ context: TemplateContext; sources: PipelineSource[] }> {
  const context: TemplateContext = {};
  const sources: PipelineSource[] = [];
  if (filePath !== undefined && flags.file !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readFile(filePath);
    } catch (error) {
      throw new Error(l10n.t('cannot read {0}: {1}', flags.file, describeError(error)), { cause: error });
    }
    if (isProbablyBinary(bytes)) throw new Error(l10n.t('{0} is a binary file.', flags.file));
    const content = new TextDecoder().decode(bytes);
    context.file = { path: flags.file, content, languageId: languageOf(flags.file) };
    context.language = context.file.languageId ?? 'plaintext';
    context.selection = flags.selection !== undefined ? linesOf(content, flags.selection) : content;
    // The file's content counts for its level, as in the editor (contentLevels).
    sources.push({ path: filePath, content: await contentScanner.summarise(filePath) });
  }
  if (flags.diff !== undefined) {
    const diff = flags.diff === '-' ? new TextDecoder().decode(await io.readStdin()) : await gitDiff(io, flags.diff);
    context.diff = diff;
    // A diff spans files: it counts as the current folder's content, raised by what it holds.
    sources.push({ path: absolutePath(io, '.'), content: summariseFindings(await new Scanner({ secretlint: false }).scan(diff)) });
  }
  return { context, sources };
}

/** Lines `a:b` (1-based, inclusive) of a text. */
function linesOf(text: string, range: string): string {
  const match = /^(\d+):(\d+)$/.exec(range);
  if (!match) throw new Error(l10n.t("--selection takes lines as a:b (for example 10:42), not '{0}'.", range));
  const [from, to] = [Number(match[1]), Number(match[2])];
  if (from < 1 || to < from) throw new Error(l10n.t("--selection takes lines as a:b (for example 10:42), not '{0}'.", range));
  return text.split('\n').slice(from - 1, to).join('\n');
}

async function gitDiff(io: CliIo, revision: string): Promise<string> {
  if (!io.git) throw new Error(l10n.t('git is not available here; pipe a diff with --diff - instead.'));
  return io.git(revision === '' ? ['diff'] : ['diff', revision]);
}

/** A provider from `--provider` (the workspace's providers file) or an ad-hoc `--kind`. */
async function chooseProvider(io: CliIo, flags: RunFlags, root: string, tagsOf: (id: string) => string[]): Promise<{ choice: ProviderChoice; config: ProviderConfig } | undefined> {
  let config: ProviderConfig | undefined;
  if (flags.kind !== undefined) {
    const parsed = ProviderConfigSchema.safeParse({ id: 'cli', kind: flags.kind, ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}), model: flags.model ?? '', ...(flags.kind === 'azure-openai' ? { deployment: flags.model ?? '' } : {}) });
    if (!parsed.success) throw new Error(l10n.t('--kind, --base-url and --model do not describe a usable provider (kind: openai, azure-openai, openai-compatible or anthropic).'));
    config = parsed.data;
  } else if (flags.provider !== undefined) {
    let text: string;
    try {
      text = new TextDecoder().decode(await io.readFile(`${root}/${PROVIDERS_FILE}`));
    } catch (error) {
      throw new Error(l10n.t('cannot read {0}: {1}', PROVIDERS_FILE, describeError(error)), { cause: error });
    }
    const { providers, problems } = parseProviderConfigs((JSON.parse(text) as { providers?: unknown }).providers ?? []);
    for (const problem of problems) io.stderr(`${PROVIDERS_FILE}: ${problem.message}\n`);
    config = providers.find((candidate) => candidate.id === flags.provider);
    if (config === undefined) throw new Error(l10n.t("no provider '{0}' in {1}.", flags.provider, PROVIDERS_FILE));
  }
  if (config === undefined) return undefined;
  // The matrix checks the tags the policy grants this id, not what the configuration claims.
  return { config, choice: { mode: 'provider', id: config.id, tags: tagsOf(config.id), kind: config.kind, model: config.model ?? config.deployment ?? '' } };
}

const LANGUAGES: Readonly<Record<string, string>> = {
  ts: 'typescript', tsx: 'typescriptreact', js: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript', py: 'python', java: 'java', kt: 'kotlin',
  go: 'go', cs: 'csharp', rb: 'ruby', php: 'php', rs: 'rust', sh: 'shellscript', tf: 'terraform', yaml: 'yaml', yml: 'yaml', json: 'json', md: 'markdown', sql: 'sql',
};

function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile') return 'dockerfile';
  return LANGUAGES[name.slice(name.lastIndexOf('.') + 1)] ?? 'plaintext';
}

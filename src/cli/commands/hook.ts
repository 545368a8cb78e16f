import * as l10n from '@vscode/l10n';
import { type Classification, normalisePath, type PolicyFileLoader, PolicyStore } from '../../core/classification';
import { describeError } from '../../core/errors';
import {
  contractFor,
  decideHook,
  type HookAnswer,
  type HookContract,
  HookInputError,
  type HookPolicyPort,
  type HookRequest,
  type HookTool,
  type HookVerdict,
  HOOK_TOOLS,
  isHookTool,
  PROMPT_FILE_NAME,
  providerFor,
} from '../../core/hooks';
import { providerAllowed } from '../../core/pipeline/providerPolicy';
import { formatProblem, loadOrganisationPolicy } from '../../core/policy';
import type { Category, Finding } from '../../core/redaction';
import { toolDecisionOf } from '../../core/telemetry/reduce';
import type { CliIo } from '../io';
import { absolutePath, displayPath, organisationLocation, type PolicyFlags, policyFileLoader } from '../policies';
import { ContentScanner } from './classify';

/** The largest payload read: a hook input larger than this is refused, not truncated. */
export const HOOK_INPUT_LIMIT = 8 * 1024 * 1024;
/** Our own time limit, well under every tool's (Copilot's 30 s is the shortest): past it the request is refused. */
export const HOOK_TIMEOUT_MS = 10_000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** The hook file `tools sync` writes for each tool that also runs the hooks of `.claude/settings.json`. */
const OWN_HOOK_FILES: Partial<Record<HookTool, string>> = { cursor: '.cursor/hooks.json', copilot: '.github/hooks/ai-guard.json' };

/**
 * `ai-guard hook <tool>`: the decision point each AI tool's hook runs. It reads the tool's JSON
 * on standard input, decides with the policy in force for the folder the tool works in, writes
 * one audit record, and answers in the tool's own contract. It fails closed: a payload it cannot
 * read, a policy with errors, an internal error or our own timeout refuses what was asked, in
 * that contract's terms. It never calls the network (an organisation policy given by URL is
 * read from its offline copy only).
 */
export async function hookCommand(args: readonly string[], flags: PolicyFlags, io: CliIo): Promise<number> {
  const [tool] = args;
  if (tool === undefined || !isHookTool(tool) || args.length > 1) {
    io.stderr(`ai-guard hook: ${l10n.t('name one tool: {0}.', HOOK_TOOLS.join(', '))}\n`);
    return 2;
  }
  const contract = contractFor(tool);
  const started = Date.now();
  let payload: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Why the request was refused before a decision could be made, for the audit record. */
  let failure: 'input' | 'timeout' | 'error' | undefined;
  const refuse = (kind: NonNullable<typeof failure>, reason: string): HookAnswer => {
    failure = kind;
    return contract.failClosed(reason, payload);
  };
  const timeoutMs = Number(io.env.AI_GUARD_HOOK_TIMEOUT_MS) > 0 ? Number(io.env.AI_GUARD_HOOK_TIMEOUT_MS) : HOOK_TIMEOUT_MS;
  const timeout = new Promise<HookAnswer>((resolve) => {
    timer = setTimeout(() => resolve(refuse('timeout', l10n.t('AI Guard could not decide within {0} ms; the request is refused.', timeoutMs))), timeoutMs);
  });
  const work = (async (): Promise<HookAnswer> => {
    const bytes = await io.readStdin(HOOK_INPUT_LIMIT);
    if (bytes.length > HOOK_INPUT_LIMIT) return refuse('input', l10n.t('AI Guard refused a hook input of more than {0} bytes.', HOOK_INPUT_LIMIT));
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return refuse('input', l10n.t('AI Guard could not read the hook input (not JSON); the request is refused.'));
    }
    let request: HookRequest;
    try {
      request = contract.parse(payload);
    } catch (error) {
      if (!(error instanceof HookInputError)) throw error;
      return refuse('input', l10n.t('AI Guard could not read the hook input ({0}); the request is refused.', error.message));
    }
    return decideAndRecord(contract, request, flags, io, started);
  })().catch((error: unknown) => refuse('error', l10n.t('AI Guard failed ({0}); the request is refused.', describeError(error))));
  const answer = await Promise.race([work, timeout]);
  clearTimeout(timer);
  if (failure !== undefined) await recordFailure(io, tool, failure, payload, Date.now() - started);
  if (answer.stdout) io.stdout(answer.stdout);
  if (answer.stderr) io.stderr(answer.stderr);
  return answer.exitCode;
}

/**
 * A refusal made before any decision is recorded too, best effort and briefly (the audit file
 * may be what hangs): the tool, the event when the payload names one, and why.
 */
async function recordFailure(io: CliIo, tool: HookTool, failure: 'input' | 'timeout' | 'error', payload: unknown, durationMs: number): Promise<void> {
  const event =
    typeof payload === 'object' && payload !== null && typeof (payload as { hook_event_name?: unknown }).hook_event_name === 'string'
      ? (payload as { hook_event_name: string }).hook_event_name
      : undefined;
  io.hookTelemetry?.(toolDecisionOf({ tool, action: 'none', outcome: 'blocked', enforced: true, counts: {}, failure }));
  if (io.auditLog === undefined) return;
  const write = io.auditLog(undefined).log.append('hook', { tool, contract: tool, ...(event !== undefined ? { event: event.slice(0, 64) } : {}), outcome: 'blocked', failure, durationMs });
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([write.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
  clearTimeout(timer);
}

async function decideAndRecord(contract: HookContract, request: HookRequest, flags: PolicyFlags, io: CliIo, started: number): Promise<HookAnswer> {
  const cwd = absolutePath(io, request.cwd ?? io.cwd);
  const policy = new HookPolicy(io, flags, contract.tool, cwd);
  await policy.prepare(cwd);
  const problems = policy.errors();
  const verdict: HookVerdict =
    problems.length > 0
      ? { outcome: 'blocked', reason: l10n.t('AI Guard: the policy in force has errors, so nothing is allowed until it is fixed: {0}', problems.join('; ')) }
      : request.action.kind === 'none'
        ? { outcome: 'allowed' }
        : await decideHook(request, policy, cwd);
  const recorded = await record(io, policy, request, verdict, Date.now() - started);
  if (recorded !== undefined) return contract.failClosed(recorded, request.payload);
  return contract.answer(request, verdict);
}

/** Appends the decision to the audit log; returns a reason to refuse when the policy requires a record that could not be written. */
async function record(io: CliIo, policy: HookPolicy, request: HookRequest, verdict: HookVerdict, durationMs: number): Promise<string | undefined> {
  if (io.auditLog === undefined || request.action.kind === 'none') return undefined;
  // Another host running this tool's hooks (Cursor runs Claude Code's) also runs its own, which records the event.
  if (request.caller !== request.tool && (await policy.runsOwnHook(request.caller))) return undefined;
  const payload = {
    tool: request.caller,
    contract: request.tool,
    event: request.event,
    ...(request.toolName !== undefined ? { toolName: request.toolName.startsWith('mcp') ? 'mcp' : request.toolName } : {}),
    action: request.action.kind,
    outcome: verdict.outcome,
    enforced: request.enforceable,
    ...(verdict.level !== undefined ? { level: verdict.level } : {}),
    redactions: verdict.counts ?? {},
    durationMs,
  };
  // The same decision, when the person opted in to telemetry in the editor: spooled locally, never sent from here.
  io.hookTelemetry?.(
    toolDecisionOf({
      tool: request.caller,
      action: request.action.kind,
      outcome: verdict.outcome,
      enforced: request.enforceable,
      ...(verdict.level !== undefined ? { level: verdict.level } : {}),
      counts: verdict.counts ?? {},
    }),
  );
  try {
    await io.auditLog(undefined).log.append('hook', payload);
    return undefined;
  } catch (error) {
    if (!policy.auditRequired()) {
      io.stderr(`ai-guard hook: ${describeError(error)}\n`);
      return undefined;
    }
    return l10n.t('AI Guard could not write its audit record ({0}), which the policy requires; the request is refused.', describeError(error));
  }
}

/**
 * The policy in force, as the decision asks for it: policies and ignore files are read along
 * each path's folders the first time a path there is asked about, into one `PolicyStore`.
 */
class HookPolicy implements HookPolicyPort {
  private readonly loader: PolicyFileLoader;
  private readonly store: PolicyStore;
  private readonly content: ContentScanner;
  private readonly provider: string;
  private readonly roots = new Set<string>();
  private readonly prepared = new Set<string>();
  private organisation: Promise<void> | undefined;
  readonly home: string | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly flags: PolicyFlags,
    tool: HookTool,
    private readonly cwd: string,
  ) {
    this.loader = policyFileLoader(io);
    this.store = new PolicyStore({ locale: flags.locale, displayPath: displayPath({ ...io, cwd }) });
    this.content = new ContentScanner(io, { network: true, secretlint: true }, this.store);
    this.provider = providerFor(tool, io.env);
    this.store.setKnownProviders([this.provider]);
    this.home = io.env.HOME;
  }

  /** Reads the policies and ignore files from the workspace folder of `folder` down to it. */
  async prepare(folder: string): Promise<void> {
    this.organisation ??= this.loadOrganisation();
    await this.organisation;
    if (this.prepared.has(folder)) return;
    this.prepared.add(folder);
    const root = await this.loader.findRoot(folder, this.cwd);
    if (!this.roots.has(root)) {
      this.roots.add(root);
      this.store.setRoots([...this.roots]);
    }
    this.store.apply(await this.loader.along(root, folder));
  }

  /** The organisation policy of `--org`, from a path or, for a URL, from its offline copy only: a hook never calls the network. */
  private async loadOrganisation(): Promise<void> {
    if (this.flags.org === undefined) return;
    this.store.setOrganisationPolicy(await loadOrganisationPolicy(organisationLocation(this.io, this.flags.org), { readFile: this.io.readFile, ...(this.io.cache ? { cache: this.io.cache } : {}) }));
  }

  /**
   * Whether the workspace's own hook configuration of `tool` runs `ai-guard hook <tool>`: then
   * that hook records the event, and the run through Claude Code's settings does not count it
   * again (Cursor and Copilot run both).
   */
  async runsOwnHook(tool: HookTool): Promise<boolean> {
    const own = OWN_HOOK_FILES[tool];
    if (own === undefined) return false;
    const root = await this.loader.findRoot(this.cwd, this.cwd);
    const text = await this.io.readFile(`${root}/${own}`).then(
      (bytes) => new TextDecoder().decode(bytes),
      () => '',
    );
    return text.includes(` hook ${tool}"`);
  }

  errors(): string[] {
    return [...this.store.problems().values()]
      .flat()
      .filter((problem) => problem.severity === 'error')
      .map((problem) => formatProblem(problem));
  }

  auditRequired(): boolean {
    return this.store.at(normalisePath(`${this.cwd}/${PROMPT_FILE_NAME}`)).auditRequired;
  }

  allows(classification: Classification): boolean {
    if (classification.excluded) return false;
    return providerAllowed(classification, { id: this.provider, tags: this.store.at(classification.path).toolTags(this.provider) });
  }

  allowedProviders(classification: Classification): readonly string[] {
    return classification.allowedProviders;
  }

  async classifyFile(path: string, content?: string): Promise<Classification> {
    await this.prepare(parentOf(path));
    const summary = content !== undefined ? await this.content.summariseText(path, content) : await this.content.summarise(path);
    return this.store.classify(path, summary);
  }

  async classifyName(path: string): Promise<Classification> {
    await this.prepare(parentOf(path));
    return this.store.classify(path);
  }

  async kindOf(path: string): Promise<'file' | 'folder'> {
    return (await this.loader.isFolder(path)) ? 'folder' : 'file';
  }

  async list(folder: string): Promise<readonly string[]> {
    const reader = this.io.readDirectory;
    if (reader === undefined) return [];
    return (await reader(folder).catch(() => [])).map((entry) => entry.name);
  }

  async filesUnder(folder: string, limit: number): Promise<readonly string[] | 'too-many'> {
    const reader = this.io.readDirectory;
    if (reader === undefined) return [];
    const found: string[] = [];
    const pending = [folder];
    while (pending.length > 0) {
      const current = pending.pop() as string;
      for (const entry of await reader(current).catch(() => [])) {
        const path = `${current === '/' ? '' : current}/${entry.name}`;
        if (entry.kind === 'directory') {
          if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(path);
        } else found.push(path);
        if (found.length > limit) return 'too-many';
      }
    }
    return found;
  }

  async scan(text: string, categories: readonly Category[]): Promise<Finding[]> {
    return this.content.findings(normalisePath(`${this.cwd}/${PROMPT_FILE_NAME}`), text, categories);
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

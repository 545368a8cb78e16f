import { realpathSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import { type Classification, PolicyStore } from '../../core/classification';
import { sensitivePatterns } from '../../core/classification/builtins';
import { describeError } from '../../core/errors';
import { HOOK_TOOLS, type HookTool, providerFor } from '../../core/hooks';
import { providerAllowed } from '../../core/pipeline/providerPolicy';
import { loadOrganisationPolicy } from '../../core/policy';
import { CLAUDE_GENERATED, managedFiles, ToolFileError, toolFiles } from '../../core/tools/compile';
import { type ToolTelemetry, withToolTelemetry } from '../../core/tools/telemetry';
import { type CliIo, ExitCode } from '../io';
import { absolutePath, displayPath, organisationLocation, type PolicyFlags, policyFileLoader, printProblems, storeProblems } from '../policies';

export interface ToolsFlags extends PolicyFlags {
  /** Hooks run `ai-guard` from the PATH rather than the absolute path of this CLI. */
  onPath: boolean;
  /** Also the organisation's managed files, into this folder (their hooks run `ai-guard` from the PATH). */
  managed?: string;
}

/**
 * `ai-guard tools sync [dir]` writes, from the policy in force for `dir`, each AI tool's own
 * files: ignore files and Claude Code's deny rules for what each tool may not read, and each
 * tool's hook configuration running `ai-guard hook <tool>`. `ai-guard tools check [dir]` writes
 * nothing and exits 1 when any of those files is missing or differs, listing them (for CI and
 * pre-commit). A person's own lines and keys in those files are kept.
 */
export async function toolsCommand(args: readonly string[], flags: ToolsFlags, io: CliIo): Promise<number> {
  const [verb, folder, ...extra] = args;
  if ((verb !== 'sync' && verb !== 'check') || extra.length > 0) {
    io.stderr(`ai-guard tools: ${l10n.t('use tools sync [folder] or tools check [folder].')}\n`);
    return ExitCode.error;
  }
  const dir = absolutePath(io, folder ?? '.');
  let telemetry: ToolTelemetry | undefined;
  const forbidden = await forbiddenPaths(io, flags, dir, (policy) => (telemetry = policy.endpoint === undefined ? undefined : { ...policy, endpoint: policy.endpoint }));
  if (forbidden === undefined) return ExitCode.error;
  const machine = await hookCommandLine(io, flags.onPath);
  const managed = flags.managed === undefined ? undefined : absolutePath(io, flags.managed);
  const plan = (command: (tool: HookTool) => string) => [
    ...toolFiles({ forbidden, builtIn: sensitivePatterns(), command }).map((file) => ({ ...file, shown: file.path, at: `${dir}/${file.path}` })),
    ...(managed === undefined ? [] : withToolTelemetry(managedFiles({ forbidden, builtIn: sensitivePatterns(), command: (tool) => `ai-guard hook ${tool}` }), telemetry).map((file) => ({ ...file, shown: displayPath(io)(`${managed}/${file.path}`), at: `${managed}/${file.path}` }))),
  ];
  const existing = new Map<string, string | undefined>();
  for (const at of new Set([...plan(machine).map((file) => file.at), `${dir}/${CLAUDE_GENERATED}`])) existing.set(at, await io.readFile(at).then((bytes) => new TextDecoder().decode(bytes), () => undefined));
  // check compares what the files say, not which machine's path their hooks run: CI's CLI is elsewhere.
  const files = plan(verb === 'check' ? recordedCommands([...existing.values()], machine) : machine);
  const changed: Array<{ path: string; at: string; text: string }> = [];
  for (const file of files) {
    let text: string;
    try {
      text = file.render(existing.get(file.at), (path) => existing.get(`${dir}/${path}`));
    } catch (error) {
      io.stderr(`ai-guard tools: ${l10n.t('{0} is not valid JSON; fix it, then run this again (nothing was written).', error instanceof ToolFileError ? error.message : describeError(error))}\n`);
      return ExitCode.error;
    }
    if (text !== existing.get(file.at)) changed.push({ path: file.shown, at: file.at, text });
  }
  if (verb === 'check') {
    for (const { path } of changed) io.stdout(`${l10n.t('{0}: missing or out of date', path)}\n`);
    io.stdout(`${changed.length === 0 ? l10n.t("Every AI tool's files follow the policy.") : l10n.t("Run 'ai-guard tools sync' to update them.")}\n`);
    return changed.length === 0 ? ExitCode.ok : ExitCode.findings;
  }
  if (io.writeFile === undefined) {
    io.stderr(`ai-guard tools: ${l10n.t('this host cannot write files.')}\n`);
    return ExitCode.error;
  }
  for (const { path, at, text } of changed) {
    await io.writeFile(at, text);
    io.stdout(`${l10n.t('wrote {0}', path)}\n`);
  }
  if (changed.length === 0) io.stdout(`${l10n.t("Every AI tool's files follow the policy.")}\n`);
  return ExitCode.ok;
}

/**
 * For each tool, the files under `dir` (relative) that the policy forbids it, by name, outside
 * the built-in sensitive ones (written as patterns). A folder all of whose files are forbidden
 * is written once, as `folder/`, so new files there are covered too.
 */
async function forbiddenPaths(io: CliIo, flags: PolicyFlags, dir: string, onTelemetry?: (policy: ReturnType<PolicyStore['telemetryPolicy']>) => void): Promise<Record<HookTool, string[]> | undefined> {
  const loader = policyFileLoader(io);
  const root = await loader.findRoot(dir, dir);
  const store = new PolicyStore({ locale: flags.locale, displayPath: displayPath(io) });
  store.setRoots([root]);
  if (flags.org !== undefined) {
    store.setOrganisationPolicy(await loadOrganisationPolicy(organisationLocation(io, flags.org), { readFile: io.readFile, ...(io.http ? { http: io.http } : {}), ...(io.cache ? { cache: io.cache } : {}) }));
  }
  const files = await loader.filesUnder(dir);
  const folders = new Set(files.map((file) => file.slice(0, file.lastIndexOf('/'))));
  for (const folder of folders) store.apply(await loader.along(root, folder));
  const problems = storeProblems(io, store);
  if (problems.some((problem) => problem.severity === 'error')) {
    printProblems(problems, io.stderr);
    io.stderr(`ai-guard tools: ${l10n.t('the policy has errors; nothing was written.')}\n`);
    return undefined;
  }
  onTelemetry?.(store.telemetryPolicy());
  const classified = files.map((file) => ({ file: file.slice(dir.length + 1), classification: store.classify(file) }));
  const result = {} as Record<HookTool, string[]>;
  for (const tool of HOOK_TOOLS) {
    const provider = providerFor(tool, io.env);
    const denied = (classification: Classification) => classification.excluded || !providerAllowed(classification, { id: provider, tags: store.toolTagsFor(classification.path, provider) });
    result[tool] = compact(classified.map(({ file, classification }) => ({ file, denied: denied(classification), builtIn: classification.reasons.some((reason) => reason.source === 'built-in') })));
  }
  return result;
}

/** Denied files, with each folder whose files are all denied written once as `folder/`. */
function compact(files: ReadonlyArray<{ file: string; denied: boolean; builtIn: boolean }>): string[] {
  const allowedIn = new Set<string>();
  for (const { file, denied } of files) if (!denied) for (const folder of ancestors(file)) allowedIn.add(folder);
  const out = new Set<string>();
  for (const { file, denied, builtIn } of files) {
    if (!denied) continue;
    const whole = ancestors(file).find((folder) => !allowedIn.has(folder));
    if (whole !== undefined) out.add(`${whole}/`);
    else if (!builtIn) out.add(file);
  }
  return [...out].sort();
}

/** `a/b/c.txt` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** The hook commands the files already run (`… hook <tool>`), tool by tool, else `fallback`'s. */
function recordedCommands(texts: ReadonlyArray<string | undefined>, fallback: (tool: HookTool) => string): (tool: HookTool) => string {
  return (tool) => {
    const pattern = new RegExp(`"(?:command|bash)":\\s*("(?:[^"\\\\]|\\\\.)* hook ${tool}")`);
    for (const text of texts) {
      const found = text === undefined ? null : pattern.exec(text);
      if (found?.[1] !== undefined) return JSON.parse(found[1]) as string;
    }
    return fallback(tool);
  };
}

/**
 * The command each tool's hook runs: `ai-guard` from the PATH on request, else this machine's
 * Node and the lean hook bundle beside this CLI (the CLI itself when there is none), by absolute
 * path, so the hook runs as written whatever the tool's PATH.
 */
async function hookCommandLine(io: CliIo, onPath: boolean): Promise<(tool: HookTool) => string> {
  if (onPath) return (tool) => `ai-guard hook ${tool}`;
  // npm installs `ai-guard` as a link to dist/cli.js: the real file says where hook.js is.
  const script = realScript(process.argv[1] ?? 'ai-guard');
  const beside = script.replace(/[^/\\]+$/, 'hook.js');
  const lean = /cli\.js$/.test(script) && (await io.readFile(beside).then(() => true, () => false));
  return (tool) => `${quote(process.execPath)} ${quote(lean ? beside : script)} hook ${tool}`;
}

function realScript(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function quote(path: string): string {
  return /^[\w./:\\-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, '\\$1')}"`;
}

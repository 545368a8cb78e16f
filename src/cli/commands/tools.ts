import { realpathSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import { type Classification, PolicyStore } from '../../core/classification';
import { sensitivePatterns } from '../../core/classification/builtins';
import { describeError } from '../../core/errors';
import { HOOK_TOOLS, type HookTool, providerFor } from '../../core/hooks';
import { providerAllowed } from '../../core/pipeline/providerPolicy';
import { loadOrganisationPolicy } from '../../core/policy';
import { CLAUDE_GENERATED, managedFiles, ToolFileError, toolFiles } from '../../core/tools/compile';
import { MCP_ON_PATH, type McpLaunch, recordedMcpLaunch } from '../../core/tools/mcpServers';
import { type ExportedTemplate, recordedExportLanguage, templateExportFiles, templateExportPaths } from '../../core/tools/templateExport';
import { approvalOf, loadTemplates } from '../../core/templates';
import type { Locale } from '../../core/locale';
import { type CliIo, ExitCode } from '../io';
import { absolutePath, displayPath, openStoreFor, organisationLocation, type PolicyFlags, policyFileLoader, printProblems, storeProblems } from '../policies';
import { cliTemplateSources } from './templates';

export interface ToolsFlags extends PolicyFlags {
  /** Hooks run `ai-guard` from the PATH rather than the absolute path of this CLI. */
  onPath: boolean;
  /** Also the organisation's managed files, into this folder (their hooks run `ai-guard` from the PATH). */
  managed?: string;
  /** Also export the approved templates as each tool's own commands (checked whenever an export is there). */
  templates?: boolean;
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
  const forbidden = await forbiddenPaths(io, flags, dir);
  if (forbidden === undefined) return ExitCode.error;
  const machine = await hookCommandLine(io, flags.onPath);
  const machineMcp = mcpLaunch(flags.onPath);
  const managed = flags.managed === undefined ? undefined : absolutePath(io, flags.managed);
  const plan = (command: (tool: HookTool) => string, mcp: McpLaunch = machineMcp) => [
    ...toolFiles({ forbidden, builtIn: sensitivePatterns(), command, mcp }).map((file) => ({ ...file, shown: file.path, at: `${dir}/${file.path}` })),
    ...(managed === undefined ? [] : managedFiles({ forbidden, builtIn: sensitivePatterns(), command: (tool) => `ai-guard hook ${tool}` }).map((file) => ({ ...file, shown: displayPath(io)(`${managed}/${file.path}`), at: `${managed}/${file.path}` }))),
  ];
  const existing = new Map<string, string | undefined>();
  const read = async (at: string) => existing.set(at, await io.readFile(at).then((bytes) => new TextDecoder().decode(bytes), () => undefined));
  for (const at of new Set([...plan(machine).map((file) => file.at), `${dir}/${CLAUDE_GENERATED}`])) await read(at);
  // The templates' export: on request, and checked whenever the folder holds one (in the language it was written in).
  const inLocale = await approvedTemplates(io, flags, dir, flags.locale);
  const ids = inLocale.map((template) => template.id);
  for (const path of templateExportPaths(ids)) await read(`${dir}/${path}`);
  const exportPaths = new Set(templateExportPaths(ids).map((path) => `${dir}/${path}`));
  const exported = [...exportPaths].map((at) => existing.get(at)).filter((text) => text !== undefined);
  const exporting = flags.templates === true || (verb === 'check' && exported.length > 0);
  const language = verb === 'check' ? (recordedExportLanguage(exported) ?? flags.locale) : flags.locale;
  const templates = exporting ? templateExportFiles(language === flags.locale ? inLocale : await approvedTemplates(io, flags, dir, language)).map((file) => ({ ...file, shown: file.path, at: `${dir}/${file.path}` })) : [];
  for (const file of templates) if (!existing.has(file.at)) await read(file.at);
  // check compares what the files say, not which machine's path their hooks run: CI's CLI is elsewhere.
  const files = [...(verb === 'check' ? plan(recordedCommands([...existing.values()], machine), recordedMcpLaunch([...existing.values()], machineMcp)) : plan(machine)), ...templates];
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
 * The templates in force for `dir` that may be exported: the built-in ones and those the policy
 * approves at their current content, in `locale` where a template has that language.
 */
async function approvedTemplates(io: CliIo, flags: PolicyFlags, dir: string, locale: Locale): Promise<ExportedTemplate[]> {
  const root = await policyFileLoader(io).findRoot(dir, dir);
  const store = await openStoreFor(io, flags, [`${root}/.`]);
  const policy = store.templatePolicyFor(`${root}/.`);
  const library = await loadTemplates({ locale, sources: await cliTemplateSources(io, flags.org, root) });
  return library.templates.filter((template) => ['built-in', 'approved'].includes(approvalOf(template, policy.approved)));
}

/**
 * For each tool, the files under `dir` (relative) that the policy forbids it, by name, outside
 * the built-in sensitive ones (written as patterns). A folder all of whose files are forbidden
 * is written once, as `folder/`, so new files there are covered too.
 */
async function forbiddenPaths(io: CliIo, flags: PolicyFlags, dir: string): Promise<Record<HookTool, string[]> | undefined> {
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

/** How the AI tools start `ai-guard mcp`: from the PATH on request, else this machine's Node and this CLI by absolute path. */
function mcpLaunch(onPath: boolean): McpLaunch {
  return onPath ? MCP_ON_PATH : { command: process.execPath, args: [realScript(process.argv[1] ?? 'ai-guard')] };
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

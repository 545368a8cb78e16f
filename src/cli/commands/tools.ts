import { realpathSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import { PolicyStore } from '../../core/classification';
import { describeError } from '../../core/errors';
import type { HookTool } from '../../core/hooks';
import { loadOrganisationPolicy } from '../../core/policy';
import type { Locale } from '../../core/locale';
import { approvalOf, loadTemplates } from '../../core/templates';
import { ToolFileError } from '../../core/tools/compile';
import { MCP_ON_PATH, type McpLaunch } from '../../core/tools/mcpServers';
import { changedToolFiles, forbiddenPaths, hookCommandOf, type PlannedToolFile, planToolSync } from '../../core/tools/sync';
import { type ExportedTemplate, recordedExportLanguage, templateExportFiles, templateExportPaths } from '../../core/tools/templateExport';
import type { ToolTelemetry } from '../../core/tools/telemetry';
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
  let telemetry: ToolTelemetry | undefined;
  const forbidden = await forbiddenIn(io, flags, dir, (policy) => (telemetry = policy.endpoint === undefined ? undefined : { ...policy, endpoint: policy.endpoint }));
  if (forbidden === undefined) return ExitCode.error;
  const machine = await hookCommandLine(io, flags.onPath);
  const machineMcp = mcpLaunch(flags.onPath);
  const managed = flags.managed === undefined ? undefined : absolutePath(io, flags.managed);
  const read = (at: string) =>
    io.readFile(at).then(
      (bytes) => new TextDecoder().decode(bytes),
      () => undefined,
    );
  // The templates' export: on request, and checked whenever the folder holds one (in the language it was written in).
  const inLocale = await approvedTemplates(io, flags, dir, flags.locale);
  const exported = (await Promise.all(templateExportPaths(inLocale.map((template) => template.id)).map((path) => read(`${dir}/${path}`)))).filter((text) => text !== undefined);
  const exporting = flags.templates === true || (verb === 'check' && exported.length > 0);
  const language = verb === 'check' ? (recordedExportLanguage(exported) ?? flags.locale) : flags.locale;
  const templates = exporting ? templateExportFiles(language === flags.locale ? inLocale : await approvedTemplates(io, flags, dir, language)) : [];
  let changed: PlannedToolFile[];
  try {
    changed = changedToolFiles(
      await planToolSync({
        dir,
        forbidden,
        command: machine,
        mcp: machineMcp,
        extraFiles: templates,
        read,
        ...(telemetry !== undefined ? { managedTelemetry: telemetry } : {}),
        keepRecordedCommands: verb === 'check',
        ...(managed !== undefined ? { managedDir: managed } : {}),
      }),
    );
  } catch (error) {
    io.stderr(`ai-guard tools: ${l10n.t('{0} is not valid JSON; fix it, then run this again (nothing was written).', error instanceof ToolFileError ? error.message : describeError(error))}\n`);
    return ExitCode.error;
  }
  const shown = (file: PlannedToolFile) => (file.managed ? displayPath(io)(file.at) : file.path);
  if (verb === 'check') {
    for (const file of changed) io.stdout(`${l10n.t('{0}: missing or out of date', shown(file))}\n`);
    io.stdout(`${changed.length === 0 ? l10n.t("Every AI tool's files follow the policy.") : l10n.t("Run 'ai-guard tools sync' to update them.")}\n`);
    return changed.length === 0 ? ExitCode.ok : ExitCode.findings;
  }
  if (io.writeFile === undefined) {
    io.stderr(`ai-guard tools: ${l10n.t('this host cannot write files.')}\n`);
    return ExitCode.error;
  }
  for (const file of changed) {
    await io.writeFile(file.at, file.after);
    io.stdout(`${l10n.t('wrote {0}', shown(file))}\n`);
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
  const policy = store.at(`${root}/.`).templatePolicy();
  const library = await loadTemplates({ locale, sources: await cliTemplateSources(io, flags.org, root) });
  return library.templates.filter((template) => ['built-in', 'approved'].includes(approvalOf(template, policy.approved)));
}

/**
 * For each tool, the files under `dir` (relative) that the policy forbids it, by name, outside
 * the built-in sensitive ones (written as patterns). A folder all of whose files are forbidden
 * is written once, as `folder/`, so new files there are covered too.
 */
async function forbiddenIn(io: CliIo, flags: PolicyFlags, dir: string, onTelemetry?: (policy: ReturnType<PolicyStore['telemetryPolicy']>) => void): Promise<Record<HookTool, string[]> | undefined> {
  const loader = policyFileLoader(io);
  const root = await loader.findRoot(dir, dir);
  const store = new PolicyStore({ locale: flags.locale, displayPath: displayPath(io) });
  store.setRoots([root]);
  if (flags.org !== undefined) {
    store.setOrganisationPolicy(
      await loadOrganisationPolicy(organisationLocation(io, flags.org), { readFile: io.readFile, ...(io.http ? { http: io.http } : {}), ...(io.cache ? { cache: io.cache } : {}) }),
    );
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
  return forbiddenPaths(store, dir, files, io.env);
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
  const lean =
    /cli\.js$/.test(script) &&
    (await io.readFile(beside).then(
      () => true,
      () => false,
    ));
  return hookCommandOf(process.execPath, lean ? beside : script);
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

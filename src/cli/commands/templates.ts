import * as l10n from '@vscode/l10n';
import type { Locale } from '../../core/locale';
import { hasErrors } from '../../core/policy/problems';
import { type Approval, approvalLabel, approvalOf, loadTemplates, PROFILES, profileLabel, type TemplateSource, templateSources } from '../../core/templates';
import { type CliIo, ExitCode } from '../io';
import { absolutePath, displayPath, organisationLocation, policyFileLoader, printProblems, problemCounts } from '../policies';

export interface TemplatesFlags {
  json: boolean;
  locale: Locale;
  /** The organisation policy (`--org`): its `prompts` folder, when it is a file, holds organisation templates. */
  org?: string | undefined;
  /** The approvals of the policy in force (`{ id, sha256 }`); none until the policy lists them. */
  approvals?: readonly Approval[];
}

/**
 * `ai-guard templates list [--json]`: the templates in force here — the built-ins in the
 * user's language and the workspace's `.aiguard/prompts/**\/*.prompt.md` (the workspace folder
 * is found from the current folder as for policies) — grouped by profile with their approval
 * state; problems go to standard error as `file:line:column: severity: message`.
 * Exit 2 when a template file has an error (so CI can check templates), 0 otherwise.
 */
export async function templatesCommand(args: readonly string[], flags: TemplatesFlags, io: CliIo): Promise<number> {
  if (args.length !== 1 || args[0] !== 'list') {
    io.stderr(`ai-guard templates: ${l10n.t('usage: ai-guard templates list [--json]')}\n`);
    return ExitCode.error;
  }
  const library = await loadTemplates({ locale: flags.locale, sources: await cliTemplateSources(io, flags.org) });
  const show = displayPath(io);
  const rows = library.templates.map((template) => ({
    id: template.id,
    title: template.title,
    profile: template.profile,
    version: template.version,
    output: template.output,
    language: template.language,
    origin: template.origin,
    path: template.origin === 'built-in' ? template.path : show(template.path),
    approval: approvalOf(template, flags.approvals ?? []),
    sha256: template.sha256,
  }));
  const problems = library.problems.map((problem) => ({ ...problem, file: show(problem.file) }));

  if (flags.json) {
    io.stdout(`${JSON.stringify({ templates: rows, problems }, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...rows.map((row) => row.id.length));
    for (const profile of PROFILES) {
      const group = rows.filter((row) => row.profile === profile);
      if (group.length === 0) continue;
      io.stdout(`${profileLabel(profile)}\n`);
      for (const row of group) {
        const where = row.origin === 'built-in' ? '' : `  ${row.path}`;
        io.stdout(`  ${row.id.padEnd(width)}  ${row.version}  [${approvalLabel(row.approval)}]  ${row.title}${where}\n`);
      }
    }
    printProblems(problems, io.stderr);
    io.stdout(`${l10n.t('{0} template(s); {1}.', rows.length, problemCounts(problems))}\n`);
  }
  return hasErrors(problems) ? ExitCode.error : ExitCode.ok;
}

/**
 * The template folders: the organisation's (beside `--org` when it is a file) and the workspace's
 * `.aiguard/prompts` in the workspace folder of the current folder. Without a way to list
 * folders (`io.readDirectory`), only the built-ins are listed.
 */
export async function cliTemplateSources(io: CliIo, org: string | undefined, workspaceRoot?: string): Promise<TemplateSource[]> {
  const readDirectory = io.readDirectory;
  if (readDirectory === undefined) return [];
  const cwd = absolutePath(io, '.');
  const root = workspaceRoot ?? (await policyFileLoader(io).findRoot(cwd, cwd));
  return templateSources({ port: { readFile: io.readFile, readDirectory }, workspaceRoots: [root], ...(org !== undefined ? { organisationPolicy: organisationLocation(io, org) } : {}) });
}

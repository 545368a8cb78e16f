import * as l10n from '@vscode/l10n';
import { joinPath } from '../classification/paths';
import { describeError } from '../errors';
import type { Locale } from '../locale';
import { isUrlLocation } from '../policy/organisation';
import { FILE_START, type Problem, sortProblems } from '../policy/problems';
import type { FileReader } from '../ports';
import { builtinTemplates } from './builtin';
import { parseTemplate } from './parse';
import { PROFILES } from './schema';
import type { Template, TemplateOrigin } from './types';

/** Where workspace templates live, relative to a workspace folder. */
export const PROMPTS_FOLDER = '.aiguard/prompts';

/** The file name ending that marks a template, as in other AI tools' `.prompt.md` files. */
export const TEMPLATE_SUFFIX = '.prompt.md';

/** Folders never searched: other tools' data. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/**
 * A folder of template files, searched at any depth for `*.prompt.md`: a workspace folder's
 * `.aiguard/prompts` (see `PROMPTS_FOLDER`), or the organisation's prompts folder.
 */
export interface TemplateSource {
  root: string;
  port: FileReader;
  origin: Exclude<TemplateOrigin, 'built-in'>;
}

export interface LoadOptions {
  /** Whether the built-in library is included (default true). */
  builtIn?: boolean;
  /** The user's language: the version of a template in it is preferred, then English. */
  locale: Locale;
  sources?: readonly TemplateSource[];
}

/** A template in force, and the one it replaced when it overrides another with its id. */
export interface LoadedTemplate extends Template {
  readonly overrides?: { readonly origin: TemplateOrigin; readonly path: string };
}

export interface TemplateLibrary {
  /** One template per id, sorted by profile (in `PROFILES` order), then id. */
  templates: LoadedTemplate[];
  /** Every problem of every file, sorted by file and position. */
  problems: Problem[];
}

const RANK: Record<TemplateOrigin, number> = { 'built-in': 0, organisation: 1, workspace: 2 };

/**
 * Loads the templates in force. Precedence, one id at a time: a workspace template overrides
 * an organisation one, which overrides a built-in; among sources of the same origin, a later
 * one overrides an earlier one. The overriding file is then the template, subject to approval
 * like any file: copying a built-in into `.aiguard/prompts` and changing it makes it
 * `unapproved` until the policy lists its hash.
 *
 * Within the winning source, the version in `locale` is taken, else the English one, else the
 * first. A file with an error is reported and left out, and hides nothing: the other files,
 * and the template it meant to override, stay available. A source folder that cannot be listed
 * (usually: it does not exist) holds no templates; a file or sub-folder that cannot be read is
 * an error.
 */
export async function loadTemplates(options: LoadOptions): Promise<TemplateLibrary> {
  const problems: Problem[] = [];
  const layers: Template[][] = [];
  if (options.builtIn !== false) {
    const builtIn = builtinTemplates();
    layers.push([...builtIn.templates]);
    problems.push(...builtIn.problems);
  }
  const sources = [...(options.sources ?? [])].sort((a, b) => RANK[a.origin] - RANK[b.origin]);
  for (const source of sources) {
    const read = await readSource(source);
    layers.push(read.templates);
    problems.push(...read.problems);
  }

  const inForce = new Map<string, LoadedTemplate>();
  for (const layer of layers) {
    for (const [id, versions] of byId(layer, problems)) {
      const chosen = versions.find((t) => t.language === options.locale) ?? versions.find((t) => t.language === 'en') ?? (versions[0] as Template);
      const replaced = inForce.get(id);
      inForce.set(id, replaced === undefined ? chosen : { ...chosen, overrides: { origin: replaced.origin, path: replaced.path } });
    }
  }
  const order = (t: Template) => PROFILES.indexOf(t.profile);
  const templates = [...inForce.values()].sort((a, b) => order(a) - order(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { templates, problems: sortProblems(problems) };
}

/**
 * The versions of each id in one source. Two files with one id and one language are a
 * mistake (which one would run?): the first by path is kept, the other reported.
 */
function byId(templates: readonly Template[], problems: Problem[]): Map<string, Template[]> {
  const groups = new Map<string, Template[]>();
  for (const template of [...templates].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const versions = groups.get(template.id) ?? [];
    const twin = versions.find((version) => version.language === template.language);
    if (twin !== undefined) {
      problems.push({ file: template.path, ...FILE_START, severity: 'error', message: l10n.t('{0} already defines the template {1} in this language; this file is ignored.', twin.path, template.id) });
      continue;
    }
    groups.set(template.id, [...versions, template]);
  }
  return groups;
}

async function readSource(source: TemplateSource): Promise<{ templates: Template[]; problems: Problem[] }> {
  const templates: Template[] = [];
  const problems: Problem[] = [];
  const unreadable = (path: string, error: unknown) =>
    problems.push({ file: path, ...FILE_START, severity: 'error', message: l10n.t('Cannot read this template file or folder: {0}', describeError(error)) });
  const walk = async (folder: string, isRoot: boolean): Promise<void> => {
    let entries;
    try {
      entries = await source.port.readDirectory(folder);
    } catch (error) {
      if (!isRoot) unreadable(folder, error);
      return;
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = joinPath(folder, entry.name);
      if (entry.kind === 'directory' && !SKIPPED_FOLDERS.has(entry.name)) {
        await walk(path, false);
      } else if (entry.kind === 'file' && entry.name.endsWith(TEMPLATE_SUFFIX)) {
        try {
          const parsed = parseTemplate(path, new TextDecoder().decode(await source.port.readFile(path)), source.origin);
          problems.push(...parsed.problems);
          if (parsed.template !== undefined) templates.push(parsed.template);
        } catch (error) {
          unreadable(path, error);
        }
      }
    }
  };
  await walk(source.root, true);
  return { templates, problems };
}

/** Where organisation templates live: a `prompts` folder beside a policy file given as a path. */
export const ORGANISATION_PROMPTS_FOLDER = 'prompts';

/**
 * The template folders in force, outermost first: the organisation's (a `prompts` folder beside
 * the organisation policy, when that policy is a file — a shared or synced folder; a policy
 * served over https brings no templates), then each workspace folder's `.aiguard/prompts`.
 * Paths use `/` separators, like the policy's.
 */
export function templateSources(options: { port: FileReader; workspaceRoots: readonly string[]; organisationPolicy?: string }): TemplateSource[] {
  const sources: TemplateSource[] = [];
  const policy = options.organisationPolicy?.trim().replace(/\\/g, '/');
  if (policy && !isUrlLocation(policy) && policy.includes('/')) {
    sources.push({ root: `${policy.slice(0, policy.lastIndexOf('/'))}/${ORGANISATION_PROMPTS_FOLDER}`, port: options.port, origin: 'organisation' });
  }
  for (const root of options.workspaceRoots) sources.push({ root: `${root.replace(/\\/g, '/').replace(/\/$/, '')}/${PROMPTS_FOLDER}`, port: options.port, origin: 'workspace' });
  return sources;
}

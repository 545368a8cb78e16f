import * as l10n from '@vscode/l10n';
import { type PolicyStore, SourcePathResolver } from '../../core/classification';
import { joinPath, normalisePath, relativeInside } from '../../core/classification/paths';
import { describeError } from '../../core/errors';
import type { Locale } from '../../core/locale';
import { answerLine, RpcError, RpcErrorCode, type RpcMethod, stringParam } from '../../core/mcp/jsonRpc';
import { type PipelineSource, promptText, runPipeline } from '../../core/pipeline';
import { hasErrors } from '../../core/policy/problems';
import { decodeText, mergeDictionaries, RedactionSession, redact, Scanner } from '../../core/redaction';
import { approvalOf, type InputName, inputLabel, type LoadedTemplate, loadTemplates, type TemplateContext } from '../../core/templates';
import { VERSION } from '../../shared/version';
import { Settings } from '../../shared/ids';
import { parseSetting } from '../../shared/settings';
import { type CliIo, ExitCode } from '../io';
import { absolutePath, displayPath, openStoreFor, type PolicyFlags, policyFileLoader, storeProblems } from '../policies';
import { PolicyScanners } from '../scanner';
import { ContentScanner } from './classify';
import { languageOf } from './run';
import { cliTemplateSources } from './templates';

export interface McpFlags extends PolicyFlags {
  locale: Locale;
}

/** The protocol versions this server speaks, newest first; a client asking for another gets the newest. */
const PROTOCOL_VERSIONS = ['2025-06-18', '2025-03-26', '2024-11-05'];

/** The most characters of each input a prompt carries, as for `ai-guard run`. */
const MAX_INPUT_CHARACTERS = parseSetting(Settings.contextMaxCharacters, undefined);

/**
 * The prompt argument each template input is given by: the input's own name, except `file`,
 * which the server reads itself (a path in the workspace, classified like `run --file`).
 */
const TEXT_INPUTS: Readonly<Record<Exclude<InputName, 'file'>, (context: TemplateContext, value: string) => void>> = {
  selection: (context, value) => (context.selection = value),
  language: (context, value) => (context.language = value),
  'git-diff': (context, value) => (context.diff = value),
  'git-log': (context, value) => (context.gitLog = value),
  diagnostics: (context, value) => (context.diagnostics = value),
  'folder-tree': (context, value) => (context.folder = { path: '.', tree: value }),
  logs: (context, value) => (context.logs = value),
  'user-notes': (context, value) => (context.notes = value),
};

/**
 * `ai-guard mcp [folder]`: a local MCP server on standard input and output (one JSON-RPC message per
 * line). It serves the workspace's templates as MCP prompts — approved ones only when the policy
 * runs approved templates only — and the tools `redact`, `classify` and `scan`. A prompt is
 * rendered and redacted by the pipeline of `ai-guard run --dry-run`, so what the AI tool gets
 * carries placeholders, never the values. The workspace is the one of `folder` (for tools that
 * start servers elsewhere and can name the workspace folder), else of the current folder. Diagnostics go to standard error; it ends when
 * standard input closes.
 */
export async function mcpCommand(args: readonly string[], flags: McpFlags, io: CliIo): Promise<number> {
  if (args.length > 1 || io.stdinLines === undefined) {
    io.stderr(`ai-guard mcp: ${l10n.t('usage: ai-guard mcp [folder] (an MCP server on standard input and output)')}\n`);
    return ExitCode.error;
  }
  const server = new McpServer(io, flags, absolutePath(io, args[0] ?? '.'));
  const methods = server.methods();
  for await (const line of io.stdinLines()) {
    const response = await answerLine(line, methods, (error) => {
      io.stderr(`ai-guard mcp: ${describeError(error)}\n`);
      return describeError(error);
    });
    if (response !== undefined) io.stdout(`${JSON.stringify(response)}\n`);
  }
  return ExitCode.ok;
}

class McpServer {
  constructor(
    private readonly io: CliIo,
    private readonly flags: McpFlags,
    /** The folder the server works for (its workspace folder is found from there): `[folder]`, else the current folder. */
    private readonly folder: string,
  ) {}

  methods(): Map<string, RpcMethod> {
    return new Map<string, RpcMethod>([
      ['initialize', (params) => Promise.resolve(this.initialize(params))],
      ['ping', () => Promise.resolve({})],
      ['prompts/list', () => this.listPrompts()],
      ['prompts/get', (params) => this.getPrompt(params)],
      ['tools/list', () => Promise.resolve({ tools: toolList() })],
      ['tools/call', (params) => this.callTool(params)],
    ]);
  }

  private initialize(params: Record<string, unknown>): unknown {
    const asked = params.protocolVersion;
    return {
      protocolVersion: typeof asked === 'string' && PROTOCOL_VERSIONS.includes(asked) ? asked : PROTOCOL_VERSIONS[0],
      capabilities: { prompts: { listChanged: false }, tools: { listChanged: false } },
      serverInfo: { name: 'ai-guard', title: 'Etech AI Guard', version: VERSION },
      instructions: l10n.t('The prompts are the approved templates of this workspace, redacted by its policy; the tools redact, classify and scan text and files by the same policy.'),
    };
  }

  /** The workspace folder: the outermost one up from the server's folder holding `.aiguard/` or `.git`. */
  private root(): Promise<string> {
    return policyFileLoader(this.io).findRoot(this.folder, this.folder);
  }

  /** The workspace folder and the policies over it, read afresh for every request (a policy may change while the server runs). */
  private async policies(paths: readonly string[] = []): Promise<{ root: string; store: PolicyStore }> {
    const root = await this.root();
    const store = await openStoreFor(this.io, this.flags, [`${root}/.`, ...paths]);
    // A policy with errors could leave out names it meant to mask: nothing is served under it.
    if (hasErrors(storeProblems(this.io, store))) throw new RpcError(RpcErrorCode.internalError, l10n.t('The policy has errors (see ai-guard policy check); nothing is served until they are fixed.'));
    return { root, store };
  }

  /** The templates this workspace serves: every one when the policy runs unapproved templates, else the approved ones. */
  private async servedTemplates(root: string, store: PolicyStore): Promise<Array<{ template: LoadedTemplate; approved: boolean }>> {
    const policy = store.at(`${root}/.`).templatePolicy();
    const library = await loadTemplates({ locale: this.flags.locale, sources: await cliTemplateSources(this.io, this.flags.org, root) });
    return library.templates
      .map((template) => ({ template, approved: ['built-in', 'approved'].includes(approvalOf(template, policy.approved)) }))
      .filter(({ approved }) => approved || policy.allowUnapproved);
  }

  private async listPrompts(): Promise<unknown> {
    const { root, store } = await this.policies();
    const prompts = (await this.servedTemplates(root, store)).map(({ template, approved }) => ({
      name: template.id,
      title: template.title,
      description: approved ? template.description : `${l10n.t('[not approved]')} ${template.description}`,
      arguments: template.inputs.map((input) => ({
        name: input.name,
        description: input.name === 'file' ? l10n.t('a file of the workspace, by its path') : inputLabel(input.name),
        required: input.required,
      })),
    }));
    return { prompts };
  }

  /**
   * One template rendered with the client's arguments and redacted, through the pipeline's dry
   * run: the workspace folder (raised by what the arguments hold) and the file named, if any, are
   * classified, and nothing else is read. A block (the template, the level) is an error.
   */
  private async getPrompt(params: Record<string, unknown>): Promise<unknown> {
    const name = stringParam(params, 'name', true);
    const given = params.arguments ?? {};
    if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new RpcError(RpcErrorCode.invalidParams, l10n.t("'arguments' must be an object of texts."));
    const values = new Map<string, string>();
    for (const [key, value] of Object.entries(given)) {
      if (typeof value !== 'string') throw new RpcError(RpcErrorCode.invalidParams, l10n.t("'arguments' must be an object of texts."));
      values.set(key, value);
    }
    const root = await this.root();
    const filePath = values.get('file')?.trim() ? this.workspacePath(root, values.get('file') as string) : undefined;
    const { store } = await this.policies(filePath !== undefined ? [filePath] : []);
    const served = (await this.servedTemplates(root, store)).find(({ template }) => template.id === name);
    if (served === undefined) throw new RpcError(RpcErrorCode.invalidParams, l10n.t("No prompt '{0}' is served here (see prompts/list).", name));
    const { template } = served;

    const context: TemplateContext = {};
    const texts: string[] = [];
    for (const input of template.inputs) {
      const value = values.get(input.name);
      if (value === undefined || input.name === 'file') continue;
      TEXT_INPUTS[input.name](context, value);
      texts.push(value);
    }
    const content = new ContentScanner(this.io, { network: false, secretlint: true }, store);
    // The arguments count as the workspace folder's content (as for a diff in `run`): what they hold raises its level.
    const sources: PipelineSource[] = [{ path: root, folder: true, content: await content.summariseText(`${root}/.`, texts.join('\n')) }];
    if (filePath !== undefined && template.inputs.some((input) => input.name === 'file')) {
      sources.push(...(await this.fileSources(root, filePath, content)));
      context.file = await this.fileContext(root, filePath);
      context.language ??= context.file.languageId;
    }

    const policy = store.at(`${root}/.`).templatePolicy();
    const outcome = await runPipeline(
      {
        template,
        context,
        sources,
        provider: { mode: 'copy' },
        approvals: policy.approved,
        allowUnapproved: policy.allowUnapproved,
        dryRun: true,
        maxInputCharacters: MAX_INPUT_CHARACTERS,
      },
      {
        classify: (path, summary, options) => store.classify(path, summary, options),
        levels: (path) => store.levels(path),
        scanner: (paths, categories) => new Scanner({ categories, dictionary: mergeDictionaries(paths.map((path) => store.at(path).dictionary())) }),
        session: new RedactionSession(),
        connect: () => Promise.reject(new Error('a dry run connects to no provider')),
      },
    );
    if (outcome.status === 'blocked') throw new RpcError(RpcErrorCode.invalidParams, l10n.t('blocked: {0}', outcome.message));
    if (outcome.status !== 'dry-run')
      throw new RpcError(
        RpcErrorCode.internalError,
        l10n.t('{0}; nothing was returned.', outcome.status === 'error' || outcome.status === 'cancelled' ? describeError(outcome.error) : outcome.status),
      );
    return {
      description: template.title,
      messages: [{ role: 'user', content: { type: 'text', text: promptText(outcome.prompt) } }],
    };
  }

  /** A path the client names, taken from the workspace folder; one outside it is refused. */
  private workspacePath(root: string, given: string): string {
    const path = normalisePath(given.startsWith('/') ? given : joinPath(root, given));
    if (relativeInside(root, path) === undefined) throw new RpcError(RpcErrorCode.invalidParams, l10n.t('{0} is outside the workspace; nothing was read.', given));
    return path;
  }

  /** The file's path and where its links lead, each with its content's summary; a link out of the workspace is refused. */
  private async fileSources(root: string, path: string, content: ContentScanner): Promise<PipelineSource[]> {
    const { paths, leavesWorkspace } = await new SourcePathResolver(this.io.realPath, [root]).resolve(path);
    if (leavesWorkspace) throw new RpcError(RpcErrorCode.invalidParams, l10n.t('{0} leads outside the workspace; nothing was read.', displayPath(this.io)(path)));
    const summary = await content.summarise(path);
    return paths.map((each) => ({ path: each, content: summary }));
  }

  private async fileContext(root: string, path: string): Promise<NonNullable<TemplateContext['file']>> {
    const relative = relativeInside(root, path) ?? path;
    let bytes: Uint8Array;
    try {
      bytes = await this.io.readFile(path);
    } catch (error) {
      throw new RpcError(RpcErrorCode.invalidParams, l10n.t('cannot read {0}: {1}', relative, describeError(error)));
    }
    const text = decodeText(bytes);
    if (text === undefined) throw new RpcError(RpcErrorCode.invalidParams, l10n.t('{0} is a binary file.', relative));
    return { path: relative, content: text, languageId: languageOf(path) };
  }

  private async callTool(params: Record<string, unknown>): Promise<unknown> {
    const name = stringParam(params, 'name', true);
    const given = params.arguments ?? {};
    if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new RpcError(RpcErrorCode.invalidParams, l10n.t("'arguments' must be an object."));
    const args = given as Record<string, unknown>;
    if (!toolList().some((tool) => tool.name === name)) throw new RpcError(RpcErrorCode.invalidParams, l10n.t("No tool '{0}' (see tools/list).", name));
    const root = await this.root();
    const path = name === 'classify' ? stringParam(args, 'path', true) : stringParam(args, 'path', false);
    const governed = path !== undefined ? this.workspacePath(root, path) : `${root}/.`;
    const { store } = await this.policies([governed]);
    if (name === 'classify') {
      const result = store.classify(governed, await new ContentScanner(this.io, { network: false, secretlint: true }, store).summarise(governed));
      const report = {
        path: relativeInside(root, governed) ?? governed,
        level: result.level,
        client: result.client?.id ?? null,
        aiAllowed: result.aiAllowed,
        allowedProviders: [...result.allowedProviders],
        reasons: result.reasons.map(({ source, detail }) => ({ source, detail })),
      };
      return toolResult(report);
    }
    const text = stringParam(args, 'text', true);
    const scanner = await new PolicyScanners(this.io, { network: false, secretlint: true }, store).for(governed);
    if (name === 'redact') {
      const result = await redact(scanner, new RedactionSession(), text, path !== undefined ? { path: governed } : {});
      return { content: [{ type: 'text', text: result.text }], structuredContent: { text: result.text, counts: result.counts } };
    }
    const findings = (await scanner.scan(text, path !== undefined ? { path: governed } : {})).map(({ kind, category, start, end, line, column, rule, confidence }) => ({
      kind,
      category,
      start,
      end,
      line,
      column,
      rule,
      confidence,
    }));
    return toolResult({ findings });
  }
}

/** A tool's answer as MCP gives it: the JSON as text, for any client, and as structured content. */
function toolResult(value: Record<string, unknown>): unknown {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

function toolList(): Array<{ name: string; title: string; description: string; inputSchema: unknown }> {
  const text = { type: 'string', description: l10n.t('The text') };
  const path = { type: 'string', description: l10n.t('A path in the workspace, whose policy applies') };
  return [
    {
      name: 'redact',
      title: l10n.t('Redact'),
      description: l10n.t('The text with secrets, personal data and the policy’s names replaced by placeholders, and how many of each kind were masked.'),
      inputSchema: { type: 'object', properties: { text, path }, required: ['text'], additionalProperties: false },
    },
    {
      name: 'classify',
      title: l10n.t('Classify'),
      description: l10n.t('The sensitivity level of a file of the workspace, whether AI may see it, which providers may, and why.'),
      inputSchema: { type: 'object', properties: { path: { ...path, description: l10n.t('A file or folder of the workspace') } }, required: ['path'], additionalProperties: false },
    },
    {
      name: 'scan',
      title: l10n.t('Scan'),
      description: l10n.t('What redaction would mask in the text: the kind and position of each finding, never its value.'),
      inputSchema: { type: 'object', properties: { text, path }, required: ['text'], additionalProperties: false },
    },
  ];
}

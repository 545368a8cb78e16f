import * as l10n from '@vscode/l10n';
import type { Classification } from '../classification/types';
import { basename, dirname, isAbsolutePath, joinPath, normalisePath, relativeInside } from '../classification/paths';
import type { Category, Finding, Kind } from '../redaction/kinds';
import { summariseCounts } from '../redaction/labels';
import { RedactionSession } from '../redaction/redactor';
import { stringsIn } from './contracts/payload';
import { NON_READING_PROGRAMS, parseCommandLine, pathArguments, programName, type ShellWord } from './shell';
import type { HookRequest, HookTool, HookVerdict, KindCounts } from './types';

/**
 * What the decision needs from outside: the policy in force and the files, through the caller
 * (the CLI reads them from disk; tests from memory). Classification and scanning are the
 * core's own (`PolicyStore`, `Scanner`); this port only gathers them for one tool.
 */
export interface HookPolicyPort {
  /** Whether the tool, as a provider, may see what has this classification (AI allowed, the provider in every list that applies). */
  allows(classification: Classification): boolean;
  /** The providers allowed for it, for the reason when the tool is not one of them. */
  allowedProviders(classification: Classification): readonly string[];
  /** A file's classification; its content (the one given, else read from disk) counts for `contentLevels`. */
  classifyFile(path: string, content?: string): Promise<Classification>;
  /** A path's classification from the policies and its name alone (for the files under a folder). */
  classifyName(path: string): Promise<Classification>;
  kindOf(path: string): Promise<'file' | 'folder'>;
  /** The names in a folder (empty when it cannot be listed). */
  list(folder: string): Promise<readonly string[]>;
  /** The files under a folder, or `too-many` past `limit`. */
  filesUnder(folder: string, limit: number): Promise<readonly string[] | 'too-many'>;
  /** The findings of the categories asked for. */
  scan(text: string, categories: readonly Category[]): Promise<Finding[]>;
  /** The home folder, for `~`. */
  home: string | undefined;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
/** Path-like tokens inside a word of code: with a dot or a slash, made of the characters file names usually have. */
const EMBEDDED_PATH = /[\w.~/-]*[./][\w.~/-]+/g;

/** A folder named to a reading tool is walked this far; a larger one is refused, not assumed clean. */
export const FOLDER_LIMIT = 5_000;

const TOOL_LABELS: Readonly<Record<HookTool, string>> = { 'claude-code': 'Claude Code', cursor: 'Cursor', copilot: 'GitHub Copilot', 'gemini-cli': 'Gemini CLI' };

export function toolLabel(tool: HookTool): string {
  return TOOL_LABELS[tool];
}

/** The folder a prompt is given the level of: a name inside the working folder, so that folder rules (`clients/acme/**`) apply. */
export const PROMPT_FILE_NAME = '.ai-guard-prompt';

/**
 * The decision for one hook request. Prompts get the level of the folder the tool works in: a
 * level that does not allow the tool blocks them; findings of the level's redaction categories
 * are redacted where the contract can rewrite, else block. Reads (tools, shell commands, MCP
 * arguments that name files) are denied when any file they name is one the tool may not see.
 */
export async function decideHook(request: HookRequest, port: HookPolicyPort, cwd: string): Promise<HookVerdict> {
  const judge = new Judge(request, port, cwd);
  const action = request.action;
  switch (action.kind) {
    case 'none':
      return { outcome: 'allowed' };
    case 'prompt': {
      const blocked = (await judge.folderBlock()) ?? (await judge.readBlock(action.attachments ?? []));
      if (blocked) return blocked;
      return judge.texts(action.texts, action.rewritable, 'prompt');
    }
    case 'output': {
      const blocked = await judge.folderBlock();
      if (blocked) return blocked;
      return judge.texts(action.texts, action.rewritable, 'output');
    }
    case 'read':
      return (await judge.readBlock(action.paths, action.content)) ?? judge.allowed();
    case 'shell':
      return (await judge.shellBlock(action.command)) ?? judge.allowed();
    case 'mcp':
      return (await judge.mcpBlock(action.input)) ?? judge.allowed();
  }
}

class Judge {
  private folder: Classification | undefined;

  constructor(
    private readonly request: HookRequest,
    private readonly port: HookPolicyPort,
    private readonly cwd: string,
  ) {}

  private get label(): string {
    return toolLabel(this.request.caller);
  }

  async folderClassification(): Promise<Classification> {
    this.folder ??= await this.port.classifyName(joinPath(this.cwd, PROMPT_FILE_NAME));
    return this.folder;
  }

  allowed(): HookVerdict {
    return { outcome: 'allowed', ...(this.folder ? { level: this.folder.level } : {}) };
  }

  /** The folder's level does not allow this tool at all. */
  async folderBlock(): Promise<HookVerdict | undefined> {
    const folder = await this.folderClassification();
    if (this.port.allows(folder)) return undefined;
    return { outcome: 'blocked', level: folder.level, reason: this.notAllowed(folder, this.show(this.cwd)) };
  }

  async texts(texts: readonly string[], rewritable: boolean, what: 'prompt' | 'output'): Promise<HookVerdict> {
    const folder = await this.folderClassification();
    const categories = folder.redact.includes('secret') ? folder.redact : [...folder.redact, 'secret' as const];
    const found = await Promise.all(texts.map((text) => this.port.scan(text, categories)));
    const counts = countKinds(found.flat());
    if (Object.keys(counts).length === 0) return { outcome: 'allowed', level: folder.level };
    const summary = summariseCounts(counts);
    if (rewritable) {
      const session = new RedactionSession();
      return {
        outcome: 'redacted',
        level: folder.level,
        counts,
        texts: texts.map((text, index) => session.apply(text, found[index] ?? [])),
        reason: l10n.t('AI Guard masked {0} before it reached the model.', summary),
      };
    }
    const reason =
      what === 'prompt'
        ? l10n.t(
            'AI Guard blocked this prompt: it contains {0} ({1}). Remove them or replace them with placeholders (ai-guard redact prints a masked copy), then send it again.',
            summary,
            folder.levelLabel,
          )
        : l10n.t(
            'AI Guard: the output of {0} contains {1} ({2}). Do not repeat, store or send these values; work from a copy with them masked (ai-guard redact).',
            this.request.toolName ?? this.request.event,
            summary,
            folder.levelLabel,
          );
    return { outcome: 'blocked', level: folder.level, counts, reason };
  }

  /** The first of the paths the tool may not read, as a verdict; folders are walked. */
  async readBlock(paths: readonly string[], content?: string): Promise<HookVerdict | undefined> {
    for (const given of paths) {
      const path = this.resolve(given);
      if (path === undefined) return this.blocked(l10n.t('AI Guard: {0} cannot tell which file {1} names; name it plainly.', this.label, given));
      const verdict = await this.pathBlock(path, paths.length === 1 ? content : undefined);
      if (verdict) return verdict;
    }
    return undefined;
  }

  private async pathBlock(path: string, content?: string): Promise<HookVerdict | undefined> {
    const kind = content !== undefined ? 'file' : await this.port.kindOf(path);
    if (kind === 'folder') {
      const own = await this.port.classifyName(joinPath(path, PROMPT_FILE_NAME));
      if (!this.port.allows(own)) return { outcome: 'blocked', level: own.level, reason: this.forbidden(own, this.show(path)) };
      const files = await this.port.filesUnder(path, FOLDER_LIMIT);
      if (files === 'too-many')
        return this.blocked(
          l10n.t('AI Guard: {0} holds more than {1} files, too many to check before {2} reads them; name the files, or a smaller folder.', this.show(path), FOLDER_LIMIT, this.label),
        );
      for (const file of files) {
        const classification = await this.port.classifyName(file);
        if (!this.port.allows(classification)) {
          return {
            outcome: 'blocked',
            level: classification.level,
            reason: l10n.t(
              'AI Guard: {0} holds files {1} may not read, such as {2} ({3}). Name the files to read, or a folder without them.',
              this.show(path),
              this.label,
              this.show(file),
              classification.levelLabel,
            ),
          };
        }
      }
      return undefined;
    }
    const classification = await this.port.classifyFile(path, content);
    if (this.port.allows(classification)) return undefined;
    return { outcome: 'blocked', level: classification.level, reason: this.forbidden(classification, this.show(path)) };
  }

  async shellBlock(command: string): Promise<HookVerdict | undefined> {
    for (const simple of parseCommandLine(command)) {
      const program = programName(simple.words[0]?.text ?? '');
      const reading = !NON_READING_PROGRAMS.has(program);
      for (const word of pathArguments(simple)) {
        // A shell given code (`bash -c '…'`) runs commands of its own: they are judged the same way.
        if (SHELLS.has(program) && simple.words.some((other) => other.text === '-c') && word.text.includes(' ')) {
          const inner = await this.shellBlock(word.text);
          if (inner) return inner;
          continue;
        }
        // Code given to an interpreter (`python3 -c "open('.env')"`) may name files inside its text.
        if (reading && /[\s()'",;=]/.test(word.text)) {
          for (const token of word.text.match(EMBEDDED_PATH) ?? []) {
            const path = this.resolve(token);
            const verdict = path === undefined ? undefined : await this.pathBlock(path);
            if (verdict) return verdict;
          }
          continue;
        }
        const paths = await this.wordPaths(word);
        if (paths === undefined) {
          // A word whose value is unknown until the shell runs: a reading program given it is refused.
          if ((reading || simple.inputs.includes(word)) && simple.words[0] !== undefined)
            return this.blocked(l10n.t('AI Guard: {0} cannot tell which files this command reads ({1}); write the file names plainly.', this.label, program));
          continue;
        }
        // A program that only looks at names or deletes (ls, rm…) discloses no content; what is redirected into it is read all the same.
        if (!reading && !simple.inputs.includes(word)) continue;
        for (const path of paths) {
          const verdict = await this.pathBlock(path);
          if (verdict) return verdict;
        }
      }
    }
    return undefined;
  }

  async mcpBlock(input: unknown): Promise<HookVerdict | undefined> {
    const blocked = await this.folderBlock();
    if (blocked) return blocked;
    const strings = stringsIn(input);
    const paths = strings.filter((text) => /^(?:\/|\.\.?\/|~\/)\S*$|^\.[^\s/]+$/.test(text));
    const byPath = await this.readBlock(paths);
    if (byPath) return byPath;
    const verdict = await this.texts(strings, false, 'prompt');
    if (verdict.outcome === 'allowed') return undefined;
    return {
      ...verdict,
      outcome: 'blocked',
      reason: l10n.t('AI Guard: the arguments of {0} contain {1}; they would leave this machine. Call it without them.', this.request.toolName ?? 'MCP', summariseCounts(verdict.counts ?? {})),
    } as HookVerdict;
  }

  /** The paths a shell word names: itself, or what its glob matches in its folder; undefined when unknown. */
  private async wordPaths(word: ShellWord): Promise<string[] | undefined> {
    if (word.unresolved) return undefined;
    const path = this.resolve(word.text);
    if (path === undefined) return undefined;
    if (!word.glob) return [path];
    const folder = dirname(path);
    if (/[*?[]/.test(folder)) return undefined;
    const pattern = globPattern(basename(path));
    return (await this.port.list(folder)).filter((name) => pattern.test(name)).map((name) => joinPath(folder, name));
  }

  private resolve(given: string): string | undefined {
    let path = given;
    if (path === '~' || path.startsWith('~/')) {
      if (this.port.home === undefined) return undefined;
      path = this.port.home + path.slice(1);
    } else if (path.startsWith('~')) return undefined;
    path = normalisePath(path);
    return isAbsolutePath(path) ? path : normalisePath(joinPath(this.cwd, path));
  }

  private show(path: string): string {
    const inside = relativeInside(this.cwd, path);
    return inside === undefined ? path : inside === '' ? '.' : inside;
  }

  private blocked(reason: string): HookVerdict {
    return { outcome: 'blocked', ...(this.folder ? { level: this.folder.level } : {}), reason };
  }

  private notAllowed(classification: Classification, shown: string): string {
    const allowed = this.port.allowedProviders(classification);
    const client = classification.client ? l10n.t('client {0}', classification.client.name) : l10n.t('no client');
    return l10n.t(
      'AI Guard: {0} is not allowed for {1} ({2}, {3}). Providers allowed there: {4}. Use one of them, or ask for the policy to change.',
      this.label,
      shown,
      classification.levelLabel,
      client,
      allowed.length > 0 ? allowed.join(', ') : l10n.t('none'),
    );
  }

  private forbidden(classification: Classification, shown: string): string {
    if (!classification.aiAllowed) {
      const why = classification.reasons.find((reason) => reason.source !== 'policy-invalid')?.detail ?? classification.levelLabel;
      return l10n.t('AI Guard: {0} may not read {1} ({2}): {3}', this.label, shown, classification.levelLabel, why);
    }
    return this.notAllowed(classification, shown);
  }
}

function countKinds(findings: readonly Finding[]): KindCounts {
  const counts: Partial<Record<Kind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return counts as KindCounts;
}

/** A shell glob of one path segment as a regular expression (`*`, `?`, `[…]`); dot files match only an explicit dot, as in the shell. */
function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(glob.startsWith('.') ? `^${source}$` : `^(?!\\.)${source}$`);
}

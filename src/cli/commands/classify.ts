import * as l10n from '@vscode/l10n';
import { type Classification, type ContentSummary, type PolicyStore, summariseFindings } from '../../core/classification';
import { type Category, decodeText, type Finding, type RedactionDictionary, Scanner, ScanError } from '../../core/redaction';
import { type CliIo, ExitCode } from '../io';
import { absolutePath, displayPath, openStoreFor, type PolicyFlags, policyFileLoader, printProblems, storeProblems } from '../policies';
import { createCliScanner, type ScannerFlags } from '../scanner';

/** One line of `classify --json`: a stable shape for scripts. */
interface FileReport {
  path: string;
  level: string;
  /** The client's id, or null when the file belongs to none. */
  client: string | null;
  aiAllowed: boolean;
  allowedProviders: string[];
  reasons: Array<{ source: string; detail: string }>;
}

/**
 * `ai-guard classify [--json] <path…>`: the level of each file, its client, whether AI may see
 * it and which providers may, and why. A folder stands for every file under it. Each file's
 * workspace folder is the outermost one up holding `.aiguard/` or `.git` (else the current
 * folder); the policies and AI ignore files from there down to the file apply, with the
 * organisation policy of `--org`. The content is scanned for `contentLevels` (the reasons name
 * what kind of thing was found, never the value). Policy problems go to standard error.
 * Exit 0 when every path was classified, 2 on a usage error.
 */
export async function classifyCommand(paths: readonly string[], flags: ScannerFlags & PolicyFlags & { json: boolean }, io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr(`ai-guard classify: ${l10n.t('name at least one file or folder.')}\n`);
    return ExitCode.error;
  }
  const loader = policyFileLoader(io);
  const show = displayPath(io);
  const files: Array<{ path: string; shown: string }> = [];
  for (const given of paths) {
    const path = absolutePath(io, given);
    if (await loader.isFolder(path)) files.push(...(await loader.filesUnder(path)).map((file) => ({ path: file, shown: show(file) })));
    else files.push({ path, shown: given });
  }
  const store = await openStoreFor(
    io,
    flags,
    files.map(({ path }) => path),
  );
  printProblems(storeProblems(io, store), io.stderr);

  const content = new ContentScanner(io, flags, store);
  const reports: FileReport[] = [];
  for (const { path, shown } of files) {
    const result = store.classify(path, await content.summarise(path));
    reports.push(toReport(shown, result));
    if (!flags.json) printReport(shown, result, io);
  }
  if (flags.json) io.stdout(`${JSON.stringify({ files: reports }, null, 2)}\n`);
  return ExitCode.ok;
}

function toReport(path: string, result: Classification): FileReport {
  return {
    path,
    level: result.level,
    client: result.client?.id ?? null,
    aiAllowed: result.aiAllowed,
    allowedProviders: [...result.allowedProviders],
    reasons: result.reasons.map(({ source, detail }) => ({ source, detail })),
  };
}

function printReport(path: string, result: Classification, io: CliIo): void {
  const client = result.client === undefined ? '' : ` (${l10n.t('client {0}', result.client.name)})`;
  const use = !result.aiAllowed ? l10n.t('AI not allowed') : l10n.t('AI allowed: {0}', result.allowedProviders.length > 0 ? result.allowedProviders.join(', ') : l10n.t('no provider'));
  io.stdout(`${path}: ${result.levelLabel}${client}; ${use}\n`);
  for (const reason of result.reasons) io.stdout(`  - ${reason.detail}\n`);
}

/**
 * Scans files for what `contentLevels` look at, with the CLI's scanner (secretlint settings
 * from `.secretlintrc.json`) plus, where a policy lists names, a dictionary scanner.
 */
export class ContentScanner {
  private scanner: Promise<Scanner> | undefined;
  private readonly dictionaryScanners = new Map<string, Scanner>();

  constructor(
    private readonly io: CliIo,
    private readonly flags: ScannerFlags,
    private readonly store: PolicyStore,
  ) {}

  async summarise(path: string): Promise<ContentSummary> {
    let bytes: Uint8Array;
    try {
      bytes = await this.io.readFile(path);
    } catch {
      return { skipped: 'unreadable' };
    }
    const text = decodeText(bytes);
    if (text === undefined) return { skipped: 'binary' };
    return this.summariseText(path, text);
  }

  /** The summary of a file's text already in hand (a hook's payload may carry it). */
  async summariseText(path: string, text: string): Promise<ContentSummary> {
    try {
      return summariseFindings(await this.findings(path, text, this.store.at(path).contentCategories));
    } catch (error) {
      return { skipped: error instanceof ScanError && error.code === 'too-large' ? 'too-large' : 'scan-failed' };
    }
  }

  /** What a scan of `text` finds of the `wanted` categories, with the dictionary of the policies over `path`. */
  async findings(path: string, text: string, wanted: readonly Category[]): Promise<Finding[]> {
    const categories = new Set<Category>(wanted);
    this.scanner ??= createCliScanner(this.io, { ...this.flags, network: true });
    const findings = (await (await this.scanner).scan(text, { path })).filter((finding) => categories.has(finding.category));
    if (categories.has('dictionary')) findings.push(...((await this.dictionaryScanner(this.store.at(path).dictionary())?.scan(text, { path })) ?? []));
    return findings;
  }

  private dictionaryScanner(dictionary: RedactionDictionary): Scanner | undefined {
    if (Object.values(dictionary).every((names) => (names?.length ?? 0) === 0)) return undefined;
    const key = JSON.stringify(dictionary);
    let scanner = this.dictionaryScanners.get(key);
    if (scanner === undefined) {
      scanner = new Scanner({ categories: new Set(['dictionary']), dictionary, secretlint: false });
      this.dictionaryScanners.set(key, scanner);
    }
    return scanner;
  }
}

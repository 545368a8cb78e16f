import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import { describeError } from '../core/errors';
import { localeFromEnvironment, normaliseLocale } from '../core/locale';
import { useLocale } from '../core/localeBundles';
import { VERSION } from '../shared/version';

/** Where the CLI writes, so tests can run it without a process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes, stable for scripts and git hooks. */
export const ExitCode = {
  ok: 0,
  /** The check ran and found a problem (later: a secret, a broken audit chain). */
  findings: 1,
  /** The command line itself was wrong. */
  usage: 2,
} as const;

function helpText(): string {
  return [
    l10n.t('Etech AI Guard {0}: safe, measured and cost-controlled use of AI assistants.', VERSION),
    '',
    l10n.t('Usage: ai-guard [options] <command> [arguments]'),
    '',
    l10n.t('Options:'),
    `  -h, --help        ${l10n.t('Show this help and exit.')}`,
    `  -v, --version     ${l10n.t('Print the version and exit.')}`,
    `      --lang LANG   ${l10n.t('Language of messages: en or fr (default: from LANG).')}`,
    '',
    l10n.t('Commands arrive with the next releases: scan, redact, classify, audit, usage.'),
    '',
  ].join('\n');
}

/**
 * Runs the command line `argv` (without the node and script paths) and returns the exit code.
 * It never calls `process.exit`, so it is testable and embeddable in a git hook.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  useLocale(localeFromEnvironment(io.env));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`ai-guard: ${describeError(error)}\n${l10n.t("Run 'ai-guard --help' for usage.")}\n`);
    return ExitCode.usage;
  }
  if (parsed.values.lang !== undefined) {
    useLocale(normaliseLocale(parsed.values.lang));
  }
  if (parsed.values.version) {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    io.stdout(helpText());
    return ExitCode.ok;
  }
  const command = parsed.positionals[0];
  io.stderr(
    `ai-guard: ${l10n.t("unknown command '{0}'.", command ?? '')}\n${l10n.t("Run 'ai-guard --help' for usage.")}\n`,
  );
  return ExitCode.usage;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      lang: { type: 'string' },
    },
  });
}

import * as l10n from '@vscode/l10n';
import { describeError } from '../core/errors';
import { type Locale, localeFromEnvironment, normaliseLocale } from '../core/locale';
import { useLocale } from '../core/localeBundles';
import { VERSION } from '../shared/version';
import { parse, type ParsedCommandLine } from './args';
import { type CliIo, ExitCode } from './io';
import type { ScannerFlags } from './scanner';

/** What every command is given besides its own arguments: the parsed options, the scanner's flags and the locale in force. */
export interface CommandContext {
  values: ParsedCommandLine['values'];
  flags: ScannerFlags;
  locale: Locale;
}

/** One command of `ai-guard`: its arguments after the command's name; returns the exit code. */
export type Command = (rest: string[], context: CommandContext, io: CliIo) => Promise<number>;

function helpText(): string {
  return [
    l10n.t('Etech AI Guard {0}: safe, measured and cost-controlled use of AI assistants.', VERSION),
    '',
    l10n.t('Usage: ai-guard [options] <command> [arguments]'),
    '',
    l10n.t('Commands:'),
    `  scan [--json] <file…|->   ${l10n.t('Report secrets and personal data (exit 0: none, 1: found, 2: error).')}`,
    `  redact [<file>|-]         ${l10n.t('Print the text with secrets and personal data masked.')}`,
    `  classify [--json] <path…> ${l10n.t('Show the sensitivity level of files, who may see them and why.')}`,
    `  policy check [folder]     ${l10n.t('Check the policy files under a folder (exit 2 on an error).')}`,
    `  templates list [--json]   ${l10n.t('List the prompt templates: built-in, organisation and workspace, with their approval.')}`,
    `  run <template> [--file F] [--selection a:b] [--diff [REV|-]] [--provider ID | --kind K --base-url URL --model M] [--dry-run]`,
    `                            ${l10n.t('Run a template through the policy, redaction and the provider; the answer goes to standard output (exit 0: answered, 1: blocked, 2: error, 3: answer cut by the token limit, 130/143/141: interrupted by Ctrl-C, SIGTERM or a closed output).')}`,
    `                            ${l10n.t('--kind is openai, azure-openai, openai-compatible, anthropic, bedrock (with --region, AWS credentials from the standard chain), vertex-ai (with --project and --location, application-default credentials; --token-url for a private token endpoint) or gemini; --base-url names a private endpoint.')}`,
    `  hook <tool>               ${l10n.t("The hook of an AI tool (claude-code, cursor, copilot, gemini-cli): reads the tool's JSON on standard input and answers in its format; refuses on any error.")}`,
    `  mcp [folder]              ${l10n.t("A local MCP server on standard input and output, for AI tools: the workspace's approved templates as prompts, redacted by the policy, and the tools redact, classify and scan.")}`,
    `  tools sync|check [folder] [--on-path] [--managed DIR] [--templates]`,
    `                            ${l10n.t("Write each AI tool's ignore files, Claude Code's deny rules and the hooks that run ai-guard hook, from the policy; check exits 1 when any is missing or out of date; --managed DIR also writes the organisation's managed files there, for an administrator to deploy.")}`,
    `                            ${l10n.t("It also registers the ai-guard MCP server in each tool's MCP configuration; --templates also exports the approved templates as each tool's own commands, which check then verifies.")}`,
    `  usage [--json]            ${l10n.t("This month's AI calls, tokens and cost, by provider, template and profile.")}`,
    `  audit verify [--full]|export [--format csv|json] [--since DATE] [--audit-file F]`,
    `                            ${l10n.t("Check the audit log's hash chain and authentication codes (exit 1 when broken), or export its records.")}`,
    `                            ${l10n.t('verify goes on from the last verified record when the file before it is unchanged; --full checks every record.')}`,
    '',
    l10n.t('Options:'),
    `  -h, --help        ${l10n.t('Show this help and exit.')}`,
    `  -v, --version     ${l10n.t('Print the version and exit.')}`,
    `      --lang LANG   ${l10n.t('Language of messages: en or fr (default: from LANG).')}`,
    `      --network     ${l10n.t('Also mask IP addresses (scan, redact).')}`,
    `      --no-secretlint  ${l10n.t('Leave secretlint out (scan, redact).')}`,
    `      --org PATH|URL ${l10n.t('The organisation policy (classify, scan, redact, policy check, templates, run); organisation templates live in a prompts folder beside it.')}`,
    '',
    l10n.t('A .secretlintrc.json in the current folder configures the secretlint rules.'),
    l10n.t(
      "classify, scan, redact, policy check and run read every .aiguard/policy.json and AI ignore file from the workspace folder (the outermost folder up with .git or .aiguard/, so a nested repository inherits its parent's) down to each file; scan and redact mask the names of their dictionaries.",
    ),
    '',
  ].join('\n');
}

/**
 * Runs the command line `argv` (without the node and script paths) with `commands`, and returns
 * the exit code. It never calls `process.exit`, so it is testable and embeddable in a git hook.
 * The full CLI (`runCli`) and the lean bundle (`dist/hook-main.js`, for `scan`) give it their
 * own table, so the lean one carries no other command.
 */
export async function runCommandLine(argv: readonly string[], io: CliIo, commands: Readonly<Partial<Record<string, Command>>>): Promise<number> {
  let locale = localeFromEnvironment(io.env);
  useLocale(locale);
  let parsed: ParsedCommandLine;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`ai-guard: ${describeError(error)}\n${l10n.t("Run 'ai-guard --help' for usage.")}\n`);
    return ExitCode.error;
  }
  const { values, positionals } = parsed;
  if (values.lang !== undefined) {
    locale = normaliseLocale(values.lang);
    useLocale(locale);
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    io.stdout(helpText());
    return ExitCode.ok;
  }
  const flags = { network: values.network === true, secretlint: values.secretlint !== false && values['no-secretlint'] !== true };
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run === undefined) {
    io.stderr(`ai-guard: ${l10n.t("unknown command '{0}'.", command)}\n${l10n.t("Run 'ai-guard --help' for usage.")}\n`);
    return ExitCode.error;
  }
  try {
    return await run(rest, { values, flags, locale }, io);
  } catch (error) {
    io.stderr(`ai-guard ${command}: ${describeError(error)}\n`);
    return ExitCode.error;
  }
}

import { auditCommand, usageCommand } from './commands/audit';
import { classifyCommand } from './commands/classify';
import { hookCommand } from './commands/hook';
import { mcpCommand } from './commands/mcp';
import { policyCommand } from './commands/policy';
import { redactCommand } from './commands/redact';
import { runCommand } from './commands/run';
import { templatesCommand } from './commands/templates';
import { toolsCommand } from './commands/tools';
import type { CliIo } from './io';
import { leanCommands } from './leanCommands';
import { type Command, runCommandLine } from './runner';

export { type CliIo, ExitCode } from './io';

/** Every command of `ai-guard`, by name. */
const COMMANDS: Readonly<Record<string, Command>> = {
  ...leanCommands,
  redact: (rest, { values, flags, locale }, io) => redactCommand(rest, { ...flags, org: values.org, locale }, io),
  classify: (rest, { values, flags, locale }, io) => classifyCommand(rest, { ...flags, json: values.json === true, org: values.org, locale }, io),
  policy: (rest, { values, locale }, io) => policyCommand(rest, { org: values.org, locale }, io),
  templates: (rest, { values, locale }, io) => templatesCommand(rest, { json: values.json === true, org: values.org, locale }, io),
  hook: (rest, { values, locale }, io) => hookCommand(rest, { org: values.org, locale }, io),
  mcp: (rest, { values, locale }, io) => mcpCommand(rest, { org: values.org, locale }, io),
  tools: (rest, { values, locale }, io) =>
    toolsCommand(rest, { org: values.org, locale, onPath: values['on-path'] === true, templates: values.templates === true, ...(values.managed !== undefined ? { managed: values.managed } : {}) }, io),
  usage: (_rest, { values }, io) => usageCommand({ auditFile: values['audit-file'], json: values.json === true }, io),
  audit: (rest, { values }, io) => auditCommand(rest, { auditFile: values['audit-file'], format: values.format, since: values.since, full: values.full === true }, io),
  run: (rest, { values, locale }, io) =>
    runCommand(
      rest,
      {
        org: values.org,
        locale,
        dryRun: values['dry-run'] === true,
        ...(values.file !== undefined ? { file: values.file } : {}),
        ...(values.selection !== undefined ? { selection: values.selection } : {}),
        ...(values.diff !== undefined ? { diff: values.diff } : {}),
        ...(values.provider !== undefined ? { provider: values.provider } : {}),
        ...(values.kind !== undefined ? { kind: values.kind } : {}),
        ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
        ...(values.model !== undefined ? { model: values.model } : {}),
        ...(values.region !== undefined ? { region: values.region } : {}),
        ...(values.project !== undefined ? { project: values.project } : {}),
        ...(values.location !== undefined ? { location: values.location } : {}),
        ...(values['token-url'] !== undefined ? { tokenUrl: values['token-url'] } : {}),
        ...(values['audit-file'] !== undefined ? { auditFile: values['audit-file'] } : {}),
      },
      io,
    ),
};

/**
 * Runs the command line `argv` (without the node and script paths) and returns the exit code.
 * It never calls `process.exit`, so it is testable and embeddable in a git hook.
 */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommandLine(argv, io, COMMANDS);
}

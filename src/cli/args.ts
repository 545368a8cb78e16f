import { parseArgs } from 'node:util';
import { isUrlLocation } from '../core/policy/location';

/** The command line's options, one table for every command: `dist/cli.js` reads it to choose a bundle, `runCli` to run. */
export function parse(argv: readonly string[]) {
  // `--diff` takes an optional revision: alone (or before another option) it means the working tree.
  const args = argv.map((arg, index) => (arg === '--diff' && (argv[index + 1] === undefined || argv[index + 1]?.startsWith('--')) ? '--diff=' : arg));
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      lang: { type: 'string' },
      json: { type: 'boolean' },
      network: { type: 'boolean' },
      secretlint: { type: 'boolean' },
      'no-secretlint': { type: 'boolean' },
      org: { type: 'string' },
      file: { type: 'string' },
      selection: { type: 'string' },
      diff: { type: 'string' },
      provider: { type: 'string' },
      kind: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      region: { type: 'string' },
      project: { type: 'string' },
      location: { type: 'string' },
      'token-url': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'on-path': { type: 'boolean' },
      managed: { type: 'string' },
      templates: { type: 'boolean' },
      'audit-file': { type: 'string' },
      format: { type: 'string' },
      since: { type: 'string' },
      full: { type: 'boolean' },
    },
  });
}

export type ParsedCommandLine = ReturnType<typeof parse>;

/** Commands that `dist/hook-main.js` runs as well as the full CLI, and so start from its code cache. */
export const LEAN_COMMANDS = ['scan'] as const;
export type LeanCommandName = (typeof LEAN_COMMANDS)[number];

/**
 * The lean command a command line asks for, or undefined when it needs the full CLI: anything
 * else, help or version, a line that does not parse (the full CLI says why), and an organisation
 * policy given by URL (fetched over the network, which the lean bundle never does).
 */
export function leanCommandOf(argv: readonly string[]): LeanCommandName | undefined {
  let parsed: ParsedCommandLine;
  try {
    parsed = parse(argv);
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  if (values.help || values.version || (values.org !== undefined && isUrlLocation(values.org))) return undefined;
  return LEAN_COMMANDS.find((name) => name === positionals[0]);
}

import type { LeanCommandName } from './args';
import { scanCommand } from './commands/scan';
import type { Command } from './runner';

/** The commands `dist/hook-main.js` runs as well as the full CLI (see `LEAN_COMMANDS`), in the same words. */
export const leanCommands: Readonly<Record<LeanCommandName, Command>> = {
  scan: (rest, { values, flags, locale }, io) => scanCommand(rest, { ...flags, json: values.json === true, org: values.org, locale }, io),
};

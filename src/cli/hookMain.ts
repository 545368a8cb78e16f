// `dist/hook-main.js`: `ai-guard hook <tool>`, for the hooks AI tools run on every prompt and
// file read (started by `dist/hook.js`), and the lean commands (`scan`, started by `dist/cli.js`).
// It loads the policy, classification and redaction code only (no provider SDK, no other
// command), so the process start is most of its cost. Any failure that escapes the hook command
// still refuses: exit 2 with the reason on stderr, the one answer every tool but Copilot reads as
// a deny (Copilot's contract is answered inside the command).
import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';
import { localeFromEnvironment } from '../core/locale';
import { useLocale } from '../core/localeBundles';
import { leanCommandOf } from './args';
import { hookCommand } from './commands/hook';
import { leanCommands } from './leanCommands';
import { diskIo } from './nodeIo';
import { runAsProcess } from './process';
import { runCommandLine } from './runner';

if (leanCommandOf(process.argv.slice(2)) !== undefined) {
  // `dist/cli.js scan …`: the command runs exactly as the full CLI runs it.
  runAsProcess((argv, io) => runCommandLine(argv, io, leanCommands));
} else {
  runHook();
}

function runHook(): void {
  const locale = localeFromEnvironment(process.env);
  useLocale(locale);
  // Only --org is accepted besides the tool, as `ai-guard --org … hook <tool>` accepts it.
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: false, options: { org: { type: 'string' } } });
  // `tools sync` writes `…/hook.js hook <tool>`, the same words as `ai-guard hook <tool>`.
  hookCommand(
    positionals[0] === 'hook' ? positionals.slice(1) : positionals,
    { org: typeof values.org === 'string' ? values.org : undefined, locale },
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      ...diskIo(),
    },
  ).then(
    (code) => {
      // Exit once the answer is written, even if a refused request's work (our timeout) is still pending.
      process.stdout.write('', () => process.exit(code));
    },
    (error: unknown) => {
      process.stderr.write(`${l10n.t('AI Guard failed ({0}); the request is refused.', error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = 2;
    },
  );
}

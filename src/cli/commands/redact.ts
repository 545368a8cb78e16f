import * as l10n from '@vscode/l10n';
import { describeError } from '../../core/errors';
import { decodeText, RedactionSession, redact } from '../../core/redaction';
import { type CliIo, ExitCode } from '../io';
import { openStoreFor, type PolicyFlags, printProblems, storeProblems } from '../policies';
import { PolicyScanners, type ScannerFlags } from '../scanner';

/**
 * `ai-guard redact [<file>|-]`: prints the text with every finding replaced by a placeholder,
 * and a count of what was masked on stderr. Fails closed: on any error nothing is printed to
 * stdout and the exit code is 2.
 */
export async function redactCommand(paths: readonly string[], flags: ScannerFlags & PolicyFlags, io: CliIo): Promise<number> {
  if (paths.length > 1) {
    io.stderr(`ai-guard redact: ${l10n.t('give one file, or - for standard input.')}\n`);
    return ExitCode.error;
  }
  const path = paths[0] ?? '-';
  try {
    const bytes = path === '-' ? await io.readStdin() : await io.readFile(path);
    const text = decodeText(bytes);
    if (text === undefined) {
      io.stderr(`ai-guard redact: ${l10n.t('{0} is a binary file; nothing was printed.', path)}\n`);
      return ExitCode.error;
    }
    // The policies governing the file (or the current folder) add their names to what is masked.
    const store = await openStoreFor(io, flags, [PolicyScanners.governed(io, path)]);
    printProblems(storeProblems(io, store), io.stderr);
    const scanner = await new PolicyScanners(io, flags, store).for(path);
    const result = await redact(scanner, new RedactionSession(), text, path === '-' ? {} : { path });
    io.stdout(result.text);
    const counts = Object.entries(result.counts).map(([kind, count]) => `${kind} ×${count}`);
    io.stderr(`ai-guard redact: ${counts.length ? l10n.t('masked {0}', counts.join(', ')) : l10n.t('nothing to mask')}\n`);
    return ExitCode.ok;
  } catch (error) {
    io.stderr(`ai-guard redact: ${l10n.t('{0}; nothing was printed.', describeError(error))}\n`);
    return ExitCode.error;
  }
}

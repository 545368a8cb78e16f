import * as l10n from '@vscode/l10n';
import { describeError } from '../../core/errors';
import { decodeText, type Finding } from '../../core/redaction';
import { type CliIo, ExitCode } from '../io';
import { openStoreFor, type PolicyFlags, printProblems, storeProblems } from '../policies';
import { PolicyScanners, type ScannerFlags } from '../scanner';

interface FileReport {
  path: string;
  findings?: Array<Pick<Finding, 'kind' | 'category' | 'start' | 'end' | 'line' | 'column' | 'rule' | 'confidence'>>;
  skipped?: 'binary';
  error?: string;
}

/**
 * `ai-guard scan [--json] <file…|->`: reports what would be redacted, never the values.
 * Exit 0 when nothing is found, 1 when something is, 2 when a file could not be read or
 * scanned (the others are still scanned and reported).
 */
export async function scanCommand(paths: readonly string[], flags: ScannerFlags & PolicyFlags & { json: boolean }, io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr(`ai-guard scan: ${l10n.t('name at least one file, or - for standard input.')}\n`);
    return ExitCode.error;
  }
  // The policies governing each file name what else to find: its clients, code names and hosts.
  const store = await openStoreFor(
    io,
    flags,
    paths.map((path) => PolicyScanners.governed(io, path)),
  );
  printProblems(storeProblems(io, store), io.stderr);
  const scanners = new PolicyScanners(io, flags, store);
  const reports: FileReport[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = path === '-' ? await io.readStdin() : await io.readFile(path);
    } catch (error) {
      reports.push({ path, error: l10n.t('cannot read: {0}', describeError(error)) });
      continue;
    }
    const text = decodeText(bytes);
    if (text === undefined) {
      reports.push({ path, skipped: 'binary' });
      continue;
    }
    try {
      const findings = await (await scanners.for(path)).scan(text, path === '-' ? {} : { path });
      reports.push({ path, findings: findings.map(({ kind, category, start, end, line, column, rule, confidence }) => ({ kind, category, start, end, line, column, rule, confidence })) });
    } catch (error) {
      reports.push({ path, error: describeError(error) });
    }
  }

  if (flags.json) {
    io.stdout(`${JSON.stringify({ files: reports }, null, 2)}\n`);
  } else {
    for (const report of reports) printReport(report, io);
  }
  if (reports.some((report) => report.error !== undefined)) return ExitCode.error;
  return reports.some((report) => (report.findings?.length ?? 0) > 0) ? ExitCode.findings : ExitCode.ok;
}

function printReport(report: FileReport, io: CliIo): void {
  if (report.error !== undefined) {
    io.stderr(`${report.path}: ${l10n.t('error')}: ${report.error}\n`);
  } else if (report.skipped === 'binary') {
    io.stderr(`${report.path}: ${l10n.t('skipped (binary file)')}\n`);
  } else {
    for (const finding of report.findings ?? []) {
      io.stdout(`${report.path}:${finding.line}:${finding.column}: ${finding.kind} (${finding.category}, ${finding.rule}, ${l10n.t('confidence {0}', finding.confidence.toFixed(2))})\n`);
    }
  }
}

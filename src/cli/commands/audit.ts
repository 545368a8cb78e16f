import * as l10n from '@vscode/l10n';
import { type AuditLog, auditCsv } from '../../core/audit';
import { summariseUsage, type UsageSummary, type UsageTotals } from '../../core/cost';
import { describeError } from '../../core/errors';
import { type CliIo, ExitCode } from '../io';

export interface AuditFlags {
  auditFile: string | undefined;
  format: string | undefined;
  since: string | undefined;
  /** `audit verify --full`: every record, not only those after the last verified one. */
  full?: boolean;
}

/**
 * `ai-guard audit verify` (exit 0 intact, 1 broken, 2 error) and `ai-guard audit export
 * [--format csv|json] [--since DATE]`, on the CLI's audit log or `--audit-file`.
 */
export async function auditCommand(args: readonly string[], flags: AuditFlags, io: CliIo): Promise<number> {
  const [action] = args;
  if (!io.auditLog) {
    io.stderr(`ai-guard audit: ${l10n.t('no audit log is available here.')}\n`);
    return ExitCode.error;
  }
  const { log, path } = io.auditLog(flags.auditFile);
  try {
    if (action === 'verify') return await verify(log, path, io, flags.full === true);
    if (action === 'export') return await exportRecords(log, flags, io);
  } catch (error) {
    io.stderr(`ai-guard audit: ${describeError(error)}\n`);
    return ExitCode.error;
  }
  io.stderr(`ai-guard audit: ${l10n.t("expected 'verify' or 'export'.")}\n`);
  return ExitCode.error;
}

async function verify(log: AuditLog, path: string, io: CliIo, full: boolean): Promise<number> {
  const result = await log.verify({ full });
  if (result.ok) {
    io.stdout(`${l10n.t('{0}: {1} record(s), the chain is intact.', path, result.records)}\n`);
    if (result.from !== undefined) io.stdout(`${l10n.t('Checked from record {0}, after the last one verified (the file before it is unchanged); --full checks every record.', result.from + 1)}\n`);
    if (result.sealed) io.stdout(`${l10n.t("{0} of them authenticated with this installation's key, up to the head.", result.sealed)}\n`);
    for (const note of result.notes ?? []) io.stdout(`${note}.\n`);
    return ExitCode.ok;
  }
  io.stdout(`${l10n.t('{0}: the chain is broken at line {1}: {2}.', path, result.broken?.line ?? 0, result.broken?.reason ?? '')}\n`);
  return 1;
}

async function exportRecords(log: AuditLog, flags: AuditFlags, io: CliIo): Promise<number> {
  const format = flags.format ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    io.stderr(`ai-guard audit: ${l10n.t("--format is csv or json, not '{0}'.", format)}\n`);
    return ExitCode.error;
  }
  let since: number | undefined;
  if (flags.since !== undefined) {
    since = Date.parse(flags.since);
    if (Number.isNaN(since)) {
      io.stderr(`ai-guard audit: ${l10n.t("--since takes a date such as 2026-11-01, not '{0}'.", flags.since)}\n`);
      return ExitCode.error;
    }
  }
  const verification = await log.verify();
  if (!verification.ok)
    io.stderr(`ai-guard audit: ${l10n.t('warning: the chain is broken at line {0} ({1}); the export may not be trustworthy.', verification.broken?.line ?? 0, verification.broken?.reason ?? '')}\n`);
  const records = (await log.records()).filter((record) => since === undefined || Date.parse(String(record.time)) >= since);
  io.stdout(format === 'csv' ? auditCsv(records) : `${JSON.stringify({ records }, null, 2)}\n`);
  return ExitCode.ok;
}

/** `ai-guard usage [--json]`: this month's calls, tokens and cost, by provider, template and profile. */
export async function usageCommand(flags: { auditFile: string | undefined; json: boolean }, io: CliIo): Promise<number> {
  if (!io.auditLog) {
    io.stderr(`ai-guard usage: ${l10n.t('no audit log is available here.')}\n`);
    return ExitCode.error;
  }
  const { log } = io.auditLog(flags.auditFile);
  let summary: UsageSummary;
  try {
    summary = summariseUsage(await log.records(), new Date());
  } catch (error) {
    io.stderr(`ai-guard usage: ${describeError(error)}\n`);
    return ExitCode.error;
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return ExitCode.ok;
  }
  const currency = summary.currency ?? '';
  const line = (name: string, totals: UsageTotals) =>
    `  ${name.padEnd(24)} ${String(totals.calls).padStart(5)}  ${String(totals.inputTokens + totals.outputTokens).padStart(10)}  ${totals.cost.toFixed(2).padStart(9)} ${currency}\n`;
  io.stdout(`${l10n.t('AI use in {0}: {1} call(s), {2} blocked.', summary.month, summary.total.calls, summary.blocked)}\n`);
  if (summary.interrupted > 0) io.stdout(`${l10n.t('{0} call(s) were interrupted before their end was recorded; each counts at the cost it reserved.', summary.interrupted)}\n`);
  for (const [title, group] of [
    [l10n.t('By provider'), summary.byProvider],
    [l10n.t('By template'), summary.byTemplate],
    [l10n.t('By profile'), summary.byProfile],
  ] as const) {
    io.stdout(`${title}\n`);
    for (const [name, totals] of Object.entries(group)) io.stdout(line(name, totals));
  }
  io.stdout(line(l10n.t('Total'), summary.total));
  if (summary.cached > 0) io.stdout(`${l10n.t('{0} call(s) answered from the response cache saved {1} {2}.', summary.cached, summary.savedCost.toFixed(2), currency)}\n`);
  return ExitCode.ok;
}

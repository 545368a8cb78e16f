/** The columns of the CSV export, in order: what a client's auditor asks for. */
const COLUMNS = [
  'seq',
  'time',
  'type',
  'outcome',
  'detail',
  'template',
  'templateVersion',
  'approval',
  'provider',
  'model',
  'levels',
  'clients',
  'redactions',
  'inputTokens',
  'outputTokens',
  'durationMs',
  'promptSha256',
  'answerSha256',
] as const;

/** One record as a CSV row (RFC 4180 quoting); nested values flattened to readable text. */
function row(record: Record<string, unknown>): string[] {
  const template = (record.template ?? {}) as { id?: string; version?: string; approval?: string };
  const provider = (record.provider ?? {}) as { id?: string; model?: string };
  const tokens = (record.tokens ?? {}) as { input?: number; output?: number };
  const redactions = Object.entries((record.redactions ?? {}) as Record<string, number>)
    .map(([kind, count]) => `${kind}:${count}`)
    .join(' ');
  const values: Record<(typeof COLUMNS)[number], unknown> = {
    seq: record.seq,
    time: record.time,
    type: record.type,
    outcome: record.outcome,
    detail: record.detail ?? record.reason,
    template: template.id,
    templateVersion: template.version,
    approval: template.approval,
    provider: provider.id,
    model: provider.model,
    levels: Array.isArray(record.levels) ? record.levels.join(' ') : undefined,
    clients: Array.isArray(record.clients) ? record.clients.join(' ') : undefined,
    redactions,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    durationMs: record.durationMs,
    promptSha256: record.promptSha256,
    answerSha256: record.answerSha256,
  };
  return COLUMNS.map((column) => quote(values[column] === undefined || values[column] === null ? '' : String(values[column])));
}

function quote(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it with a quote.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(records: ReadonlyArray<Record<string, unknown>>): string {
  return `${[COLUMNS.join(','), ...records.map((record) => row(record).join(','))].join('\r\n')}\r\n`;
}

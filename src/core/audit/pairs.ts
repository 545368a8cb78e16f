/** The envelope fields of a record, which belong to its line rather than to the call it describes. */
const ENVELOPE = new Set(['v', 'seq', 'prev', 'type', 'time']);

/**
 * The records as people and the budgets read them: each `attempt` merged with its `completion`
 * into one `call` (the attempt's `seq` and `time`, the completion's outcome, usage and cost, and
 * `completedAt`); an attempt with no completion is a `call` whose outcome is `interrupted` and whose
 * cost is what it reserved, since the provider may have answered in full. A completion whose
 * attempt is gone (pruned by retention) is kept as it is; other records pass unchanged.
 */
export function pairRecords(records: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const completions = new Map<string, Record<string, unknown>>();
  const attempts = new Set<string>();
  for (const record of records) {
    if (typeof record.call !== 'string') continue;
    if (record.type === 'completion' && !completions.has(record.call)) completions.set(record.call, record);
    if (record.type === 'attempt') attempts.add(record.call);
  }
  const paired: Array<Record<string, unknown>> = [];
  for (const record of records) {
    const id = typeof record.call === 'string' ? record.call : undefined;
    if (record.type === 'completion' && id !== undefined && attempts.has(id)) continue;
    if (record.type !== 'attempt' || id === undefined) {
      paired.push(record);
      continue;
    }
    const completion = completions.get(id);
    if (completion === undefined) {
      paired.push({ ...record, type: 'call', outcome: 'interrupted', ...(record.reserved !== undefined ? { cost: record.reserved } : {}) });
      continue;
    }
    const fields = Object.fromEntries(Object.entries(completion).filter(([key]) => !ENVELOPE.has(key)));
    paired.push({ ...record, ...fields, type: 'call', seq: record.seq, time: record.time, completedAt: completion.time });
  }
  return paired;
}

import type { CallRecord } from '../../src/core/pipeline';

/** A call record as the pipeline leaves it, with the given parts replaced. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    time: '2026-11-02T10:00:00.000Z',
    template: { id: 'code-review', version: '1.2.0', sha256: 'a'.repeat(64), approval: 'built-in', profile: 'dev' },
    provider: { id: 'azure-eu', kind: 'azure-openai', model: 'gpt-4o' },
    levels: ['confidential'],
    clients: ['acme'],
    redactions: { 'aws-secret-access-key': 2, 'github-token': 1, email: 3, ipv4: 1, 'client-name': 4 },
    previewShown: false,
    tokens: { input: 1_500, output: 300, estimated: false },
    cost: { amount: 0.02, currency: 'EUR', estimated: false, priced: true },
    durationMs: 2_300,
    outcome: 'ok',
    promptSha256: 'b'.repeat(64),
    answerSha256: 'c'.repeat(64),
    ...overrides,
  };
}

/** `record` without the optional fields named (a call that used no tokens, cost nothing…). */
export function without<K extends keyof CallRecord>(record: CallRecord, ...keys: Array<K & { [P in keyof CallRecord]-?: undefined extends CallRecord[P] ? P : never }[keyof CallRecord]>): CallRecord {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

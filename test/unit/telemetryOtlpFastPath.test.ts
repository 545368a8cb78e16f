import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LogRecordSchema, plainRecord } from '../../src/core/telemetry/otlp';

/**
 * The collector reads a plainly well-formed log record without zod (half its time per event
 * went there); it must never accept what the schema refuses, nor read it differently.
 */

const anyValue = fc.oneof(
  fc.record({ stringValue: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }, { requiredKeys: [] }),
  fc.record({ intValue: fc.oneof(fc.stringMatching(/^-?\d{1,21}$/), fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 60)) }),
  fc.record({ doubleValue: fc.oneof(fc.double(), fc.string(), fc.boolean()) }),
  fc.record({ boolValue: fc.oneof(fc.boolean(), fc.string(), fc.integer()) }),
  fc.record({ stringValue: fc.string(), intValue: fc.integer(), extra: fc.anything() }),
  fc.anything(),
);
const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'aiguard.__proto__.x', 'event.name', 'aiguard.template', 'log.record.uid'), fc.string({ maxLength: 300 }), fc.integer());
const keyValue = fc.oneof(fc.record({ key, value: anyValue }, { requiredKeys: ['key'] }), fc.anything());
const time = fc.oneof(fc.stringMatching(/^\d{1,22}$/), fc.nat(), fc.integer(), fc.double(), fc.string(), fc.constant(undefined));
const record = fc.oneof(
  fc.record(
    {
      timeUnixNano: time,
      observedTimeUnixNano: time,
      eventName: fc.oneof(fc.string(), fc.integer()),
      attributes: fc.oneof(fc.array(keyValue, { maxLength: 140 }), fc.anything()),
      body: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

function read(data: { attributes?: Array<{ key: string; value?: Record<string, unknown> | undefined }> | undefined }): unknown[] {
  return (data.attributes ?? []).map(({ key: k, value }) => [k, value?.stringValue, value?.intValue, value?.doubleValue, value?.boolValue]);
}

describe('telemetry: OTLP log records read without the schema', () => {
  it('accepts only what the schema accepts, and reads the same fields and attributes', () => {
    let fast = 0;
    fc.assert(
      fc.property(record, (raw) => {
        const plain = plainRecord(raw);
        if (plain === undefined) return;
        fast += 1;
        const parsed = LogRecordSchema.safeParse(raw);
        assert.ok(parsed.success, `read without the schema, refused by it: ${JSON.stringify(raw)}`);
        assert.deepEqual(
          [plain.timeUnixNano, plain.observedTimeUnixNano, plain.eventName, read(plain)],
          [parsed.data.timeUnixNano, parsed.data.observedTimeUnixNano, parsed.data.eventName, read(parsed.data)],
        );
      }),
      { numRuns: 3000 },
    );
    assert.ok(fast > 100, `the generator must produce well-formed records too (${fast})`);
  });

  it('leaves a record with a key of 257 characters, 129 attributes or an unsafe integer to the schema', () => {
    const ok = { key: 'aiguard.template', value: { stringValue: 'refactor' } };
    assert.notEqual(plainRecord({ timeUnixNano: '1', attributes: [ok] }), undefined);
    assert.equal(plainRecord({ timeUnixNano: '1', attributes: [{ key: 'k'.repeat(257), value: { stringValue: 'x' } }] }), undefined);
    assert.equal(plainRecord({ timeUnixNano: '1', attributes: Array.from({ length: 129 }, () => ok) }), undefined);
    assert.equal(plainRecord({ timeUnixNano: '1', attributes: [{ key: 'n', value: { intValue: 2 ** 60 } }] }), undefined);
    assert.equal(plainRecord({ timeUnixNano: -1 }), undefined);
    assert.equal(plainRecord([]), undefined);
  });
});

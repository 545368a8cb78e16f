import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { TELEMETRY_EVENT_NAMES, TelemetryEventSchema, TelemetryResourceSchema } from '../../src/core/telemetry';
import { repoRoot } from '../support/repo';

/** The fields of an object schema, nested objects flattened as `outer.inner` (as the OTLP attributes are). */
function fieldsOf(shape: Record<string, z.ZodMiniType>, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const inner = (schema as unknown as { _zod: { def: { type: string; innerType?: { _zod: { def: { shape?: Record<string, z.ZodMiniType> } } }; shape?: Record<string, z.ZodMiniType> } } })._zod.def;
    const nested = inner.type === 'object' ? inner.shape : inner.type === 'optional' ? inner.innerType?._zod.def.shape : undefined;
    return nested ? fieldsOf(nested, `${prefix}${key}.`) : [`${prefix}${key}`];
  });
}

const ClassifiedField = z.strictObject({
  classification: z.enum(['SystemMetaData', 'EndUserPseudonymizedInformation', 'CallstackOrException', 'PublicNonPersonalData']),
  purpose: z.enum(['FeatureInsight', 'BusinessInsight', 'PerformanceAndHealth']),
  comment: z.string().check(z.minLength(10)),
  isMeasurement: z.optional(z.literal(true)),
});

describe('telemetry.json', () => {
  const documented = JSON.parse(readFileSync(join(repoRoot, 'telemetry.json'), 'utf8')) as { events: Record<string, Record<string, unknown>>; commonProperties: Record<string, unknown> };

  it('documents exactly the events of the schema, and each field the schema allows', () => {
    const options = (TelemetryEventSchema as unknown as { _zod: { def: { options: Array<{ shape: Record<string, z.ZodMiniType> }> } } })._zod.def.options;
    const fromSchema = Object.fromEntries(
      options.map((option) => {
        const name = (option.shape.name as unknown as { _zod: { def: { values: string[] } } })._zod.def.values[0] as string;
        return [
          name,
          fieldsOf(option.shape)
            .filter((field) => field !== 'name')
            .sort(),
        ];
      }),
    );
    assert.deepEqual(Object.keys(fromSchema).sort(), [...TELEMETRY_EVENT_NAMES].sort());
    assert.deepEqual(Object.keys(documented.events).sort(), [...TELEMETRY_EVENT_NAMES].sort());
    for (const [name, fields] of Object.entries(fromSchema)) {
      const event = documented.events[name] as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(event)
          .filter((key) => key !== 'owner' && key !== 'comment')
          .sort(),
        fields,
        name,
      );
      assert.equal(typeof event.owner, 'string');
      assert.ok(typeof event.comment === 'string' && event.comment.length > 20, `${name} says why it is sent`);
      for (const field of fields) assert.ok(ClassifiedField.safeParse(event[field]).success, `${name}.${field} has a classification, a purpose and a comment`);
    }
  });

  it('documents exactly the common properties (the OTLP resource)', () => {
    assert.deepEqual(Object.keys(documented.commonProperties).sort(), Object.keys(TelemetryResourceSchema.shape).sort());
    for (const [key, value] of Object.entries(documented.commonProperties)) assert.ok(ClassifiedField.safeParse(value).success, key);
  });

  it('ships in the .vsix', () => {
    assert.match(readFileSync(join(repoRoot, '.vscodeignore'), 'utf8'), /^!telemetry\.json$/m);
  });
});

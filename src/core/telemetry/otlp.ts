import * as z from 'zod/mini';
import { type TelemetryEvent, TelemetryEventSchema, type TelemetryResource, TelemetryResourceSchema } from './events';

/**
 * The telemetry's wire format: OpenTelemetry OTLP/HTTP with JSON encoding (a logs export
 * request, `POST …/v1/logs`), so that any OpenTelemetry Collector can receive it. One module
 * encodes (the extension) and decodes (the reference collector), so the two cannot drift.
 *
 * Mapping:
 * - the resource carries `service.name` (`etech-ai-guard`), `service.version` (the extension's
 *   version), `service.instance.id` (the random installation id) and `aiguard.team`,
 *   `aiguard.editor.name`, `aiguard.editor.version`;
 * - each event is one log record whose `eventName` (and `event.name` attribute, for receivers
 *   older than OTLP 1.5) is the event's name, whose body is that name too, and whose other
 *   fields are attributes prefixed `aiguard.` (the redaction counts as `aiguard.redactions.<category>`).
 * Integers are encoded as strings, as protobuf's JSON mapping does for int64; both forms decode.
 */

export const SERVICE_NAME = 'etech-ai-guard';
const PREFIX = 'aiguard.';
/**
 * The OpenTelemetry attribute that identifies one log record (semantic conventions,
 * `log.record.uid`): the outbox's random id of the event, the same on every retry, so the
 * collector stores a retried event once and two events of the same millisecond twice.
 */
export const RECORD_UID_ATTRIBUTE = 'log.record.uid';

/** One event as it is queued and sent: when it happened, and what it says. */
export interface TimedEvent {
  /** Milliseconds since the epoch. */
  time: number;
  event: TelemetryEvent;
  /**
   * The event's random id (the outbox's), sent as `log.record.uid` so that a retried event is
   * stored once and two events of the same millisecond twice.
   */
  id?: string;
}

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean } | { doubleValue: number };
interface KeyValue {
  key: string;
  value: AnyValue;
}

function valueOf(value: string | number | boolean): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

function attributesOf(entries: Record<string, string | number | boolean | undefined>): KeyValue[] {
  const attributes: KeyValue[] = [];
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) attributes.push({ key, value: valueOf(value) });
  return attributes;
}

/** Nanoseconds since the epoch as OTLP's JSON wants them: a decimal string. */
function nanos(ms: number): string {
  return `${BigInt(Math.round(ms)) * 1_000_000n}`;
}

/** The OTLP/HTTP JSON body (an `ExportLogsServiceRequest`) for a batch of one installation's events. */
export function encodeOtlpLogs(resource: TelemetryResource, events: readonly TimedEvent[], observedAt: number = Date.now()): object {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: attributesOf({
            'service.name': SERVICE_NAME,
            'service.version': resource.extensionVersion,
            'service.instance.id': resource.installationId,
            'aiguard.team': resource.team,
            'aiguard.editor.name': resource.editor,
            'aiguard.editor.version': resource.editorVersion,
          }),
        },
        scopeLogs: [
          {
            scope: { name: SERVICE_NAME, version: resource.extensionVersion },
            logRecords: events.map(({ time, event, id }) => ({
              timeUnixNano: nanos(time),
              observedTimeUnixNano: nanos(observedAt),
              severityNumber: 9,
              severityText: 'INFO',
              eventName: event.name,
              body: { stringValue: event.name },
              attributes: [
                { key: 'event.name', value: { stringValue: event.name } },
                ...(id === undefined ? [] : [{ key: RECORD_UID_ATTRIBUTE, value: { stringValue: id } }]),
                ...eventAttributes(event),
              ],
            })),
          },
        ],
      },
    ],
  };
}

function eventAttributes(event: TelemetryEvent): KeyValue[] {
  const flat = Object.create(null) as Record<string, string | number | boolean | undefined>;
  for (const [key, value] of Object.entries(event)) {
    if (key === 'name') continue;
    if (value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value as Record<string, number>)) flat[`${PREFIX}${key}.${inner}`] = innerValue;
    } else {
      flat[`${PREFIX}${key}`] = value as string | number | boolean | undefined;
    }
  }
  return attributesOf(flat);
}

// Decoding: the envelope is checked loosely and only for its structure (OTLP allows fields we do
// not use, and one malformed record must not fail the others); each record, then its event and
// its resource, are checked on their own, the event and the resource strictly against the event
// schemas. Nothing is ever keyed by a client's string in a plain object: attributes go into Maps
// and candidates into objects without a prototype, so `__proto__` is a key like any other.

const AnyValueSchema = z.object({
  stringValue: z.optional(z.string()),
  intValue: z.optional(z.union([z.string().check(z.regex(/^-?\d{1,19}$/)), z.number().check(z.int())])),
  doubleValue: z.optional(z.number()),
  boolValue: z.optional(z.boolean()),
});
const KeyValueSchema = z.object({ key: z.string().check(z.maxLength(256)), value: z.optional(AnyValueSchema) });
const AttributesSchema = z.optional(z.array(KeyValueSchema).check(z.maxLength(128)));
const TimeSchema = z.optional(z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.number().check(z.int(), z.minimum(0))]));
export const LogRecordSchema = z.object({
  timeUnixNano: TimeSchema,
  observedTimeUnixNano: TimeSchema,
  eventName: z.optional(z.string()),
  attributes: AttributesSchema,
});

/**
 * An `ExportLogsServiceRequest` in OTLP's JSON encoding, as far as its structure goes; an empty
 * request (`{}`) is valid and holds nothing. Resources and records are checked one by one when
 * decoding.
 */
export const OtlpLogsRequestSchema = z.object({
  resourceLogs: z.optional(
    z.array(
      z.object({
        resource: z.optional(z.object({ attributes: z.optional(z.unknown()) })),
        scopeLogs: z.optional(z.array(z.object({ logRecords: z.optional(z.array(z.unknown())) }))),
      }),
    ),
  ),
});
export type OtlpLogsRequest = z.infer<typeof OtlpLogsRequestSchema>;

/** One decoded event with the installation it came from. */
export interface DecodedEvent extends TimedEvent {
  resource: TelemetryResource;
  /** The record's `log.record.uid`, when the sender gave one (the extension always does). */
  uid?: string;
}

/** A record that was refused, with the reason (record index counted across the whole request). */
export interface RejectedRecord {
  index: number;
  message: string;
}

export interface DecodedLogs {
  events: DecodedEvent[];
  rejected: RejectedRecord[];
}

/** The number of log records a request holds, counted without checking them. */
export function countLogRecords(request: OtlpLogsRequest): number {
  let count = 0;
  for (const resourceLogs of request.resourceLogs ?? []) for (const scope of resourceLogs.scopeLogs ?? []) count += scope.logRecords?.length ?? 0;
  return count;
}

function plain(value: z.infer<typeof AnyValueSchema> | undefined): string | number | boolean | undefined {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.boolValue;
}

function mapOf(attributes: z.infer<typeof AttributesSchema>): Map<string, string | number | boolean | undefined> {
  return new Map((attributes ?? []).map((attribute) => [attribute.key, plain(attribute.value)]));
}

function issueText(error: z.core.$ZodError): string {
  return error.issues.map((issue) => describeIssue(issue)).join('; ');
}

/**
 * A zod issue in words, with where it is. zod/mini has no messages of its own (it says "Invalid
 * input" for everything, see ARCHITECTURE.md), and a sender needs to know what was expected.
 */
export function describeIssue(issue: z.core.$ZodIssue, root = '(record)'): string {
  return `${issue.path.length ? issue.path.join('.') : root}: ${issueWords(issue)}`;
}

/** What is wrong with the value, without where it is. */
export function issueWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // `input` is there only when the parse asked for it (`reportInput`); it is never printed.
      return 'input' in issue && issue.input === undefined ? 'is required' : `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union': {
      // A discriminated union names its options (the event names) on the issue, untyped.
      const options = (issue as { options?: unknown }).options;
      return Array.isArray(options) ? `expected one of ${options.map((value) => JSON.stringify(value)).join(', ')}` : 'matches none of the expected forms';
    }
    case 'too_small':
      return issue.origin === 'number' ? `must be at least ${issue.minimum}` : `is too short (at least ${issue.minimum})`;
    case 'too_big':
      return issue.origin === 'number' ? `must be at most ${issue.maximum}` : `is too long (at most ${issue.maximum})`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue ? `does not match ${String(issue.pattern)}` : `is not a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `unexpected ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** A dictionary without a prototype: any key a client sends is an own, inert property. */
function dictionary(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function resourceOf(raw: unknown): { resource: TelemetryResource } | { error: string } {
  const attributes = AttributesSchema.safeParse(raw, { reportInput: true });
  if (!attributes.success) return { error: `resource attributes: ${issueText(attributes.error)}` };
  const map = mapOf(attributes.data);
  if (map.get('service.name') !== SERVICE_NAME) return { error: `the resource's service.name is not '${SERVICE_NAME}'` };
  const candidate = dictionary();
  candidate.installationId = map.get('service.instance.id');
  candidate.extensionVersion = map.get('service.version');
  candidate.editor = map.get('aiguard.editor.name');
  candidate.editorVersion = map.get('aiguard.editor.version');
  if (map.get('aiguard.team') !== undefined) candidate.team = map.get('aiguard.team');
  const parsed = TelemetryResourceSchema.safeParse(candidate, { reportInput: true });
  return parsed.success ? { resource: parsed.data } : { error: `resource: ${issueText(parsed.error)}` };
}

/**
 * The fields each event may carry, from the event schemas: a field's inner keys when it is an
 * object (the redaction counts), `true` otherwise. Attributes outside these are ignored, so a
 * newer extension's record is still stored by an older collector, and what is not known here
 * (a prompt's text, should a tool send one) is dropped, never stored.
 */
const KNOWN_FIELDS: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string> | true>> = new Map(
  TelemetryEventSchema._zod.def.options.map((option) => {
    const fields = new Map<string, ReadonlySet<string> | true>();
    for (const [field, schema] of Object.entries(option._zod.def.shape as Record<string, z.core.$ZodType>)) {
      const def = schema._zod.def as { type: string; shape?: Record<string, unknown> };
      fields.set(field, def.type === 'object' && def.shape !== undefined ? new Set(Object.keys(def.shape)) : true);
    }
    const name = (option._zod.def.shape.name._zod.def as { values: string[] }).values[0] ?? '';
    return [name, fields] as const;
  }),
);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const INT_STRING = /^-?\d{1,19}$/;
const TIME_STRING = /^\d{1,20}$/;
const isTime = (value: unknown) => value === undefined || (typeof value === 'string' ? TIME_STRING.test(value) : Number.isSafeInteger(value) && (value as number) >= 0);

function isKeyValue(entry: unknown): boolean {
  if (!isObject(entry) || typeof entry.key !== 'string' || entry.key.length > 256) return false;
  const value = entry.value;
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  const { stringValue, intValue, doubleValue, boolValue } = value;
  return (
    (stringValue === undefined || typeof stringValue === 'string') &&
    (intValue === undefined || (typeof intValue === 'string' ? INT_STRING.test(intValue) : Number.isSafeInteger(intValue))) &&
    (doubleValue === undefined || Number.isFinite(doubleValue)) &&
    (boolValue === undefined || typeof boolValue === 'boolean')
  );
}

/**
 * A log record that is plainly well-formed (what every sender sends), read without zod's cost:
 * half of the collector's time per event went to checking each attribute's object through the
 * schema. The checks are `LogRecordSchema`'s, or stricter; for any other record this answers
 * undefined and the schema checks it, so what is accepted, and the message for what is not,
 * stay the schema's. Only the fields the schema keeps are read (`mapOf` and `plain` read the
 * attributes' `key` and four value fields, nothing else).
 */
export function plainRecord(raw: unknown): z.infer<typeof LogRecordSchema> | undefined {
  if (!isObject(raw)) return undefined;
  const { timeUnixNano, observedTimeUnixNano, eventName, attributes } = raw;
  if (!isTime(timeUnixNano) || !isTime(observedTimeUnixNano) || (eventName !== undefined && typeof eventName !== 'string')) return undefined;
  if (attributes !== undefined && (!Array.isArray(attributes) || attributes.length > 128 || !attributes.every(isKeyValue))) return undefined;
  return { timeUnixNano, observedTimeUnixNano, eventName, attributes } as z.infer<typeof LogRecordSchema>;
}

function eventOf(raw: unknown): { event: TimedEvent; uid: string | undefined } | { error: string } {
  let data = plainRecord(raw);
  if (data === undefined) {
    const record = LogRecordSchema.safeParse(raw, { reportInput: true });
    if (!record.success) return { error: issueText(record.error) };
    data = record.data;
  }
  const map = mapOf(data.attributes);
  const name = data.eventName ?? map.get('event.name');
  const known = typeof name === 'string' ? KNOWN_FIELDS.get(name) : undefined;
  if (known === undefined) return { error: `${typeof name === 'string' ? 'the event name' : 'event.name'} is not one of AI Guard's events` };
  const candidate = dictionary();
  candidate.name = name;
  for (const [key, value] of map) {
    if (!key.startsWith(PREFIX)) continue;
    const [field = '', inner, ...deeper] = key.slice(PREFIX.length).split('.');
    const fieldKind = known.get(field);
    if (fieldKind === undefined || field === 'name' || deeper.length > 0) continue;
    if (fieldKind === true) {
      if (inner === undefined) candidate[field] = value;
      continue;
    }
    if (inner === undefined || !fieldKind.has(inner)) continue;
    const nested = (candidate[field] ?? (candidate[field] = dictionary())) as Record<string, unknown>;
    nested[inner] = value;
  }
  const parsed = TelemetryEventSchema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) return { error: `${name}: ${issueText(parsed.error)}` };
  const time = data.timeUnixNano !== undefined ? Number(BigInt(data.timeUnixNano) / 1_000_000n) : undefined;
  if (time === undefined || time <= 0) return { error: 'timeUnixNano is missing' };
  const uid = map.get(RECORD_UID_ATTRIBUTE);
  return { event: { time, event: parsed.data }, uid: typeof uid === 'string' && uid.length > 0 && uid.length <= 64 ? uid : undefined };
}

/**
 * The events of an OTLP/HTTP JSON logs request that passed the envelope's schema. Records that
 * are not valid AI Guard events (another service's logs, a malformed record) are returned in
 * `rejected` (the collector reports them as a partial success, as OTLP specifies), never
 * stored half-read.
 */
export function decodeOtlpLogs(request: OtlpLogsRequest): DecodedLogs {
  const events: DecodedEvent[] = [];
  const rejected: RejectedRecord[] = [];
  let index = 0;
  for (const resourceLogs of request.resourceLogs ?? []) {
    const records = (resourceLogs.scopeLogs ?? []).flatMap((scope) => scope.logRecords ?? []);
    if (records.length === 0) continue;
    const resource = resourceOf(resourceLogs.resource?.attributes);
    for (const record of records) {
      if ('error' in resource) rejected.push({ index, message: resource.error });
      else {
        const decoded = eventOf(record);
        if ('error' in decoded) rejected.push({ index, message: decoded.error });
        else events.push({ ...decoded.event, resource: resource.resource, ...(decoded.uid === undefined ? {} : { uid: decoded.uid }) });
      }
      index += 1;
    }
  }
  return { events, rejected };
}

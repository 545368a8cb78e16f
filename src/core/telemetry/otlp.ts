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

/** One event as it is queued and sent: when it happened, and what it says. */
export interface TimedEvent {
  /** Milliseconds since the epoch. */
  time: number;
  event: TelemetryEvent;
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
            logRecords: events.map(({ time, event }) => ({
              timeUnixNano: nanos(time),
              observedTimeUnixNano: nanos(observedAt),
              severityNumber: 9,
              severityText: 'INFO',
              eventName: event.name,
              body: { stringValue: event.name },
              attributes: [{ key: 'event.name', value: { stringValue: event.name } }, ...eventAttributes(event)],
            })),
          },
        ],
      },
    ],
  };
}

function eventAttributes(event: TelemetryEvent): KeyValue[] {
  const flat: Record<string, string | number | boolean | undefined> = {};
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

// Decoding: the envelope is checked loosely (OTLP allows fields we do not use); each record's
// event and each resource are then checked strictly against the event schemas.

const AnyValueSchema = z.object({
  stringValue: z.optional(z.string()),
  intValue: z.optional(z.union([z.string().check(z.regex(/^-?\d{1,19}$/)), z.number().check(z.int())])),
  doubleValue: z.optional(z.number()),
  boolValue: z.optional(z.boolean()),
});
const KeyValueSchema = z.object({ key: z.string().check(z.maxLength(256)), value: z.optional(AnyValueSchema) });
const AttributesSchema = z.optional(z.array(KeyValueSchema).check(z.maxLength(128)));
const TimeSchema = z.optional(z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.number().check(z.int(), z.minimum(0))]));
const LogRecordSchema = z.object({
  timeUnixNano: TimeSchema,
  observedTimeUnixNano: TimeSchema,
  eventName: z.optional(z.string()),
  attributes: AttributesSchema,
});

/** An `ExportLogsServiceRequest` in OTLP's JSON encoding, as far as the collector reads it. */
export const OtlpLogsRequestSchema = z.object({
  resourceLogs: z.array(
    z.object({
      resource: z.optional(z.object({ attributes: AttributesSchema })),
      scopeLogs: z.optional(z.array(z.object({ logRecords: z.optional(z.array(LogRecordSchema)) }))),
    }),
  ),
});
export type OtlpLogsRequest = z.infer<typeof OtlpLogsRequestSchema>;

/** One decoded event with the installation it came from. */
export interface DecodedEvent extends TimedEvent {
  resource: TelemetryResource;
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

function resourceOf(attributes: z.infer<typeof AttributesSchema>): { resource: TelemetryResource } | { error: string } {
  const map = mapOf(attributes);
  if (map.get('service.name') !== SERVICE_NAME) return { error: `the resource's service.name is not '${SERVICE_NAME}'` };
  const candidate: Record<string, unknown> = {
    installationId: map.get('service.instance.id'),
    extensionVersion: map.get('service.version'),
    editor: map.get('aiguard.editor.name'),
    editorVersion: map.get('aiguard.editor.version'),
  };
  if (map.get('aiguard.team') !== undefined) candidate.team = map.get('aiguard.team');
  const parsed = TelemetryResourceSchema.safeParse(candidate, { reportInput: true });
  return parsed.success ? { resource: parsed.data } : { error: `resource: ${issueText(parsed.error)}` };
}

function eventOf(record: z.infer<typeof LogRecordSchema>): { event: TimedEvent } | { error: string } {
  const map = mapOf(record.attributes);
  const name = record.eventName ?? map.get('event.name');
  const candidate: Record<string, unknown> = { name };
  for (const [key, value] of map) {
    if (!key.startsWith(PREFIX)) continue;
    const path = key.slice(PREFIX.length).split('.');
    if (path.length === 1 && path[0]) candidate[path[0]] = value;
    else if (path.length === 2 && path[0] && path[1]) {
      const inner = (candidate[path[0]] ??= {}) as Record<string, unknown>;
      if (typeof inner !== 'object') return { error: `attribute ${key} conflicts with ${PREFIX}${path[0]}` };
      inner[path[1]] = value;
    } else return { error: `unexpected attribute ${key}` };
  }
  const parsed = TelemetryEventSchema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) return { error: `${typeof name === 'string' ? name : 'event'}: ${issueText(parsed.error)}` };
  const time = record.timeUnixNano !== undefined ? Number(BigInt(record.timeUnixNano) / 1_000_000n) : undefined;
  if (time === undefined || time <= 0) return { error: 'timeUnixNano is missing' };
  return { event: { time, event: parsed.data } };
}

/**
 * The events of an OTLP/HTTP JSON logs request that passed the envelope's schema. Records that
 * are not valid AI Guard events are returned in `rejected` (the collector reports them as a
 * partial success, as OTLP specifies), never stored half-read.
 */
export function decodeOtlpLogs(request: OtlpLogsRequest): DecodedLogs {
  const events: DecodedEvent[] = [];
  const rejected: RejectedRecord[] = [];
  let index = 0;
  for (const resourceLogs of request.resourceLogs) {
    const records = (resourceLogs.scopeLogs ?? []).flatMap((scope) => scope.logRecords ?? []);
    const resource = resourceOf(resourceLogs.resource?.attributes);
    for (const record of records) {
      if ('error' in resource) rejected.push({ index, message: resource.error });
      else {
        const decoded = eventOf(record);
        if ('error' in decoded) rejected.push({ index, message: decoded.error });
        else events.push({ ...decoded.event, resource: resource.resource });
      }
      index += 1;
    }
  }
  return { events, rejected };
}

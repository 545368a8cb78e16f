import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { decodeOtlpLogs, type DecodedEvent, type OtlpLogsRequest, RECORD_UID_ATTRIBUTE, SERVICE_NAME } from '../../core/telemetry';
import type { IdentityKeys } from './identity';
import { type MappingContext, signalsOfAiGuardEvent, signalsOfHookDecision, signalsOfPoint, signalsOfRecord, teamOf, type ToolSignal } from './mapping';
import { attributeMap, metricPoints, type OtlpMetricsRequest } from './otlpMetrics';
import { type Tool, toolOfAttribute, toolOfName, toolOfService } from './tools';

/**
 * What one OTLP request gives the store: AI Guard's own events (validated strictly against the
 * event schemas, as before), every tool's signals, and the records or points that could not be
 * used (counted in the partial success; they never fail the others). Records of a service that
 * is none of the known tools are refused; a known tool's metric or event that the mapping does
 * not use is accepted and ignored, as are attributes it does not read.
 */

export interface Ingested {
  events: DecodedEvent[];
  /** The installation ids of `events` that are enrolled (and so count towards k). */
  enrolled: ReadonlySet<string>;
  signals: ToolSignal[];
  rejected: number;
  /** The first problem, for the partial success's message. */
  firstProblem: string | undefined;
}

const PROMPT_TEXT_KEYS = ['prompt', 'gen_ai.prompt', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions'];

const RawRecordSchema = z.object({
  timeUnixNano: z.optional(z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.number().check(z.int(), z.minimum(0))])),
  observedTimeUnixNano: z.optional(z.union([z.string().check(z.regex(/^\d{1,20}$/)), z.number().check(z.int(), z.minimum(0))])),
  eventName: z.optional(z.string().check(z.maxLength(256))),
  body: z.optional(z.object({ stringValue: z.optional(z.string()) })),
  attributes: z.optional(z.unknown()),
});

const ms = (nanos: string | number | undefined): number | undefined => {
  if (nanos === undefined) return undefined;
  const value = Number(BigInt(nanos) / 1_000_000n);
  return value > 0 ? value : undefined;
};

function digest(...parts: ReadonlyArray<string | number>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}

/** The event a record of another tool is: its name, with the tool's prefix when the tool left it out. */
function eventName(tool: Tool, record: z.infer<typeof RawRecordSchema>, attributes: ReadonlyMap<string, unknown>): string | undefined {
  const raw = record.eventName ?? attributes.get('event.name') ?? record.body?.stringValue;
  if (typeof raw !== 'string' || raw === '') return undefined;
  const prefix = tool === 'claude-code' ? 'claude_code.' : tool === 'gemini-cli' ? 'gemini_cli.' : undefined;
  return prefix !== undefined && !raw.includes('.') ? `${prefix}${raw}` : raw;
}

export function ingestLogs(request: OtlpLogsRequest, context: MappingContext): Ingested {
  const result: Ingested = { events: [], enrolled: new Set(), signals: [], rejected: 0, firstProblem: undefined };
  const enrolled = result.enrolled as Set<string>;
  const reject = (index: number, message: string) => {
    result.rejected += 1;
    result.firstProblem ??= `record ${index}: ${message}`;
  };
  let index = 0;
  for (const resourceLogs of request.resourceLogs ?? []) {
    const records = (resourceLogs.scopeLogs ?? []).flatMap((scope) => scope.logRecords ?? []);
    if (records.length === 0) continue;
    const first = index;
    index += records.length;
    const resource = attributeMap(resourceLogs.resource?.attributes);
    const service = resource.get('service.name');
    if (service === SERVICE_NAME) {
      aiGuardRecords(resourceLogs, records, first);
      continue;
    }
    const tool = toolOfService(service);
    records.forEach((raw, i) => {
      const record = RawRecordSchema.safeParse(raw);
      const attributes = attributeMap(record.success ? record.data.attributes : undefined);
      const named = record.success ? eventName(tool ?? 'other', record.data, attributes) : undefined;
      const recordTool = tool ?? (named === undefined ? undefined : toolOfName(named));
      if (!record.success) return reject(first + i, 'the log record is malformed');
      if (recordTool === undefined || recordTool === 'ai-guard')
        return reject(
          first + i,
          `the resource's service.name ${typeof service === 'string' ? `'${service}' ` : ''}is none of the AI tools this collector reads (claude-code, copilot-chat, gemini-cli, ${SERVICE_NAME})`,
        );
      const time = ms(record.data.timeUnixNano) ?? ms(record.data.observedTimeUnixNano);
      if (named === undefined || time === undefined) return reject(first + i, named === undefined ? 'the event has no name' : 'the event has no time');
      for (const key of PROMPT_TEXT_KEYS) attributes.delete(key);
      result.signals.push(...signalsOfRecord(context, recordTool, resource, { index: first + i, name: named, time, attributes }));
    });
  }
  return result;

  /** AI Guard's records: its events through the strict schemas; hook decisions for other tools. */
  function aiGuardRecords(resourceLogs: NonNullable<OtlpLogsRequest['resourceLogs']>[number], records: unknown[], first: number): void {
    const decoded = decodeOtlpLogs({ resourceLogs: [resourceLogs] });
    const refused = new Map(decoded.rejected.map((entry) => [entry.index, entry.message]));
    const resource = attributeMap(resourceLogs.resource?.attributes);
    const installation = resource.get('service.instance.id');
    const isEnrolled = context.keys.isEnrolled(installation);
    let next = 0;
    records.forEach((raw, i) => {
      const message = refused.get(i);
      if (message === undefined) {
        const event = decoded.events[next++] as DecodedEvent;
        result.events.push(event);
        if (isEnrolled) enrolled.add(event.resource.installationId);
        // The store rolls AI Guard's own events up per tool (tool `ai-guard`) from the events it
        // stores, once each: only a decision about another tool is a signal of that tool too.
        const tool = toolOfAttribute(event.event.tool);
        if (tool === 'ai-guard') return;
        const uid = event.uid ?? digest(event.time, JSON.stringify(event.event));
        result.signals.push(...signalsOfAiGuardEvent(event, tool, isEnrolled, `a:${uid}`));
        return;
      }
      const attributes = attributeMap(RawRecordSchema.safeParse(raw).data?.attributes);
      const tool = toolOfAttribute(attributes.get('aiguard.tool'));
      const hook = hookDecision(raw, attributes, typeof installation === 'string' ? installation : undefined, isEnrolled, tool, teamOf(resource));
      if (hook === undefined) reject(first + i, message);
      else result.signals.push(...hook);
    });
  }
}

const DECISIONS = ['allowed', 'redacted', 'blocked'] as const;
const INSTALLATION = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A hook decision (`aiguard.hook_decision`: `aiguard.tool`, `aiguard.decision` allowed,
 * redacted or blocked, and the redaction counts by category), or undefined when the record is
 * not one.
 */
function hookDecision(
  raw: unknown,
  attributes: ReadonlyMap<string, string | number | boolean>,
  installation: string | undefined,
  enrolled: boolean,
  tool: Tool,
  team: string | undefined,
): ToolSignal[] | undefined {
  const record = RawRecordSchema.safeParse(raw);
  if (!record.success) return undefined;
  const name = record.data.eventName ?? attributes.get('event.name');
  // The extension's hooks send `aiguard.tool_decision` (src/core/telemetry/events.ts); `aiguard.hook_decision` is kept for senders that used it.
  if ((name !== 'aiguard.tool_decision' && name !== 'aiguard.hook_decision') || installation === undefined || !INSTALLATION.test(installation)) return undefined;
  const decision = attributes.get('aiguard.decision') ?? attributes.get('aiguard.outcome');
  const time = ms(record.data.timeUnixNano);
  if (typeof decision !== 'string' || !(DECISIONS as readonly string[]).includes(decision) || time === undefined) return undefined;
  let redactions = 0;
  for (const [key, value] of attributes) if (key.startsWith('aiguard.redactions.') && typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000) redactions += value;
  const own = attributes.get(RECORD_UID_ATTRIBUTE);
  const uid = `h:${typeof own === 'string' && own.length <= 64 ? own : digest(time, tool, decision, redactions)}`;
  return signalsOfHookDecision({ tool, time, who: { uid: installation, enrolled }, team, uid }, decision as (typeof DECISIONS)[number], redactions);
}

export interface IngestedMetrics {
  signals: ToolSignal[];
  rejected: number;
  firstProblem: string | undefined;
}

export function ingestMetrics(request: OtlpMetricsRequest, context: MappingContext): IngestedMetrics {
  const result: IngestedMetrics = { signals: [], rejected: 0, firstProblem: undefined };
  for (const { resource, points, rejected } of metricPoints(request)) {
    for (const entry of rejected) {
      result.rejected += 1;
      result.firstProblem ??= `data point ${entry.index}: ${entry.message}`;
    }
    const service = resource.get('service.name');
    for (const point of points) {
      const tool = toolOfService(service) ?? toolOfName(point.metric);
      if (tool === undefined || tool === 'ai-guard') {
        result.rejected += 1;
        result.firstProblem ??= `data point ${point.index}: the resource's service.name is none of the AI tools this collector reads (claude-code, copilot-chat, gemini-cli)`;
        continue;
      }
      result.signals.push(...signalsOfPoint(context, tool, resource, point));
    }
  }
  return result;
}

export type { IdentityKeys };

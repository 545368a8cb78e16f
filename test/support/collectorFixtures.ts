import { request as httpRequest } from 'node:http';
import { IdentityKeys } from '../../src/collector/signals/identity';
import type { DecodedEvent, TelemetryEvent, TelemetryResource } from '../../src/core/telemetry';

/** Sample telemetry for the collector's tests and benchmark: valid events, many installations. */

/** The collector secret of the tests: the ids below are enrolled under it. */
export const TEST_SECRET = 'the-collector-secret-of-the-tests';
const TEST_KEYS = new IdentityKeys(TEST_SECRET);

/** A valid, enrolled (version 4) installation id, numbered so tests can tell them apart. */
export function installationId(n: number): string {
  return TEST_KEYS.idFor(`${n.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc`);
}

/** A valid version-4 installation id that the collector did not issue (invented by a client). */
export function inventedId(n: number): string {
  return `${n.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000`;
}

export function resource(n: number, team?: string): TelemetryResource {
  return { installationId: installationId(n), ...(team === undefined ? {} : { team }), extensionVersion: '0.1.0', editor: 'vscode', editorVersion: '1.96.0' };
}

export function promptRun(overrides: Partial<Extract<TelemetryEvent, { name: 'aiguard.prompt_run' }>> = {}): TelemetryEvent {
  return {
    name: 'aiguard.prompt_run',
    template: 'code-review',
    templateVersion: '1.0.0',
    profile: 'dev',
    providerKind: 'azure-openai',
    level: 'internal',
    redactions: { secret: 1, pii: 0, network: 0, dictionary: 0 },
    inputTokens: '1k-4k',
    outputTokens: '1-1k',
    cost: '0.01-0.1',
    latency: '1-5s',
    outcome: 'ok',
    ...overrides,
  };
}

export function blocked(reason: Extract<TelemetryEvent, { name: 'aiguard.prompt_blocked' }>['reason'] = 'ai-not-allowed', template = 'code-review'): TelemetryEvent {
  return { name: 'aiguard.prompt_blocked', template, profile: 'dev', providerKind: 'openai', level: 'restricted', reason };
}

export function feedback(rating: number | undefined, minutesSaved: number | undefined, template = 'code-review'): TelemetryEvent {
  return { name: 'aiguard.feedback', template, profile: 'dev', ...(rating === undefined ? {} : { rating }), ...(minutesSaved === undefined ? {} : { minutesSaved }) };
}

export function daily(day: string): TelemetryEvent {
  return { name: 'aiguard.daily_activity', day };
}

export function decoded(n: number, time: number, event: TelemetryEvent, team?: string): DecodedEvent {
  return { time, event, resource: resource(n, team) };
}

const TEMPLATES = ['code-review', 'explain-code', 'generate-tests', 'document-code', 'refactor', 'commit-message', 'sql-review', 'incident-summary', 'custom'];
const PROFILES = ['dev', 'test', 'devops', 'archi', 'ops', 'project'] as const;
const KINDS = ['azure-openai', 'openai', 'anthropic', 'openai-compatible', 'copy'] as const;
const COSTS = ['<0.01', '0.01-0.1', '0.01-0.1', '0.1-1'] as const;
const REASONS = ['ai-not-allowed', 'provider-not-allowed', 'budget-exceeded', 'unapproved-template'] as const;

/**
 * A realistic mix for one installation at one moment: mostly prompt runs, some feedback and
 * blocks, a daily activity now and then. `seed` varies it deterministically.
 */
export function realisticEvent(seed: number, time: number): TelemetryEvent {
  const pick = <T>(items: readonly T[], salt: number): T => items[(seed * 7 + salt * 13 + (seed >>> 3)) % items.length] as T;
  const roll = seed % 20;
  if (roll < 13)
    return promptRun({ template: pick(TEMPLATES, 1), profile: pick(PROFILES, 2), providerKind: pick(KINDS, 3), cost: pick(COSTS, 4), level: roll % 3 === 0 ? 'confidential' : 'internal' });
  if (roll < 16) return feedback(1 + (seed % 5), (seed % 4) * 10, pick(TEMPLATES, 5));
  if (roll < 18) return blocked(pick(REASONS, 6), pick(TEMPLATES, 7));
  return daily(new Date(time).toISOString().slice(0, 10));
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

/** One HTTP request with node:http (so bodies, lengths and encodings are exactly what we send). */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    // The server may close the connection before the whole body is written (413): not a failure here.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else req.end(options.body);
  });
}

/**
 * OTLP/HTTP protobuf for the tests, written from the proto definitions independently of the
 * collector's decoder: the JSON encoding (as encodeOtlpLogs writes it) to protobuf bytes, as an
 * OpenTelemetry SDK's protobuf exporter sends them.
 */
export function protobufOf(request: unknown): Buffer {
  const varint = (value: bigint): number[] => {
    const out: number[] = [];
    let rest = BigInt.asUintN(64, value);
    do {
      const byte = Number(rest & 0x7fn);
      rest >>= 7n;
      out.push(rest === 0n ? byte : byte | 0x80);
    } while (rest !== 0n);
    return out;
  };
  const tag = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
  const bytes = (field: number, content: number[] | Buffer) => [...tag(field, 2), ...varint(BigInt(content.length)), ...content];
  const text = (field: number, value: string) => bytes(field, Buffer.from(value, 'utf8'));
  const fixed64 = (field: number, value: bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(value);
    return [...tag(field, 1), ...buffer];
  };
  type Value = { stringValue?: string; intValue?: string; boolValue?: boolean; doubleValue?: number };
  const anyValue = (value: Value): number[] => {
    if (value.stringValue !== undefined) return text(1, value.stringValue);
    if (value.boolValue !== undefined) return [...tag(2, 0), value.boolValue ? 1 : 0];
    if (value.intValue !== undefined) return [...tag(3, 0), ...varint(BigInt(value.intValue))];
    if (value.doubleValue !== undefined) {
      const buffer = Buffer.alloc(8);
      buffer.writeDoubleLE(value.doubleValue);
      return [...tag(4, 1), ...buffer];
    }
    return [];
  };
  const keyValue = (kv: { key: string; value: Value }) => [...text(1, kv.key), ...bytes(2, anyValue(kv.value))];
  type Record_ = { timeUnixNano?: string; observedTimeUnixNano?: string; severityNumber?: number; eventName?: string; body?: Value; attributes?: Array<{ key: string; value: Value }> };
  const logRecord = (r: Record_) => [
    ...(r.timeUnixNano ? fixed64(1, BigInt(r.timeUnixNano)) : []),
    ...(r.severityNumber ? [...tag(2, 0), ...varint(BigInt(r.severityNumber))] : []),
    ...(r.body ? bytes(5, anyValue(r.body)) : []),
    ...(r.attributes ?? []).flatMap((kv) => bytes(6, keyValue(kv))),
    ...(r.observedTimeUnixNano ? fixed64(11, BigInt(r.observedTimeUnixNano)) : []),
    ...(r.eventName ? text(12, r.eventName) : []),
  ];
  const { resourceLogs = [] } = request as {
    resourceLogs?: Array<{ resource?: { attributes?: Array<{ key: string; value: Value }> }; scopeLogs?: Array<{ scope?: { name?: string }; logRecords?: Record_[] }> }>;
  };
  return Buffer.from(
    resourceLogs.flatMap((rl) =>
      bytes(1, [
        ...(rl.resource
          ? bytes(
              1,
              (rl.resource.attributes ?? []).flatMap((kv) => bytes(1, keyValue(kv))),
            )
          : []),
        ...(rl.scopeLogs ?? []).flatMap((sl) => bytes(2, [...(sl.scope?.name ? bytes(1, text(1, sl.scope.name)) : []), ...(sl.logRecords ?? []).flatMap((r) => bytes(2, logRecord(r)))])),
      ]),
    ),
  );
}

import type { OtlpLogsRequest } from '../core/telemetry';

/**
 * OTLP/HTTP protobuf (`application/x-protobuf`), the official OpenTelemetry SDKs' default: the
 * few messages of `opentelemetry/proto/collector/logs/v1/logs_service.proto` the collector
 * reads, decoded by hand from the protobuf wire format into the same shape as the JSON encoding
 * (`OtlpLogsRequest`), so both go through one decoder. No dependency: the wire format is five
 * field types, and only the fields read here are kept; unknown fields are skipped, as protobuf
 * requires. Arrays, key-value lists and bytes values come out as an empty value (unused here).
 */

export class ProtobufError extends Error {}

/** Field numbers, from the OpenTelemetry proto definitions (v1). */
const F = {
  request: { resourceLogs: 1 },
  resourceLogs: { resource: 1, scopeLogs: 2 },
  resource: { attributes: 1 },
  scopeLogs: { logRecords: 2 },
  logRecord: { timeUnixNano: 1, body: 5, attributes: 6, observedTimeUnixNano: 11, eventName: 12 },
  keyValue: { key: 1, value: 2 },
  anyValue: { stringValue: 1, boolValue: 2, intValue: 3, doubleValue: 4 },
} as const;

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

class Reader {
  private position = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly end = bytes.length,
    start = 0,
  ) {
    this.position = start;
  }

  get done(): boolean {
    return this.position >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.position >= this.end) throw new ProtobufError('a varint runs past the end of its message');
      const byte = this.bytes[this.position++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new ProtobufError('a varint is longer than 10 bytes');
  }

  fixed(size: 4 | 8): DataView {
    if (this.position + size > this.end) throw new ProtobufError('a fixed-size field runs past the end of its message');
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, size);
    this.position += size;
    return view;
  }

  /** A length-delimited field, as a reader over its bytes. */
  message(): Reader {
    const length = Number(this.varint());
    if (this.position + length > this.end) throw new ProtobufError('a length-delimited field runs past the end of its message');
    const inner = new Reader(this.bytes, this.position + length, this.position);
    this.position += length;
    return inner;
  }

  string(): string {
    const inner = this.message();
    return Buffer.from(inner.bytes.buffer, inner.bytes.byteOffset + inner.position, inner.end - inner.position).toString('utf8');
  }

  /** Each field of this message: its number and wire type; one the caller does not read is skipped. */
  *fields(): Generator<{ field: number; wire: number }> {
    while (!this.done) {
      const tag = this.varint();
      const field = Number(tag >> 3n);
      const wire = Number(tag & 7n);
      if (field === 0) throw new ProtobufError('a field number is 0');
      const before = this.position;
      yield { field, wire };
      if (this.position === before) this.skip(wire);
    }
  }

  skip(wire: number): void {
    if (wire === WIRE.varint) this.varint();
    else if (wire === WIRE.fixed64) this.fixed(8);
    else if (wire === WIRE.bytes) this.message();
    else if (wire === WIRE.fixed32) this.fixed(4);
    else throw new ProtobufError(`wire type ${wire} is not supported`);
  }
}

type AnyValue = { stringValue?: string; boolValue?: boolean; intValue?: string; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };

function anyValue(reader: Reader): AnyValue {
  const value: AnyValue = {};
  for (const { field, wire } of reader.fields()) {
    if (field === F.anyValue.stringValue && wire === WIRE.bytes) value.stringValue = reader.string();
    else if (field === F.anyValue.boolValue && wire === WIRE.varint) value.boolValue = reader.varint() !== 0n;
    else if (field === F.anyValue.intValue && wire === WIRE.varint) value.intValue = BigInt.asIntN(64, reader.varint()).toString();
    else if (field === F.anyValue.doubleValue && wire === WIRE.fixed64) value.doubleValue = reader.fixed(8).getFloat64(0, true);
  }
  return value;
}

function keyValue(reader: Reader): KeyValue {
  let key = '';
  let value: AnyValue = {};
  for (const { field, wire } of reader.fields()) {
    if (field === F.keyValue.key && wire === WIRE.bytes) key = reader.string();
    else if (field === F.keyValue.value && wire === WIRE.bytes) value = anyValue(reader.message());
  }
  return { key, value };
}

function logRecord(reader: Reader): Record<string, unknown> {
  const record = Object.create(null) as Record<string, unknown>;
  const attributes: KeyValue[] = [];
  for (const { field, wire } of reader.fields()) {
    if (field === F.logRecord.timeUnixNano && wire === WIRE.fixed64) record.timeUnixNano = reader.fixed(8).getBigUint64(0, true).toString();
    else if (field === F.logRecord.observedTimeUnixNano && wire === WIRE.fixed64) record.observedTimeUnixNano = reader.fixed(8).getBigUint64(0, true).toString();
    else if (field === F.logRecord.eventName && wire === WIRE.bytes) record.eventName = reader.string();
    else if (field === F.logRecord.body && wire === WIRE.bytes) record.body = anyValue(reader.message());
    else if (field === F.logRecord.attributes && wire === WIRE.bytes) attributes.push(keyValue(reader.message()));
  }
  // proto3 leaves out zero values: a time of 0 is "not set", as in the JSON encoding.
  if (record.timeUnixNano === '0') delete record.timeUnixNano;
  record.attributes = attributes;
  return record;
}

/**
 * The logs export request in `body`. `maxRecords` is checked while reading, so a small body of
 * many empty records stops at once.
 */
export function decodeProtobufLogs(body: Uint8Array, maxRecords: number, tooMany: () => Error): OtlpLogsRequest {
  let records = 0;
  const resourceLogs: NonNullable<OtlpLogsRequest['resourceLogs']> = [];
  const request = new Reader(body);
  for (const { field, wire } of request.fields()) if (field === F.request.resourceLogs && wire === WIRE.bytes) resourceLogs.push(resourceLogsOf(request.message()));
  return { resourceLogs };

  function resourceLogsOf(reader: Reader) {
    let attributes: KeyValue[] | undefined;
    const scopeLogs: Array<{ logRecords: unknown[] }> = [];
    for (const { field, wire } of reader.fields()) {
      if (field === F.resourceLogs.resource && wire === WIRE.bytes) {
        attributes = [];
        const resource = reader.message();
        for (const inner of resource.fields()) if (inner.field === F.resource.attributes && inner.wire === WIRE.bytes) attributes.push(keyValue(resource.message()));
      } else if (field === F.resourceLogs.scopeLogs && wire === WIRE.bytes) {
        const scope = reader.message();
        const logRecords: unknown[] = [];
        for (const inner of scope.fields()) {
          if (inner.field !== F.scopeLogs.logRecords || inner.wire !== WIRE.bytes) continue;
          if (++records > maxRecords) throw tooMany();
          logRecords.push(logRecord(scope.message()));
        }
        scopeLogs.push({ logRecords });
      }
    }
    return { ...(attributes === undefined ? {} : { resource: { attributes } }), scopeLogs };
  }
}

/** Protobuf encoding of the few answers the collector gives (see encodeAnswer). */
function varintBytes(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? byte : byte | 0x80);
  } while (rest !== 0n);
  return bytes;
}

function fieldBytes(field: number, value: bigint | string | Uint8Array): number[] {
  if (typeof value === 'bigint') return value === 0n ? [] : [...varintBytes(BigInt(field << 3)), ...varintBytes(value)];
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return bytes.length === 0 ? [] : [...varintBytes(BigInt((field << 3) | 2)), ...varintBytes(BigInt(bytes.length)), ...bytes];
}

/**
 * An `ExportLogsServiceResponse` or `ExportMetricsServiceResponse` (`{}` or a partial success) or a `google.rpc.Status` (code,
 * message), from the JSON the routes answer with, for a request sent as protobuf.
 */
export function encodeAnswer(answer: unknown): Buffer {
  const object = (answer ?? {}) as { partialSuccess?: { rejectedLogRecords?: number; rejectedDataPoints?: number; errorMessage: string }; code?: number; message?: string };
  if (object.partialSuccess !== undefined) {
    // Both ExportLogsPartialSuccess and ExportMetricsPartialSuccess: the count is field 1, the message field 2.
    const rejected = object.partialSuccess.rejectedLogRecords ?? object.partialSuccess.rejectedDataPoints ?? 0;
    const inner = [...fieldBytes(1, BigInt(rejected)), ...fieldBytes(2, object.partialSuccess.errorMessage)];
    return Buffer.from(fieldBytes(1, Uint8Array.from(inner)));
  }
  if (object.code !== undefined) return Buffer.from([...fieldBytes(1, BigInt(object.code)), ...fieldBytes(2, object.message ?? '')]);
  return Buffer.alloc(0);
}

/** Field numbers of `opentelemetry/proto/metrics/v1/metrics.proto` and its service (v1). */
const M = {
  request: { resourceMetrics: 1 },
  resourceMetrics: { resource: 1, scopeMetrics: 2 },
  scopeMetrics: { metrics: 2 },
  metric: { name: 1, unit: 3, gauge: 5, sum: 7, histogram: 9, exponentialHistogram: 10 },
  points: { dataPoints: 1, aggregationTemporality: 2 },
  number: { startTimeUnixNano: 2, timeUnixNano: 3, asDouble: 4, asInt: 6, attributes: 7 },
  histogram: { startTimeUnixNano: 2, timeUnixNano: 3, count: 4, sum: 5, attributes: 9 },
  exponential: { attributes: 1, startTimeUnixNano: 2, timeUnixNano: 3, count: 4, sum: 5 },
} as const;

type MetricKind = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram';

/**
 * A metrics export request (`ExportMetricsServiceRequest`) in the shape of its JSON encoding
 * (see signals/otlpMetrics.ts), with the fields the collector reads. `maxPoints` is checked while
 * reading, so a small body of many empty points stops at once.
 */
export function decodeProtobufMetrics(body: Uint8Array, maxPoints: number, tooMany: () => Error): { resourceMetrics: unknown[] } {
  let points = 0;
  const resourceMetrics: unknown[] = [];
  const request = new Reader(body);
  for (const { field, wire } of request.fields()) if (field === M.request.resourceMetrics && wire === WIRE.bytes) resourceMetrics.push(resourceMetricsOf(request.message()));
  return { resourceMetrics };

  function resourceMetricsOf(reader: Reader) {
    let attributes: KeyValue[] | undefined;
    const scopeMetrics: Array<{ metrics: unknown[] }> = [];
    for (const { field, wire } of reader.fields()) {
      if (field === M.resourceMetrics.resource && wire === WIRE.bytes) {
        attributes = [];
        const resource = reader.message();
        for (const inner of resource.fields()) if (inner.field === F.resource.attributes && inner.wire === WIRE.bytes) attributes.push(keyValue(resource.message()));
      } else if (field === M.resourceMetrics.scopeMetrics && wire === WIRE.bytes) {
        const scope = reader.message();
        const metrics: unknown[] = [];
        for (const inner of scope.fields()) if (inner.field === M.scopeMetrics.metrics && inner.wire === WIRE.bytes) metrics.push(metricOf(scope.message()));
        scopeMetrics.push({ metrics });
      }
    }
    return { ...(attributes === undefined ? {} : { resource: { attributes } }), scopeMetrics };
  }

  function metricOf(reader: Reader): Record<string, unknown> {
    const metric = Object.create(null) as Record<string, unknown>;
    for (const { field, wire } of reader.fields()) {
      if (field === M.metric.name && wire === WIRE.bytes) metric.name = reader.string();
      else if (field === M.metric.unit && wire === WIRE.bytes) metric.unit = reader.string();
      else if (wire === WIRE.bytes) {
        const kind: MetricKind | undefined =
          field === M.metric.gauge
            ? 'gauge'
            : field === M.metric.sum
              ? 'sum'
              : field === M.metric.histogram
                ? 'histogram'
                : field === M.metric.exponentialHistogram
                  ? 'exponentialHistogram'
                  : undefined;
        if (kind !== undefined) metric[kind] = pointsOf(reader.message(), kind);
      }
    }
    return metric;
  }

  function pointsOf(reader: Reader, kind: MetricKind) {
    const dataPoints: unknown[] = [];
    let aggregationTemporality = 0;
    for (const { field, wire } of reader.fields()) {
      if (field === M.points.dataPoints && wire === WIRE.bytes) {
        if (++points > maxPoints) throw tooMany();
        dataPoints.push(kind === 'gauge' || kind === 'sum' ? numberPoint(reader.message()) : histogramPoint(reader.message(), kind === 'histogram' ? M.histogram : M.exponential));
      } else if (field === M.points.aggregationTemporality && wire === WIRE.varint && kind !== 'gauge') aggregationTemporality = Number(reader.varint());
    }
    return { dataPoints, ...(kind === 'gauge' ? {} : { aggregationTemporality }) };
  }

  function numberPoint(reader: Reader): Record<string, unknown> {
    const point = Object.create(null) as Record<string, unknown>;
    const attributes: KeyValue[] = [];
    for (const { field, wire } of reader.fields()) {
      if (field === M.number.attributes && wire === WIRE.bytes) attributes.push(keyValue(reader.message()));
      else if (field === M.number.startTimeUnixNano && wire === WIRE.fixed64) point.startTimeUnixNano = reader.fixed(8).getBigUint64(0, true).toString();
      else if (field === M.number.timeUnixNano && wire === WIRE.fixed64) point.timeUnixNano = reader.fixed(8).getBigUint64(0, true).toString();
      else if (field === M.number.asDouble && wire === WIRE.fixed64) point.asDouble = reader.fixed(8).getFloat64(0, true);
      else if (field === M.number.asInt && wire === WIRE.fixed64) point.asInt = reader.fixed(8).getBigInt64(0, true).toString();
    }
    point.attributes = attributes;
    return point;
  }

  function histogramPoint(reader: Reader, fields: typeof M.histogram | typeof M.exponential): Record<string, unknown> {
    const point = Object.create(null) as Record<string, unknown>;
    const attributes: KeyValue[] = [];
    for (const { field, wire } of reader.fields()) {
      if (field === fields.attributes && wire === WIRE.bytes) attributes.push(keyValue(reader.message()));
      else if (field === fields.startTimeUnixNano && wire === WIRE.fixed64) point.startTimeUnixNano = reader.fixed(8).getBigUint64(0, true).toString();
      else if (field === fields.timeUnixNano && wire === WIRE.fixed64) point.timeUnixNano = reader.fixed(8).getBigUint64(0, true).toString();
      else if (field === fields.count && wire === WIRE.fixed64) point.count = reader.fixed(8).getBigUint64(0, true).toString();
      else if (field === fields.sum && wire === WIRE.fixed64) point.sum = reader.fixed(8).getFloat64(0, true);
    }
    point.attributes = attributes;
    return point;
  }
}

import { type Attributes as OtelAttributes } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, JsonMetricsSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/**
 * Other AI tools' telemetry as their exporters write it: built with the official OpenTelemetry
 * SDK for JavaScript (the one Claude Code, Copilot Chat and Gemini CLI use) and serialised by
 * its own OTLP serializers, in JSON or protobuf. Names and attributes are the ones each tool's
 * documentation lists.
 */

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface ToolExport {
  json: Buffer;
  protobuf: Buffer;
}

type Recorder = (meter: ReturnType<MeterProvider['getMeter']>) => void;

/** A metrics export of `service` (resource attributes given), with what `record` measured. */
export async function metricsExport(
  resource: OtelAttributes,
  record: Recorder,
  temporality: 'delta' | 'cumulative' = 'delta',
  provider?: { meter: MeterProvider; reader: ManualReader },
): Promise<ToolExport & { provider: { meter: MeterProvider; reader: ManualReader } }> {
  const reader = provider?.reader ?? new ManualReader({ aggregationTemporalitySelector: () => (temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE) });
  const meter = provider?.meter ?? new MeterProvider({ resource: resourceFromAttributes(resource), readers: [reader] });
  record(meter.getMeter(String(resource['service.name']), String(resource['service.version'] ?? '1.0.0')));
  const { resourceMetrics } = await reader.collect();
  return {
    json: Buffer.from(JsonMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array),
    protobuf: Buffer.from(ProtobufMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array),
    provider: { meter, reader },
  };
}

/** A logs export of `service` with one record per event (name and attributes). */
export function logsExport(resource: OtelAttributes, events: ReadonlyArray<{ name: string; attributes: OtelAttributes; body?: string }>): ToolExport {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger(String(resource['service.name']));
  for (const event of events) logger.emit({ eventName: event.name, severityNumber: SeverityNumber.INFO, body: event.body ?? event.name, attributes: event.attributes });
  const records = exporter.getFinishedLogRecords();
  return { json: Buffer.from(JsonLogsSerializer.serializeRequest(records) as Uint8Array), protobuf: Buffer.from(ProtobufLogsSerializer.serializeRequest(records) as Uint8Array) };
}

/** Claude Code's standard attributes (its "Monitoring" page), on every metric and event. */
export function claudeAttributes(person: number): OtelAttributes {
  return {
    'session.id': `session-${person}`,
    'app.version': '2.0.14',
    'organization.id': 'f4c1b1e0-0000-4000-8000-0000000000aa',
    'user.account_uuid': `8a7b6c5d-0000-4000-8000-${String(person).padStart(12, '0')}`,
    'user.id': `device-${person}`,
    'user.email': `person${person}@etech.example`,
    'terminal.type': 'vscode',
  };
}

/** One Claude Code person's minute of work, as its meters record it. */
export function claudeMinute(person: number, extra: OtelAttributes = {}): Recorder {
  const attributes = { ...claudeAttributes(person), ...extra };
  return (meter) => {
    meter.createCounter('claude_code.session.count', { unit: 'count' }).add(1, attributes);
    const tokens = meter.createCounter('claude_code.token.usage', { unit: 'tokens' });
    tokens.add(1200, { ...attributes, type: 'input', model: 'claude-sonnet-4-5-20250929' });
    tokens.add(300, { ...attributes, type: 'output', model: 'claude-sonnet-4-5-20250929' });
    tokens.add(5000, { ...attributes, type: 'cacheRead', model: 'claude-sonnet-4-5-20250929' });
    meter.createCounter('claude_code.cost.usage', { unit: 'USD' }).add(0.25, { ...attributes, model: 'claude-sonnet-4-5-20250929' });
    const lines = meter.createCounter('claude_code.lines_of_code.count', { unit: 'count' });
    lines.add(40, { ...attributes, type: 'added' });
    lines.add(12, { ...attributes, type: 'removed' });
    meter.createCounter('claude_code.active_time.total', { unit: 's' }).add(90, { ...attributes, type: 'user' });
    meter.createCounter('claude_code.code_edit_tool.decision').add(1, { ...attributes, tool_name: 'Edit', decision: 'accept', language: 'TypeScript' });
  };
}

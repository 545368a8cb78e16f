import type { ToolFile } from './compile';

/**
 * Each AI tool's own OpenTelemetry export, pointed at the organisation's collector, for the
 * managed files `ai-guard tools sync --managed` writes (the administrator deploys them; a person
 * cannot undo them): Claude Code's managed-settings `env`, Gemini CLI's system `telemetry`
 * settings, and Copilot Chat's `github.copilot.chat.otel.*` settings for VS Code's policy. The
 * endpoint, token and team come from the organisation policy's `telemetry` section. Prompt text
 * is never asked for (each tool's switch for it is set off), and the collector drops it anyway.
 * A separate function from compile.ts: it adds to the files that one renders.
 */

export interface ToolTelemetry {
  /** The collector, as the policy names it (`…/v1/logs` or its base URL). */
  endpoint: string;
  token?: string;
  team?: string;
}

/** The collector's base URL: OTLP exporters add `/v1/logs` and `/v1/metrics` themselves. */
export function collectorBase(endpoint: string): string {
  return endpoint.replace(/\/+$/, '').replace(/\/v1\/(?:logs|metrics)$/, '');
}

/** Claude Code's managed-settings `env` (its "Monitoring" page). */
export function claudeTelemetryEnv(telemetry: ToolTelemetry): Record<string, string> {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorBase(telemetry.endpoint),
    ...(telemetry.token === undefined ? {} : { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${telemetry.token}` }),
    ...(telemetry.team === undefined ? {} : { OTEL_RESOURCE_ATTRIBUTES: `aiguard.team=${telemetry.team}` }),
    OTEL_METRICS_INCLUDE_SESSION_ID: 'false',
    OTEL_LOG_USER_PROMPTS: '0',
  };
}

/** Gemini CLI's `telemetry` settings (its "Observability with OpenTelemetry" page). */
export function geminiTelemetry(telemetry: ToolTelemetry): Record<string, unknown> {
  return { enabled: true, target: 'local', otlpEndpoint: collectorBase(telemetry.endpoint), otlpProtocol: 'http', logPrompts: false };
}

/** Copilot Chat's settings (VS Code's "Monitor agent usage with OpenTelemetry"). */
export function copilotTelemetrySettings(telemetry: ToolTelemetry): Record<string, unknown> {
  return {
    'github.copilot.chat.otel.enabled': true,
    'github.copilot.chat.otel.exporterType': 'otlp-http',
    'github.copilot.chat.otel.protocol': 'http/protobuf',
    'github.copilot.chat.otel.otlpEndpoint': collectorBase(telemetry.endpoint),
    'github.copilot.chat.otel.captureContent': false,
    ...(telemetry.token === undefined ? {} : { 'github.copilot.chat.otel.headers': { Authorization: `Bearer ${telemetry.token}` } }),
    ...(telemetry.team === undefined ? {} : { 'github.copilot.chat.otel.resourceAttributes': { 'aiguard.team': telemetry.team } }),
  };
}

/**
 * The managed files with each tool's telemetry added: Claude Code's and Gemini CLI's settings
 * gain their telemetry keys (what compile.ts wrote is kept), and Copilot gets its own file.
 */
export function withToolTelemetry(files: readonly ToolFile[], telemetry: ToolTelemetry | undefined): ToolFile[] {
  if (telemetry === undefined) return [...files];
  const merged = files.map((file): ToolFile => {
    if (file.path === 'claude-code/managed-settings.json')
      return { ...file, render: (existing, read) => addKeys(file.render(existing, read), (settings) => ({ ...settings, env: { ...objectOf(settings.env), ...claudeTelemetryEnv(telemetry) } })) };
    if (file.path === 'gemini-cli/settings.json')
      return { ...file, render: (existing, read) => addKeys(file.render(existing, read), (settings) => ({ ...settings, telemetry: geminiTelemetry(telemetry) })) };
    return file;
  });
  merged.push({ path: 'copilot/vscode-settings.json', tool: 'copilot', render: () => `${JSON.stringify(copilotTelemetrySettings(telemetry), null, 2)}\n` });
  return merged;
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function addKeys(text: string, change: (settings: Record<string, unknown>) => Record<string, unknown>): string {
  return `${JSON.stringify(change(objectOf(JSON.parse(text))), null, 2)}\n`;
}

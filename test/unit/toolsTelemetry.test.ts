import { strict as assert } from 'node:assert';
import { managedFiles } from '../../src/core/tools/compile';
import { collectorBase, withToolTelemetry } from '../../src/core/tools/telemetry';

/** `ai-guard tools sync --managed` points each AI tool's own telemetry at the organisation's collector. */

const inputs = { forbidden: { 'claude-code': [], cursor: [], copilot: [], 'gemini-cli': [] }, builtIn: ['.env'], command: (tool: string) => `ai-guard hook ${tool}` };
const telemetry = { endpoint: 'https://telemetry.etech.example/v1/logs', token: 'the-ingest-token', team: 'platform' };

describe('tools sync: each AI tool’s telemetry to the collector', () => {
  it('adds Claude Code’s env, Gemini CLI’s telemetry and Copilot’s settings, keeping the hooks', () => {
    const files = withToolTelemetry(managedFiles(inputs), telemetry);
    const render = (path: string) => JSON.parse((files.find((file) => file.path === path) as (typeof files)[number]).render(undefined, () => undefined)) as Record<string, Record<string, unknown>>;
    const claude = render('claude-code/managed-settings.json');
    assert.deepEqual(claude.env, {
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://telemetry.etech.example',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer the-ingest-token',
      OTEL_RESOURCE_ATTRIBUTES: 'aiguard.team=platform',
      OTEL_METRICS_INCLUDE_SESSION_ID: 'false',
      OTEL_LOG_USER_PROMPTS: '0',
    });
    assert.ok(claude.hooks !== undefined && (claude as Record<string, unknown>).allowManagedHooksOnly === true, 'what compile.ts wrote is kept');
    const gemini = render('gemini-cli/settings.json');
    assert.deepEqual(gemini.telemetry, { enabled: true, target: 'local', otlpEndpoint: 'https://telemetry.etech.example', otlpProtocol: 'http', logPrompts: false });
    assert.ok(gemini.hooks !== undefined);
    const copilot = render('copilot/vscode-settings.json');
    assert.equal(copilot['github.copilot.chat.otel.otlpEndpoint'], 'https://telemetry.etech.example');
    assert.equal(copilot['github.copilot.chat.otel.captureContent'], false);
    assert.deepEqual(copilot['github.copilot.chat.otel.headers'], { Authorization: 'Bearer the-ingest-token' });
  });

  it('leaves the files as they were without a telemetry endpoint in the policy', () => {
    assert.deepEqual(
      withToolTelemetry(managedFiles(inputs), undefined).map((file) => file.path),
      managedFiles(inputs).map((file) => file.path),
    );
    assert.equal(collectorBase('https://c.example/v1/metrics/'), 'https://c.example');
    assert.equal(collectorBase('https://c.example/base'), 'https://c.example/base');
  });
});

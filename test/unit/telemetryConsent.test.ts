import { strict as assert } from 'node:assert';
import { type ConsentInputs, decideConsent, logsUrlOf } from '../../src/core/telemetry';

const ENDPOINTS: Array<{ settingEndpoint: string; policyEndpoint: string | undefined }> = [
  { settingEndpoint: '', policyEndpoint: undefined },
  { settingEndpoint: 'https://collector.example/', policyEndpoint: undefined },
  { settingEndpoint: '', policyEndpoint: 'https://org.example' },
  { settingEndpoint: 'https://collector.example/', policyEndpoint: 'https://org.example' },
  { settingEndpoint: 'ftp://nope.example', policyEndpoint: undefined },
];

describe('telemetry consent', () => {
  it('allows sending only when opted in, the editor telemetry is on, the workspace trusted and an endpoint usable — every combination', () => {
    let allowed = 0;
    for (const userEnabled of [false, true]) {
      for (const editorTelemetryEnabled of [false, true]) {
        for (const workspaceTrusted of [false, true]) {
          for (const endpoints of ENDPOINTS) {
            const inputs: ConsentInputs = { userEnabled, editorTelemetryEnabled, workspaceTrusted, ...endpoints };
            const decision = decideConsent(inputs);
            const endpointOk = endpoints.policyEndpoint !== undefined || endpoints.settingEndpoint.startsWith('https:');
            const expected = userEnabled && editorTelemetryEnabled && workspaceTrusted && endpointOk;
            assert.equal(decision.allowed, expected, JSON.stringify(inputs));
            const reason = !userEnabled
              ? 'not-opted-in'
              : !editorTelemetryEnabled
                ? 'editor-telemetry-off'
                : !workspaceTrusted
                  ? 'untrusted-workspace'
                  : endpoints.policyEndpoint === undefined && endpoints.settingEndpoint === ''
                    ? 'no-endpoint'
                    : endpointOk
                      ? 'enabled'
                      : 'invalid-endpoint';
            assert.equal(decision.reason, reason, JSON.stringify(inputs));
            if (decision.allowed) allowed += 1;
          }
        }
      }
    }
    assert.equal(allowed, 3, 'three endpoint configurations are usable, with every switch on');
  });

  it('never turns telemetry on from the policy alone', () => {
    for (const editorTelemetryEnabled of [false, true]) {
      for (const workspaceTrusted of [false, true]) {
        const decision = decideConsent({ userEnabled: false, editorTelemetryEnabled, workspaceTrusted, settingEndpoint: '', policyEndpoint: 'https://org.example' });
        assert.equal(decision.allowed, false);
        assert.equal(decision.reason, 'not-opted-in');
      }
    }
  });

  it("prefers the organisation policy's endpoint to the setting's", () => {
    const decision = decideConsent({ userEnabled: true, editorTelemetryEnabled: true, workspaceTrusted: true, settingEndpoint: 'https://mine.example', policyEndpoint: 'https://org.example/otlp' });
    assert.equal(decision.logsUrl, 'https://org.example/otlp/v1/logs');
    assert.equal(decision.endpointSource, 'policy');
    const fromSetting = decideConsent({ userEnabled: true, editorTelemetryEnabled: true, workspaceTrusted: true, settingEndpoint: 'https://mine.example', policyEndpoint: undefined });
    assert.equal(fromSetting.endpointSource, 'setting');
  });

  it('accepts an endpoint with or without /v1/logs, and refuses unsafe ones', () => {
    assert.equal(logsUrlOf('https://c.example'), 'https://c.example/v1/logs');
    assert.equal(logsUrlOf('https://c.example/'), 'https://c.example/v1/logs');
    assert.equal(logsUrlOf('https://c.example/v1/logs'), 'https://c.example/v1/logs');
    assert.equal(logsUrlOf('https://c.example/v1/logs/'), 'https://c.example/v1/logs');
    assert.equal(logsUrlOf('https://c.example:4318/base'), 'https://c.example:4318/base/v1/logs');
    assert.equal(logsUrlOf('http://127.0.0.1:4318'), 'http://127.0.0.1:4318/v1/logs');
    assert.equal(logsUrlOf('http://localhost:4318/v1/logs'), 'http://localhost:4318/v1/logs');
    assert.equal(logsUrlOf('http://[::1]:4318'), 'http://[::1]:4318/v1/logs');
    assert.equal(logsUrlOf('http://collector.example'), undefined, 'plain http leaves this machine in clear');
    assert.equal(logsUrlOf('https://user:secret@c.example'), undefined, 'credentials would end up in logs');
    assert.equal(logsUrlOf('file:///etc/passwd'), undefined);
    assert.equal(logsUrlOf('not a url'), undefined);
  });
});

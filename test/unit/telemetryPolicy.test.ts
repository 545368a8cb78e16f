import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { useLocale } from '../../src/core/localeBundles';
import { decideConsent } from '../../src/core/telemetry';

const ORG = 'https://policies.example/org.json';
const WORKSPACE_POLICY = '/work/repo/.aiguard/policy.json';

function store(orgText: string | undefined, workspaceText?: string): PolicyStore {
  const policies = new PolicyStore();
  policies.setRoots(['/work/repo']);
  if (orgText !== undefined) policies.setOrganisationPolicy({ file: ORG, text: orgText });
  if (workspaceText !== undefined) policies.update(WORKSPACE_POLICY, workspaceText);
  return policies;
}

describe('telemetry in the policy', () => {
  before(() => useLocale('en'));

  it('takes the endpoint and team from the organisation policy', () => {
    const policies = store('{ "version": 1, "telemetry": { "endpoint": "https://otel.etech.example", "team": "platform" } }');
    assert.deepEqual(policies.telemetryPolicy(), { endpoint: 'https://otel.etech.example', team: 'platform' });
    assert.deepEqual(policies.problems().get(ORG), []);
    const withToken = store('{ "version": 1, "telemetry": { "endpoint": "https://otel.etech.example", "token": "ingest-0123456789abcdef" } }');
    assert.equal(withToken.telemetryPolicy().token, 'ingest-0123456789abcdef');
    const short = store('{ "version": 1, "telemetry": { "token": "short" } }');
    assert.ok((short.problems().get(ORG) ?? []).some((problem) => /token is 8 to 512/.test(problem.message)));
  });

  it('ignores a workspace policy that tries to set them, with a warning at the key', () => {
    const policies = store('{ "version": 1, "telemetry": { "endpoint": "https://otel.etech.example" } }', '{ "version": 1, "telemetry": { "endpoint": "https://attacker.example", "team": "ceo" } }');
    assert.deepEqual(policies.telemetryPolicy(), { endpoint: 'https://otel.etech.example' });
    const problems = policies.problems().get(WORKSPACE_POLICY) ?? [];
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.severity, 'warning');
    assert.match(problems[0]?.message ?? '', /Only the organisation policy sets the telemetry endpoint/);
    assert.equal(store(undefined, '{ "version": 1, "telemetry": { "team": "x" } }').telemetryPolicy().team, undefined);
  });

  it('refuses a team label that is not a slug and an endpoint that is not a URL', () => {
    const policies = store('{ "version": 1, "telemetry": { "endpoint": "otel.etech.example", "team": "Alice Martin" } }');
    const messages = (policies.problems().get(ORG) ?? []).filter((problem) => problem.severity === 'error').map((problem) => problem.message);
    assert.ok(
      messages.some((message) => /telemetry endpoint is an https URL/.test(message)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((message) => /team label is made of lowercase letters/.test(message)),
      messages.join('\n'),
    );
    assert.deepEqual(policies.telemetryPolicy(), {}, 'an invalid policy with no earlier valid version names nothing');
  });

  it('never turns telemetry on: with the policy naming an endpoint, a person who did not opt in sends nothing', () => {
    const { endpoint } = store('{ "version": 1, "telemetry": { "endpoint": "https://otel.etech.example" } }').telemetryPolicy();
    assert.deepEqual(decideConsent({ userEnabled: false, editorTelemetryEnabled: true, workspaceTrusted: true, settingEndpoint: '', policyEndpoint: endpoint }), {
      allowed: false,
      reason: 'not-opted-in',
      logsUrl: 'https://otel.etech.example/v1/logs',
      endpointSource: 'policy',
    });
  });
});

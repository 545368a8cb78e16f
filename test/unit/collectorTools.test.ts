import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CollectorConfigInput, parseConfig } from '../../src/collector/config';
import type { Summary } from '../../src/collector/queries';
import { type RunningCollector, startCollector } from '../../src/collector/server';
import { encodeOtlpLogs } from '../../src/core/telemetry';
import { installationId, inventedId, promptRun, resource, send, TEST_SECRET } from '../support/collectorFixtures';
import { claudeAttributes, claudeMinute, metricsExport } from '../support/toolTelemetry';

/**
 * Every tool's telemetry through real HTTP: Claude Code's metrics in protobuf from the official
 * SDK, what is stored (never an e-mail address), enrolment, and the "four invented ids" attack.
 */

const LEAD = 'the-ai-lead-dashboard-token';
const lead = { Authorization: `Bearer ${LEAD}` };

describe('telemetry collector: every AI tool over HTTP', function () {
  this.timeout(60_000);
  let folder: string;
  let collector: RunningCollector | undefined;
  const start = async (config: CollectorConfigInput = {}) => {
    const parsed = parseConfig({ port: 0, secret: TEST_SECRET, db: join(folder, 'telemetry.db'), dashboardToken: LEAD, ...config });
    assert.ok('config' in parsed, JSON.stringify(parsed));
    collector = await startCollector({ config: parsed.config });
    return collector;
  };
  const url = () => (collector as RunningCollector).url;
  const summary = async (): Promise<Summary> => {
    const period = new Date().toISOString().slice(0, 7);
    const answer = await send(`${url()}/api/summary?period=${period}`, { headers: lead });
    assert.equal(answer.status, 200, answer.text);
    return answer.json() as Summary;
  };
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-tools-'));
  });
  afterEach(async () => {
    await collector?.close();
    collector = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  it('stores a Claude Code metrics export in protobuf (gzipped) per tool, and never its e-mail addresses', async () => {
    await start();
    for (let person = 1; person <= 6; person++) {
      const exported = await metricsExport(
        { 'service.name': 'claude-code', 'service.version': '2.0.14', 'aiguard.installation.id': installationId(person), 'aiguard.team': 'platform' },
        claudeMinute(person),
      );
      const answer = await send(`${url()}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' }, body: gzipSync(exported.protobuf) });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.headers['content-type'], 'application/x-protobuf');
      assert.equal(answer.text, '', 'an empty ExportMetricsServiceResponse: every point used');
    }
    const claude = (await summary()).tools.byTool.find((tool) => tool.key === 'claude-code');
    assert.ok(claude !== undefined);
    assert.equal(claude.installations, 6);
    assert.equal(claude.sessions, 6);
    assert.equal(claude.tokens, 6 * 6500);
    assert.equal(claude.linesAccepted, 6 * 40);
    assert.ok(Math.abs((claude.cost ?? 0) - 6 * 0.25 * 0.92) < 1e-9);
    assert.ok(Math.abs((claude.activeHours ?? 0) - (6 * 90) / 3600) < 1e-9);

    await (collector as RunningCollector).close();
    collector = undefined;
    // Every file of the database (the main file and any journal): no address, account id or user id.
    for (const file of readdirSync(folder)) {
      const bytes = readFileSync(join(folder, file));
      for (let person = 1; person <= 6; person++) {
        const attributes = claudeAttributes(person);
        for (const key of ['user.email', 'user.account_uuid', 'user.id'] as const) assert.equal(bytes.indexOf(String(attributes[key])), -1, `${key} of person ${person} found in ${file}`);
      }
      assert.equal(bytes.indexOf('@etech.example'), -1, `an e-mail domain found in ${file}`);
    }
  });

  it('counts each of AI Guard’s own events once per tool, sent once or retried', async () => {
    const running = await start({ teamSize: 50 });
    const now = Date.now();
    const body = JSON.stringify(
      encodeOtlpLogs(
        resource(1),
        [1, 2, 3].map((n) => ({ id: `own-${n}`, time: now - n * 1000, event: promptRun({ redactions: { secret: 2, pii: 0, network: 0, dictionary: 0 } }) })),
        now,
      ),
    );
    for (let attempt = 0; attempt < 2; attempt++) assert.equal((await send(`${url()}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status, 200);
    const cells = Object.fromEntries(
      (await running.store.all(`SELECT dim, sum(events) AS events, sum(amount) AS amount FROM tool_weekly WHERE dim IN ('tool', 'tool-prompt', 'tool-redaction') GROUP BY dim`)).map((row) => [
        String(row.dim),
        [Number(row.events), Number(row.amount)],
      ]),
    );
    // Three runs: three prompts, six redactions, and for the tool itself one activity and two
    // more signals (prompt and cost) and one redaction signal per run.
    assert.deepEqual(cells, { tool: [12, 0], 'tool-prompt': [3, 3], 'tool-redaction': [3, 6] });
  });

  it('does not let four invented installation ids lift one person’s figures to k', async () => {
    await start();
    const now = Date.now();
    const victim = encodeOtlpLogs(resource(1), [{ time: now - 60_000, event: promptRun({ template: 'refactor', cost: '1-10' }) }], now);
    assert.equal((await send(`${url()}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(victim) })).status, 200);
    for (let n = 2; n <= 5; n++) {
      const invented = encodeOtlpLogs({ ...resource(n), installationId: inventedId(n) }, [{ time: now - 30_000, event: promptRun({ template: 'refactor', cost: '0' }) }], now);
      assert.equal((await send(`${url()}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(invented) })).status, 200);
      // The same trick with another tool's telemetry: invented accounts are pseudonyms, never members.
      const copilot = await metricsExport({ 'service.name': 'claude-code', 'aiguard.installation.id': inventedId(n) }, claudeMinute(n));
      assert.equal((await send(`${url()}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: copilot.json })).status, 200);
    }
    const result = await summary();
    assert.equal(result.runs.total, null, 'one enrolled installation and four invented ones: under k, not shown');
    assert.equal(result.cost.total, null);
    assert.ok(!result.runs.byTemplate.groups.some((group) => group.key === 'refactor'));
    assert.ok(!result.tools.byTool.some((tool) => tool.key === 'ai-guard' || tool.key === 'claude-code'), JSON.stringify(result.tools.byTool));
    assert.ok(
      result.activity.daily.some((day) => day.installations === 5),
      'they are counted as active, as counts are shown as they are',
    );
  });

  it('issues installation ids at POST /v1/enrol, limits the rate per address, and flags a burst', async () => {
    await start({ token: 'the-ingest-token', enrolPerHour: 200 });
    const auth = { Authorization: 'Bearer the-ingest-token' };
    assert.equal((await send(`${url()}/v1/enrol`, { method: 'POST' })).status, 401);
    const ids: string[] = [];
    let limited: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 30 && limited === undefined; i++) {
      const answer = await send(`${url()}/v1/enrol`, { method: 'POST', headers: auth });
      if (answer.status === 429) limited = answer;
      else {
        assert.equal(answer.status, 200, answer.text);
        ids.push((answer.json() as { installationId: string }).installationId);
      }
    }
    assert.equal(ids.length, 20, 'a tenth of the hourly rate per address');
    assert.ok(limited !== undefined && Number(limited.headers['retry-after']) > 0);
    // Ids it issued count: five of them, and the week is shown.
    const now = Date.now();
    for (const id of ids.slice(0, 5)) {
      const body = encodeOtlpLogs({ ...resource(0), installationId: id }, [{ time: now - 1000, event: promptRun() }], now);
      assert.equal((await send(`${url()}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify(body) })).status, 200);
    }
    const result = await summary();
    assert.equal(result.runs.total, 5);
    assert.equal(result.tools.enrolment.issued, 20);
    assert.deepEqual(result.tools.enrolment.bursts, [new Date().toISOString().slice(0, 10)]);
  });

  it('answers a partial success for another service’s metrics, and ignores a known tool’s unknown metrics and attributes', async () => {
    await start();
    const foreign = await metricsExport({ 'service.name': 'checkout' }, (meter) => meter.createCounter('http.requests').add(1));
    const answer = await send(`${url()}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: foreign.json });
    assert.equal(answer.status, 200);
    const partial = answer.json() as { partialSuccess: { rejectedDataPoints: number; errorMessage: string } };
    assert.equal(partial.partialSuccess.rejectedDataPoints, 1);
    assert.match(partial.partialSuccess.errorMessage, /none of the AI tools/);
    const future = await metricsExport({ 'service.name': 'gemini-cli' }, (meter) => meter.createCounter('gemini_cli.something_new').add(1, { 'aiguard.__proto__.polluted': 'yes', __proto__: 'x' }));
    const ignored = await send(`${url()}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: future.json });
    assert.equal(ignored.status, 200);
    assert.equal(ignored.text, '{}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((await send(`${url()}/healthz`)).status, 200);
    assert.equal((await send(`${url()}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' })).status, 200, 'an empty request is not an error');
  });

  it('shows every tool on the dashboard, in French or English, and exports the same figures as CSV', async () => {
    await start();
    for (let person = 1; person <= 5; person++) {
      const copilot = await metricsExport({ 'service.name': 'copilot-chat', 'aiguard.installation.id': installationId(person) }, (meter) => {
        meter.createCounter('copilot_chat.session.count').add(2);
        meter.createCounter('copilot_chat.user.feedback.count').add(1, { rating: 'positive' });
      });
      assert.equal((await send(`${url()}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: copilot.json })).status, 200);
    }
    const period = new Date().toISOString().slice(0, 7);
    const page = await send(`${url()}/?period=${period}`, { headers: { ...lead, 'Accept-Language': 'fr-FR,fr;q=0.9' } });
    assert.equal(page.status, 200);
    assert.match(page.text, /Outils d’IA/);
    assert.match(page.text, /<th scope="row">GitHub Copilot<\/th><td>5<\/td><td>10<\/td>/);
    assert.doesNotMatch(page.text, /<script/i);
    const english = await send(`${url()}/?period=${period}&lang=en`, { headers: lead });
    assert.match(english.text, /AI tools \(their own telemetry/);
    const csv = await send(`${url()}/api/summary.csv?period=${period}`, { headers: lead });
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(csv.text, /^section,key,measure,value\r\n/);
    assert.match(csv.text, /"tools","copilot","installations",5\r\n/);
    assert.match(csv.text, /"tools","copilot","sessions",10\r\n/);
    assert.match(csv.text, /"tools","copilot","averageRating",5\r\n/);
    assert.equal((await send(`${url()}/api/summary.csv?period=${period}`)).status, 401, 'the AI lead’s credentials, as for the JSON');
  });
});

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MIN_K_ANONYMITY, parseCommandLine } from '../../src/collector/config';
import { STRINGS } from '../../src/collector/dashboard/strings';
import { closedListsOf } from '../../src/collector/lists';
import { parsePeriod, type Period } from '../../src/collector/periods';
import { type Grouped, type Summary, summarize } from '../../src/collector/queries';
import { preferredLang } from '../../src/collector/routes';
import { TelemetryStore } from '../../src/collector/store';
import type { DecodedEvent } from '../../src/core/telemetry';
import { blocked, daily, decoded, feedback, promptRun } from '../support/collectorFixtures';
import { databaseFor, STORES } from '../support/postgres';

const DAY = 86_400_000;
const FRIDAY = Date.parse('2026-03-13T15:00:00Z');
const MONDAY = Date.parse('2026-03-09T09:00:00Z');

for (const kind of STORES)
  describe(`telemetry collector: summary and k-anonymity (${kind})`, function () {
    let db = '';
    this.timeout(60_000);
    let folder: string;
    let store: TelemetryStore;
    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-summary-'));
      db = await databaseFor(kind, folder, this);
      store = await TelemetryStore.open(db);
    });
    afterEach(async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    });

    const lists = closedListsOf({ templates: ['sql-review', 'rare-one', 'rare-two'], teams: ['payments', 'data'] });
    const period = (id: string) => parsePeriod(id) as Period;
    /** March 2026: the ISO weeks 10 to 13 (their Thursdays fall in March). */
    const summary = (options: Partial<Parameters<typeof summarize>[1]> = {}): Promise<Summary> =>
      summarize(store, { period: period('2026-03'), now: FRIDAY, kAnonymity: 5, teamSize: 10, lists, ...options });

    /**
     * Each grouped field, with how to make an event that falls in a given group of it and where the
     * summary shows that field's groups.
     */
    const FIELDS: Array<{ field: string; event: (value: string) => DecodedEvent['event']; team?: boolean; values: [string, string]; groups: (s: Summary) => Grouped }> = [
      { field: 'template', event: (v) => promptRun({ template: v }), values: ['code-review', 'sql-review'], groups: (s) => s.runs.byTemplate },
      { field: 'profile', event: (v) => promptRun({ profile: v as 'dev' }), values: ['dev', 'ops'], groups: (s) => s.runs.byProfile },
      { field: 'provider kind', event: (v) => promptRun({ providerKind: v as 'openai' }), values: ['openai', 'anthropic'], groups: (s) => s.cost.byProvider },
      { field: 'level', event: (v) => promptRun({ level: v }), values: ['internal', 'restricted'], groups: (s) => s.runs.byLevel },
      { field: 'outcome', event: (v) => promptRun({ outcome: v as 'ok' }), values: ['ok', 'error'], groups: (s) => s.runs.byOutcome },
      { field: 'block reason', event: (v) => blocked(v as 'ai-not-allowed'), values: ['ai-not-allowed', 'budget-exceeded'], groups: (s) => s.blocks.byReason },
      { field: 'feedback template', event: (v) => feedback(4, 10, v), values: ['code-review', 'sql-review'], groups: (s) => s.satisfaction.byTemplate },
      { field: 'team', event: () => promptRun(), team: true, values: ['payments', 'data'], groups: (s) => s.teams },
    ];

    for (const { field, event, team, values, groups } of FIELDS) {
      it(`${field}: a group of 4 installations is not shown on its own, nor (complementary suppression) the only other one; 5 each are`, async () => {
        const [big, small] = values;
        const events: DecodedEvent[] = [];
        // Installations 0–4 are in the big group, 10–13 in the small one, over two days of a week.
        for (const n of [0, 1, 2, 3, 4]) events.push(decoded(n, MONDAY + n * 1000, event(big), team ? big : undefined));
        for (const n of [10, 11, 12, 13]) events.push(decoded(n, MONDAY + DAY + n * 1000, event(small), team ? small : undefined));
        await store.insert(events);
        let shown = groups(await summary());
        // Shown alone, the big group would let the total minus it reveal the small one.
        assert.deepEqual(
          shown.groups.map((g) => [g.key, g.other ?? false, g.groups]),
          [['other', true, 2]],
          `${field}: both folded`,
        );
        assert.equal(shown.withheld, 0);
        assert.doesNotMatch(JSON.stringify(await summary()), new RegExp(`"${small}"|"${big}"`), `${field}: neither group's name appears`);

        // A fifth installation in the small group, the same week: both groups reach 5.
        await store.insert([decoded(14, MONDAY + 2 * DAY, event(small), team ? small : undefined)]);
        shown = groups(await summary());
        assert.deepEqual(shown.groups.map((g) => g.key).sort(), [big, small].sort(), `${field}: both groups of 5`);
        assert.equal(shown.withheld, 0);
      });
    }

    it('folds small groups into "other" when together they reach k installations', async () => {
      const events: DecodedEvent[] = [];
      for (let n = 0; n < 5; n++) events.push(decoded(n, MONDAY, promptRun({ template: 'code-review' })));
      for (let n = 10; n < 13; n++) events.push(decoded(n, MONDAY, promptRun({ template: 'rare-one' })));
      for (let n = 20; n < 22; n++) events.push(decoded(n, MONDAY, promptRun({ template: 'rare-two' })));
      await store.insert(events);
      const { groups, withheld } = (await summary()).runs.byTemplate;
      assert.equal(withheld, 0);
      assert.deepEqual(
        groups.map((g) => ({ key: g.key, other: g.other, groups: g.groups, events: g.events })),
        [
          { key: 'code-review', other: undefined, groups: undefined, events: 5 },
          { key: 'other', other: true, groups: 2, events: 5 },
        ],
      );
    });

    it('hides the weeks and totals that fewer than k installations contributed to', async () => {
      const events: DecodedEvent[] = [];
      for (let n = 0; n < 4; n++) events.push(decoded(n, MONDAY, promptRun()), decoded(n, MONDAY, feedback(5, 60)));
      for (let n = 0; n < 6; n++) events.push(decoded(n, MONDAY - 7 * DAY, promptRun()));
      await store.insert(events);
      const s = await summary();
      const thisWeek = s.trend[s.trend.length - 1];
      const lastWeek = s.trend[s.trend.length - 2];
      assert.equal(thisWeek?.week, '2026-03-09');
      assert.equal(thisWeek?.runs, null, 'four installations ran prompts this week');
      assert.equal(thisWeek?.averageRating, null);
      assert.equal(thisWeek?.activeInstallations, 4, 'counts of active installations are shown');
      assert.equal(lastWeek?.runs, 6);
      assert.equal(s.runs.total, 6, 'the period sums the weeks that reached k only');
      assert.equal(s.satisfaction.averageRating, null, 'only four installations gave feedback');
      assert.equal(s.satisfaction.minutesSaved, null);
    });

    it('computes the share using AI daily over complete working days against the team size', async () => {
      const events: DecodedEvent[] = [];
      const on = (dayOffset: number, installations: number) => {
        for (let n = 0; n < installations; n++) events.push(decoded(n, MONDAY + dayOffset * DAY, daily(new Date(MONDAY + dayOffset * DAY).toISOString().slice(0, 10))));
      };
      on(0, 5); // Monday: 5 of 10
      on(1, 3); // Tuesday: 3 of 10
      // Wednesday: nobody.
      on(3, 2); // Thursday: 2 of 10
      on(4, 9); // Friday is today: not complete, not counted.
      on(-2, 8); // Saturday of the week before: not a working day.
      await store.insert(events);
      const s = await summary({ period: period('2026-W11') });
      assert.equal(s.period.from, '2026-03-09');
      assert.equal(s.activity.workingDays, 4);
      assert.ok(Math.abs((s.activity.dailyShare ?? 0) - (0.5 + 0.3 + 0 + 0.2) / 4) < 1e-12, String(s.activity.dailyShare));
      assert.deepEqual(
        s.activity.daily.map((d) => d.installations),
        [5, 3, 0, 2, 9],
      );
      assert.equal(s.trend[s.trend.length - 1]?.dailyShare, s.activity.dailyShare);
      assert.equal(s.activity.weekly[0]?.installations, 9);

      const twoWeeks = await summary();
      assert.equal(twoWeeks.activity.workingDays, 9, 'five working days of the week before, four of this one');
      assert.ok(Math.abs((twoWeeks.activity.dailyShare ?? 0) - 1.0 / 9) < 1e-12);
      assert.equal((await summary({ teamSize: undefined })).activity.dailyShare, null);
    });

    it('sums satisfaction, minutes saved and the cost estimate from the bucket midpoints', async () => {
      const events: DecodedEvent[] = [];
      for (let n = 0; n < 5; n++) {
        events.push(decoded(n, MONDAY + n, promptRun({ cost: '1-10', providerKind: 'openai' })));
        events.push(decoded(n, MONDAY + 10 + n, promptRun({ cost: '<0.01', providerKind: 'openai' })));
        events.push(decoded(n, MONDAY + 20 + n, feedback(n + 1, 15)));
        events.push(decoded(n, MONDAY + 30 + n, feedback(undefined, 5)));
      }
      await store.insert(events);
      const s = await summary();
      assert.equal(s.satisfaction.averageRating, 3);
      assert.equal(s.satisfaction.ratings, 5);
      assert.equal(s.satisfaction.minutesSaved, 100);
      assert.ok(Math.abs((s.cost.total ?? 0) - 5 * (5 + 0.005)) < 1e-9);
      assert.deepEqual(
        s.cost.byProvider.groups.map((g) => [g.key, Number(g.cost.toFixed(3))]),
        [['openai', 25.025]],
      );
    });

    it('prunes raw events past the retention, keeping the rollups', async () => {
      await store.insert([0, 1, 2, 3, 4].map((n) => decoded(n, MONDAY - 40 * DAY, promptRun())));
      await store.insert([0, 1, 2, 3, 4].map((n) => decoded(n, MONDAY, promptRun())));
      assert.equal(await store.pruneBefore(MONDAY - 30 * DAY), 5);
      assert.equal(await store.eventCount(), 5);
      assert.equal((await summary({ period: period('2026-01') })).runs.total, 5);
      assert.equal((await summary()).runs.total, 5);
    });

    it('reads its configuration from flags and environment variables, and refuses k below 5', async () => {
      const parsed = parseCommandLine(['--port', '9000', '--team-size', '50'], { AIGUARD_COLLECTOR_TOKEN: 'from-the-env-1234', AIGUARD_COLLECTOR_PORT: '1' });
      assert.ok('config' in parsed);
      assert.deepEqual(parsed.config, {
        port: 9000,
        host: '127.0.0.1',
        db: './aiguard-telemetry.db',
        store: 'sqlite',
        token: 'from-the-env-1234',
        teamSize: 50,
        maxBodyBytes: 4 * 1024 * 1024,
        maxRecords: 10_000,
        kAnonymity: MIN_K_ANONYMITY,
        enrolPerHour: 60,
      });
      assert.deepEqual(parseCommandLine(['--k-anonymity', '4'], {}), { help: false, error: '--k-anonymity: must be at least 5.' });
      assert.deepEqual(parseCommandLine(['--port', 'x'], {}), { help: false, error: "--port (AIGUARD_COLLECTOR_PORT) must be a whole number, not 'x'." });
      assert.deepEqual(parseCommandLine(['--token', 'short'], {}), { help: false, error: '--token: is too short (at least 8).' });
      assert.match((parseCommandLine(['--colour'], {}) as { error: string }).error, /Unknown option '--colour'/);
      assert.deepEqual(parseCommandLine(['--help'], {}), { help: true });
    });

    it('names its store with --store and --pg-url, keeps --db postgres://… working, and refuses contradictions', () => {
      const url = 'postgres://aiguard:pw@127.0.0.1:5432/aiguard';
      const located = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
        const parsed = parseCommandLine(argv, env);
        return 'config' in parsed ? [parsed.config.store, parsed.config.db] : (parsed as { error: string }).error;
      };
      assert.deepEqual(located(['--store', 'postgres', '--pg-url', url]), ['postgres', url]);
      assert.deepEqual(located([], { AIGUARD_COLLECTOR_STORE: 'postgres', AIGUARD_COLLECTOR_PG_URL: url }), ['postgres', url]);
      assert.deepEqual(located(['--pg-url', url]), ['postgres', url]);
      assert.deepEqual(located(['--db', url]), ['postgres', url], 'the earlier spelling');
      assert.deepEqual(located(['--db', 'x.db']), ['sqlite', 'x.db']);
      assert.deepEqual(located(['--store', 'sqlite']), ['sqlite', './aiguard-telemetry.db']);
      assert.match(located(['--store', 'postgres']) as string, /^--store postgres: needs the database: --pg-url postgres:\/\//);
      assert.match(located(['--store', 'sqlite', '--pg-url', url]) as string, /^--pg-url: .*--store postgres/);
      assert.match(located(['--store', 'sqlite', '--db', url]) as string, /^--db: is a PostgreSQL URL/);
      assert.match(located(['--pg-url', url, '--db', 'x.db']) as string, /^--db: with --pg-url/);
      assert.match(located(['--pg-url', 'mysql://x']) as string, /^--pg-url: does not match/);
      assert.match(located(['--store', 'oracle']) as string, /^--store: expected one of "sqlite", "postgres"/);
    });

    it('picks the dashboard language from Accept-Language, and has every string in both', async () => {
      assert.equal(preferredLang('fr-CA,fr;q=0.9'), 'fr');
      assert.equal(preferredLang('de, en;q=0.3, fr;q=0.7'), 'fr');
      assert.equal(preferredLang('fr;q=0, en'), 'en');
      assert.equal(preferredLang(undefined), 'en');
      assert.deepEqual(Object.keys(STRINGS.fr).sort(), Object.keys(STRINGS.en).sort());
      for (const [key, text] of Object.entries(STRINGS.fr))
        assert.ok(
          text.trim().length > 0 && (text !== STRINGS.en[key as keyof typeof STRINGS.en] || /^(DevOps|architecture|\{0\} h|Claude Code|GitHub Copilot|Gemini CLI|Cursor|AI Guard)$/.test(text)),
          key,
        );
    });

    it('documents an OpenTelemetry Collector that forwards to this one with JSON encoding', async () => {
      const text = readFileSync(join(__dirname, '..', '..', 'docs', 'otel-collector.example.yaml'), 'utf8');
      const config = parseYaml(text) as {
        extensions: Record<string, { create_directory?: boolean }>;
        receivers: Record<string, unknown>;
        processors: Record<string, { send_batch_max_size?: number }>;
        exporters: Record<string, { encoding?: string; endpoint?: string; retry_on_failure?: { max_elapsed_time?: number | string } }>;
        service: { extensions: string[]; pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
      };
      assert.equal(config.exporters['otlphttp/aiguard']?.encoding, 'json');
      // Retries never give up (the default drops a batch after 5 minutes), the queue's folder is
      // created, batches stay under --max-records, and the run command sets both tokens.
      assert.equal(config.exporters['otlphttp/aiguard']?.retry_on_failure?.max_elapsed_time, 0);
      assert.equal(config.extensions['file_storage/queue']?.create_directory, true);
      assert.ok((config.processors.batch?.send_batch_max_size ?? Infinity) <= 10_000);
      assert.match(text, /AIGUARD_INCOMING_TOKEN=… AIGUARD_COLLECTOR_TOKEN=… otelcol-contrib --config/);
      const { logs } = config.service.pipelines;
      assert.ok(logs?.exporters.includes('otlphttp/aiguard'));
      for (const name of config.service.extensions) assert.ok(name in config.extensions, name);
      for (const [kind, names] of [
        ['receivers', logs?.receivers],
        ['processors', logs?.processors],
        ['exporters', logs?.exporters],
      ] as const) {
        for (const name of names ?? []) assert.ok(name in config[kind], `${kind}: ${name}`);
      }
    });
  });

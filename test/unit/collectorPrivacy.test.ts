import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { type CollectorConfigInput, parseConfig } from '../../src/collector/config';
import { closedListsOf } from '../../src/collector/lists';
import { parsePeriod, type Period } from '../../src/collector/periods';
import { type Grouped, type Summary, summarize, UNLISTED } from '../../src/collector/queries';
import { type RunningCollector, startCollector } from '../../src/collector/server';
import { TelemetryStore } from '../../src/collector/store';
import { encodeOtlpLogs } from '../../src/core/telemetry';
import { decoded, feedback, promptRun, resource, send, TEST_SECRET } from '../support/collectorFixtures';
import { databaseFor, freshDatabase, STORES } from '../support/postgres';

/**
 * Privacy that holds: no answer of the API, and no difference of answers it allows, reveals the
 * figures of a group that fewer than k installations contributed to; only closed lists name
 * groups; only the AI lead reads the figures.
 */

const K = 5;
/** Mondays of the ISO weeks 10 to 13 of 2026: the month of March (weeks by their Thursday). */
const WEEKS = ['2026-W10', '2026-W11', '2026-W12', '2026-W13'] as const;
const MONDAYS = [Date.parse('2026-03-02T09:00:00Z'), Date.parse('2026-03-09T09:00:00Z'), Date.parse('2026-03-16T09:00:00Z'), Date.parse('2026-03-23T09:00:00Z')];
const NOW = Date.parse('2026-04-08T12:00:00Z');
const TEMPLATES = ['code-review', 'explain-code', 'generate-tests'] as const;
const LEAD = 'the-ai-lead-dashboard-token';

for (const kind of STORES)
  describe(`telemetry collector: privacy that holds (${kind})`, function () {
    let db = '';
    this.timeout(120_000);
    let folder: string;
    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-privacy-'));
      db = await databaseFor(kind, folder, this);
    });
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    const period = (id: string) => parsePeriod(id) as Period;
    const lists = closedListsOf({ teams: ['payments', 'data'] });
    const summaryOf = (store: TelemetryStore, id: string): Promise<Summary> => summarize(store, { period: period(id), now: NOW, kAnonymity: K, teamSize: 20, lists });

    /** The sum of a grouped list's figures, the fold included. */
    const sumOf = (grouped: Grouped, pick: (g: Grouped['groups'][number]) => number) => grouped.groups.reduce((total, g) => total + pick(g), 0);
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

    it('makes "4 weeks minus 3 weeks" impossible: a month is the sum of its weeks, and the victim alone in a week shows nowhere', async () => {
      const store = await TelemetryStore.open(db);
      try {
        // The victim (installation 99) runs sql-review alone in week 10; five colleagues run it in weeks 11–13.
        const events = [decoded(99, MONDAYS[0] as number, promptRun({ template: 'refactor', cost: '1-10' })), decoded(99, (MONDAYS[0] as number) + 1000, feedback(1, 0, 'refactor'))];
        for (const [w, monday] of MONDAYS.entries())
          for (let n = 0; n < 6; n++)
            events.push(decoded(n, monday + n * 1000, promptRun({ template: w === 0 ? 'code-review' : 'refactor' })), decoded(n, monday + n * 1000 + 1, feedback(4, 10, 'code-review')));
        await store.insert(events);
        const month = await summaryOf(store, '2026-03');
        const weeks = await Promise.all(WEEKS.map((id) => summaryOf(store, id)));
        const refactorOf = (s: Summary) => s.runs.byTemplate.groups.find((g) => g.key === 'refactor');
        // Week 10: the victim's refactor run is folded (with code-review, to keep "other" at k).
        assert.equal(refactorOf(weeks[0] as Summary), undefined);
        // The month's refactor figures are exactly its weeks' published ones: the victim's run is not in them.
        assert.equal(
          refactorOf(month)?.events,
          weeks.reduce((total, s) => total + (refactorOf(s)?.events ?? 0), 0),
        );
        assert.equal(refactorOf(month)?.events, 18);
        assert.equal(
          month.runs.total,
          weeks.reduce((total, s) => total + (s.runs.total ?? 0), 0),
        );
        assert.equal(
          month.satisfaction.ratings,
          weeks.reduce((total, s) => total + (s.satisfaction.ratings ?? 0), 0),
        );
      } finally {
        await store.close();
      }
    });

    it('property: every figure shown aggregates k installations, totals equal their groups, and a month equals the sum of its weeks', async () => {
      const event = fc.record({
        installation: fc.integer({ min: 0, max: 11 }),
        week: fc.integer({ min: 0, max: 3 }),
        template: fc.constantFrom(...TEMPLATES),
        team: fc.constantFrom('payments', 'data', 'intruder-free-text'),
        kind: fc.constantFrom('run', 'run', 'feedback'),
        rating: fc.integer({ min: 1, max: 5 }),
        minutes: fc.integer({ min: 0, max: 60 }),
        cost: fc.constantFrom('<0.01', '0.01-0.1', '1-10') as fc.Arbitrary<'<0.01' | '0.01-0.1' | '1-10'>,
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(event, { minLength: 40, maxLength: 200 }), async (generated) => {
          const store = await TelemetryStore.open(kind === 'sqlite' ? join(folder, `p${run++}.db`) : await freshDatabase());
          try {
            // Each installation keeps one team, as its resource says.
            const teamOf = new Map<number, string>();
            for (const e of generated) if (!teamOf.has(e.installation)) teamOf.set(e.installation, e.team);
            await store.insert(
              generated.map((e, i) =>
                decoded(
                  e.installation,
                  (MONDAYS[e.week] as number) + i * 1000,
                  e.kind === 'run' ? promptRun({ template: e.template, cost: e.cost }) : feedback(e.rating, e.minutes, e.template),
                  teamOf.get(e.installation),
                ),
              ),
            );
            const month = await summaryOf(store, '2026-03');
            const weeks = await Promise.all(WEEKS.map((id) => summaryOf(store, id)));

            // Ground truth: distinct installations per (week, kind, template) and per (week, team).
            const truth = (week: number, filter: (e: (typeof generated)[number]) => boolean) => new Set(generated.filter((e) => e.week === week && filter(e)).map((e) => e.installation)).size;

            for (const [w, s] of weeks.entries()) {
              // Every named group of a week has k installations; "other" too (all the week's unnamed ones).
              for (const [grouped, kind] of [
                [s.runs.byTemplate, 'run'],
                [s.satisfaction.byTemplate, 'feedback'],
              ] as const) {
                const named = grouped.groups.filter((g) => !g.other).map((g) => g.key);
                for (const key of named) assert.ok(truth(w, (e) => e.kind === kind && e.template === key) >= K, `${WEEKS[w]} ${kind} ${key}`);
                if (grouped.groups.some((g) => g.other)) assert.ok(truth(w, (e) => e.kind === kind && !named.includes(e.template)) >= K, `${WEEKS[w]} ${kind} other`);
                assert.equal(grouped.withheld > 0 && grouped.groups.length > 0, false, 'a week either publishes all its groups (named or folded) or none');
              }
              const teamNames = s.teams.groups.filter((g) => !g.other).map((g) => g.key);
              for (const key of teamNames)
                assert.ok(truth(w, (e) => (key === UNLISTED ? !['payments', 'data'].includes(teamOf.get(e.installation) ?? '') : teamOf.get(e.installation) === key)) >= K, `${WEEKS[w]} team ${key}`);
              // Totals are shown only at k, and equal their groups: total minus groups is zero.
              if (s.runs.total === null) assert.equal(s.runs.byTemplate.groups.length, 0);
              else {
                assert.ok(s.runs.total === 0 || truth(w, (e) => e.kind === 'run') >= K);
                assert.equal(
                  sumOf(s.runs.byTemplate, (g) => g.events),
                  s.runs.total,
                );
                assert.ok(
                  close(
                    sumOf(s.runs.byTemplate, (g) => g.cost),
                    s.cost.total ?? 0,
                  ),
                );
              }
              if (s.satisfaction.ratings === null) assert.equal(s.satisfaction.byTemplate.groups.length, 0);
              else {
                assert.equal(
                  sumOf(s.satisfaction.byTemplate, (g) => g.ratings),
                  s.satisfaction.ratings,
                );
                assert.equal(
                  sumOf(s.satisfaction.byTemplate, (g) => g.minutes),
                  s.satisfaction.minutesSaved,
                );
              }
            }

            // Month minus its weeks is zero, figure by figure: totals, each named group, the folds.
            const weekSum = (pick: (s: Summary) => number | null) => weeks.reduce((total, s) => total + (pick(s) ?? 0), 0);
            assert.equal(
              month.runs.total ?? 0,
              weekSum((s) => s.runs.total),
            );
            assert.ok(
              close(
                month.cost.total ?? 0,
                weekSum((s) => s.cost.total),
              ),
            );
            assert.equal(
              month.satisfaction.ratings ?? 0,
              weekSum((s) => s.satisfaction.ratings),
            );
            assert.equal(
              month.satisfaction.minutesSaved ?? 0,
              weekSum((s) => s.satisfaction.minutesSaved),
            );
            for (const pick of [(s: Summary) => s.runs.byTemplate, (s: Summary) => s.satisfaction.byTemplate, (s: Summary) => s.teams]) {
              const keys = new Set([...pick(month).groups, ...weeks.flatMap((s) => pick(s).groups)].map((g) => (g.other ? '\u0000other' : g.key)));
              for (const key of keys) {
                const of = (s: Summary) => pick(s).groups.find((g) => (g.other ? '\u0000other' : g.key) === key);
                assert.equal(
                  of(month)?.events ?? 0,
                  weekSum((s) => of(s)?.events ?? 0),
                  `month − weeks for ${key}`,
                );
                assert.equal(
                  of(month)?.ratings ?? 0,
                  weekSum((s) => of(s)?.ratings ?? 0),
                );
                assert.equal(
                  of(month)?.minutes ?? 0,
                  weekSum((s) => of(s)?.minutes ?? 0),
                );
              }
            }
            // A client's free text never names a group.
            assert.doesNotMatch(JSON.stringify([month, ...weeks]), /intruder-free-text/);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 60, seed: 20260312 },
      );
    });
  });

for (const kind of STORES)
  describe(`telemetry collector: closed lists and the AI lead’s credentials (${kind})`, function () {
    let db = '';
    this.timeout(30_000);
    let folder: string;
    let collector: RunningCollector | undefined;
    const start = async (config: CollectorConfigInput = {}) => {
      const parsed = parseConfig({ port: 0, secret: TEST_SECRET, db, ...config });
      assert.ok('config' in parsed, JSON.stringify(parsed));
      collector = await startCollector({ config: parsed.config, now: () => Date.parse('2026-03-12T10:00:00Z') });
      return collector;
    };
    beforeEach(async function () {
      folder = mkdtempSync(join(tmpdir(), 'aiguard-collector-lead-'));
      db = await databaseFor(kind, folder, this);
    });
    afterEach(async () => {
      await collector?.close();
      collector = undefined;
      rmSync(folder, { recursive: true, force: true });
    });

    it('never names a template, level or team a client made up (a client or a person), only the closed lists', async () => {
      const running = await start({ dashboardToken: LEAD, teams: ['payments'], templates: ['sql-review'] });
      const time = Date.parse('2026-03-11T10:00:00Z');
      for (let n = 0; n < 6; n++) {
        const body = encodeOtlpLogs(resource(n, 'alice-martin'), [
          { time, event: promptRun({ template: 'acme-corp-merger', level: 'bob-dupont-hr' }) },
          { time: time + 1, event: promptRun({ template: 'sql-review' }) },
          { time: time + 2, event: feedback(4, 10, 'acme-corp-merger') },
        ]);
        assert.equal((await send(`${running.url}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status, 200);
      }
      const auth = { Authorization: `Bearer ${LEAD}` };
      const api = await send(`${running.url}/api/summary?period=2026-W11`, { headers: auth });
      const page = await send(`${running.url}/?period=2026-W11&lang=en`, { headers: auth });
      for (const text of [api.text, page.text]) assert.doesNotMatch(text, /acme|alice|martin|bob|dupont/i);
      const summary = api.json() as Summary;
      assert.deepEqual(summary.runs.byTemplate.groups.map((g) => [g.key, g.events]).sort(), [
        [UNLISTED, 6],
        ['sql-review', 6],
      ]);
      assert.deepEqual(summary.runs.byLevel.groups.map((g) => [g.key, g.events]).sort(), [
        [UNLISTED, 6],
        ['internal', 6],
      ]);
      assert.deepEqual(
        summary.teams.groups.map((g) => [g.key, g.installations]),
        [[UNLISTED, 6]],
      );
      assert.match(page.text, /unlisted \(not in the configured lists\)/);
    });

    it('answers 401 with a sign-in page without the dashboard token, accepts it as bearer or basic, and never the ingest token', async () => {
      const running = await start({ dashboardToken: LEAD, token: 'the-ingest-token' });
      const page = await send(`${running.url}/`, { headers: { 'Accept-Language': 'fr' } });
      assert.equal(page.status, 401);
      assert.match(String(page.headers['www-authenticate']), /^Basic realm="aiguard-dashboard"/);
      assert.match(page.text, /<html lang="fr">/);
      assert.match(page.text, /identifiants du référent IA/);
      assert.doesNotMatch(page.text, /<script|Share using AI daily|Part utilisant/);
      assert.match(String(page.headers['content-security-policy']), /^default-src 'none'/);
      const api = await send(`${running.url}/api/summary`);
      assert.equal(api.status, 401);
      assert.match((api.json() as { error: string }).error, /AI lead’s credentials/);
      for (const authorization of ['Bearer the-ingest-token', `Bearer ${LEAD}x`, `Basic ${Buffer.from('lead:the-ingest-token').toString('base64')}`, 'Basic !!!']) {
        const wrong = await send(`${running.url}/api/summary`, { headers: { Authorization: authorization } });
        assert.equal(wrong.status, 401, authorization);
        assert.match((wrong.json() as { error: string }).error, /not the dashboard’s/);
      }
      assert.equal((await send(`${running.url}/api/summary`, { headers: { Authorization: `Bearer ${LEAD}` } })).status, 200);
      assert.equal((await send(`${running.url}/`, { headers: { Authorization: `Basic ${Buffer.from(`anyone:${LEAD}`).toString('base64')}` } })).status, 200);
      // The health check stays open: it says nothing.
      assert.equal((await send(`${running.url}/healthz`)).status, 200);
    });

    it('serves no figures at all (403, saying how to turn the dashboard on) without --dashboard-token, and refuses the ingest token as one', async () => {
      const running = await start();
      const page = await send(`${running.url}/`);
      assert.equal(page.status, 403);
      assert.match(page.text, /The dashboard is off: start the collector with --dashboard-token/);
      assert.equal((await send(`${running.url}/api/summary`, { headers: { Authorization: 'Bearer anything-at-all-here' } })).status, 403);
      assert.deepEqual(parseConfig({ token: 'same-token-for-both', dashboardToken: 'same-token-for-both' }), {
        error: '--dashboard-token: must differ from --token (every extension holds the ingest token).',
      });
    });

    it('does not let four invented installation ids reveal a victim: reading the figures needs the AI lead’s token, not the ingest one', async () => {
      const running = await start({ dashboardToken: LEAD, token: 'the-ingest-token' });
      const time = Date.parse('2026-03-11T10:00:00Z');
      const post = (n: number) =>
        send(`${running.url}/v1/logs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer the-ingest-token' },
          body: JSON.stringify(encodeOtlpLogs(resource(n), [{ time, event: promptRun({ template: 'refactor' }) }])),
        });
      await post(99); // the victim
      for (let n = 1; n <= 4; n++) assert.equal((await post(n)).status, 200); // the attacker's invented ids
      const read = await send(`${running.url}/api/summary?period=2026-W11`, { headers: { Authorization: 'Bearer the-ingest-token' } });
      assert.equal(read.status, 401);
      assert.doesNotMatch(read.text, /refactor/);
    });
  });

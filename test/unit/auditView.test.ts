import { strict as assert } from 'node:assert';
import { win32 } from 'node:path';
import { useBundle } from '../../src/core/locale';
import { useLocale } from '../../src/core/localeBundles';
import { FromAuditPageSchema, ToAuditPageSchema } from '../../src/shared/auditMessages';
import { AUDIT_VIEW_ROWS, buildAuditModel, localTime, zoneName } from '../../src/vscode/audit/auditModel';
import { exportFileName, exportFolder } from '../../src/vscode/audit/exportTarget';
import { renderSidebarHtml } from '../../src/vscode/sidebar/html';

/** A paired `call` record as `AuditLog.records()` returns it. */
function call(seq: number, time: string, fields: { outcome?: string; provider?: string; template?: string; detail?: string } = {}): Record<string, unknown> {
  return {
    v: 1,
    seq,
    type: 'call',
    time,
    outcome: fields.outcome ?? 'ok',
    ...(fields.detail !== undefined ? { detail: fields.detail } : {}),
    template: { id: fields.template ?? 'code-review' },
    provider: { id: fields.provider ?? 'ollama', model: 'llama3.1' },
    levels: ['confidential'],
    redactions: { email: 2 },
    tokens: { input: 120, output: 40 },
    cost: { amount: 0, currency: 'EUR' },
  };
}

const intact = { ok: true };

/** Runs `body` with the process in time zone `zone` (Node reads TZ again when it is set). */
function inZone<T>(zone: string, body: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe('audit view model', () => {
  before(() => useLocale('en'));
  after(() => useBundle(undefined));

  // The issue: "5 rows for 6 records". The log's lines include its start record, each call's
  // write-ahead attempt and completion, checkpoints and recoveries; the view counts what it shows.
  it('shows one row per call and counts exactly the rows it shows', () => {
    const records = [
      { v: 1, seq: 0, type: 'start', time: '2026-11-02T08:00:00.000Z' },
      call(1, '2026-11-02T09:00:00.000Z'),
      call(2, '2026-11-03T09:00:00.000Z', { outcome: 'blocked', detail: 'provider-not-allowed', provider: 'my-gateway' }),
      { v: 1, seq: 3, type: 'recovery', time: '2026-11-03T10:00:00.000Z', reason: 'torn line' },
      call(4, '2026-12-01T09:00:00.000Z', { outcome: 'interrupted' }),
      call(5, '2026-12-02T09:00:00.000Z', { template: 'explain-code' }),
      call(6, '2026-12-02T10:00:00.000Z', { outcome: 'truncated' }),
      call(7, '2026-12-03T09:00:00.000Z', { provider: 'copy', outcome: 'copied' }),
    ];
    const model = buildAuditModel({ records, verification: intact, filter: {}, language: 'en' });
    assert.equal(model.rows.length, 6);
    assert.equal(model.count, '6 call(s).');
    assert.deepEqual(
      model.rows.map((row) => row.seq),
      [7, 6, 5, 4, 2, 1],
      'newest first',
    );
    assert.equal(model.rows[4]?.outcomeLabel, 'blocked (provider-not-allowed)');
    assert.equal(model.rows[1]?.outcomeLabel, 'answered, cut short');
    assert.equal(model.rows[3]?.outcomeLabel, 'interrupted');
    assert.equal(model.rows[0]?.provider, 'copy');
    assert.equal(model.rows[5]?.masked, 'email ×2');
    assert.equal(model.rows[5]?.tokens, '120 / 40');
    assert.equal(model.rows[5]?.levels, 'confidential', 'without labels, the id');
    const labelled = buildAuditModel({ records, verification: intact, filter: {}, language: 'fr', levelLabels: { confidential: 'Confidentiel' } });
    assert.equal(labelled.rows[5]?.levels, 'Confidentiel', "the policy's label in the person's language");
    assert.match(model.status, /intact/);
    assert.equal(model.empty, undefined);
    assert.ok(ToAuditPageSchema.safeParse({ type: 'state', model }).success, 'the page accepts the model');
  });

  it('narrows by outcome, provider, template and month, and says how many of how many', () => {
    const records = [
      call(1, '2026-11-02T09:00:00.000Z'),
      call(2, '2026-11-03T09:00:00.000Z', { outcome: 'blocked', provider: 'my-gateway' }),
      call(3, '2026-12-01T09:00:00.000Z', { template: 'explain-code' }),
      call(4, '2026-12-02T09:00:00.000Z', { provider: 'azure-eu' }),
    ];
    inZone('UTC', () => {
      const all = buildAuditModel({ records, verification: intact, filter: {}, language: 'en' });
      assert.deepEqual(
        all.filters.outcome.map((option) => option.value),
        ['blocked', 'ok'],
      );
      assert.deepEqual(
        all.filters.provider.map((option) => option.value),
        ['azure-eu', 'my-gateway', 'ollama'],
      );
      assert.deepEqual(
        all.filters.month.map((option) => option.value),
        ['2026-12', '2026-11'],
        'newest month first',
      );
      const blocked = buildAuditModel({ records, verification: intact, filter: { outcome: 'blocked' }, language: 'en' });
      assert.deepEqual(
        blocked.rows.map((row) => row.seq),
        [2],
      );
      assert.equal(blocked.count, '1 call(s) shown of 4.');
      assert.deepEqual(
        buildAuditModel({ records, verification: intact, filter: { provider: 'ollama' }, language: 'en' }).rows.map((row) => row.seq),
        [3, 1],
      );
      assert.deepEqual(
        buildAuditModel({ records, verification: intact, filter: { template: 'explain-code' }, language: 'en' }).rows.map((row) => row.seq),
        [3],
      );
      assert.deepEqual(
        buildAuditModel({ records, verification: intact, filter: { month: '2026-11' }, language: 'en' }).rows.map((row) => row.seq),
        [2, 1],
      );
      const none = buildAuditModel({ records, verification: intact, filter: { month: '2026-12', outcome: 'blocked' }, language: 'en' });
      assert.equal(none.rows.length, 0);
      assert.equal(none.empty, 'No call matches these filters.');
      // A value the log does not hold is not a filter: it is dropped, not applied to show nothing.
      const stale = buildAuditModel({ records, verification: intact, filter: { provider: 'gone' }, language: 'en' });
      assert.equal(stale.rows.length, 4);
      assert.deepEqual(stale.selected, {});
    });
  });

  it('shows times in the local time zone, and files each call under its local month', () => {
    // 23:30 UTC on 30 November is already December in Paris, and still November in New York.
    const records = [call(1, '2026-11-30T23:30:00.000Z')];
    inZone('Europe/Paris', () => {
      const model = buildAuditModel({ records, verification: intact, filter: {}, language: 'en' });
      assert.equal(model.rows[0]?.time, '2026-12-01 00:30:00');
      assert.deepEqual(
        model.filters.month.map((option) => option.value),
        ['2026-12'],
      );
      assert.equal(model.timeNote, 'Times are local (UTC+01:00).');
    });
    inZone('America/New_York', () => {
      const model = buildAuditModel({ records, verification: intact, filter: {}, language: 'en' });
      assert.equal(model.rows[0]?.time, '2026-11-30 18:30:00');
      assert.deepEqual(
        model.filters.month.map((option) => option.value),
        ['2026-11'],
      );
      assert.equal(zoneName(new Date('2026-07-01T12:00:00Z')), 'UTC-04:00', 'summer time');
    });
    assert.equal(localTime(new Date(Number.NaN)), '');
  });

  it('caps the rows at the newest ones and says so, still counting only what it shows', () => {
    const records = Array.from({ length: AUDIT_VIEW_ROWS + 3 }, (_, index) => call(index + 1, new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString()));
    const model = buildAuditModel({ records, verification: intact, filter: {}, language: 'en' });
    assert.equal(model.rows.length, AUDIT_VIEW_ROWS);
    assert.equal(model.rows[0]?.seq, AUDIT_VIEW_ROWS + 3);
    assert.equal(model.count, `${AUDIT_VIEW_ROWS} newest calls shown of ${AUDIT_VIEW_ROWS + 3} that match; the export has them all.`);
  });

  it('says when the log is empty or its chain is broken, in French too', () => {
    const empty = buildAuditModel({ records: [], verification: intact, filter: {}, language: 'en' });
    assert.equal(empty.count, '0 call(s).');
    assert.match(empty.empty ?? '', /No AI call is recorded yet/);
    useLocale('fr');
    try {
      const broken = buildAuditModel({
        records: [call(1, '2026-11-02T09:00:00.000Z', { outcome: 'blocked' })],
        verification: { ok: false, broken: { line: 3, reason: 'hash mismatch' } },
        filter: {},
        language: 'fr',
      });
      assert.equal(broken.chainOk, false);
      assert.match(broken.status, /La chaîne est rompue à la ligne 3/);
      assert.equal(broken.count, '1 appel(s).');
      assert.equal(broken.rows[0]?.outcomeLabel, 'bloqué');
      assert.match(broken.timeNote, /^Heures locales/);
    } finally {
      useLocale('en');
    }
  });
});

describe('audit view protocol and page', () => {
  it('accepts only the page messages it declares, with plain filter values', () => {
    assert.ok(FromAuditPageSchema.safeParse({ type: 'ready' }).success);
    assert.ok(FromAuditPageSchema.safeParse({ type: 'filter', filter: { outcome: 'blocked', month: '2026-12' } }).success);
    for (const bad of [
      { type: 'filter', filter: { month: '2026-13' } },
      { type: 'filter', filter: { provider: '../../etc' } },
      { type: 'filter', filter: { provider: 'ollama', path: '/x' } },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'painted', rows: -1 },
      { type: 'export', to: '/tmp/x.csv' },
    ]) {
      assert.equal(FromAuditPageSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it("loads the audit page's own bundle under the sidebar's CSP, with its title escaped", () => {
    const html = renderSidebarHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce: 'bm9uY2U=',
      scriptUri: 'https://x.vscode-cdn.net/dist/audit.js',
      styleUri: 'https://x.vscode-cdn.net/media/audit.css',
      language: 'en',
      loadingText: 'Loading…',
      title: '<AI Guard Audit Log>',
    });
    assert.match(html, /default-src &#39;none&#39;; /);
    assert.match(html, /<script nonce="bm9uY2U=" src="https:\/\/x\.vscode-cdn\.net\/dist\/audit\.js"><\/script>/);
    assert.match(html, /<title>&#60;AI Guard Audit Log&#62;<\/title>/);
  });
});

describe('audit export target', () => {
  const home = '/home/ana';
  const storageParent = '/home/ana/.config/Code/User/globalStorage';

  it('names the file after the local month and the format', () => {
    inZone('Europe/Paris', () => assert.equal(exportFileName('csv', new Date('2026-11-30T23:30:00.000Z')), 'ai-guard-audit-2026-12.csv'));
    inZone('America/New_York', () => assert.equal(exportFileName('json', new Date('2026-11-30T23:30:00.000Z')), 'ai-guard-audit-2026-11.json'));
  });

  it('opens in the home folder, never inside a workspace (client) folder', () => {
    assert.equal(exportFolder([home, storageParent, '/tmp'], ['/home/ana/clients/ardoise']), home);
    // Someone opened their whole home folder, or a folder above it: the dialog goes elsewhere.
    assert.equal(exportFolder([home, '/srv/editor/globalStorage', '/tmp'], ['/home/ana']), '/srv/editor/globalStorage');
    assert.equal(exportFolder([home, storageParent, '/tmp'], ['/']), undefined, 'every candidate is inside: no suggestion rather than a client folder');
    // A sibling whose name begins like the folder is not inside it.
    assert.equal(exportFolder(['/home/ana-exports'], ['/home/ana']), '/home/ana-exports');
    assert.equal(exportFolder([undefined, '', 'relative/path', '/tmp'], []), '/tmp');
  });

  it('compares Windows paths as Windows does', () => {
    assert.equal(exportFolder(['C:\\Users\\ana', 'C:\\Users\\ana\\AppData\\Roaming\\Code\\User'], ['c:\\users\\ANA'], win32), undefined, 'drive letters and case do not matter');
    assert.equal(exportFolder(['C:\\Users\\ana', 'D:\\exports'], ['C:\\Users\\ana\\clients'], win32), 'C:\\Users\\ana');
  });
});

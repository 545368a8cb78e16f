import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';

const policy = (value: unknown) => JSON.stringify(value);

describe('PolicyStore snapshots: one version of the policies per question', () => {
  it('a snapshot keeps answering from the version it was taken at, whatever is saved after', () => {
    const store = new PolicyStore();
    store.setRoots(['/w']);
    store.update(
      '/w/.aiguard/policy.json',
      policy({ version: 1, defaultLevel: 'internal', templates: { allowUnapproved: true }, cost: { budgets: { perCall: 2 } }, cache: { enabled: true, ttlMinutes: 10 } }),
    );
    const before = store.current();
    const effective = store.at('/w/src/a.ts');
    store.update(
      '/w/.aiguard/policy.json',
      policy({
        version: 1,
        defaultLevel: 'confidential',
        matrix: { confidential: { aiAllowed: false } },
        templates: { allowUnapproved: false },
        cost: { budgets: { perCall: 1 } },
        cache: { enabled: false },
      }),
    );

    assert.equal(before.classify('/w/src/a.ts').level, 'internal');
    assert.equal(before.classify('/w/src/a.ts').aiAllowed, true);
    assert.equal(before.at('/w/src/a.ts').unapprovedTemplatesAllowed, true);
    assert.equal(effective.costTables().budget.perCall, 2);
    assert.deepEqual(effective.responseCache, { enabled: true, ttlMinutes: 10 });

    const after = store.current();
    assert.ok(after.version > before.version, 'each change makes a new version');
    assert.equal(after.classify('/w/src/a.ts').level, 'confidential');
    assert.equal(after.classify('/w/src/a.ts').aiAllowed, false);
    assert.equal(store.at('/w/src/a.ts').unapprovedTemplatesAllowed, false);
    assert.equal(store.at('/w/src/a.ts').costTables().budget.perCall, 1);
  });

  it('a snapshot and its effective policies are frozen', () => {
    const store = new PolicyStore();
    store.setRoots(['/w']);
    const snapshot = store.current();
    const effective = snapshot.at('/w/a.ts');
    assert.ok(Object.isFrozen(snapshot));
    assert.ok(Object.isFrozen(effective));
    assert.throws(() => {
      (effective as unknown as { declared: unknown }).declared = {};
    }, TypeError);
    // Its dictionary is still built once, on first use.
    assert.equal(effective.dictionary(), effective.dictionary());
  });

  it('a snapshot keeps the locale it was built with', () => {
    const store = new PolicyStore({ locale: 'en' });
    store.setRoots(['/w']);
    const english = store.current();
    store.setLocale('fr');
    assert.equal(english.classify('/w/a.ts').levelLabel, 'Internal');
    assert.equal(store.classify('/w/a.ts').levelLabel, 'Interne');
  });
});

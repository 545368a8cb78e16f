import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { PolicyStore } from '../../src/core/classification';
import { useLocale } from '../../src/core/localeBundles';
import type { Problem } from '../../src/core/policy';

const ROOT = '/work/app';
const ORG = 'https://policies.example/org.json';
const WORKSPACE = `${ROOT}/.aiguard/policy.json`;

function store(organisation: object | undefined, workspace: object | undefined, extra: Record<string, object> = {}): PolicyStore {
  const result = new PolicyStore();
  result.setRoots([ROOT]);
  if (organisation !== undefined) result.setOrganisationPolicy({ file: ORG, text: JSON.stringify(organisation, null, 2) });
  result.apply([
    ...(workspace === undefined ? [] : [{ path: WORKSPACE, text: JSON.stringify(workspace, null, 2) }]),
    ...Object.entries(extra).map(([path, policy]) => ({ path, text: JSON.stringify(policy, null, 2) })),
  ]);
  return result;
}

function problems(of: PolicyStore, file: string): readonly Problem[] {
  return of.problems().get(file) ?? [];
}

function warnings(of: PolicyStore, file: string): string[] {
  return problems(of, file)
    .filter((p) => p.severity === 'warning')
    .map((p) => p.message);
}

describe('policy layering: the most restrictive wins', () => {
  before(() => useLocale('en'));

  const organisation = {
    version: 1,
    defaultLevel: 'internal',
    providers: { 'etech-azure': { tags: ['eu-hosted'] } },
    matrix: {
      confidential: { aiAllowed: true, providers: ['tag:eu-hosted', 'tag:local'] },
      restricted: { aiAllowed: false },
    },
    rules: [{ pattern: 'hr/', level: 'restricted', reason: 'Personnel files.' }],
    contentLevels: { pii: 'restricted' },
    network: true,
  };

  it('a workspace trying to loosen the organisation policy has no effect, and is told so', () => {
    const loosening = {
      version: 1,
      defaultLevel: 'public',
      matrix: {
        confidential: { aiAllowed: true, providers: ['openai', 'ollama'] },
        restricted: { aiAllowed: true, providers: ['*'] },
      },
      rules: [{ pattern: 'hr/handbook/', level: 'public', reason: 'The handbook is public.' }],
      contentLevels: { pii: 'internal' },
      network: false,
    };
    const withOrg = store(organisation, loosening);

    // No effect: every loosening is outvoted.
    const hr = withOrg.classify(`${ROOT}/hr/handbook/leave.md`);
    assert.equal(hr.level, 'restricted');
    assert.equal(hr.aiAllowed, false);
    const plain = withOrg.classify(`${ROOT}/src/app.ts`);
    assert.equal(plain.level, 'internal');
    assert.ok(plain.redact.includes('network'), 'network masking stays on');
    const personal = withOrg.classify(`${ROOT}/src/users.ts`, { counts: { pii: 5 } });
    assert.equal(personal.level, 'restricted');
    const confidential = withOrg.classify(`${ROOT}/src/deal.ts`, { counts: { secret: 1 } });
    assert.equal(confidential.level, 'confidential');
    // openai stays untagged (the organisation declared etech-azure; the built-in openai has no tags),
    // and the intersection of {eu-hosted, local} with {openai, ollama} is ollama.
    assert.deepEqual(confidential.allowedProviders, ['ollama']);

    // Told so: one warning per attempt, none of them an error (the workspace policy is in force).
    const messages = warnings(withOrg, WORKSPACE);
    assert.equal(problems(withOrg, WORKSPACE).filter((p) => p.severity === 'error').length, 0);
    const expected = [
      /'public' is below the default level 'internal' set by https:\/\/policies\.example\/org\.json/,
      /does not allow openai for 'confidential' files/,
      /does not allow AI for 'restricted' files; this setting is ignored/,
      /This rule cannot lower files below 'internal'/,
      /raises files containing personal data to 'restricted'/,
      /switches network masking on; it cannot be switched off here/,
    ];
    for (const pattern of expected)
      assert.ok(
        messages.some((m) => pattern.test(m)),
        `${pattern} in ${JSON.stringify(messages, null, 1)}`,
      );
  });

  it('the same workspace policy, with no organisation policy, is in force as written', () => {
    const alone = store(undefined, { version: 1, defaultLevel: 'public', matrix: { restricted: { aiAllowed: true, providers: ['openai'] } } });
    assert.equal(alone.classify(`${ROOT}/src/app.ts`).level, 'public');
    const key = alone.classify(`${ROOT}/deploy/server.key`);
    assert.equal(key.level, 'restricted', 'built-in sensitive paths are not lowered');
    assert.equal(key.aiAllowed, true);
    assert.deepEqual(key.allowedProviders, ['openai']);
    assert.deepEqual(warnings(alone, WORKSPACE), []);
  });

  it('a workspace can tighten: raise levels, forbid providers, add redaction', () => {
    const tightened = store(organisation, {
      version: 1,
      defaultLevel: 'confidential',
      matrix: { confidential: { aiAllowed: true, providers: ['tag:local'], redact: ['dictionary'] } },
    });
    const result = tightened.classify(`${ROOT}/src/app.ts`);
    assert.equal(result.level, 'confidential');
    assert.deepEqual(result.allowedProviders, ['lm-studio', 'ollama']);
    assert.ok(result.redact.includes('dictionary') && result.redact.includes('secret'), 'redaction is the union');
    assert.deepEqual(problems(tightened, WORKSPACE), []);
  });

  it('the organisation fixes the levels; an inner policy cannot change them', () => {
    const levels = [
      { id: 'open', label: { en: 'Open', fr: 'Ouvert' } },
      { id: 'closed', label: { en: 'Closed', fr: 'Fermé' } },
    ];
    const custom = store(
      { version: 1, levels, defaultLevel: 'open', contentLevels: { secret: 'closed', pii: 'closed' }, matrix: { open: { aiAllowed: true }, closed: { aiAllowed: false } } },
      {
        version: 1,
        levels: [...levels, { id: 'secret', label: { en: 'Secret', fr: 'Secret' } }],
        rules: [{ pattern: 'vault/', level: 'secret', reason: 'r' }],
      },
    );
    assert.match(warnings(custom, WORKSPACE)[0] ?? '', /These levels are ignored: https:\/\/policies\.example\/org\.json fixes the levels \(open, closed\)/);
    assert.match(problems(custom, WORKSPACE).find((p) => p.severity === 'error')?.message ?? '', /Unknown level 'secret'; the levels are: open, closed/);
    // The workspace policy is invalid and has no earlier version: its files fail closed, at the
    // highest level since these levels have no `confidential`.
    assert.equal(custom.classify(`${ROOT}/src/a.ts`).level, 'closed');
    assert.deepEqual(
      custom.levels().map((l) => l.id),
      ['open', 'closed'],
    );
  });

  describe('only the outermost policy in force says what a provider is and guarantees, and waives the audit', () => {
    const NESTED = `${ROOT}/team/.aiguard/policy.json`;
    const errors = (of: PolicyStore, file: string) => problems(of, file).filter((p) => p.severity === 'error');
    const confidentialProviders = (of: PolicyStore, path: string) => of.classify(path, { counts: { secret: 1 } }).allowedProviders;

    it('an inner policy giving a new provider trusted tags has an error at its line, and is not used', () => {
      for (const trusted of ['eu-hosted', 'client-tenant', 'local']) {
        // The nested policy also raises a folder: since it is not used, its last valid version (none) applies.
        const inner = { version: 1, providers: { 'my-llm': { tags: [trusted] } }, rules: [{ pattern: 'x/', level: 'restricted', reason: 'r' }] };
        for (const [label, built] of [
          ['under the organisation, in the workspace', store(organisation, inner)],
          ['without one, in a nested folder', store(undefined, { version: 1 }, { [NESTED]: inner })],
          ['without any outer policy file, in a nested folder', store(undefined, undefined, { [NESTED]: inner })],
        ] as const) {
          const file = label.includes('nested') ? NESTED : WORKSPACE;
          const [error] = errors(built, file);
          assert.match(error?.message ?? '', /Only the outermost policy in force .* may declare a provider's tags: declare 'my-llm' there/, `${label}, ${trusted}`);
          // Reported where "tags" is written: line 5 of the pretty-printed file.
          assert.equal(error?.line, 5, label);
          const path = file === NESTED ? `${ROOT}/team/a.ts` : `${ROOT}/a.ts`;
          assert.ok(!confidentialProviders(built, path).includes('my-llm'), `${label}: my-llm is not trusted`);
        }
      }
    });

    it("an inner policy changing an outer provider's tags, kind or endpoints has an error; repeating them is fine", () => {
      const outer = { version: 1, providers: { 'etech-azure': { tags: ['eu-hosted'], kind: 'azure-openai', endpoints: ['https://etech.openai.azure.com'] } } };
      const repeat = store(outer, { version: 1, providers: { 'etech-azure': { tags: ['eu-hosted'], kind: 'azure-openai', endpoints: ['https://etech.openai.azure.com'] }, plain: { tags: [] } } });
      assert.deepEqual(errors(repeat, WORKSPACE), []);
      for (const [key, value] of [
        ['tags', ['eu-hosted', 'local']],
        ['kind', 'openai'],
        ['endpoints', ['https://evil.example']],
      ] as const) {
        const changed = store(outer, { version: 1, providers: { 'etech-azure': { ...outer.providers['etech-azure'], [key]: value } } });
        assert.match(errors(changed, WORKSPACE)[0]?.message ?? '', new RegExp(`declared by https://policies\\.example/org\\.json: only the outermost policy in force may declare its ${key}`), key);
      }
      // The built-in catalogue is outside every policy too: a nested policy cannot retag mistral.
      const builtIn = store(undefined, { version: 1 }, { [NESTED]: { version: 1, providers: { openai: { tags: ['eu-hosted'] } } } });
      assert.match(errors(builtIn, NESTED)[0]?.message ?? '', /The provider 'openai' is declared by the built-in policy/);
    });

    it('the outermost policy in force may declare them: the organisation, or else the workspace folder', () => {
      const declared = { version: 1, providers: { 'my-llm': { tags: ['local'], kind: 'openai-compatible', endpoints: ['http://127.0.0.1:*'] } } };
      assert.deepEqual(errors(store(declared, undefined), ORG), []);
      assert.ok(confidentialProviders(store(declared, undefined), `${ROOT}/a.ts`).includes('my-llm'));
      assert.deepEqual(errors(store(undefined, declared), WORKSPACE), []);
      assert.ok(confidentialProviders(store(undefined, declared), `${ROOT}/a.ts`).includes('my-llm'));
      // With an organisation policy, even one that cannot be read, the workspace is inner.
      const unreadable = new PolicyStore();
      unreadable.setRoots([ROOT]);
      unreadable.setOrganisationPolicy({ file: ORG, text: '{ not json' });
      unreadable.apply([{ path: WORKSPACE, text: JSON.stringify(declared, null, 2) }]);
      assert.match(errors(unreadable, WORKSPACE)[0]?.message ?? '', /Only the outermost policy in force/);
    });

    it('an inner policy waiving the audit has an error, and the record stays required', () => {
      const waiver = { version: 1, audit: { required: false } };
      for (const built of [store(organisation, waiver), store(undefined, { version: 1 }, { [NESTED]: waiver })]) {
        const file = problems(built, NESTED).length > 0 ? NESTED : WORKSPACE;
        const [error] = errors(built, file);
        assert.match(error?.message ?? '', /Only the outermost policy in force .* may waive the audit record/);
        assert.equal(error?.line, 4);
        assert.equal(built.at(`${ROOT}/team/a.ts`).auditRequired, true);
      }
      assert.equal(store(waiver, undefined).at(`${ROOT}/a.ts`).auditRequired, false, 'the organisation may waive it');
      assert.equal(store(undefined, waiver).at(`${ROOT}/a.ts`).auditRequired, false, 'so may the workspace folder without one');
    });
  });

  it('provider tags come from the outermost policy declaring them, never from user settings', () => {
    const tagged = store({ version: 1, providers: { 'acme-azure': { tags: ['client-tenant'] } } }, undefined);
    tagged.setUserPolicy({ file: 'settings', value: { providers: { openai: { tags: ['local'] }, 'my-llm': { tags: ['local'] } } } });
    const result = tagged.classify(`${ROOT}/src/a.ts`, { counts: { secret: 1 } });
    assert.equal(result.level, 'confidential');
    // The built-in confidential list: eu-hosted (mistral), client-tenant (acme-azure, tagged by the organisation), local.
    assert.deepEqual(result.allowedProviders, ['acme-azure', 'lm-studio', 'mistral', 'ollama']);
    assert.ok(!result.allowedProviders.includes('openai') && !result.allowedProviders.includes('my-llm'), 'self-tagged providers stay untagged');
    assert.ok(warnings(tagged, 'settings').every((m) => /cannot give a provider tags/.test(m)));
    assert.equal(warnings(tagged, 'settings').length, 2);
  });

  it('the user layer can narrow but not widen', () => {
    const user = store(organisation, undefined);
    user.setUserPolicy({ file: 'settings', value: { matrix: { internal: { aiAllowed: true, providers: ['mistral'] }, restricted: { aiAllowed: true } } } });
    assert.deepEqual(user.classify(`${ROOT}/src/a.ts`).allowedProviders, ['mistral']);
    assert.equal(user.classify(`${ROOT}/.env`).aiAllowed, false);
    assert.ok(warnings(user, 'settings').some((m) => /does not allow AI for 'restricted' files/.test(m)));
  });

  it('a client declared twice keeps its first declaration, with a warning', () => {
    const twice = store(
      { version: 1, clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }] },
      {
        version: 1,
        clients: [{ id: 'acme', name: 'ACME Inc.' }],
        rules: [{ pattern: 'acme/', level: 'confidential', client: 'acme', reason: 'r' }],
      },
    );
    const result = twice.classify(`${ROOT}/acme/x.ts`);
    assert.deepEqual(result.client, { id: 'acme', name: 'Acme' });
    assert.deepEqual(result.allowedProviders, ['lm-studio', 'ollama']);
    assert.match(warnings(twice, WORKSPACE)[0] ?? '', /The client 'acme' is already declared by/);
  });

  it('warns about a matrix that allows AI for a level but not for a less sensitive one', () => {
    const inverted = store({ version: 1, matrix: { confidential: { aiAllowed: false }, restricted: { aiAllowed: true } } }, undefined);
    assert.match(warnings(inverted, ORG)[0] ?? '', /AI is allowed for 'restricted' but not for the less sensitive 'confidential'/);
    assert.deepEqual(warnings(store(organisation, undefined), ORG), []);
  });

  describe('properties', function () {
    // Hundreds of generated policy chains: generous on a loaded 2-core machine.
    this.timeout(60_000);
    const levelIds = ['public', 'internal', 'confidential', 'restricted'] as const;
    const providerRefs = ['*', 'openai', 'mistral', 'ollama', 'tag:local', 'tag:eu-hosted', 'tag:no-training'];
    const arbitraryPolicy = fc.record(
      {
        defaultLevel: fc.constantFrom(...levelIds),
        matrix: fc.dictionary(fc.constantFrom(...levelIds), fc.record({ aiAllowed: fc.boolean(), providers: fc.subarray(providerRefs) }, { requiredKeys: ['aiAllowed'] }), { maxKeys: 4 }),
        rules: fc.array(fc.record({ pattern: fc.constantFrom('src/', '*.md', 'docs/', 'a.txt', '*'), level: fc.constantFrom(...levelIds), reason: fc.constant('r') }), { maxLength: 3 }),
        contentLevels: fc.dictionary(fc.constantFrom('secret', 'pii'), fc.constantFrom(...levelIds), { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    );
    const paths = ['src/a.ts', 'docs/readme.md', 'a.txt', 'lib/b.js', '.env'];
    const rank = (level: string) => levelIds.indexOf(level as (typeof levelIds)[number]);

    it('adding a policy layer never lowers a level, and at the same level never allows AI or a provider that was not allowed', () => {
      fc.assert(
        fc.property(arbitraryPolicy, arbitraryPolicy, fc.constantFrom(...paths), fc.boolean(), (outer, inner, path, withSecret) => {
          const before = store({ version: 1, ...outer }, undefined);
          const after = store({ version: 1, ...outer }, { version: 1, ...inner });
          const content = withSecret ? { counts: { secret: 1 } } : undefined;
          const a = before.classify(`${ROOT}/${path}`, content);
          const b = after.classify(`${ROOT}/${path}`, content);
          assert.ok(rank(b.level) >= rank(a.level), `${a.level} → ${b.level}`);
          // A higher level has its own matrix entry, which may differ (inversions are warned about, see below).
          if (b.level !== a.level) return;
          if (!a.aiAllowed) assert.equal(b.aiAllowed, false);
          for (const provider of b.allowedProviders) assert.ok(a.allowedProviders.includes(provider), `${provider} appeared`);
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('policy layering: template approvals', () => {
  it('unions approvals (never from user settings) and lets any policy forbid unapproved templates', () => {
    const store = new PolicyStore();
    store.setRoots(['/w']);
    const approval = (id: string) => ({ id, sha256: id.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a') });
    store.update('/w/.aiguard/policy.json', JSON.stringify({ version: 1, templates: { approved: [approval('team-a')], allowUnapproved: false } }));
    store.update('/w/sub/.aiguard/policy.json', JSON.stringify({ version: 1, templates: { approved: [approval('team-b')], allowUnapproved: true } }));
    store.setUserPolicy({ file: 'settings', value: { templates: { approved: [approval('mine')] } } });
    const inner = store.at('/w/sub/file.ts').templatePolicy();
    assert.deepEqual(inner.approved.map((entry) => entry.id).sort(), ['team-a', 'team-b']);
    assert.equal(inner.allowUnapproved, false, 'an inner policy cannot allow what an outer one forbids');
    assert.equal(store.at('/elsewhere/file.ts').unapprovedTemplatesAllowed, true, 'the built-in default allows them');
  });
});

describe('policy layering: contentThresholds', () => {
  it('takes the lowest number any policy sets, and warns when an inner policy tries a higher one', function () {
    this.timeout(10_000);
    const store = new PolicyStore();
    store.setRoots(['/w']);
    store.update('/w/.aiguard/policy.json', JSON.stringify({ version: 1, contentThresholds: { pii: 2 } }));
    store.update('/w/team/.aiguard/policy.json', JSON.stringify({ version: 1, contentThresholds: { pii: 50 } }));
    assert.equal(store.classify('/w/team/a.ts', { counts: { pii: 2 } }).level, 'confidential', 'the outer 2 wins over the inner 50');
    assert.equal(store.classify('/w/b.ts', { counts: { pii: 1 } }).level, 'internal');
    const problems = JSON.stringify([...store.problems().values()]);
    assert.match(problems, /raises a file to its content level from 2 findings of personal data; a higher number here has no effect/);
  });
});

import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { useLocale } from '../../src/core/localeBundles';

const ROOT = '/repo';
const label = (en: string) => ({ en, fr: en });
// The outermost policy fixes its own levels; for `team` it allows AI and says nothing more.
const OUTER = {
  version: 1,
  levels: [
    { id: 'open', label: label('Open') },
    { id: 'team', label: label('Team') },
  ],
  defaultLevel: 'team',
  matrix: { open: { aiAllowed: true, providers: ['*'], redact: ['secret'] }, team: { aiAllowed: true } },
};

function storeWith(files: Record<string, object>): PolicyStore {
  const store = new PolicyStore();
  store.setRoots([ROOT]);
  store.apply(Object.entries(files).map(([path, value]) => ({ path, text: JSON.stringify(value) })));
  return store;
}

// A policy inside another may only narrow what the outer one allows (ARCHITECTURE: "the most
// restrictive wins"). A value the outermost policy leaves out for one of its own levels is closed
// for it, so it must stay closed when a folder's policy inside it declares that value wide open.
describe('policy layers: an inner policy never widens what the outermost allows', () => {
  before(() => useLocale('en'));

  it('keeps a level closed that the outermost left without providers or masking, whatever a folder inside declares', () => {
    const alone = storeWith({ [`${ROOT}/.aiguard/policy.json`]: OUTER }).classify(`${ROOT}/project/src/app.ts`);
    assert.equal(alone.level, 'team');
    assert.deepEqual(alone.allowedProviders, [], 'the outermost alone allows no provider for team');
    assert.deepEqual([...alone.redact].sort(), ['dictionary', 'network', 'pii', 'secret']);

    const inner = { version: 1, matrix: { team: { aiAllowed: true, providers: ['*'], redact: [] } } };
    const nested = storeWith({ [`${ROOT}/.aiguard/policy.json`]: OUTER, [`${ROOT}/project/.aiguard/policy.json`]: inner }).classify(`${ROOT}/project/src/app.ts`);
    assert.equal(nested.level, 'team');
    assert.deepEqual(nested.allowedProviders, alone.allowedProviders, 'a folder policy opened providers its outer policy had closed');
    assert.deepEqual([...nested.redact].sort(), [...alone.redact].sort(), 'a folder policy stopped masking what its outer policy masked');
  });

  it('keeps a level closed that the outermost gave no matrix entry at all', () => {
    const outer = { ...OUTER, matrix: { open: OUTER.matrix.open } };
    const alone = storeWith({ [`${ROOT}/.aiguard/policy.json`]: outer }).classify(`${ROOT}/project/a.ts`);
    assert.equal(alone.aiAllowed, false);
    const inner = { version: 1, matrix: { team: { aiAllowed: true, providers: ['*'], redact: [] } } };
    const nested = storeWith({ [`${ROOT}/.aiguard/policy.json`]: outer, [`${ROOT}/project/.aiguard/policy.json`]: inner }).classify(`${ROOT}/project/a.ts`);
    assert.equal(nested.aiAllowed, false, 'a folder policy allowed AI on a level its outer policy left closed');
    assert.deepEqual(nested.allowedProviders, []);
  });

  it('still lets an inner policy narrow: fewer providers, more masking', () => {
    const outer = { ...OUTER, matrix: { ...OUTER.matrix, team: { aiAllowed: true, providers: ['*'], redact: ['secret'] } } };
    const inner = { version: 1, matrix: { team: { aiAllowed: true, providers: ['tag:local'], redact: ['pii'] } } };
    const nested = storeWith({ [`${ROOT}/.aiguard/policy.json`]: outer, [`${ROOT}/project/.aiguard/policy.json`]: inner }).classify(`${ROOT}/project/a.ts`);
    assert.ok(!nested.allowedProviders.includes('openai'), `inner narrowed to local providers: ${nested.allowedProviders.join(', ')}`);
    assert.ok(nested.allowedProviders.length > 0);
    assert.deepEqual([...nested.redact].sort(), ['pii', 'secret']);
  });

  it('keeps the outermost threshold for content it left out: a folder policy cannot make secrets count only from the 1000th', () => {
    const outer = { version: 1 };
    const inner = { version: 1, contentThresholds: { secret: 1000, pii: 1000 } };
    const found = { counts: { secret: 1 } };
    const alone = storeWith({ [`${ROOT}/.aiguard/policy.json`]: outer }).classify(`${ROOT}/project/config.ts`, found);
    const nested = storeWith({ [`${ROOT}/.aiguard/policy.json`]: outer, [`${ROOT}/project/.aiguard/policy.json`]: inner }).classify(`${ROOT}/project/config.ts`, found);
    assert.equal(alone.level, 'confidential', 'one secret raises the file');
    assert.equal(nested.level, alone.level, 'a folder policy raised the threshold the outermost had left at 1');
  });

  it('keeps the thresholds when the outermost policy cannot be used and the built-in one stands in', () => {
    const store = new PolicyStore();
    store.setRoots([ROOT]);
    store.apply([
      { path: `${ROOT}/.aiguard/policy.json`, text: '{ "version": 1, "matrix": ' },
      { path: `${ROOT}/project/.aiguard/policy.json`, text: JSON.stringify({ version: 1, contentThresholds: { secret: 1000 } }) },
    ]);
    assert.equal(store.classify(`${ROOT}/project/config.ts`, { counts: { secret: 1 } }).level, 'confidential');
  });

  // Every pair of an outer and an inner policy drawn from these pieces, each trying to loosen one
  // thing: the chain with the inner one never allows more than the outer one alone.
  it('never lets any inner policy widen any answer of the outer one', () => {
    const pieces: Array<Record<string, unknown>> = [
      {},
      { templates: { allowUnapproved: true } },
      { templates: { allowUnapproved: false } },
      { audit: { required: false } },
      { audit: { required: true } },
      { cache: { enabled: true, ttlMinutes: 60 } },
      { cache: { enabled: false } },
      { contentThresholds: { pii: 1000, secret: 1000, network: 1000 } },
      { contentThresholds: { pii: 1 } },
      { contentLevels: { secret: 'public', pii: 'public' } },
      { network: false },
      { network: true },
      ...['public', 'internal', 'confidential', 'restricted', 'team'].map((level) => ({ matrix: { [level]: { aiAllowed: true, providers: ['*'], redact: [] } } })),
      { matrix: { internal: { aiAllowed: false } } },
      OUTER,
    ];
    const probe = ['openai', 'ollama', 'mistral', 'anthropic'];
    const answers = (policies: ReadonlyArray<Record<string, unknown>>) => {
      const store = new PolicyStore();
      store.setRoots([ROOT]);
      const files = [`${ROOT}/.aiguard/policy.json`, `${ROOT}/a/.aiguard/policy.json`];
      store.apply(policies.map((policy, index) => ({ path: files[index] as string, text: JSON.stringify({ version: 1, ...policy }) })));
      const policy = store.current().at(`${ROOT}/a/b/file.ts`);
      const levels = policy.levels.map((level) => level.id);
      return {
        unapproved: policy.unapprovedTemplatesAllowed,
        auditRequired: policy.auditRequired,
        cache: policy.responseCache.enabled,
        network: policy.networkOn,
        thresholds: (['secret', 'pii', 'network'] as const).map((category) => policy.contentThresholdFor(category)),
        levels: new Map(
          levels.map((level) => [
            level,
            { ai: policy.aiAllowedFor(level).allowed, redact: policy.redactFor(level).length, providers: probe.filter((id) => policy.allowedBy(policy.providerListsFor(level), id)).length },
          ]),
        ),
      };
    };
    const widened: string[] = [];
    for (const outer of pieces) {
      const alone = answers([outer]);
      for (const inner of pieces.filter((piece) => piece !== OUTER)) {
        const both = answers([outer, inner]);
        const what: string[] = [];
        if (both.unapproved && !alone.unapproved) what.push('unapproved templates');
        if (!both.auditRequired && alone.auditRequired) what.push('audit');
        // The response cache is the one exception, by design (sections/cache.ts): any policy may
        // turn it on where none turns it off, since it keeps redacted answers in memory only.
        if (both.cache && !alone.cache && inner['cache'] === undefined) what.push('cache');
        if (!both.network && alone.network) what.push('network');
        both.thresholds.forEach((count, index) => count > (alone.thresholds[index] ?? 0) && what.push('threshold'));
        for (const [level, rule] of both.levels) {
          const before = alone.levels.get(level);
          if (before === undefined) continue;
          if (rule.ai && !before.ai) what.push(`${level}: AI`);
          if (rule.redact < before.redact) what.push(`${level}: masking`);
          if (rule.providers > before.providers) what.push(`${level}: providers`);
        }
        if (what.length > 0) widened.push(`${JSON.stringify(outer)} + ${JSON.stringify(inner)}: ${what.join(', ')}`);
      }
    }
    assert.deepEqual(widened, []);
  });
});

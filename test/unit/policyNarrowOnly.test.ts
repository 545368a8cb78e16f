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
});

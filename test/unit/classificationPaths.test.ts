import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';

const POLICY = JSON.stringify({ version: 1, rules: [{ pattern: 'vault/', level: 'restricted', reason: 'Keys.' }] });

function store(files: Record<string, string>, roots: readonly string[]): PolicyStore {
  const result = new PolicyStore();
  result.setRoots(roots);
  result.apply(Object.entries(files).map(([path, text]) => ({ path, text })));
  return result;
}

describe('classification of what a path really is', () => {
  describe('a folder classified as a folder', () => {
    const policies = store({ '/repo/.aiguard/policy.json': POLICY, '/repo/.cursorignore': 'private/\n' }, ['/repo']);

    it('matches dir/ rules and ignore entries, which a folder taken for a file never did', () => {
      assert.equal(policies.classify('/repo/vault').level, 'internal', 'as a file, the folder escapes `vault/`');
      const vault = policies.classify('/repo/vault', undefined, { folder: true });
      assert.equal(vault.level, 'restricted');
      assert.equal(vault.aiAllowed, false);
      assert.equal(policies.classify('/repo/vault/deep/er', undefined, { folder: true }).level, 'restricted', 'a folder inside one a rule matches');
      assert.equal(policies.classify('/repo/private', undefined, { folder: true }).excluded, true);
      assert.equal(policies.classify('/repo/src', undefined, { folder: true }).level, 'internal');
      assert.equal(policies.classify('/repo', undefined, { folder: true }).level, 'internal', 'the workspace folder itself');
    });
  });
});

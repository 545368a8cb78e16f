import { strict as assert } from 'node:assert';
import { PolicyFileLoader, PolicyStore, SourcePathResolver } from '../../src/core/classification';
import { MemoryFiles } from '../support/ports';

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

  describe('nested workspace folders (a submodule opened beside its parent)', () => {
    const files = {
      '/repo/.aiguard/policy.json': JSON.stringify({ version: 1, rules: [{ pattern: 'vendor/lib/keys/', level: 'restricted', reason: 'Keys.' }] }),
      '/repo/.aiexclude': 'vendor/lib/private/\n',
      // The inner folder's own policy tries to loosen everything: it cannot.
      '/repo/vendor/lib/.aiguard/policy.json': JSON.stringify({ version: 1, defaultLevel: 'public', rules: [{ pattern: 'keys/', level: 'public', reason: 'Nothing to hide.' }] }),
    };

    it("lets the inner folder inherit the outer one's policies and ignore files, whichever is given first", () => {
      for (const roots of [
        ['/repo', '/repo/vendor/lib'],
        ['/repo/vendor/lib', '/repo'],
      ]) {
        const policies = store(files, roots);
        assert.equal(policies.classify('/repo/vendor/lib/keys/k.pem').level, 'restricted', roots.join(', '));
        assert.equal(policies.classify('/repo/vendor/lib/private/x.ts').excluded, true, roots.join(', '));
        assert.equal(policies.classify('/repo/vendor/lib/src/x.ts').level, 'internal', 'an inner policy cannot lower the outer default');
      }
      assert.equal(store(files, ['/repo/vendor/lib', '/repo']).classify('keys/k.pem').level, 'restricted', 'a relative path is still taken from the first folder given');
    });
  });

  describe('PolicyFileLoader.findRoot', () => {
    it('goes past a nested repository (.git folder or file) to the outermost folder with .git or .aiguard/', async () => {
      const disk = new MemoryFiles({
        '/work/repo/.git/HEAD': 'ref: refs/heads/main\n',
        '/work/repo/.aiguard/policy.json': POLICY,
        '/work/repo/vendor/lib/.git': 'gitdir: ../../.git/modules/lib\n',
        '/work/repo/vendor/lib/src/x.ts': '',
        '/work/repo/clone/.git/HEAD': '',
        '/work/repo/clone/a.ts': '',
      });
      const loader = new PolicyFileLoader(disk);
      assert.equal(await loader.findRoot('/work/repo/vendor/lib/src', '/'), '/work/repo');
      assert.equal(await loader.findRoot('/work/repo/clone', '/'), '/work/repo');
      assert.equal(await loader.findRepository('/work/repo/vendor/lib/src'), '/work/repo/vendor/lib');
      const changes = await loader.along('/work/repo', '/work/repo/vendor/lib/src');
      assert.ok(
        changes.some((change) => change.path === '/work/repo/.aiguard/policy.json'),
        "the parent's policy is loaded",
      );
    });
  });

  describe('SourcePathResolver', () => {
    const disk = new MemoryFiles({
      '/repo/vault/key.txt': 'k',
      '/repo/public/readme.md': 'r',
      '/outside/secret.txt': 's',
    });
    disk.link('/repo/public/key-link.txt', '../vault/key.txt');
    disk.link('/repo/public/vault-link', '/repo/vault');
    disk.link('/repo/public/out.txt', '/outside/secret.txt');
    disk.link('/repo/public/secret.env', 'readme.md');
    const resolver = new SourcePathResolver((path) => disk.realPath(path), ['/repo']);

    it('gives a link and its target, so the strictest of both decides', async () => {
      assert.deepEqual(await resolver.resolve('/repo/public/key-link.txt'), { paths: ['/repo/public/key-link.txt', '/repo/vault/key.txt'], leavesWorkspace: false });
      assert.deepEqual((await resolver.resolve('/repo/public/secret.env')).paths, ['/repo/public/secret.env', '/repo/public/readme.md']);
      assert.deepEqual((await resolver.resolve('/repo/public/vault-link/key.txt')).paths, ['/repo/public/vault-link/key.txt', '/repo/vault/key.txt']);
      assert.deepEqual(await resolver.resolve('/repo/public/readme.md'), { paths: ['/repo/public/readme.md'], leavesWorkspace: false });
    });

    it('resolves a file that does not exist (a diff deletes it) through its nearest folder', async () => {
      assert.deepEqual((await resolver.resolve('/repo/public/vault-link/deleted.txt')).paths, ['/repo/public/vault-link/deleted.txt', '/repo/vault/deleted.txt']);
    });

    it('flags a link that leaves the workspace', async () => {
      assert.equal((await resolver.resolve('/repo/public/out.txt')).leavesWorkspace, true);
      assert.equal((await resolver.resolve('/outside/secret.txt')).leavesWorkspace, false, 'a path outside the workspace is not a link out of it');
    });

    it('names a target through the workspace folder as given when the folder itself is reached through a link', async () => {
      const linked = new MemoryFiles({ '/private/tmp/repo/vault/key.txt': 'k' });
      linked.link('/tmp', '/private/tmp');
      linked.link('/private/tmp/repo/link.txt', 'vault/key.txt');
      const viaLink = new SourcePathResolver((path) => linked.realPath(path), ['/tmp/repo']);
      assert.deepEqual(await viaLink.resolve('/tmp/repo/link.txt'), { paths: ['/tmp/repo/link.txt', '/tmp/repo/vault/key.txt'], leavesWorkspace: false });
      // A real path (as git gives it) is named through the workspace folder too, so its policies apply.
      assert.deepEqual(await viaLink.resolve('/private/tmp/repo/vault/key.txt'), { paths: ['/private/tmp/repo/vault/key.txt', '/tmp/repo/vault/key.txt'], leavesWorkspace: false });
    });
  });
});

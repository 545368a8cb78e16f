import { strict as assert } from 'node:assert';
import { runCli } from '../../src/cli/main';
import { FakeAiServer } from '../support/fakeAiServer';
import { MemoryFiles, runCliOn } from '../support/ports';
import { TEST_KEY } from '../support/providers';

// Each file's content is a marker that must never reach the provider when the file is forbidden.
const RESTRICTED = 'restricted-marker-7f3a';
const IGNORED = 'ignored-marker-91bc';
const CLIENT = 'client-marker-44de';
const NESTED = 'nested-marker-05aa';
const OUTSIDE = 'outside-marker-c0c0';
const PUBLIC = 'public-marker-2b2b';
const env = { AI_GUARD_API_KEY: TEST_KEY };

/**
 * A repository with a restricted folder, a `.cursorignore`d folder, a client's folder (whose
 * providers exclude `local`), a public folder, and a nested repository (a submodule) whose
 * `private/` folder only the parent's `.aiexclude` names.
 */
function workspace(server: FakeAiServer): MemoryFiles {
  return new MemoryFiles({
    '/repo/.git/HEAD': 'ref: refs/heads/main\n',
    '/repo/.aiguard/policy.json': JSON.stringify({
      version: 1,
      providers: { local: { tags: ['local'] }, 'acme-azure': { tags: ['client-tenant'] } },
      clients: [{ id: 'acme', name: 'Acme', providers: ['acme-azure'] }],
      rules: [
        { pattern: 'restricted/', level: 'restricted', reason: 'Keys and exports.' },
        { pattern: 'clients/acme/', level: 'confidential', client: 'acme', reason: 'Acme work.' },
      ],
    }),
    '/repo/.aiguard/providers.json': JSON.stringify({ providers: [{ id: 'local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model' }] }),
    '/repo/.cursorignore': 'ignored/\n',
    '/repo/.aiexclude': 'vendor/lib/private/\n',
    '/repo/restricted/key.txt': `${RESTRICTED}\n`,
    '/repo/ignored/notes.txt': `${IGNORED}\n`,
    '/repo/clients/acme/invoice.ts': `${CLIENT}\n`,
    '/repo/public/readme.md': `${PUBLIC}\n`,
    '/repo/vendor/lib/.git': 'gitdir: ../../.git/modules/lib\n',
    '/repo/vendor/lib/.aiguard/policy.json': JSON.stringify({ version: 1, defaultLevel: 'public' }),
    '/repo/vendor/lib/private/token.ts': `${NESTED}\n`,
    '/repo/vendor/lib/src/lib.ts': `${PUBLIC}\n`,
    '/outside/secret.txt': `${OUTSIDE}\n`,
  });
}

/** A git diff that changes `path` (relative to the repository's top) to hold `marker`. */
function gitDiff(path: string, marker: string): string {
  return `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-old\n+${marker}\n`;
}

describe('ai-guard run classifies every path by what it really is', () => {
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  const sent = () => server.requests.map((request) => JSON.stringify(request.body)).join('\n');
  const review = (files: MemoryFiles, diff: string, cwd: string) => runCliOn(runCli, ['run', 'review-diff', '--diff', '-', '--provider', 'local'], files, { cwd, env, stdin: diff });

  describe('--diff -: every file the diff touches', () => {
    for (const [what, path, marker] of [
      ['a restricted file', 'restricted/key.txt', RESTRICTED],
      ['a .cursorignored file', 'ignored/notes.txt', IGNORED],
      ["a client's file (whose providers exclude this one)", 'clients/acme/invoice.ts', CLIENT],
    ] as const) {
      for (const cwd of ['/repo', '/repo/public', '/repo/restricted']) {
        it(`blocks a diff touching ${what}, from ${cwd}`, async () => {
          const { code, stderr } = await review(workspace(server), gitDiff(path, marker), cwd);
          assert.equal(code, 1, stderr);
          assert.match(stderr, /blocked: .*(nothing was sent|not allowed)/);
          assert.ok(!stderr.includes('/repo/a/'), `the message names the file git meant: ${stderr}`);
          assert.equal(server.requests.length, 0);
        });
      }
    }

    it('sends a diff touching only public files, from any folder', async () => {
      for (const cwd of ['/repo', '/repo/public']) {
        const { code, stderr } = await review(workspace(server), gitDiff('public/readme.md', PUBLIC), cwd);
        assert.equal(code, 0, stderr);
      }
      assert.equal(server.requests.length, 2);
      assert.ok(sent().includes(PUBLIC));
    });

    it('classifies the current folder as a folder: inside the restricted folder, a diff relative to it is blocked', async () => {
      // `git diff --relative` names files from the current folder: `new.txt` is restricted/new.txt.
      const diff = '--- a/new.txt\n+++ b/new.txt\n@@ -0,0 +1 @@\n+fresh\n';
      const { code, stderr } = await review(workspace(server), diff, '/repo/restricted');
      assert.equal(code, 1, stderr);
      assert.equal(server.requests.length, 0);
    });

    it('reads renames, quoted names, --no-prefix and plain unified diffs', async () => {
      const diffs = [
        `diff --git a/public/k.txt b/restricted/k.txt\nsimilarity index 90%\nrename from public/k.txt\nrename to restricted/k.txt\n@@ -1 +1 @@\n-old\n+${RESTRICTED}\n`,
        `diff --git "a/restricted/cl\\303\\251 priv\\303\\251e.txt" "b/restricted/cl\\303\\251 priv\\303\\251e.txt"\n--- "a/restricted/cl\\303\\251 priv\\303\\251e.txt"\n+++ "b/restricted/cl\\303\\251 priv\\303\\251e.txt"\n@@ -1 +1 @@\n-old\n+${RESTRICTED}\n`,
        `diff --git restricted/key.txt restricted/key.txt\n--- restricted/key.txt\n+++ restricted/key.txt\n@@ -1 +1 @@\n-old\n+${RESTRICTED}\n`,
        `--- ignored/notes.txt\t2024-05-01 10:00:00 +0200\n+++ ignored/notes.txt\t2024-05-02 10:00:00 +0200\n@@ -1 +1 @@\n-old\n+${IGNORED}\n`,
      ];
      for (const diff of diffs) {
        const { code, stderr } = await review(workspace(server), diff, '/repo/public');
        assert.equal(code, 1, `${diff}\n${stderr}`);
      }
      assert.equal(server.requests.length, 0);
    });

    it('refuses a diff whose file names cannot be read (fail closed), and says why', async () => {
      const { code, stderr } = await review(workspace(server), `some pasted changes\n+${RESTRICTED}\n`, '/repo');
      assert.equal(code, 1, stderr);
      assert.match(stderr, /file names could not all be read/);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('--diff REV: the diff from git', () => {
    it('classifies the files of a diff from git like a piped one', async () => {
      const git = async () => gitDiff('restricted/key.txt', RESTRICTED);
      const { code } = await runCliOn(runCli, ['run', 'review-diff', '--diff', 'HEAD~1', '--provider', 'local'], workspace(server), { cwd: '/repo/public', env, git });
      assert.equal(code, 1);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('symbolic links', () => {
    const linked = (server: FakeAiServer) => {
      const files = workspace(server);
      files.link('/repo/public/key-link.txt', '../restricted/key.txt');
      files.link('/repo/public/docs', '/repo/ignored');
      files.link('/repo/public/out.txt', '/outside/secret.txt');
      files.link('/repo/public/prod.env', 'readme.md');
      return files;
    };
    const explain = (files: MemoryFiles, file: string) => runCliOn(runCli, ['run', 'explain-code', '--file', file, '--provider', 'local'], files, { cwd: '/repo', env });

    it('classifies a link by its target: into a restricted file, into an ignored folder', async () => {
      for (const file of ['public/key-link.txt', 'public/docs/notes.txt']) {
        const { code, stderr } = await explain(linked(server), file);
        assert.equal(code, 1, `${file}: ${stderr}`);
      }
      assert.equal(server.requests.length, 0);
    });

    it('classifies a link by its own name too: prod.env is sensitive whatever it points to', async () => {
      const { code } = await explain(linked(server), 'public/prod.env');
      assert.equal(code, 1);
      assert.equal(server.requests.length, 0);
    });

    it('refuses a link that leaves the workspace, and says so', async () => {
      const { code, stderr } = await explain(linked(server), 'public/out.txt');
      assert.equal(code, 1);
      assert.match(stderr, /public\/out\.txt is a link to a place outside the workspace/);
      assert.ok(!stderr.includes('/outside/secret.txt'), "the message does not name the link's target");
      assert.equal(server.requests.length, 0);
    });

    it('classifies the files of a diff through their links', async () => {
      const { code } = await review(linked(server), gitDiff('public/key-link.txt', RESTRICTED), '/repo');
      assert.equal(code, 1);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('nested repositories', () => {
    it("apply the parent's policies and ignore files, from inside the nested repository", async () => {
      const file = await runCliOn(runCli, ['run', 'explain-code', '--file', 'private/token.ts', '--provider', 'local'], workspace(server), { cwd: '/repo/vendor/lib', env });
      assert.equal(file.code, 1, file.stderr);
      // The nested repository's own diff names files from its top.
      const diff = await review(workspace(server), gitDiff('private/token.ts', NESTED), '/repo/vendor/lib');
      assert.equal(diff.code, 1, diff.stderr);
      assert.equal(server.requests.length, 0);
    });

    it('read their own providers file, the nearest one up to the workspace folder', async () => {
      const files = workspace(server);
      files.write('/repo/vendor/lib/.aiguard/providers.json', JSON.stringify({ providers: [{ id: 'lib-local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model' }] }));
      const own = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/lib.ts', '--provider', 'lib-local'], files, { cwd: '/repo/vendor/lib', env });
      assert.equal(own.code, 0, own.stderr);
      // The repository's own file is not read from the submodule once the submodule has one.
      const parent = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/lib.ts', '--provider', 'local'], files, { cwd: '/repo/vendor/lib', env });
      assert.equal(parent.code, 2, parent.stderr);
      assert.match(parent.stderr, /no provider 'local'/);
      assert.equal(server.requests.length, 1);
    });

    it('still send what the policies allow there', async () => {
      const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/lib.ts', '--provider', 'local'], workspace(server), { cwd: '/repo/vendor/lib', env });
      assert.equal(code, 0, stderr);
      assert.equal(server.requests.length, 1);
    });
  });
});

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

describe('ai-guard run classifies every path by what it really is', () => {
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  describe('nested repositories', () => {
    it("apply the parent's policies and ignore files, from inside the nested repository", async () => {
      const file = await runCliOn(runCli, ['run', 'explain-code', '--file', 'private/token.ts', '--provider', 'local'], workspace(server), { cwd: '/repo/vendor/lib', env });
      assert.equal(file.code, 1, file.stderr);
      assert.equal(server.requests.length, 0);
    });

    it('still send what the policies allow there', async () => {
      const { code, stderr } = await runCliOn(runCli, ['run', 'explain-code', '--file', 'src/lib.ts', '--provider', 'local'], workspace(server), { cwd: '/repo/vendor/lib', env });
      assert.equal(code, 0, stderr);
      assert.equal(server.requests.length, 1);
    });
  });
});

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliWorkspace } from '../support/cliProcess';
import { FakeAiServer } from '../support/fakeAiServer';
import { TEST_KEY } from '../support/providers';

/** Fills a file system until it refuses another byte (ENOSPC). */
function fill(path: string): void {
  const handle = openSync(path, 'w');
  const block = Buffer.alloc(4096, 120);
  try {
    for (;;) writeSync(handle, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(handle);
  }
}

// A real full disk: a small tmpfs, which only root can mount. Elsewhere the test says why it skips.
describe('ai-guard run on a full disk (the built CLI, a small tmpfs)', function () {
  this.timeout(60_000);
  let server: FakeAiServer;
  let workspace: CliWorkspace;
  let mount: string;
  let mounted = false;
  beforeEach(async function () {
    mount = mkdtempSync(join(tmpdir(), 'ai-guard-full-'));
    const result = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]) : undefined;
    if (result?.status !== 0) {
      rmSync(mount, { recursive: true, force: true });
      console.log(`      (skipped: mounting a small tmpfs needs root and the mount command${result ? `: ${result.stderr.toString().trim()}` : ''})`);
      this.skip();
    }
    mounted = true;
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
    workspace = new CliWorkspace(server);
  });
  afterEach(async () => {
    workspace?.cleanUp();
    await server?.close();
    if (mounted) spawnSync('umount', ['-l', mount]);
    mounted = false;
    rmSync(mount, { recursive: true, force: true });
  });

  it('blocks the call with a clear message and sends nothing when the attempt cannot be written', async () => {
    const file = join(mount, 'logs', 'audit.jsonl');
    mkdirSync(join(mount, 'logs'));
    fill(join(mount, 'filler'));
    const { code, stderr } = await workspace.spawn(['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local', '--audit-file', file]).exit;
    assert.equal(code, 2, stderr);
    assert.match(stderr, /audit log cannot be written .*(ENOSPC|no space left)/i);
    assert.match(stderr, /free some space or choose another folder/);
    assert.equal(server.requests.length, 0, 'nothing was sent to the provider');
  });

  it('makes the call once there is room again, and records it', async () => {
    const file = join(mount, 'audit.jsonl');
    fill(join(mount, 'filler'));
    assert.equal((await workspace.spawn(['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local', '--audit-file', file]).exit).code, 2);
    rmSync(join(mount, 'filler'));
    const { code, stderr } = await workspace.spawn(['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local', '--audit-file', file]).exit;
    assert.equal(code, 0, stderr);
    assert.equal(server.requests.length, 1);
  });
});

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalisePath } from '../../src/core/classification';
import { withRealPaths } from '../../src/vscode/ai/realSources';
import { fake } from '../support/fakeVscode';

describe('the editor classifies the real paths of what an AI call draws from', () => {
  let scratch: string;
  let root: string;
  beforeEach(() => {
    // The workspace folder is named through a link, as /tmp is on macOS.
    scratch = normalisePath(mkdtempSync(join(tmpdir(), 'ai-guard-real-')));
    mkdirSync(`${scratch}/disk/repo/restricted`, { recursive: true });
    mkdirSync(`${scratch}/disk/repo/public`);
    mkdirSync(`${scratch}/outside`);
    writeFileSync(`${scratch}/disk/repo/restricted/key.txt`, 'k');
    writeFileSync(`${scratch}/disk/repo/public/readme.md`, 'r');
    writeFileSync(`${scratch}/outside/secret.txt`, 's');
    symlinkSync('../restricted/key.txt', `${scratch}/disk/repo/public/link.txt`);
    symlinkSync(`${scratch}/outside/secret.txt`, `${scratch}/disk/repo/public/out.txt`);
    symlinkSync(`${scratch}/disk/repo`, `${scratch}/repo`);
    root = `${scratch}/repo`;
    fake.workspaceFolderPaths = [root];
  });
  afterEach(() => {
    fake.workspaceFolderPaths = undefined;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('adds where a link leads, refuses a link out of the workspace, and names real paths through the workspace folder', async () => {
    const content = { counts: {} };
    const sources = await withRealPaths([
      { path: `${root}/public/link.txt`, content },
      { path: `${root}/public/out.txt` },
      // git names the files of a diff by their real path.
      { path: `${scratch}/disk/repo/restricted/key.txt` },
      { path: root, folder: true },
      { path: 'Untitled-1' },
    ]);
    assert.deepEqual(
      sources.map((source) => source.path),
      [
        `${root}/public/link.txt`,
        `${root}/restricted/key.txt`,
        `${root}/public/out.txt`,
        `${scratch}/outside/secret.txt`,
        `${scratch}/disk/repo/restricted/key.txt`,
        `${root}/restricted/key.txt`,
        root,
        'Untitled-1',
      ],
    );
    assert.deepEqual(sources[1]?.content, content, "the target is classified with the link's content");
    assert.match(sources[2]?.refusal ?? '', /is a link to a place outside the workspace/);
    assert.equal(sources.filter((source) => source.refusal !== undefined).length, 1);
  });
});

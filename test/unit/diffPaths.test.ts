import { strict as assert } from 'node:assert';
import { diffFiles } from '../../src/core/classification';

/** The paths found, sorted, for comparing sets. */
const pathsOf = (diff: string) => diffFiles(diff).paths.sort();

describe('diffFiles: every file a diff touches, from its headers', () => {
  it('reads a git diff, with both prefixed and unprefixed readings of each name', () => {
    const diff = ['diff --git a/src/app.ts b/src/app.ts', 'index 1..2 100644', '--- a/src/app.ts', '+++ b/src/app.ts', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    const found = diffFiles(diff);
    assert.equal(found.complete, true);
    assert.deepEqual(found.paths, ['src/app.ts', 'a/src/app.ts', 'b/src/app.ts'], 'the reading without the prefix first');
  });

  it('reads new and deleted files (/dev/null), renames and copies', () => {
    const diff = [
      'diff --git a/new.txt b/new.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git a/public/a b c.txt b/secret/a b c.txt',
      'similarity index 100%',
      'rename from public/a b c.txt',
      'rename to secret/a b c.txt',
      'diff --git a/x b/y',
      'similarity index 90%',
      'copy from x',
      'copy to vault/y',
      '',
    ].join('\n');
    const found = diffFiles(diff);
    assert.equal(found.complete, true);
    for (const path of ['new.txt', 'gone.txt', 'public/a b c.txt', 'secret/a b c.txt', 'x', 'vault/y']) assert.ok(found.paths.includes(path), path);
    assert.ok(!found.paths.includes('/dev/null'));
  });

  it('unquotes names with escapes, octal UTF-8 bytes, spaces and tabs', () => {
    const diff = [
      'diff --git "a/r\\303\\251sum\\303\\251 \\"x\\".txt" "b/r\\303\\251sum\\303\\251 \\"x\\".txt"',
      '--- "a/r\\303\\251sum\\303\\251 \\"x\\".txt"',
      '+++ "b/r\\303\\251sum\\303\\251 \\"x\\".txt"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git "a/tab\\there" "b/tab\\there"',
      '--- "a/tab\\there"',
      '+++ "b/tab\\there"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ].join('\n');
    const found = diffFiles(diff);
    assert.equal(found.complete, true);
    assert.ok(found.paths.includes('résumé "x".txt'));
    assert.ok(found.paths.includes('tab\there'));
  });

  it('reads --no-prefix diffs, mnemonic prefixes and plain unified diffs with dates', () => {
    assert.ok(pathsOf('diff --git secret/k.txt secret/k.txt\n--- secret/k.txt\n+++ secret/k.txt\n@@ -1 +1 @@\n-a\n+b\n').includes('secret/k.txt'));
    assert.ok(pathsOf('diff --git i/secret/k.txt w/secret/k.txt\n--- i/secret/k.txt\n+++ w/secret/k.txt\n@@ -1 +1 @@\n-a\n+b\n').includes('secret/k.txt'));
    const plain =
      '--- vault/old.txt\t2024-01-01 10:00:00.000000000 +0100\n+++ vault/new.txt\t2024-01-02 10:00:00.000000000 +0100\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n--- other.txt\n+++ other.txt\n@@ -1 +1 @@\n-x\n+y\n';
    const found = diffFiles(plain);
    assert.equal(found.complete, true);
    for (const path of ['vault/old.txt', 'vault/new.txt', 'other.txt']) assert.ok(found.paths.includes(path), path);
  });

  it('does not take a removed line that looks like a header for one, and finds the header after it', () => {
    const diff = '--- a.txt\n+++ a.txt\n@@ -1,2 +1 @@\n--- not/a/header\n-x\n+++ still/content\n--- vault/b.txt\n+++ vault/b.txt\n@@ -1 +1 @@\n-a\n+b\n';
    const found = diffFiles(diff);
    // The hunk holds two removed lines and one added: its third line (`+++ still/content`) is a header only in form.
    assert.ok(found.paths.includes('vault/b.txt'));
    assert.ok(!found.paths.includes('not/a/header'));
  });

  it('reads combined diffs (merges)', () => {
    const diff =
      'diff --cc vault/merged.txt\nindex 1,2..3\n--- a/vault/merged.txt\n+++ b/vault/merged.txt\n@@@ -1,1 -1,1 +1,1 @@@\n- a\n -b\n++c\ndiff --cc "other file.txt"\n--- a/other file.txt\t\n+++ b/other file.txt\t\n@@@ -1 -1 +1 @@@\n  x\n';
    const found = diffFiles(diff);
    assert.equal(found.complete, true);
    assert.ok(found.paths.includes('vault/merged.txt'));
    assert.ok(found.paths.includes('other file.txt'));
  });

  it('is incomplete when content cannot be tied to a file: no header, changes before a header, an unreadable name', () => {
    assert.equal(diffFiles('just some text\n+added line\n').complete, false);
    assert.equal(diffFiles('@@ -1 +1 @@\n-a\n+b\n--- x\n+++ x\n@@ -1 +1 @@\n-a\n+b\n').complete, false);
    assert.equal(diffFiles('diff --git "a/unterminated b/x\n').complete, false);
    assert.equal(diffFiles('diff --git\nBinary files differ\n').complete, false);
    assert.equal(diffFiles('\x1b[1mdiff --git a/x b/x\x1b[m\n\x1b[1m--- a/x\x1b[m\n').complete, false, 'a coloured diff cannot be read');
    assert.deepEqual(diffFiles(''), { paths: [], complete: true }, 'an empty diff touches nothing');
  });
});

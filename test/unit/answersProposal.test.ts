import { strict as assert } from 'node:assert';
import { codeBlocks, proposalOf, proposedCode, proposedDiff } from '../../src/core/answers';

const original = ['export function add(a, b) {', '  return a + b;', '}', '', 'export function sub(a, b) {', '  return a - b;', '}', ''].join('\n');

describe('answer proposals (apply as diff)', () => {
  it('finds fenced blocks with their language, for backticks and tildes', () => {
    const blocks = codeBlocks('Intro\n```ts\nconst a = 1;\n```\ntext\n~~~\nplain\n~~~\n');
    assert.deepEqual(blocks, [
      { language: 'ts', code: 'const a = 1;\n' },
      { language: '', code: 'plain\n' },
    ]);
  });

  it('proposes the largest non-diff block, keeping the original final newline or not', () => {
    const answer = 'Here:\n```js\nfunction add(a, b) {\n  return b + a;\n}\n```\nUsage:\n```js\nadd(1, 2);\n```\n';
    assert.equal(proposedCode(answer, false), 'function add(a, b) {\n  return b + a;\n}');
    assert.equal(proposedCode(answer, true), 'function add(a, b) {\n  return b + a;\n}\n');
    assert.equal(proposedCode('No change is needed: the code is already clear.', false), undefined);
    assert.equal(proposedCode('```diff\n-a\n+b\n```', false), undefined);
  });

  it('replaces the part a code answer was about', () => {
    const result = proposalOf('```js\nreturn b + a;\n```', 'code', { path: 'src/math.js', original, part: '  return a + b;' });
    assert.deepEqual(result, { ok: true, proposal: { kind: 'replace-range', text: 'return b + a;' } });
    assert.deepEqual(proposalOf('It is fine as it is.', 'code', { path: 'src/math.js', original, part: original }), { ok: false, reason: 'no-code' });
  });

  it('applies a unified diff about the file, even with wrong line numbers', () => {
    const diff = ['```diff', '--- a/src/math.js', '+++ b/src/math.js', '@@ -3,3 +3,3 @@', ' export function sub(a, b) {', '-  return a - b;', '+  return a - b; // subtraction', ' }', '```'].join(
      '\n',
    );
    const result = proposalOf(`Change:\n${diff}\n`, 'diff', { path: 'src/math.js', original, part: original });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.proposal.kind, 'replace-file');
    assert.equal(result.proposal.text, original.replace('  return a - b;', '  return a - b; // subtraction'));
  });

  it('accepts a bare diff with hunks only, and refuses one whose context does not match', () => {
    const bare = '@@ -1,3 +1,3 @@\n export function add(a, b) {\n-  return a + b;\n+  return a + b + 0;\n }\n';
    assert.equal(proposedDiff(bare), bare);
    const applied = proposalOf(bare, 'diff', { path: 'src/math.js', original, part: original });
    assert.ok(applied.ok && applied.proposal.text.includes('a + b + 0'));
    const wrong = '@@ -1,3 +1,3 @@\n export function mul(a, b) {\n-  return a * b;\n+  return b * a;\n }\n';
    assert.deepEqual(proposalOf(wrong, 'diff', { path: 'src/math.js', original, part: original }), { ok: false, reason: 'diff-does-not-apply' });
  });

  it('refuses a diff about another file, or about several', () => {
    const other = '--- a/src/other.js\n+++ b/src/other.js\n@@ -1 +1 @@\n-x\n+y\n';
    assert.deepEqual(proposalOf(other, 'diff', { path: 'src/math.js', original, part: original }), { ok: false, reason: 'diff-other-file' });
    const hunk = '@@ -1,3 +1,3 @@\n export function add(a, b) {\n-  return a + b;\n+  return a + b + 0;\n }\n';
    const twice = `--- a/src/math.js\n+++ b/src/math.js\n${hunk}--- a/lib/math.js\n+++ b/lib/math.js\n${hunk}`;
    assert.deepEqual(proposalOf(twice, 'diff', { path: 'math.js', original, part: original }), { ok: false, reason: 'several-files' });
    assert.deepEqual(proposalOf('no diff here', 'diff', { path: 'src/math.js', original, part: original }), { ok: false, reason: 'no-diff' });
  });
});

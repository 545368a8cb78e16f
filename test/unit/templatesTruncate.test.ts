import { strict as assert } from 'node:assert';
import { describeTruncation, truncateContext } from '../../src/core/templates';

const lines = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} line ${i + 1}`).join('\n');

describe('templates: inputs too large for the prompt', () => {
  it('leaves inputs within the limit untouched, and reports nothing', () => {
    const context = { selection: 'short', diff: 'small diff', logs: 'one log line' };
    const result = truncateContext(context, 1_000);
    assert.deepEqual(result.context, context);
    assert.deepEqual(result.truncated, []);
  });

  it('keeps the start of code at a line boundary, with a marker saying how much was left out', () => {
    const code = lines(200, 'code');
    const { context, truncated } = truncateContext({ selection: code }, 1_000);
    assert.equal(truncated.length, 1);
    assert.equal(truncated[0]?.input, 'selection');
    assert.equal(truncated[0]?.total, code.length);
    assert.ok((truncated[0]?.kept ?? 0) <= 1_000);
    assert.ok(context.selection?.startsWith('code line 1\n'));
    const kept = context.selection?.split('\n').filter((line) => line.startsWith('code')) ?? [];
    assert.ok(kept.every((line) => /^code line \d+$/.test(line)), 'no line is cut in half');
    assert.match(context.selection ?? '', new RegExp(`\\[… ${code.length - (truncated[0]?.kept ?? 0)} more characters were left out`));
  });

  it('keeps the end of logs and diagnostics, where the error is', () => {
    const logs = lines(300, 'log');
    const { context, truncated } = truncateContext({ logs }, 500);
    assert.equal(truncated[0]?.input, 'logs');
    assert.ok(context.logs?.endsWith('log line 300'));
    assert.match(context.logs ?? '', /^\[… \d+ earlier characters were left out/);
  });

  it('cuts a whole-file selection and the file alike, and reports it once', () => {
    const content = lines(500, 'x');
    const { context, truncated } = truncateContext({ selection: content, file: { path: 'a.ts', content } }, 800);
    assert.equal(truncated.length, 1);
    assert.equal(context.file?.content, context.selection);
    const described = describeTruncation(truncated);
    assert.match(described, /the selection: \d{3} of [\d,]+ characters/);
    assert.match(described, /the answer did not see the rest/);
  });
});

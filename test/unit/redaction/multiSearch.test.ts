import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { findAll, WINDOW } from '../../../src/core/redaction/multiSearch';

describe('redaction/multiSearch', () => {
  it('finds every occurrence of several needles, longest first, without overlap', () => {
    const text = 'a=Pa55w0rd2024; b=Pa55w0rd2024x; c=S3cr3tValue9 Pa55w0rd2024';
    assert.deepEqual(findAll(text, ['Pa55w0rd2024', 'Pa55w0rd2024x', 'S3cr3tValue9']), [
      { index: 2, needle: 'Pa55w0rd2024' },
      { index: 18, needle: 'Pa55w0rd2024x' },
      { index: 35, needle: 'S3cr3tValue9' },
      { index: 48, needle: 'Pa55w0rd2024' },
    ]);
    assert.deepEqual(findAll('short', ['12345678']), []);
    assert.throws(() => findAll('x', ['short']), RangeError);
  });

  it('gives the same answer with few needles (indexOf) and many (sampled grams)', () => {
    const text = 'x'.repeat(50) + 'needle-0001 and needle-0002, needle-0001';
    const few = ['needle-0001', 'needle-0002'];
    const many = [...few, ...Array.from({ length: 20 }, (_, i) => `absent-${String(i).padStart(4, '0')}`)];
    assert.deepEqual(findAll(text, few), findAll(text, many));
    assert.equal(findAll(text, many).length, 3);
  });

  it('agrees with indexOf on random texts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '😀'), maxLength: 200 }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é'), minLength: WINDOW, maxLength: 12 }), { minLength: 1, maxLength: 12 }),
        (text, needles) => {
          const expected: number[] = [];
          const sorted = [...new Set(needles)].sort((a, b) => b.length - a.length);
          for (let i = 0; i < text.length;) {
            const needle = sorted.find((candidate) => text.startsWith(candidate, i));
            if (needle) {
              expected.push(i);
              i += needle.length;
            } else i++;
          }
          assert.deepEqual(
            findAll(text, needles).map((o) => o.index),
            expected,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

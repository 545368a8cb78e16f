import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { LiteralIndex } from '../../../src/core/redaction/literalIndex';

/** Every hit as `literal@start-end`, sorted, for comparisons that do not depend on order. */
function hitsOf(literals: string[], text: string): string[] {
  // Sorted as strings, like the expectations below (which call sorted()).
  return (new LiteralIndex([literals]).search(text)[0] ?? []).map((hit) => `${literals[hit.literal]}@${hit.start}-${hit.end}`).sort();
}

const sorted = (...hits: string[]) => hits.sort();

describe('redaction: literal index (one pass for many literals)', () => {
  it('finds every occurrence of every literal, overlapping and nested ones included', () => {
    assert.deepEqual(hitsOf(['sk-', 'sk-ant-', 'SK'], 'x sk-ant-api'), sorted('SK@2-4', 'sk-@2-5', 'sk-ant-@2-9'));
    assert.deepEqual(hitsOf(['aa'], 'aaaa'), sorted('aa@0-2', 'aa@1-3', 'aa@2-4'));
    assert.deepEqual(hitsOf(['ghp_'], 'none here'), []);
  });

  it('ignores case and accents, offset for offset', () => {
    assert.deepEqual(hitsOf(['amelie'], 'Chez AMÉLIE et amélie'), sorted('amelie@5-11', 'amelie@15-21'));
    assert.deepEqual(hitsOf(['coeur'], 'cœur'), [], 'a ligature is one character, so it cannot match two');
    assert.deepEqual(hitsOf(['cour'], 'cœur'), ['cour@0-4']);
  });

  it('lets a run of separators (space, tab, new line, dash, underscore, apostrophe) stand for one', () => {
    assert.deepEqual(hitsOf(['jean pierre'], 'Jean-Pierre, jean  _ pierre, jean\npierre, jeanpierre'), sorted('jean pierre@0-11', 'jean pierre@13-27', 'jean pierre@29-40'));
    // Reported once per run, not once per separator of the run.
    assert.deepEqual(hitsOf(['sk-'], 'ask   me'), ['sk-@1-4']);
  });

  it('starts a literal that begins with a separator at the last separator of its run', () => {
    assert.deepEqual(hitsOf(['_authToken='], 'x  _authToken=abc'), ['_authToken=@3-14']);
  });

  it('rejects an empty literal rather than matching everywhere', () => {
    assert.throws(() => new LiteralIndex([['ok', '']]), /must not be empty/);
  });

  it('agrees with a naive search on literals without separators (property)', () => {
    const letter = fc.constantFrom('a', 'b', 'A', 'é', 'x');
    fc.assert(
      fc.property(
        fc.string({ unit: letter, maxLength: 80 }),
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'e'), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (text, literals) => {
          const folded = text
            .normalize('NFD')
            .replace(/\p{Mn}/gu, '')
            .toLowerCase();
          const expected: string[] = [];
          literals.forEach((literal) => {
            for (let at = folded.indexOf(literal); at !== -1; at = folded.indexOf(literal, at + 1)) expected.push(`${literal}@${at}-${at + literal.length}`);
          });
          assert.deepEqual(hitsOf(literals, text), expected.sort());
        },
      ),
    );
  });

  it('agrees with a search literal by literal when separators stand for runs of them (property)', () => {
    // Interior separators only: each one stands for a run of any separators of the text.
    const literal = fc
      .tuple(
        fc.string({ unit: fc.constantFrom('a', 'b', 'e'), minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom(' ', '-', '_'), fc.string({ unit: fc.constantFrom('a', 'b', 'e'), minLength: 1, maxLength: 3 })), { maxLength: 2 }),
      )
      .map(([head, rest]) => head + rest.map(([separator, word]) => separator + word).join(''));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'E', ' ', '-', '_', '\n', 'x'), maxLength: 80 }), fc.array(literal, { minLength: 1, maxLength: 6 }), (text, literals) => {
        const folded = text
          .normalize('NFD')
          .replace(/\p{Mn}/gu, '')
          .toLowerCase();
        const expected: string[] = [];
        for (const item of literals) {
          const pattern = new RegExp(item.split(/[ _-]/).join("[\\s\\-_']+"), 'y');
          for (let at = 0; at < folded.length; at++) {
            pattern.lastIndex = at;
            const match = pattern.exec(folded);
            if (match) expected.push(`${item}@${at}-${at + match[0].length}`);
          }
        }
        assert.deepEqual(hitsOf(literals, text), expected.sort());
      }),
    );
  });
});

describe('redaction: literal index groups', () => {
  it('reports each hit to every group that listed the literal, indexed within the group', () => {
    const [tokens, guards] = new LiteralIndex([['ghp_', 'AKIA'], ['AKIA']]).search('id AKIA1234');
    assert.deepEqual(tokens, [{ literal: 1, start: 3, end: 7 }]);
    assert.deepEqual(guards, [{ literal: 0, start: 3, end: 7 }]);
  });
});

describe('redaction: literal index stops', () => {
  it('gives up at a stop only when asked to, and otherwise reads a stop with its own class', () => {
    const stops = (code: number) => code === 0xa0 || code === 0x200b;
    const index = new LiteralIndex([['jean pierre', 'ghp_']], stops);
    // The same index is asked both ways, in both orders, so that neither answer depends on which
    // of them first learnt the stop's class.
    assert.equal(index.searchUnlessStopped('ghp_ jean\u00A0pierre'), undefined);
    assert.deepEqual(index.search('ghp_ jean\u00A0pierre')[0], [
      { literal: 1, start: 0, end: 4 },
      { literal: 0, start: 5, end: 16 },
    ]);
    assert.equal(index.searchUnlessStopped('jean\u00A0pierre'), undefined);
    assert.equal(index.searchUnlessStopped('a\u200Bb'), undefined);
    assert.deepEqual(index.search('a\u200Bb')[0], []);
    assert.deepEqual(index.searchUnlessStopped('ghp_ jean pierre'), index.search('ghp_ jean pierre'));
  });

  it('finds what search finds in every text without a stop (property)', () => {
    const stops = (code: number) => code === 0x200b;
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ' ', '-', '\u00A0', '\u200B'), { maxLength: 24 }), (chars) => {
        const text = chars.join('');
        const index = new LiteralIndex([['ab', 'a b', 'b-a']], stops);
        const stopped = index.searchUnlessStopped(text);
        if (text.includes('\u200B')) assert.equal(stopped, undefined);
        else assert.deepEqual(stopped, new LiteralIndex([['ab', 'a b', 'b-a']]).search(text));
      }),
    );
  });
});

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import ignore from 'ignore';
import { MatcherSet, PathMatcher } from '../../src/core/policy/patterns';

/**
 * `PathMatcher` answers from caches by folder and by name instead of asking `ignore` about each
 * full path; these tests hold it to `ignore`'s own answers (git's semantics) on random pattern
 * sets and paths.
 */
const segment = fc.constantFrom('src', 'lib', 'data', 'raw', 'docs', 'a', 'b', '.env', 'keep', 'Build');
const name = fc.constantFrom('index.ts', 'a.log', 'keep.log', 'data.csv', 'x.json', '.env', '.env.example', 'README.md', 'raw', 'Build', 'id_rsa', 'id_rsa.pub');
const pattern = fc.oneof(
  fc.constantFrom(
    '*.log',
    '!keep.log',
    'data/',
    '/src/',
    'src/*.ts',
    '**/raw/',
    'raw',
    '.env*',
    '!.env.example',
    '*',
    'docs/**',
    'lib/**/x.json',
    'a/b/',
    '!a/',
    'Build/',
    '*.CSV',
    'id_rsa*',
    '!*.pub',
    '[ab]/',
    'x.json',
    'src/**',
  ),
  fc.tuple(segment, fc.constantFrom('', '/')).map(([s, slash]) => `${s}${slash}`),
);
const path = fc.tuple(fc.array(segment, { maxLength: 4 }), name).map(([folders, file]) => [...folders, file].join('/'));

describe('PathMatcher', () => {
  it('answers like ignore for any pattern set, file and folder (property)', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), fc.array(path, { minLength: 1, maxLength: 12 }), (patterns, paths) => {
        const reference = ignore({ ignorecase: true }).add(patterns);
        const matcher = new PathMatcher(patterns.map((p) => ({ pattern: p })));
        for (const p of paths) {
          const slash = p.lastIndexOf('/');
          const folder = slash < 0 ? '' : p.slice(0, slash);
          const expected = reference.test(p);
          const actual = matcher.matchFile(folder, p.slice(slash + 1));
          assert.equal(actual.state === 'matched', expected.ignored, `${p} against ${JSON.stringify(patterns)}`);
          assert.equal(actual.state === 'reincluded', expected.unignored, `${p} (re-included) against ${JSON.stringify(patterns)}`);
          if (folder !== '') assert.equal(matcher.matchFolder(folder).state === 'matched', reference.test(`${folder}/`).ignored, `${folder}/ against ${JSON.stringify(patterns)}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers relative to its base folder', () => {
    const matcher = new PathMatcher([{ pattern: '/out/' }, { pattern: 'fixtures/*.json' }], 'pkg/app');
    assert.equal(matcher.matchFile('pkg/app/out', 'a.js').state, 'matched');
    assert.equal(matcher.matchFile('pkg/app/src/out', 'a.js').state, 'none', 'anchored to the base');
    assert.equal(matcher.matchFile('pkg/app/fixtures', 'a.json').state, 'matched');
    assert.equal(matcher.matchFile('pkg/app/x/fixtures', 'a.json').state, 'none');
    assert.equal(matcher.matchFolder('pkg/app').state, 'none', 'never the base itself');
  });

  it('reports the pattern and mark that decided', () => {
    const matcher = new PathMatcher([
      { pattern: '*.log', mark: '1' },
      { pattern: '!keep.log', mark: '2' },
      { pattern: 'tmp/', mark: '3' },
    ]);
    assert.deepEqual(matcher.matchFile('src', 'a.log'), { state: 'matched', pattern: '*.log', mark: '1' });
    assert.deepEqual(matcher.matchFile('tmp/x', 'keep.log'), { state: 'matched', pattern: 'tmp/', mark: '3' });
    assert.deepEqual(matcher.matchFile('src', 'keep.log'), { state: 'reincluded' });
  });

  it('a set answers for all its matchers at once, like each of them', () => {
    const matchers = [new PathMatcher([{ pattern: '*.ts' }]), new PathMatcher([{ pattern: 'src/' }]), new PathMatcher([{ pattern: 'lib/*.ts' }])];
    const set = new MatcherSet(matchers);
    for (const [folder, file] of [
      ['src', 'a.ts'],
      ['lib', 'a.ts'],
      ['lib/x', 'a.ts'],
      ['', 'b.js'],
    ] as const) {
      const inFolder = set.folderAnswers(folder);
      const byName = set.nameAnswers(file);
      matchers.forEach((matcher, index) => assert.deepEqual(set.answer(index, inFolder, byName, folder, file), matcher.matchFile(folder, file), `${folder}/${file} #${index}`));
    }
  });
});

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { runCli } from '../../src/cli/main';
import { FakeAiServer } from '../support/fakeAiServer';
import { MemoryFiles, runCliOn } from '../support/ports';
import { TEST_KEY } from '../support/providers';

/**
 * The property of issue 13: over generated workspace trees (restricted folders, nested
 * repositories, nested policies that tighten or try to loosen, AI ignore files, symbolic links
 * to files, folders and outside the workspace), no file the policy forbids is ever in a request
 * body, whatever path names it: its own, a link's, or a diff's from any folder.
 *
 * What is forbidden is known by construction, not asked of the classifier: a file under a folder
 * named `vault` (the outer policy's `vault/` rule), under a folder whose nested policy says
 * `restricted`, matched by an ignore file above it (`*` or `*.hid`), or outside the workspace.
 */

const ROOT = '/ws';
const POOL = ['a', 'b', 'vault', 'lib'];
const IGNORES = ['none', '.cursorignore *', '.aiexclude *.hid', '.aiignore *.hid', '.aiexclude *'] as const;
type Feature = { repo: boolean; policy: 'none' | 'restrict' | 'loosen'; ignore: (typeof IGNORES)[number] };
const OUTSIDE = { path: '/elsewhere/secret.txt', marker: 'mark-outside-zq' };

const treeArbitrary = fc.record({
  folders: fc.uniqueArray(
    fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/')),
    { minLength: 1, maxLength: 5 },
  ),
  // Mostly plain folders, so that enough runs are sent for the property to mean something.
  features: fc.array(
    fc.record({
      repo: fc.boolean(),
      policy: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 4 }, { arbitrary: fc.constantFrom('restrict' as const, 'loosen' as const), weight: 1 }),
      ignore: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 5 }, { arbitrary: fc.constantFrom(...IGNORES.slice(1)), weight: 1 }),
    }),
    { minLength: 12, maxLength: 12 },
  ),
  files: fc.array(fc.record({ folder: fc.nat(), name: fc.constantFrom('x.ts', 'y.hid', 'z.md') }), { minLength: 1, maxLength: 8 }),
  links: fc.array(fc.record({ folder: fc.nat(), name: fc.constantFrom('l1.ts', 'l2.md', 'ld'), target: fc.nat() }), { maxLength: 4 }),
  accesses: fc.array(fc.record({ kind: fc.constantFrom('file', 'diff'), name: fc.nat(), cwd: fc.nat() }), { minLength: 1, maxLength: 6 }),
});
type Tree = typeof treeArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** A path relative to the workspace folder, made absolute. */
const abs = (relative: string) => (relative === '' ? ROOT : `${ROOT}/${relative}`);
const ancestors = (relative: string) => relative.split('/').map((_, index, segments) => segments.slice(0, index).join('/'));

interface Built {
  files: MemoryFiles;
  folders: string[];
  featureOf: (folder: string) => Feature;
  /** Every way to name a file: its own path or one through a link, with the real file's marker and whether it is forbidden. */
  names: Array<{ path: string; marker: string; forbidden: boolean }>;
  forbiddenMarkers: string[];
}

function build(tree: Tree, server: FakeAiServer): Built {
  const folders = [...new Set(['', ...tree.folders.flatMap((folder) => [...ancestors(folder), folder])])];
  const featureOf = (folder: string): Feature =>
    folder === '' ? { ...(tree.features[0] as Feature), repo: false, policy: 'none' } : (tree.features[folders.indexOf(folder) % tree.features.length] as Feature);
  const files = new MemoryFiles({
    [`${ROOT}/.git/HEAD`]: 'ref: refs/heads/main\n',
    [`${ROOT}/.aiguard/policy.json`]: JSON.stringify({ version: 1, providers: { local: { tags: ['local'] } }, rules: [{ pattern: 'vault/', level: 'restricted', reason: 'Keys.' }] }),
    [`${ROOT}/.aiguard/providers.json`]: JSON.stringify({ providers: [{ id: 'local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model' }] }),
    [OUTSIDE.path]: `${OUTSIDE.marker}\n`,
  });
  for (const folder of folders) {
    const feature = featureOf(folder);
    if (feature.repo) files.write(`${abs(folder)}/.git`, 'gitdir: elsewhere\n');
    if (feature.policy === 'restrict') files.write(`${abs(folder)}/.aiguard/policy.json`, JSON.stringify({ version: 1, defaultLevel: 'restricted' }));
    if (feature.policy === 'loosen')
      files.write(`${abs(folder)}/.aiguard/policy.json`, JSON.stringify({ version: 1, defaultLevel: 'public', rules: [{ pattern: 'vault/', level: 'public', reason: 'Nothing to hide.' }] }));
    if (feature.ignore !== 'none') {
      const [name, pattern] = feature.ignore.split(' ');
      files.write(`${abs(folder)}/${name}`, `${pattern}\n`);
    }
  }
  const forbidden = (relative: string): boolean => {
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    if (relative.split('/').slice(0, -1).includes('vault')) return true;
    return ancestors(relative).some((folder) => {
      const { policy, ignore } = featureOf(folder);
      return (folder !== '' && policy === 'restrict') || ignore.endsWith(' *') || (ignore.endsWith(' *.hid') && name.endsWith('.hid'));
    });
  };
  const real: Array<{ relative: string; marker: string; forbidden: boolean }> = [];
  tree.files.forEach(({ folder, name }, index) => {
    const relative = [folders[folder % folders.length], name].filter((part) => part !== '').join('/');
    if (real.some((file) => file.relative === relative)) return;
    const marker = `mark${index}zq`;
    files.write(abs(relative), `${marker}\n`);
    real.push({ relative, marker, forbidden: forbidden(relative) });
  });
  const names = real.map((file) => ({ path: abs(file.relative), marker: file.marker, forbidden: file.forbidden }));
  for (const { folder, name, target } of tree.links) {
    const path = `${abs(folders[folder % folders.length] as string)}/${name}`;
    if (files.links.has(path)) continue;
    if (name === 'ld') {
      const into = folders[target % folders.length] as string;
      files.link(path, abs(into));
      for (const file of real)
        if (file.relative.startsWith(into === '' ? '' : `${into}/`))
          names.push({ path: `${path}/${into === '' ? file.relative : file.relative.slice(into.length + 1)}`, marker: file.marker, forbidden: file.forbidden });
    } else {
      const file = real[target % (real.length + 1)];
      files.link(path, file === undefined ? OUTSIDE.path : abs(file.relative));
      names.push({ path, ...(file === undefined ? { marker: OUTSIDE.marker, forbidden: true } : { marker: file.marker, forbidden: file.forbidden }) });
    }
  }
  return { files, folders, featureOf, names, forbiddenMarkers: [OUTSIDE.marker, ...real.filter((file) => file.forbidden).map((file) => file.marker)] };
}

describe('property: no forbidden file reaches the provider, whatever path names it', function () {
  this.timeout(120_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  it('over generated trees with links, nested repositories, nested policies and ignore files', async () => {
    const env = { AI_GUARD_API_KEY: TEST_KEY };
    let sent = 0;
    let blocked = 0;
    await fc.assert(
      fc.asyncProperty(treeArbitrary, async (tree) => {
        server.requests.length = 0;
        const built = build(tree, server);
        for (const access of tree.accesses) {
          const named = built.names[access.name % built.names.length];
          if (named === undefined) continue;
          const cwdRelative = built.folders[access.cwd % built.folders.length] as string;
          let result: { code: number; stderr: string };
          if (access.kind === 'file') {
            result = await runCliOn(runCli, ['run', 'explain-code', '--file', named.path, '--provider', 'local'], built.files, { cwd: abs(cwdRelative), env });
          } else {
            // The diff names the file from its repository's top: the nearest folder up with .git.
            const top = [cwdRelative, ...ancestors(cwdRelative).reverse()].find((folder) => folder === '' || built.featureOf(folder).repo) as string;
            const inTop = named.path.startsWith(`${abs(top)}/`);
            const relative = named.path.slice(abs(inTop ? top : '').length + 1);
            const diff = `diff --git a/${relative} b/${relative}\n--- a/${relative}\n+++ b/${relative}\n@@ -1 +1 @@\n-old\n+${named.marker}\n`;
            result = await runCliOn(runCli, ['run', 'review-diff', '--diff', '-', '--provider', 'local'], built.files, { cwd: abs(inTop ? cwdRelative : ''), env, stdin: diff });
          }
          if (result.code === 0) sent += 1;
          else blocked += 1;
          const bodies = server.requests.map((request) => JSON.stringify(request.body)).join('\n');
          for (const marker of built.forbiddenMarkers) assert.ok(!bodies.includes(marker), `${marker} was sent through ${named.path} (${access.kind} from /${cwdRelative})`);
          assert.ok(result.code === 0 || result.code === 1, result.stderr);
        }
      }),
      { seed: 1313, numRuns: 150 },
    );
    // The property is not vacuous: some runs were sent and some were blocked.
    assert.ok(sent > 0 && blocked > 0, `sent ${sent}, blocked ${blocked}`);
  });
});

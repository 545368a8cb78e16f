import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { nullPrototypeRule } from '../../scripts/lib/nullPrototypeRule.mjs';

/**
 * The lint rule behind "no object keyed by client input without a null prototype or a Map"
 * (the `aiguard.__proto__.x` attribute that once broke the collector until restart): it
 * catches the shapes of that bug, lets the safe ones through, and is on for the collector.
 */

const ROOT = join(__dirname, '..', '..');

const EXAMPLES = `
type Attributes = Record<string, unknown>;
function dictionary(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
export function unsafe(pairs: Array<[string, unknown]>, nested: Record<string, Record<string, unknown>>, keyOf: (s: string) => string): unknown[] {
  const plain: Attributes = {};
  for (const [key, value] of pairs) plain[key] = value; // BAD
  const [group = '', inner = ''] = pairs[0]?.[0].split('.') ?? [];
  (nested[group] ??= {})[inner] = 1; // BAD
  const counts: { [key: string]: number } = {};
  counts[keyOf('x')] = (counts[keyOf('x')] ?? 0) + 1; // BAD
  return [plain, counts];
}
export function safe(pairs: Array<[string, unknown]>, choice: 'a' | 'b', index: number): unknown[] {
  const bare = Object.create(null) as Attributes;
  for (const [key, value] of pairs) bare[key] = value;
  const made = dictionary();
  for (const [key, value] of pairs) made[key] = value;
  const reused = (made.x ?? (made.x = dictionary())) as Attributes;
  reused[pairs[0]?.[0] ?? ''] = 1;
  const closed: Record<'a' | 'b', number> = { a: 0, b: 0 };
  closed[choice] = 1;
  const list: string[] = [];
  list[index] = 'x';
  const map = new Map<string, unknown>(pairs);
  return [bare, made, closed, list, map];
}
`;

describe('lint: objects keyed by client input have no prototype', function () {
  this.timeout(120_000);
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'aiguard-lint-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('reports each plain object written under a key a client may choose, and nothing else', async () => {
    const file = join(folder, 'example.ts');
    writeFileSync(file, EXAMPLES);
    const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, noEmit: true });
    const eslint = new ESLint({
      cwd: folder,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser, parserOptions: { programs: [program] } },
          plugins: { aiguard: { rules: { 'null-prototype-keys': nullPrototypeRule } } },
          rules: { 'aiguard/null-prototype-keys': 'error' },
        },
      ],
    });
    const [result] = await eslint.lintFiles([file]);
    const lines = EXAMPLES.split('\n');
    const expected = lines.flatMap((line, i) => (line.includes('// BAD') ? [i + 1] : []));
    assert.equal(expected.length, 3);
    assert.ok(
      result?.messages.every((message) => message.ruleId === 'aiguard/null-prototype-keys'),
      JSON.stringify(result?.messages),
    );
    // Line 10 twice: the inner `nested[group] ??= {}` and the write into what it gives.
    assert.deepEqual([...new Set(result?.messages.map((message) => message.line))], expected, JSON.stringify(result?.messages));
  });

  it('is on for the collector and the OTLP decoder in the repository’s configuration', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    for (const file of ['src/collector/routes.ts', 'src/collector/signals/ingest.ts', 'src/core/telemetry/otlp.ts']) {
      const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as { rules: Record<string, unknown> };
      assert.deepEqual(config.rules['aiguard/null-prototype-keys'], [2], file);
    }
  });
});

/** One built-in template file: its path under `src/core/templates/builtin/` and its text. */
export interface BuiltinFile {
  readonly path: string;
  readonly text: string;
}

/**
 * The text of `builtin.generated.ts`: every built-in `.prompt.md` file as a string constant,
 * sorted by path. The Markdown files are the source people review and edit; this module is
 * how they reach the bundles and the unit tests alike, with no loader for `.md` in esbuild or
 * tsx. `npm run generate` (scripts/generate.ts) writes it; a unit test fails when it has drifted from the files.
 */
export function renderBuiltinModule(files: readonly BuiltinFile[]): string {
  const entries = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `  { path: ${JSON.stringify(file.path)}, text: ${JSON.stringify(file.text)} },\n`)
    .join('');
  return [
    '// Generated from src/core/templates/builtin/**/*.prompt.md by',
    '// `npm run generate`: edit the Markdown files, not this one.',
    "import type { BuiltinFile } from './builtinModule';",
    '',
    'export const BUILTIN_FILES: readonly BuiltinFile[] = [',
    `${entries}];`,
    '',
  ].join('\n');
}

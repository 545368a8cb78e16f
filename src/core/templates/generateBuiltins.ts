// Writes builtin.generated.ts from the built-in .prompt.md files next to this script. A
// development tool, never bundled (nothing imports it): run it with
// `npx tsx src/core/templates/generateBuiltins.ts` after editing a built-in template.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBuiltinModule } from './builtinModule';

const folder = join(__dirname, 'builtin');
const files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.prompt.md'))
  .map((path) => ({ path: path.split('\\').join('/'), text: readFileSync(join(folder, path), 'utf8') }));
const target = join(__dirname, 'builtin.generated.ts');
writeFileSync(target, renderBuiltinModule(files));
console.log(`wrote ${target} (${files.length} templates)`);

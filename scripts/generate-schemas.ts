// Writes the JSON Schemas in schemas/ from the zod schemas the code parses with.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedSchemas, renderJsonSchema } from '../src/core/schemas';

for (const { file, schema } of publishedSchemas) {
  const target = join(__dirname, '..', 'schemas', file);
  writeFileSync(target, renderJsonSchema(schema));
  console.log(`wrote ${target}`);
}

import * as z from 'zod/mini';
import { PolicySchema } from './policy/schema';

/**
 * The JSON Schemas shipped in `schemas/`, each generated from the zod schema the code parses
 * with, so the editor's completion and the extension's validation cannot disagree.
 * `npm run generate` writes them; a unit test fails when a committed file has drifted.
 */
export const publishedSchemas: ReadonlyArray<{ file: string; schema: z.ZodMiniType }> = [
  { file: 'policy.schema.json', schema: PolicySchema },
];

/** The JSON text of one published schema, as committed (two-space indent, final newline). */
export function renderJsonSchema(schema: z.ZodMiniType): string {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify(json, null, 2)}\n`;
}

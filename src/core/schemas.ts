import * as z from 'zod/mini';
import { POLICY_SNIPPETS, type PolicySnippet } from './policy/snippets';
import { PolicySchema } from './policy/schema';

/**
 * The JSON Schemas shipped in `schemas/`, each generated from the zod schema the code parses
 * with, so the editor's completion and the extension's validation cannot disagree.
 * `npm run generate` writes them; a unit test fails when a committed file has drifted.
 */
export const publishedSchemas: ReadonlyArray<{ file: string; schema: z.ZodMiniType; snippets?: readonly PolicySnippet[] }> = [
  { file: 'policy.schema.json', schema: PolicySchema, snippets: POLICY_SNIPPETS },
];

type JsonNode = Record<string, unknown>;

/** The schema node a snippet is offered at: the root, an array's items, or the matrix's value. */
function nodeFor(json: JsonNode, at: PolicySnippet['at']): JsonNode {
  if (at === 'root') return json;
  const property = (json.properties as Record<string, JsonNode> | undefined)?.[at];
  const node = at === 'matrix' ? property : (property?.items as JsonNode | undefined);
  if (node === undefined) throw new Error(`The policy schema has no place for the ${at} snippets.`);
  return node;
}

/** The JSON text of one published schema, as committed (two-space indent, final newline), with its snippets (`defaultSnippets`). */
export function renderJsonSchema(schema: z.ZodMiniType, snippets: readonly PolicySnippet[] = []): string {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonNode;
  for (const snippet of snippets) {
    const node = nodeFor(json, snippet.at);
    const offered = (node.defaultSnippets ??= []) as unknown[];
    offered.push({ label: snippet.label, description: snippet.description, bodyText: snippet.body.join('\n') });
  }
  return `${JSON.stringify(json, null, 2)}\n`;
}

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyFile } from '../../src/core/policy';
import { PolicyEnvelopeSchema } from '../../src/core/policy/envelope';
import { POLICY_SNIPPETS, type PolicySnippet } from '../../src/core/policy/snippets';
import { publishedSchemas, renderJsonSchema } from '../../src/core/schemas';
import { manifest, readJson, repoRoot } from '../support/repo';

describe('published JSON Schemas', () => {
  it('are generated from the zod schemas: run `npm run generate` when this fails', () => {
    for (const { file, schema, snippets } of publishedSchemas) {
      const committed = readFileSync(join(repoRoot, 'schemas', file), 'utf8');
      assert.equal(committed, renderJsonSchema(schema, snippets), `schemas/${file} has drifted`);
    }
  });

  it('are all wired through jsonValidation', () => {
    const urls = manifest().contributes.jsonValidation.map((entry) => entry.url);
    for (const { file } of publishedSchemas) assert.ok(urls.includes(`./schemas/${file}`), file);
  });
});

describe('policy envelope', () => {
  it('accepts version 1, keeps unknown keys, and rejects other versions', () => {
    assert.deepEqual(PolicyEnvelopeSchema.parse({ version: 1, levels: [] }), { version: 1, levels: [] });
    assert.equal(PolicyEnvelopeSchema.safeParse({ version: 2 }).success, false);
    assert.equal(PolicyEnvelopeSchema.safeParse({}).success, false);
    assert.equal(PolicyEnvelopeSchema.safeParse([]).success, false);
  });

  it('ships snippets that make valid policies once their placeholders are filled', () => {
    // Fragments are checked inside a policy, where a person would insert them.
    const contexts: Record<PolicySnippet['at'], (fragment: string) => string> = {
      root: (fragment) => fragment,
      rules: (fragment) => `{ "version": 1, "rules": [${fragment}] }`,
      clients: (fragment) => `{ "version": 1, "clients": [${fragment}] }`,
      levels: (fragment) => `{ "version": 1, "defaultLevel": "public", "levels": [{ "id": "public", "label": { "en": "Public", "fr": "Public" } }, ${fragment}] }`,
      matrix: (fragment) => `{ "version": 1, "matrix": ${fragment} }`,
    };
    assert.deepEqual(POLICY_SNIPPETS.map((snippet) => snippet.at).sort(), Object.keys(contexts).sort());
    for (const snippet of POLICY_SNIPPETS) {
      const fragment = snippet.body
        .join('\n')
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\d+/g, '');
      const { problems } = parsePolicyFile(`${snippet.prefix}.json`, contexts[snippet.at](fragment));
      // A custom level alone draws warnings (no matrix entry for it yet), never errors.
      assert.deepEqual(
        problems.filter((problem) => problem.severity === 'error'),
        [],
        snippet.label,
      );
      if (snippet.at !== 'levels') assert.deepEqual(problems, [], snippet.label);
    }
  });

  it('offers the policy snippets in policy files only, through the schema, never as jsonc snippets (settings.json is jsonc too)', () => {
    const schema = readJson<{ defaultSnippets?: unknown[]; properties: Record<string, { defaultSnippets?: unknown[]; items?: { defaultSnippets?: unknown[] } }> }>('schemas/policy.schema.json');
    assert.equal(schema.defaultSnippets?.length, 1);
    for (const at of ['rules', 'clients', 'levels'] as const) assert.equal(schema.properties[at]?.items?.defaultSnippets?.length, 1, at);
    assert.equal(schema.properties.matrix?.defaultSnippets?.length, 1);
    const contributed = (manifest().contributes as { snippets?: unknown[] }).snippets ?? [];
    assert.deepEqual(contributed, [], 'no editor snippets: they would show in every JSON file with comments');
  });
});

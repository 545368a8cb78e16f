import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyEnvelopeSchema } from '../../src/core/policy/envelope';
import { publishedSchemas, renderJsonSchema } from '../../src/core/schemas';
import { manifest, readJson, repoRoot } from '../support/repo';

describe('published JSON Schemas', () => {
  it('are generated from the zod schemas: run `npm run schemas` when this fails', () => {
    for (const { file, schema } of publishedSchemas) {
      const committed = readFileSync(join(repoRoot, 'schemas', file), 'utf8');
      assert.equal(committed, renderJsonSchema(schema), `schemas/${file} has drifted`);
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

  it('ships snippets whose bodies are valid policies once placeholders are filled', () => {
    const snippets = readJson<Record<string, { prefix: string; body: string[] }>>('snippets/policy.code-snippets');
    assert.ok(Object.keys(snippets).length >= 1);
    for (const [name, snippet] of Object.entries(snippets)) {
      const text = snippet.body
        .join('\n')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\d+/g, '')
        .replace(/\\\$/g, '$')
        .replace(/^\s*\/\/.*$/gm, '');
      assert.ok(PolicyEnvelopeSchema.safeParse(JSON.parse(text)).success, name);
    }
  });
});

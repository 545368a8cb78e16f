import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyFile } from '../../src/core/policy';
import { PolicyEnvelopeSchema } from '../../src/core/policy/envelope';
import { publishedSchemas, renderJsonSchema } from '../../src/core/schemas';
import { manifest, readJson, repoRoot } from '../support/repo';

describe('published JSON Schemas', () => {
  it('are generated from the zod schemas: run `npm run generate` when this fails', () => {
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

  it('ships snippets that make valid policies once their placeholders are filled', () => {
    const snippets = readJson<Record<string, { prefix: string; body: string[] }>>('snippets/policy.code-snippets');
    // Fragments are checked inside a policy, where a person would insert them.
    const contexts: Record<string, (fragment: string) => string> = {
      'aiguard-policy': (fragment) => fragment,
      'aiguard-rule': (fragment) => `{ "version": 1, "rules": [${fragment}] }`,
      'aiguard-client': (fragment) => `{ "version": 1, "clients": [${fragment}] }`,
      'aiguard-level': (fragment) => `{ "version": 1, "defaultLevel": "public", "levels": [{ "id": "public", "label": { "en": "Public", "fr": "Public" } }, ${fragment}] }`,
      'aiguard-matrix': (fragment) => `{ "version": 1, "matrix": { ${fragment} } }`,
    };
    assert.deepEqual(Object.values(snippets).map((snippet) => snippet.prefix).sort(), Object.keys(contexts).sort());
    for (const [name, snippet] of Object.entries(snippets)) {
      const fragment = snippet.body
        .join('\n')
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\d+/g, '');
      const { problems } = parsePolicyFile(`${name}.json`, (contexts[snippet.prefix] as (fragment: string) => string)(fragment));
      // A custom level alone draws warnings (no matrix entry for it yet), never errors.
      assert.deepEqual(problems.filter((problem) => problem.severity === 'error'), [], name);
      if (snippet.prefix !== 'aiguard-level') assert.deepEqual(problems, [], name);
    }
  });
});

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { PolicySchema } from '../../src/core/policy/schema';
import { SECTIONS } from '../../src/core/policy/sections';
import { auditSection, type AuditPolicy } from '../../src/core/policy/sections/audit';
import { cacheSection, type CachePolicy } from '../../src/core/policy/sections/cache';
import { catalogueSection, type ProviderDefinition } from '../../src/core/policy/sections/catalogue';
import { clientsSection } from '../../src/core/policy/sections/clients';
import { type ContentInput, contentLevelsSection } from '../../src/core/policy/sections/contentLevels';
import { costSection, type CostPolicy } from '../../src/core/policy/sections/cost';
import { dictionarySection, type DictionaryInput } from '../../src/core/policy/sections/dictionary';
import type { Origin, PolicySection } from '../../src/core/policy/sections/section';
import { type MatrixEntry, matrixSection } from '../../src/core/policy/sections/matrix';
import { networkSection } from '../../src/core/policy/sections/network';
import { templatesSection, type TemplatesPolicy } from '../../src/core/policy/sections/templates';

// A chain of policies, outermost first: the first is the outermost policy, the rest are inner
// policies or the user's settings.
const origins = (count: number, users: readonly boolean[]): Origin[] =>
  Array.from({ length: count }, (_, index) => ({ file: `/p${index}`, outermost: index === 0, fromUser: index > 0 && (users[index] ?? false) }));

function chain<R, D, V>(section: PolicySection<R, D, V>, raws: ReadonlyArray<R | undefined>, users: readonly boolean[]): D[] {
  const steps: D[] = [section.none];
  origins(raws.length, users).forEach((origin, index) => steps.push(section.declare(steps[steps.length - 1] as D, raws[index], origin)));
  return steps;
}

/** Every prefix of the chain and the chain one policy longer: the inner one never loosens. */
function eachStep<R, D, V>(section: PolicySection<R, D, V>, raws: ReadonlyArray<R | undefined>, users: readonly boolean[], check: (outer: V, inner: V, index: number) => void): void {
  const steps = chain(section, raws, users);
  // The first step is the outermost policy, which declares: the property is about the ones after it.
  for (let index = 2; index < steps.length; index++) check(section.combine(steps[index - 1] as D), section.combine(steps[index] as D), index);
}

const users = fc.array(fc.boolean(), { minLength: 6, maxLength: 6 });
const sha = fc.constantFrom('a'.repeat(64), 'b'.repeat(64));
const amount = fc.integer({ min: 0, max: 100 });
const arbitraryCache: fc.Arbitrary<CachePolicy | undefined> = fc.option(fc.record({ enabled: fc.boolean(), ttlMinutes: fc.integer({ min: 1, max: 200 }) }, { requiredKeys: ['enabled'] }), {
  nil: undefined,
});
const arbitraryAudit: fc.Arbitrary<AuditPolicy | undefined> = fc.option(fc.record({ retentionDays: fc.integer({ min: 1, max: 400 }), required: fc.boolean() }, { requiredKeys: [] }), {
  nil: undefined,
});
const arbitraryTemplates: fc.Arbitrary<TemplatesPolicy | undefined> = fc.option(
  fc.record({ approved: fc.array(fc.record({ id: fc.constantFrom('a', 'b'), sha256: sha }), { maxLength: 2 }), allowUnapproved: fc.boolean() }, { requiredKeys: [] }),
  { nil: undefined },
);
const arbitraryCost: fc.Arbitrary<CostPolicy | undefined> = fc.option(
  fc.record(
    {
      currency: fc.constantFrom('EUR', 'USD'),
      prices: fc.dictionary(fc.constantFrom('gpt-4o', 'mistral-large'), fc.record({ input: amount, output: amount }), { maxKeys: 2 }),
      budgets: fc.record({ monthlyPerUser: amount, perCall: amount, warnAt: fc.constantFrom(0.5, 0.8, 1) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const names = fc.array(fc.constantFrom('Ardoise', 'Borel', 'Cassis'), { maxLength: 2 });
const arbitraryDictionary: fc.Arbitrary<DictionaryInput | undefined> = fc.option(
  fc.record(
    {
      dictionary: fc.record({ clients: names, codenames: names, people: names, internalHosts: fc.array(fc.constantFrom('db.corp', '*.corp'), { maxLength: 2 }) }, { requiredKeys: [] }),
      custom: fc.array(fc.record({ id: fc.constantFrom('r1', 'r2'), pattern: fc.constantFrom('K-[0-9]{4}', 'Z[a-z]{2,8}'), keywords: fc.constant(['key']) }), { maxLength: 2 }),
      clients: fc.array(fc.record({ id: fc.constantFrom('ar', 'acme', 'borel'), name: fc.constantFrom('Ardoise', 'Acme') }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const arbitraryClients = fc.option(
  fc.array(
    fc.record(
      { id: fc.constantFrom('acme', 'borel', 'cassis'), name: fc.constantFrom('Acme', 'Borel'), providers: fc.array(fc.constantFrom('*', 'ollama', 'tag:local'), { maxLength: 2 }) },
      { requiredKeys: ['id', 'name'] },
    ),
    { maxLength: 3 },
  ),
  { nil: undefined },
);
const LEVELS = ['public', 'internal', 'confidential', 'restricted'];
const category = fc.constantFrom('secret', 'pii', 'network', 'dictionary');
const arbitraryContent: fc.Arbitrary<ContentInput | undefined> = fc.option(
  fc.record(
    {
      contentLevels: fc.dictionary(category, fc.constantFrom(...LEVELS, 'unknown'), { maxKeys: 3 }),
      contentThresholds: fc.dictionary(category, fc.integer({ min: 1, max: 10 }), { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const arbitraryMatrix: fc.Arbitrary<Record<string, MatrixEntry> | undefined> = fc.option(
  fc.dictionary(
    fc.constantFrom('public', 'internal', 'custom'),
    fc.record(
      {
        aiAllowed: fc.boolean(),
        providers: fc.uniqueArray(fc.constantFrom('*', 'openai', 'ollama', 'tag:local'), { maxLength: 3 }),
        redact: fc.uniqueArray(fc.constantFrom('secret', 'pii', 'network', 'dictionary') as fc.Arbitrary<'secret' | 'pii' | 'network' | 'dictionary'>, { maxLength: 4 }),
      },
      { requiredKeys: ['aiAllowed'] },
    ),
    { maxKeys: 3 },
  ),
  { nil: undefined },
);
const arbitraryCatalogue: fc.Arbitrary<Record<string, ProviderDefinition> | undefined> = fc.option(
  fc.dictionary(
    fc.constantFrom('openai', 'mistral', 'ollama', 'acme-azure', 'team-llm'),
    fc.record(
      {
        tags: fc.uniqueArray(fc.constantFrom('eu-hosted', 'local', 'client-tenant'), { maxLength: 2 }),
        kind: fc.constantFrom('openai', 'openai-compatible', 'azure-openai') as fc.Arbitrary<'openai' | 'openai-compatible' | 'azure-openai'>,
        endpoints: fc.array(fc.constantFrom('https://api.openai.com', 'https://acme.openai.azure.com', 'http://localhost:*'), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    { maxKeys: 3 },
  ),
  { nil: undefined },
);
const chainOf = <T>(arbitrary: fc.Arbitrary<T>) => fc.array(arbitrary, { minLength: 1, maxLength: 6 });

describe('policy sections: one module each, the most restrictive wins', function () {
  // Hundreds of generated chains: generous on a loaded 2-core machine.
  this.timeout(60_000);

  it('each section parses its own built-in value, and declaring it changes no answer', () => {
    for (const [key, section] of Object.entries(SECTIONS) as Array<[string, PolicySection<unknown, unknown, unknown>]>) {
      assert.ok(z.safeParse(section.schema, section.builtIn).success, `${key}: the built-in value fits the schema`);
      const declared = section.declare(section.none, section.builtIn, { file: undefined, outermost: true, fromUser: false });
      assert.deepEqual(section.combine(declared), section.combine(section.none), `${key}: the built-in value is what no declaration gives`);
    }
  });

  it('cache: an inner policy never turns on a cache a policy turned off, nor lengthens its TTL', () => {
    fc.assert(
      fc.property(chainOf(arbitraryCache), users, (caches, user) => {
        eachStep(cacheSection, caches, user, (outer, inner, index) => {
          assert.ok(inner.ttlMinutes <= outer.ttlMinutes);
          if (!outer.enabled && caches.slice(0, index - 1).some((cache, at) => cache !== undefined && !(at > 0 && user[at]))) assert.equal(inner.enabled, false);
        });
        const combined = cacheSection.combine(chain(cacheSection, caches, user).at(-1) as readonly CachePolicy[]);
        const declaredOff = caches.some((cache, index) => cache !== undefined && !cache.enabled && !(index > 0 && user[index]));
        if (declaredOff) assert.equal(combined.enabled, false);
        for (const [index, cache] of caches.entries()) if (cache?.ttlMinutes !== undefined && !(index > 0 && user[index])) assert.ok(combined.ttlMinutes <= cache.ttlMinutes);
      }),
    );
  });

  it('audit: an inner policy never waives the record, and the outermost retention that is set decides', () => {
    fc.assert(
      fc.property(chainOf(arbitraryAudit), users, (audits, user) => {
        eachStep(auditSection, audits, user, (outer, inner) => {
          if (outer.required) assert.equal(inner.required, true);
          if (outer.retentionDays !== undefined) assert.equal(inner.retentionDays, outer.retentionDays);
        });
        const combined = auditSection.combine(chain(auditSection, audits, user).at(-1) as readonly AuditPolicy[]);
        if (audits[0]?.required !== false) assert.equal(combined.required, true, 'only the outermost policy may waive it');
      }),
    );
  });

  it('templates: an inner policy never allows unapproved templates again, and user settings approve nothing', () => {
    fc.assert(
      fc.property(chainOf(arbitraryTemplates), users, (templates, user) => {
        eachStep(templatesSection, templates, user, (outer, inner, index) => {
          if (!outer.allowUnapproved) assert.equal(inner.allowUnapproved, false);
          if (index > 1 && user[index - 1]) assert.deepEqual(inner.approved, outer.approved);
        });
      }),
    );
  });

  it('network: an inner policy never switches off the masking a policy switched on', () => {
    fc.assert(
      fc.property(chainOf(fc.option(fc.boolean(), { nil: undefined })), users, (switches, user) => {
        eachStep(networkSection, switches, user, (outer, inner) => {
          if (outer) assert.equal(inner, true);
        });
        const on = networkSection.combine(chain(networkSection, switches, user).at(-1) ?? networkSection.none);
        assert.equal(
          on,
          switches.some((each) => each === true),
        );
      }),
    );
  });

  it('cost: an inner policy never lowers a price, raises or removes a budget, or changes the currency', () => {
    fc.assert(
      fc.property(chainOf(arbitraryCost), users, (costs, user) => {
        eachStep(costSection, costs, user, (outer, inner) => {
          for (const [model, price] of Object.entries(outer.prices)) {
            assert.ok((inner.prices[model]?.input ?? -1) >= price.input);
            assert.ok((inner.prices[model]?.output ?? -1) >= price.output);
          }
          if (outer.monthly !== undefined) assert.ok(inner.monthly !== undefined && inner.monthly <= outer.monthly);
          if (outer.perCall !== undefined) assert.ok(inner.perCall !== undefined && inner.perCall <= outer.perCall);
          if (costs[0]?.currency !== undefined) assert.equal(inner.currency, outer.currency);
        });
        // The warning comes at the lowest share any policy sets (the built-in one only when none does).
        const combined = costSection.combine(chain(costSection, costs, user).at(-1) as readonly CostPolicy[]);
        for (const cost of costs) if (cost?.budgets?.warnAt !== undefined) assert.ok(combined.warnAt <= cost.budgets.warnAt);
      }),
    );
  });

  it('dictionary: an inner policy (user settings included) only adds names and rules, and every declared one is masked', () => {
    const keys = ['clients', 'codenames', 'people', 'internalHosts'] as const;
    fc.assert(
      fc.property(chainOf(arbitraryDictionary), users, (inputs, user) => {
        eachStep(dictionarySection, inputs, user, (outer, inner) => {
          for (const key of keys) for (const name of outer[key] ?? []) assert.ok(inner[key]?.includes(name), `${key}: ${name} is still masked`);
          for (const rule of outer.custom ?? []) assert.ok(inner.custom?.some((each) => each.id === rule.id && each.pattern === rule.pattern));
        });
        const union = dictionarySection.combine(chain(dictionarySection, inputs, user).at(-1) as ReturnType<typeof dictionarySection.declare>);
        for (const input of inputs) {
          for (const key of keys) for (const name of input?.dictionary?.[key] ?? []) assert.ok(union[key]?.includes(name));
          for (const client of input?.clients ?? []) assert.ok(union.clients?.includes(client.name), `the client ${client.name} is masked`);
        }
      }),
    );
  });

  it('clients: an inner policy never changes the declaration of a client an outer one made', () => {
    fc.assert(
      fc.property(chainOf(arbitraryClients), users, (lists, user) => {
        eachStep(clientsSection, lists, user, (outer, inner) => {
          for (const [id, declared] of outer) assert.equal(inner.get(id), declared, `${id} keeps its outer declaration`);
        });
        const clients = clientsSection.combine(chain(clientsSection, lists, user).at(-1) as ReturnType<typeof clientsSection.declare>);
        const first = new Map<string, unknown>();
        for (const list of lists) for (const client of list ?? []) if (!first.has(client.id)) first.set(client.id, client);
        assert.deepEqual(
          [...clients].map(([id, declared]) => [id, declared.value]),
          [...first],
        );
      }),
    );
  });

  it('content levels: an inner policy never lowers the level a content gives a file, nor raises its threshold', () => {
    // A level the chain lacks counts as the highest: failing closed.
    const rank = (level: string) => (LEVELS.includes(level) ? LEVELS.indexOf(level) : LEVELS.length - 1);
    fc.assert(
      fc.property(chainOf(arbitraryContent), users, (inputs, user) => {
        let declared = contentLevelsSection.none;
        let outer: ReturnType<typeof contentLevelsSection.combine> | undefined;
        for (const [index, input] of inputs.entries()) {
          declared = contentLevelsSection.declare(declared, input, { file: `/p${index}`, outermost: index === 0, fromUser: index > 0 && (user[index] ?? false), levels: LEVELS });
          const inner = contentLevelsSection.combine(declared);
          if (outer !== undefined) {
            for (const [key, level] of outer.levels) assert.ok(rank(inner.levels.get(key)?.value ?? 'public') >= rank(level.value), `${key}: not below ${level.value}`);
            for (const [key, count] of outer.thresholds) assert.ok((inner.thresholds.get(key) ?? Infinity) <= count, `${key}: not above ${count}`);
          }
          for (const [key, level] of Object.entries(input?.contentLevels ?? {})) assert.ok(rank((inner.levels.get(key as never) as { value: string }).value) >= rank(level));
          for (const [key, count] of Object.entries(input?.contentThresholds ?? {})) assert.ok((inner.thresholds.get(key as never) as number) <= count);
          outer = inner;
        }
      }),
    );
  });

  it('matrix: where a policy said, an inner one never allows AI again, admits another provider, or masks less', () => {
    const tags: Record<string, readonly string[]> = { ollama: ['local'] };
    const admits = (lists: ReadonlyArray<{ value: readonly string[] }>, provider: string) =>
      lists.every((list) => list.value.some((entry) => entry === '*' || entry === provider || (entry.startsWith('tag:') && (tags[provider] ?? []).includes(entry.slice(4)))));
    fc.assert(
      fc.property(chainOf(arbitraryMatrix), users, (matrices, user) => {
        const steps = chain(matrixSection, matrices, user);
        for (let index = 2; index < steps.length; index++) {
          const [before, after] = [steps[index - 1] as ReturnType<typeof matrixSection.declare>, steps[index] as ReturnType<typeof matrixSection.declare>];
          const [outer, inner] = [matrixSection.combine(before), matrixSection.combine(after)];
          for (const level of ['public', 'internal', 'custom']) {
            const [was, is] = [outer.get(level), inner.get(level)];
            if ((before.aiAllowed.get(level)?.length ?? 0) > 0 && !was?.aiAllowed.allowed) assert.equal(is?.aiAllowed.allowed, false, `${level}: AI stays forbidden`);
            if ((before.providerLists.get(level)?.length ?? 0) > 0) {
              for (const provider of ['openai', 'ollama', 'mistral'])
                if (admits(is?.providerLists ?? [], provider)) assert.ok(admits(was?.providerLists ?? [], provider), `${level}: ${provider} stays out`);
            }
            if ((before.redactions.get(level)?.length ?? 0) > 0) for (const category of was?.redact ?? []) assert.ok(is?.redact.includes(category), `${level}: ${category} stays masked`);
          }
        }
      }),
    );
  });

  it('catalogue: only the outermost policy says what a provider is; an inner one adds ids that match themselves only', () => {
    fc.assert(
      fc.property(chainOf(arbitraryCatalogue), users, (catalogues, user) => {
        const outermost = catalogueSection.combine(chain(catalogueSection, catalogues.slice(0, 1), user).at(-1) as ReturnType<typeof catalogueSection.declare>);
        for (const [id, provider] of Object.entries(catalogues[0] ?? {})) {
          const builtIn = catalogueSection.combine(catalogueSection.none).get(id);
          assert.equal(outermost.get(id)?.kind, provider.kind ?? builtIn?.kind, `${id}: a kind it does not restate stays the built-in one`);
        }
        eachStep(catalogueSection, catalogues, user, (outer, inner) => {
          for (const [id, entry] of outer) assert.equal(inner.get(id), entry, `${id} keeps its outer declaration`);
          for (const [id, entry] of inner) {
            if (outer.has(id)) continue;
            assert.deepEqual([...entry.tags], [], `${id}: no tags from an inner policy`);
            assert.equal(entry.kind, undefined);
            assert.equal(entry.endpoints, undefined);
          }
        });
      }),
    );
  });

  it('the built-in values the outermost policy adopts never override what it declares', () => {
    const origin = { file: '/p0', outermost: true, fromUser: false, levels: LEVELS };
    const adopted = { file: undefined, outermost: false, fromUser: false, levels: LEVELS };
    fc.assert(
      fc.property(arbitraryMatrix, arbitraryContent, fc.option(fc.boolean(), { nil: undefined }), (matrix, content, network) => {
        const declaredMatrix = matrixSection.declare(matrixSection.none, matrix, origin);
        const withBuiltIns = matrixSection.declare(declaredMatrix, matrixSection.remainder?.(matrix, LEVELS), adopted);
        for (const [level, entry] of Object.entries(matrix ?? {})) {
          assert.deepEqual(withBuiltIns.aiAllowed.get(level), [{ value: entry.aiAllowed, file: '/p0' }]);
          if (entry.providers !== undefined) assert.deepEqual(withBuiltIns.providerLists.get(level), [{ value: entry.providers, file: '/p0' }]);
          if (entry.redact !== undefined) assert.deepEqual(withBuiltIns.redactions.get(level), [{ value: entry.redact, file: '/p0' }]);
        }
        for (const level of LEVELS) if (matrix?.[level] === undefined) assert.deepEqual(matrixSection.combine(withBuiltIns).get(level), matrixSection.combine(matrixSection.none).get(level));

        const declaredContent = contentLevelsSection.declare(contentLevelsSection.none, content, origin);
        const content2 = contentLevelsSection.combine(contentLevelsSection.declare(declaredContent, contentLevelsSection.remainder?.(content, LEVELS), adopted));
        for (const [key, level] of Object.entries(content?.contentLevels ?? {})) assert.deepEqual(content2.levels.get(key as never), { value: level, file: '/p0' });
        for (const [key, count] of Object.entries(content?.contentThresholds ?? {})) assert.equal(content2.thresholds.get(key as never), count);
        const builtIn = contentLevelsSection.combine(contentLevelsSection.none);
        for (const [key, level] of builtIn.levels) if (content?.contentLevels?.[key] === undefined) assert.deepEqual(content2.levels.get(key), level);

        const switches = networkSection.declare(networkSection.declare(networkSection.none, network, origin), networkSection.remainder?.(network, LEVELS), adopted);
        assert.equal(networkSection.combine(switches), network ?? networkSection.builtIn);
      }),
    );
  });

  it('every key of the policy belongs to a section module, or to the chain itself', () => {
    // The chain's own keys (`effective.ts`, `layers.ts`, the classifier), and the organisation-only
    // telemetry, which PolicyStore reads from the organisation policy.
    const chainKeys = ['$schema', 'version', 'levels', 'defaultLevel', 'rules', 'telemetry'];
    // Keys a section reads besides its own (sections/index.ts READS).
    const readBy: Record<string, string> = { providers: 'catalogue', contentThresholds: 'contentLevels', detectors: 'dictionary' };
    for (const key of Object.keys(PolicySchema.shape)) {
      if (chainKeys.includes(key)) continue;
      assert.ok(Object.hasOwn(SECTIONS, readBy[key] ?? key), `'${key}' is one section's`);
    }
  });
});

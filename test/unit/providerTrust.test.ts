import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { useLocale } from '../../src/core/localeBundles';
import { identityOf, providerAllowed } from '../../src/core/pipeline';
import { endpointMatches } from '../../src/core/providers/origins';

const ROOT = '/w';

function storeWith(policy: object | undefined): PolicyStore {
  const store = new PolicyStore();
  store.setRoots([ROOT]);
  if (policy !== undefined) store.apply([{ path: `${ROOT}/.aiguard/policy.json`, text: JSON.stringify(policy) }]);
  return store;
}

describe('provider trust: the catalogue binds an id to its kind and endpoints', () => {
  before(() => useLocale('en'));

  it('grants the built-in tags only to a configuration at the vendor address with the declared kind', () => {
    const store = storeWith(undefined);
    const at = (kind: 'openai' | 'openai-compatible', baseUrl?: string) => store.at(`${ROOT}/a.ts`).providerTrust({ id: 'mistral', kind, ...(baseUrl === undefined ? {} : { baseUrl }) });
    assert.deepEqual(at('openai-compatible', 'https://api.mistral.ai/v1'), { tags: ['eu-hosted'], endpointNamed: true });
    assert.deepEqual(at('openai-compatible', 'https://api.mistral.ai.attacker.example/v1').tags, []);
    assert.match(at('openai-compatible', 'https://evil.example/v1').mismatch ?? '', /configured at https:\/\/evil\.example, which the built-in policy does not list/);
    assert.match(at('openai', 'https://api.mistral.ai/v1').mismatch ?? '', /configured with kind openai, but the built-in policy declares 'mistral' as openai-compatible/);
    // Local models: any port on this machine, never another host.
    const ollama = (baseUrl: string) => store.at(`${ROOT}/a.ts`).providerTrust({ id: 'ollama', kind: 'openai-compatible', baseUrl }).tags;
    assert.deepEqual(ollama('http://127.0.0.1:11434/v1'), ['local', 'no-training']);
    assert.deepEqual(ollama('http://localhost:8080/v1'), ['local', 'no-training']);
    assert.deepEqual(ollama('http://gpu-box.lan:11434/v1'), []);
  });

  it('an id without a catalogue entry, or one that declares no kind or endpoints, is trusted as before', () => {
    const store = storeWith({ version: 1, providers: { 'acme-tenant': { tags: ['client-tenant'] } } });
    assert.deepEqual(store.at(`${ROOT}/a.ts`).providerTrust({ id: 'acme-tenant', kind: 'openai-compatible', baseUrl: 'https://anything.example' }), { tags: ['client-tenant'], endpointNamed: false });
    assert.deepEqual(store.at(`${ROOT}/a.ts`).providerTrust({ id: 'unknown', kind: 'openai' }), { tags: [], endpointNamed: false });
  });

  it('an outermost policy redeclaring a built-in id keeps the built-in endpoints it does not restate', () => {
    const store = storeWith({ version: 1, providers: { mistral: { tags: ['eu-hosted', 'no-training'] } } });
    assert.deepEqual(store.at(`${ROOT}/a.ts`).providerTrust({ id: 'mistral', kind: 'openai-compatible', baseUrl: 'https://evil.example/v1' }).tags, []);
    assert.deepEqual(store.at(`${ROOT}/a.ts`).providerTrust({ id: 'mistral', kind: 'openai-compatible', baseUrl: 'https://api.mistral.ai/v1' }).tags, ['eu-hosted', 'no-training']);
  });

  it('a mismatching configuration satisfies no list naming its id or a tag, only *', () => {
    const store = storeWith({
      version: 1,
      providers: { 'acme-gw': { tags: ['client-tenant'], endpoints: ['https://llm.acme.example'] } },
      matrix: { confidential: { aiAllowed: true, providers: ['acme-gw'] } },
    });
    const classification = store.classify(`${ROOT}/a.ts`, { counts: { secret: 1 } });
    const good = identityOf('acme-gw', store.at(`${ROOT}/a.ts`).providerTrust({ id: 'acme-gw', kind: 'openai-compatible', baseUrl: 'https://llm.acme.example/v1' }));
    const bad = identityOf('acme-gw', store.at(`${ROOT}/a.ts`).providerTrust({ id: 'acme-gw', kind: 'openai-compatible', baseUrl: 'https://elsewhere.example/v1' }));
    assert.equal(providerAllowed(classification, good), true);
    assert.equal(bad.untrusted, true);
    assert.equal(providerAllowed(classification, bad), false);
    assert.equal(providerAllowed(store.classify(`${ROOT}/b.ts`), bad), true, 'an internal file allows any provider (*)');
  });

  it('compares origins: scheme, host (with *. for names below a domain) and port', () => {
    assert.ok(endpointMatches('https://api.openai.com', 'https://api.openai.com:443/v1'));
    assert.ok(!endpointMatches('https://api.openai.com', 'http://api.openai.com/v1'));
    assert.ok(!endpointMatches('https://api.openai.com', 'https://api.openai.com:8443/v1'));
    assert.ok(!endpointMatches('https://api.openai.com', 'https://api.openai.com.evil.example/v1'));
    assert.ok(endpointMatches('https://*.openai.azure.com', 'https://etech.openai.azure.com/openai'));
    assert.ok(!endpointMatches('https://*.openai.azure.com', 'https://openai.azure.com'));
    assert.ok(!endpointMatches('https://*.openai.azure.com', 'https://etechopenai.azure.com'));
    assert.ok(endpointMatches('http://[::1]:*', 'http://[::1]:1234/v1'));
  });
});

import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { identityOf, providerExclusions, whyNotAllowed } from '../../src/core/pipeline';

const ROOT = '/w';

/** A store with `policy` as the workspace folder's own policy. */
function storeWith(policy: object): PolicyStore {
  const store = new PolicyStore();
  store.setRoots([ROOT]);
  store.update(`${ROOT}/.aiguard/policy.json`, JSON.stringify(policy));
  return store;
}

describe('why a configured provider is left out, in terms of the policy key that would change it', () => {
  it('names the tags the matrix asks for, that the policy grants the provider none, and the keys to change', function () {
    this.timeout(10_000);
    const store = storeWith({ version: 1, rules: [{ pattern: 'clients/', level: 'confidential', reason: 'Client work.' }] });
    const file = store.classify(`${ROOT}/clients/a.ts`);
    const gateway = identityOf('my-gateway', store.at(file.path).providerTrust({ id: 'my-gateway', kind: 'openai-compatible', baseUrl: 'https://gw.example.com/v1' }));
    const why = whyNotAllowed([file], gateway);
    assert.ok(why, 'the gateway is left out of a confidential file');
    assert.match(why, /'my-gateway' is not allowed for .*clients\/a\.ts \(Confidential\)/);
    assert.match(why, /eu-hosted, client-tenant, local/);
    assert.match(why, /matrix\.confidential\.providers in the built-in policy/);
    assert.match(why, /providers\.my-gateway\.tags/);
    assert.match(why, /its tags: none/);
    // The same provider passes on an internal file, so nothing is said there.
    assert.equal(whyNotAllowed([store.classify(`${ROOT}/src/b.ts`)], gateway), undefined);
  });

  it("names the client's own provider list, with its policy file, when the client narrows the matrix", function () {
    this.timeout(10_000);
    const store = storeWith({
      version: 1,
      providers: { 'eu-test': { tags: ['eu-hosted'] }, 'acme-azure': { tags: [] } },
      clients: [{ id: 'acme', name: 'Acme', providers: ['acme-azure'] }],
      rules: [{ pattern: 'clients/acme/', level: 'confidential', client: 'acme', reason: 'Acme.' }],
    });
    const file = store.classify(`${ROOT}/clients/acme/x.ts`);
    const exclusions = providerExclusions(
      [file],
      [
        { id: 'eu-test', tags: ['eu-hosted'] },
        { id: 'acme-azure', tags: [] },
      ],
    );
    assert.deepEqual(
      exclusions.map((exclusion) => exclusion.id),
      ['eu-test', 'acme-azure'],
      'acme-azure fails the matrix, eu-test the client',
    );
    const [euTest] = exclusions;
    assert.match(euTest?.why ?? '', /clients\[acme\]\.providers in \/w\/\.aiguard\/policy\.json/);
    assert.match(euTest?.why ?? '', /one of the providers acme-azure/);
  });

  it('says a provider whose kind or address differs from its catalogue entry counts as unknown, and where no AI is allowed', function () {
    this.timeout(10_000);
    const store = storeWith({
      version: 1,
      providers: { mistral: { tags: ['eu-hosted'], kind: 'openai-compatible', endpoints: ['https://api.mistral.ai'] } },
      rules: [
        { pattern: 'clients/', level: 'confidential', reason: 'Client work.' },
        { pattern: 'vault/', level: 'restricted', reason: 'Keys.' },
      ],
    });
    const file = store.classify(`${ROOT}/clients/a.ts`);
    const impostor = identityOf('mistral', store.at(file.path).providerTrust({ id: 'mistral', kind: 'openai-compatible', baseUrl: 'https://evil.example.com/v1' }));
    assert.equal(impostor.untrusted, true);
    assert.match(whyNotAllowed([file], impostor) ?? '', /counts as an unknown provider, which only "\*" admits/);
    assert.match(whyNotAllowed([store.classify(`${ROOT}/vault/k.txt`)], { id: 'mistral', tags: ['eu-hosted'] }) ?? '', /matrix\.restricted\.aiAllowed/);
  });
});

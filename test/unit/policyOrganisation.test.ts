import { strict as assert } from 'node:assert';
import { PolicyStore } from '../../src/core/classification';
import { useLocale } from '../../src/core/localeBundles';
import { loadOrganisationPolicy } from '../../src/core/policy';
import { FakeHttp, MemoryCache, MemoryFiles } from '../support/ports';

const URL = 'https://policies.example/ai-guard.json';
const VALID = '{ "version": 1, "defaultLevel": "confidential" }';

describe('the organisation policy source', () => {
  before(() => useLocale('en'));

  it('loads an https URL, caches the valid copy, and uses it offline', async () => {
    const cache = new MemoryCache();
    const online = await loadOrganisationPolicy(URL, { http: new FakeHttp({ [URL]: { status: 200, text: VALID } }), cache });
    assert.deepEqual([online.text, online.fromCache, online.problems], [VALID, false, []]);
    assert.equal(cache.entries.size, 1);

    const offline = await loadOrganisationPolicy(URL, { http: new FakeHttp({}), cache });
    assert.equal(offline.text, VALID);
    assert.equal(offline.fromCache, true);
    assert.equal(offline.problems[0]?.severity, 'warning');
    assert.match(offline.problems[0]?.message ?? '', /could not be loaded \(getaddrinfo ENOTFOUND policies\.example\); the copy saved on \d{4}-/);
  });

  it('keeps the cached copy when the server returns an invalid policy or an error status', async () => {
    const cache = new MemoryCache();
    await loadOrganisationPolicy(URL, { http: new FakeHttp({ [URL]: { status: 200, text: VALID } }), cache });
    const broken = await loadOrganisationPolicy(URL, { http: new FakeHttp({ [URL]: { status: 200, text: '{ "version": 1, "defaultLevel": 3 }' } }), cache });
    assert.equal(broken.text, VALID);
    assert.match(broken.problems[0]?.message ?? '', /it is not a valid policy: line 1, column 33: Expected text/);
    const status = await loadOrganisationPolicy(URL, { http: new FakeHttp({ [URL]: { status: 503, text: 'busy' } }), cache });
    assert.equal(status.text, VALID);
    assert.match(status.problems[0]?.message ?? '', /the server answered HTTP 503/);
  });

  it('without a cached copy: an invalid download is handed on (its errors show), an unreachable one is an error', async () => {
    const invalid = await loadOrganisationPolicy(URL, { http: new FakeHttp({ [URL]: { status: 200, text: '{ "version": 1,, }' } }), cache: new MemoryCache() });
    assert.equal(invalid.text, '{ "version": 1,, }');
    const unreachable = await loadOrganisationPolicy(URL, { http: new FakeHttp({}), cache: new MemoryCache() });
    assert.equal(unreachable.text, undefined);
    assert.equal(unreachable.problems[0]?.severity, 'error');
    assert.match(unreachable.problems[0]?.message ?? '', /no copy is saved: every file is treated as at least confidential/);
  });

  it('refuses plain http except on this machine, and other schemes', async () => {
    const http = new FakeHttp({ 'http://localhost:8080/p.json': { status: 200, text: VALID }, 'http://policies.example/p.json': { status: 200, text: VALID } });
    assert.equal((await loadOrganisationPolicy('http://localhost:8080/p.json', { http })).text, VALID);
    const plain = await loadOrganisationPolicy('http://policies.example/p.json', { http });
    assert.equal(plain.text, undefined);
    assert.match(plain.problems[0]?.message ?? '', /only https: URLs are allowed/);
    assert.deepEqual(http.calls, ['http://localhost:8080/p.json'], 'the plain http URL was never fetched');
    assert.match((await loadOrganisationPolicy('ftp://policies.example/p.json', { http })).problems[0]?.message ?? '', /only https:/);
  });

  it('loads a file path through the file port', async () => {
    const files = new MemoryFiles({ '/etc/ai-guard/org.json': VALID });
    const loaded = await loadOrganisationPolicy('/etc/ai-guard/org.json', { readFile: (path) => files.readFile(path) });
    assert.equal(loaded.text, VALID);
    const missing = await loadOrganisationPolicy('/etc/ai-guard/none.json', { readFile: (path) => files.readFile(path) });
    assert.match(missing.problems[0]?.message ?? '', /ENOENT/);
  });

  it('what it loads drives the store, failing closed when nothing could be loaded', async () => {
    const store = new PolicyStore();
    store.setRoots(['/repo']);
    store.setOrganisationPolicy(await loadOrganisationPolicy(URL, { http: new FakeHttp({ [URL]: { status: 200, text: '{ "version": 1, "defaultLevel": "public" }' } }) }));
    assert.equal(store.classify('/repo/a.ts').level, 'public');
    store.setOrganisationPolicy(await loadOrganisationPolicy(URL, { http: new FakeHttp({}) }));
    // Unreachable and nothing cached — but this session saw a valid version: it stays in force.
    assert.equal(store.classify('/repo/a.ts').level, 'public');
    assert.equal(store.classify('/repo/a.ts').reasons[0]?.source, 'policy-invalid');
    const fresh = new PolicyStore();
    fresh.setRoots(['/repo']);
    fresh.setOrganisationPolicy(await loadOrganisationPolicy(URL, { http: new FakeHttp({}) }));
    assert.equal(fresh.classify('/repo/a.ts').level, 'confidential');
    assert.match(fresh.problems().get(URL)?.[0]?.message ?? '', /could not be loaded/);
  });
});

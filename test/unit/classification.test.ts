import { strict as assert } from 'node:assert';
import { AI_IGNORE_FILES, type Classification, PolicyStore } from '../../src/core/classification';
import { useLocale } from '../../src/core/localeBundles';

const ROOT = '/repo';

function storeWith(files: Record<string, string | object>, roots: readonly string[] = [ROOT]): PolicyStore {
  const store = new PolicyStore();
  store.setRoots(roots);
  store.apply(Object.entries(files).map(([path, text]) => ({ path, text: typeof text === 'string' ? text : JSON.stringify(text, null, 2) })));
  return store;
}

const sources = (result: Classification) => result.reasons.map((reason) => reason.source);

describe('classification', () => {
  before(() => useLocale('en'));

  describe('a monorepo with two clients, each with a nested policy', () => {
    const acmePolicy = {
      version: 1,
      defaultLevel: 'confidential',
      rules: [
        { pattern: '*', level: 'confidential', client: 'acme', reason: 'Acme work.' },
        { pattern: 'exports/', level: 'restricted', client: 'acme', reason: 'Customer exports.' },
      ],
    };
    const store = storeWith({
      [`${ROOT}/.aiguard/policy.json`]: {
        version: 1,
        providers: { 'acme-azure': { tags: ['client-tenant'] }, 'globex-bedrock': { tags: ['client-tenant'] } },
        clients: [
          { id: 'acme', name: 'Acme', providers: ['acme-azure', 'tag:local'] },
          { id: 'globex', name: 'Globex', providers: ['tag:local'] },
        ],
        rules: [{ pattern: 'docs/', level: 'public', reason: 'Published documentation.' }],
      },
      [`${ROOT}/clients/acme/.aiguard/policy.json`]: acmePolicy,
      [`${ROOT}/clients/globex/.aiguard/policy.json`]: {
        version: 1,
        rules: [{ pattern: '*', level: 'confidential', client: 'globex', reason: 'Globex work.' }],
      },
    });

    it('gives each client folder its client, level and providers', () => {
      const acme = store.classify(`${ROOT}/clients/acme/src/invoice.ts`);
      assert.equal(acme.level, 'confidential');
      assert.deepEqual(acme.client, { id: 'acme', name: 'Acme' });
      // The built-in confidential list (eu-hosted, client-tenant, local) narrowed by Acme's own list.
      assert.deepEqual(acme.allowedProviders, ['acme-azure', 'lm-studio', 'ollama']);
      const globex = store.classify(`${ROOT}/clients/globex/src/invoice.ts`);
      assert.deepEqual(globex.client, { id: 'globex', name: 'Globex' });
      assert.deepEqual(globex.allowedProviders, ['lm-studio', 'ollama']);
      assert.ok(!globex.allowedProviders.includes('acme-azure'), "one client's tenant is not another's");
    });

    it('applies nested rules relative to their folder, and not outside it', () => {
      const exports = store.classify(`${ROOT}/clients/acme/exports/2024.csv`);
      assert.equal(exports.level, 'restricted');
      assert.equal(exports.aiAllowed, false);
      assert.deepEqual(exports.allowedProviders, []);
      assert.equal(store.classify(`${ROOT}/exports/2024.csv`).level, 'internal', 'the acme rule does not reach the root');
      assert.equal(store.classify(`${ROOT}/src/app.ts`).client, undefined);
    });

    it('explains a file with its rules, client and outranked defaults, most decisive first', () => {
      const result = store.classify(`${ROOT}/clients/acme/exports/2024.csv`);
      // Decisive, then AI use, then outranked in evaluation order: the root's (built-in) default, Acme's '*' rule.
      assert.deepEqual(sources(result), ['rule', 'matrix', 'client', 'default', 'rule']);
      // The rule's line is its opening brace, the line before its "pattern" in this layout.
      const line = JSON.stringify(acmePolicy, null, 2)
        .split('\n')
        .findIndex((text) => text.includes('"exports/"'));
      assert.equal(result.reasons[0]!.detail, `${ROOT}/clients/acme/.aiguard/policy.json:${line}: the rule 'exports/' makes it Restricted: Customer exports.`);
      assert.equal(result.reasons[0]!.line, line);
      assert.equal(result.reasons[2]!.detail, `Client Acme (acme), by ${ROOT}/clients/acme/.aiguard/policy.json:${line}; its providers: acme-azure, tag:local.`);
    });

    it('lets a nested policy raise, never lower, what the folder above says', () => {
      const docs = store.classify(`${ROOT}/clients/acme/docs/guide.md`);
      assert.equal(docs.level, 'confidential', "the root's public docs rule is outranked by Acme's");
      assert.deepEqual(sources(docs).slice(-1), ['rule']);
      assert.equal(store.classify(`${ROOT}/docs/guide.md`).level, 'public');
    });
  });

  describe('rules', () => {
    it('match with git semantics: anchors, folders, globstars, negations within a rule', () => {
      const store = storeWith({
        [`${ROOT}/.aiguard/policy.json`]: {
          version: 1,
          defaultLevel: 'public',
          rules: [
            { pattern: 'vendor/**', level: 'internal', reason: 'Third-party code.' },
            { pattern: '/build/', level: 'internal', reason: 'Build output.' },
            { patterns: ['*.sql', '!schema.sql'], level: 'restricted', reason: 'Database dumps.' },
            { pattern: 'fixtures/*.json', level: 'confidential', reason: 'Real samples.' },
          ],
        },
      });
      const level = (path: string) => store.classify(`${ROOT}/${path}`).level;
      assert.equal(level('vendor/lib/a.js'), 'internal');
      assert.equal(level('vendor'), 'public', 'vendor/** matches what is inside vendor, not vendor itself');
      assert.equal(level('build/out.js'), 'internal');
      assert.equal(level('src/build/out.js'), 'public', 'a leading / anchors to the policy folder');
      assert.equal(level('db/dump.sql'), 'restricted');
      assert.equal(level('db/schema.sql'), 'public', 'a negation inside a rule re-includes');
      assert.equal(level('fixtures/users.json'), 'confidential');
      assert.equal(level('test/fixtures/users.json'), 'public', 'a pattern with a slash is anchored');
      assert.equal(level('DB/DUMP.SQL'), 'restricted', 'case does not matter');
    });

    it('count every match: the highest level among the rules that match wins, in any order', () => {
      const rules = [
        { pattern: 'docs/', level: 'public', reason: 'Docs.' },
        { pattern: '*.pdf', level: 'confidential', reason: 'Office documents.' },
      ];
      for (const ordered of [rules, [...rules].reverse()]) {
        const store = storeWith({ [`${ROOT}/.aiguard/policy.json`]: { version: 1, rules: ordered } });
        const result = store.classify(`${ROOT}/docs/contract.pdf`);
        assert.equal(result.level, 'confidential');
        assert.deepEqual(sources(result), ['rule', 'rule']);
      }
    });
  });

  describe('built-in sensitive paths', () => {
    const store = storeWith({ [`${ROOT}/.aiguard/policy.json`]: { version: 1, defaultLevel: 'public' } });
    const restricted = [
      '.env',
      'config/.env.production',
      'deploy/app.env',
      '.envrc',
      'certs/server.pem',
      'tls.key',
      'AuthKey_ABC.p8',
      'store.p12',
      'cert.pfx',
      'app.jks',
      'release.keystore',
      'putty.ppk',
      'vault.kdbx',
      'home/.ssh/id_rsa',
      'id_ed25519',
      'id_ecdsa_work',
      'kubeconfig',
      'home/.kube/config',
      'infra/terraform.tfstate',
      'infra/terraform.tfstate.backup',
      'home/.aws/credentials',
      'home/.docker/config.json',
      '.git-credentials',
      '.netrc',
      '.pgpass',
      '.pypirc',
      'credentials.json',
      'client_secret_123.json',
      'secrets.yaml',
      'deploy/secrets.json',
      '.ENV',
    ];
    const notSensitive = ['id_rsa.pub', 'src/secrets.ts', 'config/app.json', '.npmrc', 'keys.md', 'environment.ts', 'home/config', 'docker/config.json'];

    for (const path of restricted) {
      it(`${path} is restricted whatever the policy says`, () => {
        const result = store.classify(`${ROOT}/${path}`);
        assert.equal(result.level, 'restricted');
        assert.equal(result.aiAllowed, false);
        assert.equal(result.reasons[0]?.source, 'built-in');
      });
    }

    it('leaves ordinary files and public keys to the policy', () => {
      for (const path of notSensitive) assert.equal(store.classify(`${ROOT}/${path}`).level, 'public', path);
    });

    it('treats environment templates as internal: they usually hold placeholders', () => {
      for (const path of ['.env.example', '.env.sample', 'api/.env.template', '.env.local.example', '.env.dist']) {
        const result = store.classify(`${ROOT}/${path}`);
        assert.equal(result.level, 'internal', path);
        assert.match(result.reasons[0]!.detail, /environment template/);
      }
    });
  });

  describe('content', () => {
    const store = storeWith({ [`${ROOT}/.aiguard/policy.json`]: { version: 1, defaultLevel: 'public', contentLevels: { secret: 'restricted' } } });

    it('raises a file to the level set for what the scan found, naming the kind, never a value', () => {
      const secret = store.classify(`${ROOT}/src/config.ts`, { counts: { secret: 2, pii: 5 } });
      assert.equal(secret.level, 'restricted');
      assert.deepEqual(sources(secret).slice(0, 2), ['content', 'matrix']);
      assert.match(secret.reasons[0]!.detail, /^The content contains secret \(2 found\): at least Restricted\.$/);
      // The built-in contentThresholds: five personal data items make a file of them; one secret is enough.
      const personal = store.classify(`${ROOT}/src/users.ts`, { counts: { pii: 5 } });
      assert.equal(personal.level, 'confidential', 'pii keeps its built-in level');
      const oneAddress = store.classify(`${ROOT}/src/mailer.ts`, { counts: { pii: 4 } });
      assert.equal(oneAddress.level, 'public', 'a few addresses are masked, not a reason to block the file');
      assert.ok(oneAddress.reasons.some((reason) => /personal data \(4 found\), fewer than the 5/.test(reason.detail)));
      assert.equal(store.classify(`${ROOT}/src/plain.ts`, { counts: {} }).level, 'public');
    });

    it('classifies an unreadable or binary file by its path, and says so', () => {
      for (const skipped of ['binary', 'unreadable'] as const) {
        const result = store.classify(`${ROOT}/assets/logo.png`, { skipped });
        assert.equal(result.level, 'public');
        assert.ok(
          result.reasons.some((reason) => reason.source === 'content' && /not scanned/.test(reason.detail)),
          skipped,
        );
      }
    });

    it('fails closed when the scan could not finish', () => {
      for (const skipped of ['too-large', 'scan-failed'] as const) assert.equal(store.classify(`${ROOT}/dump.sql`, { skipped }).level, 'restricted', skipped);
    });
  });

  describe('AI tools’ ignore files', () => {
    for (const convention of AI_IGNORE_FILES) {
      it(`${convention}: excludes by gitignore rules, scoped to its folder, with negations`, () => {
        const store = storeWith({
          [`${ROOT}/${convention}`]: '# comment\n*.log\n!keep.log\n/build/\n',
          [`${ROOT}/pkg/${convention}`]: 'fixtures/\n!important.log\n',
        });
        const excluded = (path: string) => store.classify(`${ROOT}/${path}`).excluded;
        assert.equal(excluded('debug.log'), true);
        assert.equal(excluded('src/deep/trace.log'), true, 'an unanchored pattern matches at any depth');
        assert.equal(excluded('keep.log'), false, 'a negation re-includes');
        assert.equal(excluded('build/out.js'), true);
        assert.equal(excluded('pkg/build/out.js'), false, 'an anchored pattern matches only at its folder');
        assert.equal(excluded('pkg/fixtures/a.json'), true, 'a nested file governs its folder');
        assert.equal(excluded('fixtures/a.json'), false, '… and only its folder');
        assert.equal(excluded('pkg/important.log'), false, 'a deeper file re-includes what a shallower one excluded');
        assert.equal(excluded('src/app.ts'), false);

        const result = store.classify(`${ROOT}/pkg/fixtures/a.json`);
        assert.equal(result.aiAllowed, false);
        assert.deepEqual(result.allowedProviders, []);
        const reason = result.reasons.find((r) => r.source === 'ignore-file');
        assert.equal(reason?.detail, `Excluded from AI by ${ROOT}/pkg/${convention}:1 ('fixtures/').`);
        assert.equal(reason?.line, 1);
        assert.equal(result.level, 'internal', 'exclusion limits AI use; it does not change the level');
      });
    }

    it('cannot re-include a file whose folder is excluded, as in git', () => {
      const store = storeWith({ [`${ROOT}/.cursorignore`]: 'private/\n', [`${ROOT}/private/.cursorignore`]: '!notes.md\n' });
      assert.equal(store.classify(`${ROOT}/private/notes.md`).excluded, true);
    });

    it('excludes a file that any convention excludes: conventions do not cancel each other', () => {
      const store = storeWith({ [`${ROOT}/.cursorignore`]: 'data/\n', [`${ROOT}/.aiexclude`]: '*.csv\n!data/ok.csv\n' });
      assert.equal(store.classify(`${ROOT}/data/ok.csv`).excluded, true);
    });

    it('updates when an ignore file changes or disappears', () => {
      const store = storeWith({ [`${ROOT}/.geminiignore`]: '*.sql\n' });
      assert.equal(store.classify(`${ROOT}/dump.sql`).excluded, true);
      store.update(`${ROOT}/.geminiignore`, '*.csv\n');
      assert.equal(store.classify(`${ROOT}/dump.sql`).excluded, false);
      store.update(`${ROOT}/.geminiignore`, '*.sql\n');
      store.remove(`${ROOT}/.geminiignore`);
      assert.equal(store.classify(`${ROOT}/dump.sql`).excluded, false);
    });
  });

  describe('workspace folders and paths', () => {
    const store = storeWith(
      {
        '/a/.aiguard/policy.json': { version: 1, defaultLevel: 'public' },
        '/b/.aiguard/policy.json': { version: 1, defaultLevel: 'confidential' },
        '/b/inner/.aiguard/policy.json': { version: 1, defaultLevel: 'restricted' },
        '/a/.cursorignore': '*.txt\n',
      },
      ['/a', '/b', '/b/inner'],
    );

    it('classifies each file under the policies of its own folder; a folder inside another is governed from the outer one', () => {
      assert.equal(store.classify('/a/x.ts').level, 'public');
      assert.equal(store.classify('/a/x.ts').root, '/a');
      assert.equal(store.classify('/b/x.ts').level, 'confidential');
      const inner = store.classify('/b/inner/x.ts');
      assert.equal(inner.root, '/b', "the inner folder inherits the outer one's policies and ignore files");
      assert.equal(inner.level, 'restricted');
      assert.equal(store.classify('/b/notes.txt').excluded, false, "/a's ignore file does not reach /b");
    });

    it('normalises Windows separators and dot segments, and takes relative paths from the first folder', () => {
      assert.equal(store.classify('\\a\\sub\\..\\notes.txt').excluded, true);
      assert.equal(store.classify('./notes.txt').path, 'notes.txt');
      assert.equal(store.classify('notes.txt').root, '/a');
    });

    it('gives files outside every folder the built-in handling', () => {
      const outside = store.classify('/etc/app/.env');
      assert.equal(outside.root, undefined);
      assert.equal(outside.level, 'restricted');
      assert.equal(store.classify('/tmp/notes.md').level, 'internal');
    });

    it('outside every folder, the organisation policy still applies', () => {
      const withOrg = storeWith({}, ['/a']);
      withOrg.setOrganisationPolicy({ file: 'org.json', text: '{ "version": 1, "defaultLevel": "confidential", "rules": [{ "pattern": "*.md", "level": "restricted", "reason": "r" }] }' });
      assert.equal(withOrg.classify('/tmp/notes.txt').level, 'confidential');
      assert.equal(withOrg.classify('/tmp/notes.md').level, 'restricted');
    });
  });

  describe('failing closed', () => {
    const POLICY = `${ROOT}/.aiguard/policy.json`;
    const valid = JSON.stringify({ version: 1, defaultLevel: 'public', rules: [{ pattern: 'secret/', level: 'restricted', reason: 'r' }] });

    it('keeps the last valid version of a policy while it is invalid, and says so', () => {
      const store = storeWith({ [POLICY]: valid });
      store.update(POLICY, valid.replace('"restricted"', '"restricted",,'));
      const result = store.classify(`${ROOT}/secret/plan.md`);
      assert.equal(result.level, 'restricted', 'the old rules still apply');
      assert.equal(store.classify(`${ROOT}/src/app.ts`).level, 'public');
      assert.equal(result.reasons[0]?.source, 'policy-invalid');
      assert.match(result.reasons[0]!.detail, /has errors: its last valid version is in force/);
      const problems = store.problems().get(POLICY) ?? [];
      assert.ok(problems.some((p) => p.severity === 'error'));
      assert.ok(problems.some((p) => /last valid version stays in force/.test(p.message)));
    });

    it('treats every file as at least confidential when an invalid policy never was valid', () => {
      const store = storeWith({ [POLICY]: '{ "version": 1, "defaultLevel": "public", "rules": [{ "pattern": "", "level": "public", "reason": "r" }] }' });
      const result = store.classify(`${ROOT}/src/app.ts`);
      assert.equal(result.level, 'confidential');
      assert.equal(result.reasons[0]?.source, 'policy-invalid');
      assert.equal(store.classify(`${ROOT}/.env`).level, 'restricted', 'higher levels still apply');
    });

    it('a fixed policy applies again, and its problems are cleared', () => {
      const store = storeWith({ [POLICY]: '{ "version": 1, "defaultLevel": "pub' });
      assert.equal(store.classify(`${ROOT}/src/app.ts`).level, 'confidential');
      store.update(POLICY, valid);
      assert.equal(store.classify(`${ROOT}/src/app.ts`).level, 'public');
      assert.deepEqual(store.problems().get(POLICY), []);
    });

    it('an unreadable policy or an unreachable organisation policy fails closed too', () => {
      const store = storeWith({});
      store.apply([{ path: POLICY, text: undefined, unreadable: 'EACCES: permission denied' }]);
      assert.equal(store.classify(`${ROOT}/src/app.ts`).level, 'confidential');
      assert.match(store.problems().get(POLICY)?.[0]?.message ?? '', /cannot be read: EACCES/);

      const org = storeWith({});
      org.setOrganisationPolicy({
        file: 'https://policies.example/org.json',
        text: undefined,
        problems: [{ file: 'https://policies.example/org.json', line: 1, column: 1, severity: 'error', message: 'offline' }],
      });
      assert.equal(org.classify(`${ROOT}/src/app.ts`).level, 'confidential');
    });

    it('a policy that becomes invalid because of the policy around it keeps its last valid version', () => {
      const store = storeWith({
        [POLICY]: { version: 1, clients: [{ id: 'acme', name: 'Acme' }] },
        [`${ROOT}/acme/.aiguard/policy.json`]: { version: 1, rules: [{ pattern: '*', level: 'confidential', client: 'acme', reason: 'r' }] },
      });
      assert.equal(store.classify(`${ROOT}/acme/a.ts`).client?.id, 'acme');
      store.update(POLICY, '{ "version": 1 }');
      const nested = store.problems().get(`${ROOT}/acme/.aiguard/policy.json`) ?? [];
      assert.ok(nested.some((p) => /Unknown client 'acme'/.test(p.message)));
      // Its last valid version names a client that no longer exists either: no usable version, so fail closed.
      assert.equal(store.classify(`${ROOT}/acme/a.ts`).level, 'confidential');
      assert.equal(store.classify(`${ROOT}/acme/a.ts`).reasons[0]?.source, 'policy-invalid');
    });
  });

  describe('the store', () => {
    it('announces every change, once per batch', () => {
      const store = new PolicyStore();
      let changes = 0;
      const subscription = store.onDidChange(() => changes++);
      store.setRoots([ROOT]);
      store.apply([
        { path: `${ROOT}/.cursorignore`, text: 'a\n' },
        { path: `${ROOT}/.aiguard/policy.json`, text: '{ "version": 1 }' },
      ]);
      assert.equal(store.update(`${ROOT}/src/app.ts`, 'not a policy'), false, 'other files are ignored');
      subscription.dispose();
      store.remove(`${ROOT}/.cursorignore`);
      assert.equal(changes, 2);
    });

    it('tells the scan what classification needs: content categories, network masking, the dictionary', () => {
      const store = storeWith({
        [`${ROOT}/.aiguard/policy.json`]: {
          version: 1,
          network: true,
          contentLevels: { dictionary: 'confidential' },
          dictionary: { codenames: ['Bluebird'] },
          clients: [{ id: 'acme', name: 'Acme', dictionary: { clients: ['Acme Corp'] } }],
        },
      });
      const settings = store.at(`${ROOT}/src/a.ts`).scanSettings();
      assert.deepEqual(settings.contentCategories, ['secret', 'pii', 'dictionary']);
      assert.equal(settings.network, true);
      assert.deepEqual(settings.dictionary.codenames, ['Bluebird']);
      // A declared client's own name counts as a name to mask, beside its dictionary's.
      assert.deepEqual(settings.dictionary.clients, ['Acme', 'Acme Corp']);
    });

    it('labels levels in the chosen language, and serialises reasons with the result', () => {
      const store = new PolicyStore({ locale: 'fr' });
      store.setRoots([ROOT]);
      assert.equal(store.classify(`${ROOT}/.env`).levelLabel, 'Restreint');
      const json = JSON.parse(JSON.stringify(store.classify(`${ROOT}/.env`))) as Classification;
      assert.equal(json.level, 'restricted');
      assert.equal(json.reasons[0]?.source, 'built-in');
    });
  });

  describe('audit.required: whether a call is blocked when its record cannot be written', () => {
    const required = (outer: boolean | undefined, inner: boolean | undefined) =>
      storeWith({
        [`${ROOT}/.aiguard/policy.json`]: { version: 1, ...(outer === undefined ? {} : { audit: { required: outer } }) },
        [`${ROOT}/team/.aiguard/policy.json`]: { version: 1, ...(inner === undefined ? {} : { audit: { required: inner } }) },
      }).at(`${ROOT}/team/a.ts`).auditRequired;

    it('is required by default, and the outermost policy that says decides', () => {
      assert.equal(required(undefined, undefined), true);
      assert.equal(required(false, undefined), false);
      // Only the outermost policy may waive it: the nested waiver is an error, so that policy is not used.
      assert.equal(required(undefined, false), true);
    });

    it('lets an inner policy require it, never waive what an outer policy requires', () => {
      assert.equal(required(false, true), true);
      assert.equal(required(true, false), true);
    });
  });

  describe('cache: the response cache is on only when a policy turns it on and none turns it off', () => {
    const cache = (outer: object | undefined, inner: object | undefined) =>
      storeWith({
        [`${ROOT}/.aiguard/policy.json`]: { version: 1, ...(outer === undefined ? {} : { cache: outer }) },
        [`${ROOT}/team/.aiguard/policy.json`]: { version: 1, ...(inner === undefined ? {} : { cache: inner }) },
      }).at(`${ROOT}/team/a.ts`).responseCache;

    it('is off by default, on when a policy says so, for the shortest TTL', () => {
      assert.equal(cache(undefined, undefined).enabled, false);
      assert.deepEqual(cache({ enabled: true, ttlMinutes: 30 }, undefined), { enabled: true, ttlMinutes: 30 });
      assert.deepEqual(cache({ enabled: true, ttlMinutes: 30 }, { enabled: true, ttlMinutes: 5 }), { enabled: true, ttlMinutes: 5 });
      assert.deepEqual(cache({ enabled: true }, undefined), { enabled: true, ttlMinutes: 60 });
    });

    it('lets any policy turn it off', () => {
      assert.equal(cache({ enabled: true }, { enabled: false }).enabled, false);
      assert.equal(cache({ enabled: false }, { enabled: true }).enabled, false);
    });
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLocale } from '../../src/core/localeBundles';
import { DEFAULT_POLICY, parsePolicyFile, parsePolicyText, parsePolicyValue, type Problem, renderStarterPolicy, clientId } from '../../src/core/policy';
import { PolicyStore } from '../../src/core/classification';
import { repoRoot } from '../support/repo';

const FILE = '/w/.aiguard/policy.json';

/** The problems of a policy text, as `line:column severity message` for compact assertions. */
function problemsOf(text: string): Problem[] {
  return parsePolicyFile(FILE, text).problems;
}

function only(problems: Problem[], severity: Problem['severity'] = 'error'): Problem {
  const found = problems.filter((p) => p.severity === severity);
  assert.equal(found.length, 1, JSON.stringify(problems, null, 1));
  return found[0] as Problem;
}

describe('policy parsing', () => {
  before(() => useLocale('en'));

  it('accepts comments and trailing commas, and returns the document', () => {
    const result = parsePolicyFile(FILE, '{\n  // a comment\n  "version": 1, /* another */\n  "defaultLevel": "confidential",\n}\n');
    assert.deepEqual(result.problems, []);
    assert.equal(result.policy?.defaultLevel, 'confidential');
  });

  it('reports a JSON syntax error with its line and column, and no document', () => {
    const result = parsePolicyFile(FILE, '{\n  "version": 1\n  "defaultLevel": "public"\n}');
    assert.equal(result.policy, undefined);
    const problem = only(result.problems);
    assert.deepEqual([problem.file, problem.line, problem.column], [FILE, 3, 3]);
    assert.match(problem.message, /comma is expected/);
  });

  it('reports an empty file and a file that is not an object', () => {
    assert.match(only(problemsOf('  // nothing\n')).message, /empty/);
    assert.match(only(problemsOf('[1, 2]')).message, /JSON object/);
  });

  it('reports a missing or unsupported version at the right place', () => {
    const missing = only(problemsOf('{\n  "defaultLevel": "public"\n}'));
    assert.deepEqual([missing.line, missing.column], [1, 1]);
    assert.match(missing.message, /"version" is required/);
    const newer = only(problemsOf('{\n  "version": 2\n}'));
    assert.deepEqual([newer.line, newer.column, newer.endColumn], [2, 14, 15]);
    assert.match(newer.message, /version 2.*version 1 only/);
  });

  it('points a schema error at the offending value, with a precise message', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "rules": [',
      '    { "pattern": "docs/", "level": "public", "reason": "Docs" },',
      '    { "pattern": "src/", "level": "Secret!", "reason": "x" }',
      '  ]',
      '}',
    ].join('\n');
    const problem = only(problemsOf(text));
    assert.equal(problem.line, 5);
    assert.equal(problem.column, text.split('\n')[4]!.indexOf('"Secret!"') + 1);
    assert.equal(problem.endColumn, problem.column + '"Secret!"'.length);
    assert.match(problem.message, /level id is made of lowercase letters/);
  });

  it('names the expected type, and a missing property at its object', () => {
    const wrongType = only(problemsOf('{\n  "version": 1,\n  "network": "yes"\n}'));
    assert.deepEqual([wrongType.line, wrongType.column], [3, 14]);
    assert.match(wrongType.message, /true or false/);
    const missing = only(problemsOf('{\n  "version": 1,\n  "rules": [\n    { "pattern": "x", "level": "public" }\n  ]\n}'));
    assert.deepEqual([missing.line, missing.column, missing.endColumn], [4, 5, 6]);
    assert.match(missing.message, /'reason' is required/);
  });

  it('lists the allowed values of an enumeration', () => {
    const problem = only(problemsOf('{ "version": 1, "matrix": { "public": { "aiAllowed": true, "redact": ["secrets"] } } }'));
    assert.match(problem.message, /Expected one of: "secret", "pii", "network", "dictionary"/);
  });

  it('warns about unknown properties (newer policies stay readable) and ignores them', () => {
    const text = '{\n  "version": 1,\n  "futureFeature": [],\n  "matrix": { "public": { "aiAllowed": true, "colour": "red" } }\n}';
    const result = parsePolicyFile(FILE, text);
    assert.ok(result.policy, 'the policy is still usable');
    assert.deepEqual(
      result.problems.map((p) => [p.severity, p.line, p.column, p.message]),
      [
        ['warning', 3, 3, "Unknown property 'futureFeature': it is ignored (it may be meant for a newer version of AI Guard)."],
        ['warning', 4, text.split('\n')[3]!.indexOf('"colour"') + 1, "Unknown property 'colour': it is ignored (it may be meant for a newer version of AI Guard)."],
      ],
    );
    assert.equal('colour' in (result.policy?.matrix?.public ?? {}), false);
  });

  describe('an unknown key that looks like a misspelt or misplaced known key is an error, so the policy fails closed', () => {
    const cases: Array<[string, object, RegExp, [number, number]]> = [
      ['"Rules" (case)', { version: 1, Rules: [{ pattern: 'clients/', level: 'restricted', reason: 'r' }] }, /Unknown property 'Rules': did you mean 'rules' at the top level\?/, [3, 3]],
      ['"rule" (one letter)', { version: 1, rule: [] }, /did you mean 'rules' at the top level/, [3, 3]],
      ['"ruls" (one letter)', { version: 1, ruls: [] }, /did you mean 'rules' at the top level/, [3, 3]],
      ['"budgets" at the top level', { version: 1, budgets: { perCall: 0.01 } }, /The property 'budgets' does not belong here: it goes under cost\./, [3, 3]],
      ['"monthlyPerUser" under cost', { version: 1, cost: { monthlyPerUser: 5 } }, /'monthlyPerUser' does not belong here: it goes under cost\.budgets/, [4, 5]],
      ['"redcat" in a matrix entry', { version: 1, matrix: { public: { aiAllowed: true, redcat: ['secret'] } } }, /did you mean 'redact' under matrix\.public/, [6, 7]],
      ['"Level" in a rule', { version: 1, rules: [{ pattern: 'a/', level: 'internal', reason: 'r', Level: 'restricted' }] }, /did you mean 'level' under rules\[0\]/, [8, 7]],
      ['"tag" in a provider', { version: 1, providers: { x: { tag: ['local'] } } }, /did you mean 'tags' under providers\.x/, [5, 7]],
    ];
    for (const [label, policy, message, [line, column]] of cases) {
      it(label, () => {
        const result = parsePolicyFile(FILE, JSON.stringify(policy, null, 2));
        assert.equal(result.policy, undefined, 'the policy is not used');
        const problem = only(result.problems);
        assert.equal(problem.severity, 'error');
        assert.match(problem.message, message);
        assert.deepEqual([problem.line, problem.column], [line, column]);
      });
    }

    it('a misspelt rules list in a workspace policy leaves its files at least confidential, not public', () => {
      const store = new PolicyStore();
      store.setRoots(['/w']);
      store.apply([{ path: '/w/.aiguard/policy.json', text: JSON.stringify({ version: 1, defaultLevel: 'public', Rules: [{ pattern: 'clients/', level: 'restricted', reason: 'r' }] }) }]);
      assert.equal(store.classify('/w/clients/acme.ts').level, 'confidential');
    });

    it('a misplaced budget does not leave the budget absent: the policy is not used', () => {
      const store = new PolicyStore();
      store.setRoots(['/w']);
      store.apply([{ path: '/w/.aiguard/policy.json', text: JSON.stringify({ version: 1, budgets: { perCall: 0.01 } }) }]);
      assert.ok(
        store
          .problems()
          .get('/w/.aiguard/policy.json')
          ?.some((p) => p.severity === 'error'),
      );
    });

    it('a genuinely unknown key (a newer feature) or a near miss of a presentational key stays a warning', () => {
      const result = parsePolicyFile(
        FILE,
        JSON.stringify(
          {
            version: 1,
            sandbox: { enabled: true },
            levels: [{ id: 'public', label: { en: 'P', fr: 'P' }, colour: 'red' }],
            defaultLevel: 'public',
            contentLevels: { secret: 'public', pii: 'public' },
            matrix: { public: { aiAllowed: true } },
          },
          null,
          2,
        ),
      );
      assert.ok(result.policy);
      assert.deepEqual(
        result.problems.map((p) => p.severity),
        ['warning', 'warning'],
      );
    });
  });

  it('refuses a property given twice, at the second one', () => {
    const problem = only(problemsOf('{\n  "version": 1,\n  "defaultLevel": "restricted",\n  "defaultLevel": "public"\n}'));
    assert.deepEqual([problem.line, problem.column], [4, 3]);
    assert.match(problem.message, /'defaultLevel' appears twice/);
  });

  it('refuses duplicate level and client ids', () => {
    const levels = only(
      problemsOf(
        JSON.stringify({
          version: 1,
          levels: [
            { id: 'a', label: { en: 'A', fr: 'A' } },
            { id: 'a', label: { en: 'B', fr: 'B' } },
          ],
          defaultLevel: 'a',
          contentLevels: { secret: 'a', pii: 'a' },
        }),
      ),
    );
    assert.match(levels.message, /'a' is declared twice/);
    const clients = only(
      problemsOf(
        JSON.stringify({
          version: 1,
          clients: [
            { id: 'acme', name: 'Acme' },
            { id: 'acme', name: 'Acme 2' },
          ],
        }),
      ),
    );
    assert.match(clients.message, /'acme' is declared twice/);
  });

  it('refuses a reference to an unknown level, provider or client, where it is', () => {
    const text = [
      '{',
      '  "version": 1,',
      '  "defaultLevel": "secret",',
      '  "matrix": { "internal": { "aiAllowed": true, "providers": ["chatgpt", "tag:eu-hosted", "*"] } },',
      '  "rules": [{ "pattern": "x/", "level": "internal", "client": "acme", "reason": "r" }]',
      '}',
    ].join('\n');
    const errors = problemsOf(text).filter((p) => p.severity === 'error');
    assert.deepEqual(
      errors.map((p) => [p.line, p.message.split(/[;:]/)[0]]),
      [
        [3, "Unknown level 'secret'"],
        [4, "Unknown provider 'chatgpt'"],
        [5, "Unknown client 'acme'"],
      ],
    );
    assert.equal(errors[1]!.column, text.split('\n')[3]!.indexOf('"chatgpt"') + 1);
  });

  it('warns about a tag no provider carries (a likely typo), but accepts the documented tags', () => {
    const problem = only(problemsOf('{ "version": 1, "matrix": { "internal": { "aiAllowed": true, "providers": ["tag:eu-hostd", "tag:client-tenant"] } } }'), 'warning');
    assert.match(problem.message, /No provider carries the tag 'eu-hostd'/);
  });

  it('refuses patterns that can never match as meant, and rules without exactly one pattern field', () => {
    const cases: Array<[string, RegExp]> = [
      ['""', /empty pattern/],
      ['"# notes"', /comment/],
      ['"!"', /lone !/],
      ['"C:/secrets"', /absolute path/],
      ['"~/secrets"', /absolute path/],
      ['"../shared/"', /outside the policy's folder/],
      ['"src\\\\secrets"', /Use \/ between folders/],
      ['"data[z-a].csv"', /range \[z-a\] is empty/],
      ['"!docs/"', /negation/],
    ];
    for (const [pattern, message] of cases) {
      const problems = problemsOf(`{ "version": 1, "rules": [{ "pattern": ${pattern}, "level": "internal", "reason": "r" }] }`);
      assert.match(only(problems).message, message, pattern);
    }
    // A leading / anchors a pattern to the policy's folder in gitignore syntax: valid.
    assert.deepEqual(problemsOf('{ "version": 1, "rules": [{ "pattern": "/secrets/", "level": "internal", "reason": "r" }] }'), []);
    assert.match(only(problemsOf('{ "version": 1, "rules": [{ "level": "internal", "reason": "r" }] }')).message, /exactly one of "pattern" or "patterns"/);
    assert.match(only(problemsOf('{ "version": 1, "rules": [{ "pattern": "a", "patterns": ["b"], "level": "internal", "reason": "r" }] }')).message, /exactly one/);
    assert.deepEqual(problemsOf('{ "version": 1, "rules": [{ "patterns": ["*.sql", "!schema.sql"], "level": "internal", "reason": "r" }] }'), []);
  });

  it('never uses part of an invalid file: one bad rule invalidates the whole policy', () => {
    const text = JSON.stringify({
      version: 1,
      rules: [
        { pattern: 'a/', level: 'restricted', reason: 'ok' },
        { pattern: '', level: 'restricted', reason: 'bad' },
      ],
    });
    assert.equal(parsePolicyText(FILE, text).document, undefined);
    assert.equal(parsePolicyFile(FILE, text).policy, undefined);
  });

  it('reads the user-settings layer from a value, naming the JSON path in problems', () => {
    const parsed = parsePolicyValue('settings.json › aiGuard.policy', { matrix: { internal: { aiAllowed: 'no' } } });
    assert.equal(parsed.document, undefined);
    const problem = only([...parsed.problems]);
    assert.equal(problem.file, 'settings.json › aiGuard.policy');
    assert.match(problem.message, /^matrix\.internal\.aiAllowed: Expected true or false here\.$/);
    assert.ok(parsePolicyValue('settings', { network: true }).document, 'version may be left out');
  });

  it('speaks French when asked', () => {
    useLocale('fr');
    try {
      assert.match(only(problemsOf('{ "version": 1, "defaultLevel": "secret" }')).message, /Niveau inconnu « secret »/);
    } finally {
      useLocale('en');
    }
  });
});

describe('the shipped default policy', () => {
  it('is a documented file equal to the built-in default, and valid', () => {
    const text = readFileSync(join(repoRoot, 'schemas', 'default-policy.jsonc'), 'utf8');
    assert.match(text, /^\s*\/\//m, 'it is documented with comments');
    const result = parsePolicyFile('schemas/default-policy.jsonc', text);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.policy, DEFAULT_POLICY);
  });

  it('has the four levels of Annex B, in English and French', () => {
    assert.deepEqual(
      DEFAULT_POLICY.levels.map((level) => [level.id, level.label.en, level.label.fr]),
      [
        ['public', 'Public', 'Public'],
        ['internal', 'Internal', 'Interne'],
        ['confidential', 'Confidential', 'Confidentiel'],
        ['restricted', 'Restricted', 'Restreint'],
      ],
    );
  });
});

describe('the starter policy', () => {
  it('is valid without a client, with the default level chosen', () => {
    const text = renderStarterPolicy({ defaultLevel: 'confidential' });
    const result = parsePolicyFile(FILE, text);
    assert.deepEqual(result.problems, []);
    assert.equal(result.policy?.defaultLevel, 'confidential');
    assert.match(text, /\/\/ /, 'it explains itself');
  });

  it('with a client: declares it, assigns every file to it, and masks its name', () => {
    const text = renderStarterPolicy({ clientName: 'Crédit "Agricole"', defaultLevel: 'internal' });
    const result = parsePolicyFile(FILE, text);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.policy?.clients, [{ id: 'credit-agricole', name: 'Crédit "Agricole"' }]);
    assert.equal(result.policy?.rules?.[0]?.client, 'credit-agricole');
    assert.deepEqual(result.policy?.dictionary?.clients, ['Crédit "Agricole"']);
  });

  it('refuses a default level that is not a level id, and makes ids from any name', () => {
    assert.throws(() => renderStarterPolicy({ defaultLevel: 'Top Secret' }), /not a level id/);
    assert.equal(clientId('  ACME  Corp. '), 'acme-corp');
    assert.equal(clientId('東京'), 'client');
  });

  it('is commented in French when the language is French', () => {
    useLocale('fr');
    try {
      const text = renderStarterPolicy({ clientName: 'Acme' });
      assert.match(text, /Politique Etech AI Guard/);
      assert.deepEqual(parsePolicyFile(FILE, text).problems, []);
    } finally {
      useLocale('en');
    }
  });
});

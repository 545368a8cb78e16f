import { strict as assert } from 'node:assert';
import { ExitCode, runCli } from '../../src/cli/main';
import { FakeHttp, MemoryCache, MemoryFiles, runCliOn } from '../support/ports';

/** A repository with a workspace policy, a client folder with its own policy, and an ignore file. */
function repository(): MemoryFiles {
  return new MemoryFiles(
    {
      '/repo/.aiguard/policy.json': JSON.stringify({
        version: 1,
        clients: [{ id: 'acme', name: 'Acme', providers: ['tag:local'] }],
        rules: [{ pattern: 'docs/', level: 'public', reason: 'Published.' }],
      }),
      '/repo/clients/acme/.aiguard/policy.json': JSON.stringify({ version: 1, rules: [{ pattern: '*', level: 'confidential', client: 'acme', reason: 'Acme work.' }] }),
      '/repo/.cursorignore': '*.log\n',
      '/repo/src/app.ts': 'export const answer = 42;\n',
      '/repo/src/users.ts': 'const contact = "jeanne.martin@example.fr";\n',
      '/repo/src/export.csv': ['jeanne.martin@example.fr', 'paul.durand@example.fr', 'lea.petit@example.fr', 'marc.roux@example.fr', 'ines.moreau@example.fr'].join('\n'),
      '/repo/docs/guide.md': '# Guide\n',
      '/repo/clients/acme/invoice.ts': 'export {};\n',
      '/repo/debug.log': 'started\n',
      '/repo/.env': 'TOKEN=x\n',
      '/repo/logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    },
    ['/repo/.git'],
  );
}

const run = (argv: string[], files: MemoryFiles, options: Parameters<typeof runCliOn>[3] = {}) => runCliOn(runCli, argv, files, { cwd: '/repo', ...options });

describe('ai-guard classify', () => {
  it('prints exactly the documented JSON shape', async () => {
    const result = await run(['classify', '--json', 'src/app.ts', 'clients/acme/invoice.ts'], repository());
    assert.equal(result.code, ExitCode.ok);
    assert.equal(result.stderr, '');
    const json = JSON.parse(result.stdout) as { files: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(json), ['files']);
    for (const file of json.files) {
      assert.deepEqual(Object.keys(file), ['path', 'level', 'client', 'aiAllowed', 'allowedProviders', 'reasons']);
      for (const reason of file.reasons as Array<Record<string, unknown>>) assert.deepEqual(Object.keys(reason), ['source', 'detail']);
    }
    assert.deepEqual(json.files[0], {
      path: 'src/app.ts',
      level: 'internal',
      client: null,
      aiAllowed: true,
      allowedProviders: ['anthropic', 'aws-bedrock', 'azure-openai', 'cursor', 'github-copilot', 'google-gemini', 'google-vertex', 'lm-studio', 'mistral', 'ollama', 'openai'],
      reasons: [{ source: 'default', detail: 'The built-in default level applies: Internal.' }],
    });
    assert.equal(json.files[1]?.client, 'acme');
    assert.equal(json.files[1]?.level, 'confidential');
    assert.deepEqual(json.files[1]?.allowedProviders, ['lm-studio', 'ollama']);
  });

  it('raises files by their content, naming the kind of finding and never its value', async () => {
    // A file OF personal data (five addresses: an export) is confidential; a file WITH one
    // address keeps its level, and says the address is masked (the built-in contentThresholds).
    const result = await run(['classify', '--json', 'src/export.csv', 'src/users.ts'], repository());
    const [exported, one] = (JSON.parse(result.stdout) as { files: Array<{ level: string; reasons: Array<{ source: string; detail: string }> }> }).files;
    assert.equal(exported?.level, 'confidential');
    assert.deepEqual(exported?.reasons[0], { source: 'content', detail: 'The content contains personal data (5 found): at least Confidential.' });
    assert.equal(one?.level, 'internal');
    assert.ok(
      one?.reasons.some(
        (reason) => reason.detail === 'The content contains personal data (1 found), fewer than the 5 that make a file Confidential (contentThresholds): they are masked before any AI call.',
      ),
      JSON.stringify(one?.reasons),
    );
    assert.doesNotMatch(result.stdout, /jeanne/i);
  });

  it('classifies ignored, sensitive, binary and missing files by their path', async () => {
    const result = await run(['classify', '--json', 'debug.log', '.env', 'logo.png', 'gone.ts'], repository());
    assert.equal(result.code, ExitCode.ok);
    const files = (JSON.parse(result.stdout) as { files: Array<{ path: string; level: string; aiAllowed: boolean; reasons: Array<{ source: string; detail: string }> }> }).files;
    assert.deepEqual(
      files.map((f) => [f.path, f.level, f.aiAllowed]),
      [
        ['debug.log', 'internal', false],
        ['.env', 'restricted', false],
        ['logo.png', 'internal', true],
        ['gone.ts', 'internal', true],
      ],
    );
    assert.ok(files[0]?.reasons.some((r) => r.source === 'ignore-file' && r.detail === "Excluded from AI by .cursorignore:1 ('*.log')."));
    assert.ok(files[2]?.reasons.some((r) => /not scanned \(binary file\)/.test(r.detail)));
    assert.ok(files[3]?.reasons.some((r) => /not scanned \(unreadable\)/.test(r.detail)));
  });

  it('takes a folder for every file under it', async () => {
    const result = await run(['classify', '--json', 'clients'], repository());
    const paths = (JSON.parse(result.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path);
    assert.deepEqual(paths, ['clients/acme/.aiguard/policy.json', 'clients/acme/invoice.ts']);
  });

  it('prints text for people, in their language', async () => {
    const english = await run(['classify', 'clients/acme/invoice.ts'], repository());
    assert.equal(english.stdout.split('\n')[0], 'clients/acme/invoice.ts: Confidential (client Acme); AI allowed: lm-studio, ollama');
    assert.match(english.stdout, /^ {2}- clients\/acme\/\.aiguard\/policy\.json:1: the rule '\*' makes it Confidential: Acme work\.$/m);
    const french = await run(['classify', '.env'], repository(), { env: { LANG: 'fr_FR.UTF-8' } });
    assert.match(french.stdout, /^\.env: Restreint; IA non autorisée$/m);
    assert.match(french.stdout, /Le nom correspond à « \.env », un fichier d'environnement : au moins Restreint\./);
  });

  it('reports policy problems on standard error and still classifies, failing closed', async () => {
    const files = repository();
    files.write('/repo/clients/acme/.aiguard/policy.json', '{ "version": 1, "rules": [{ "pattern": "*", "level": "top-secret", "reason": "r" }] }');
    const result = await run(['classify', '--json', 'clients/acme/invoice.ts'], files);
    assert.equal(result.code, ExitCode.ok);
    assert.match(result.stderr, /^clients\/acme\/\.aiguard\/policy\.json:1:54: error: Unknown level 'top-secret'/m);
    const [file] = (JSON.parse(result.stdout) as { files: Array<{ level: string; reasons: Array<{ source: string }> }> }).files;
    assert.equal(file?.level, 'confidential');
    assert.equal(file?.reasons[0]?.source, 'policy-invalid');
  });

  it('applies the organisation policy of --org, from a file or an https URL', async () => {
    const files = repository();
    files.write('/etc/org.json', '{ "version": 1, "defaultLevel": "confidential" }');
    const fromFile = await run(['classify', '--json', '--org', '/etc/org.json', 'src/app.ts'], files);
    assert.equal((JSON.parse(fromFile.stdout) as { files: Array<{ level: string }> }).files[0]?.level, 'confidential');
    const url = 'https://policies.example/org.json';
    const http = new FakeHttp({ [url]: { status: 200, text: '{ "version": 1, "defaultLevel": "restricted" }' } });
    const fromUrl = await run(['classify', '--json', '--org', url, 'src/app.ts'], files, { http, cache: new MemoryCache() });
    assert.equal((JSON.parse(fromUrl.stdout) as { files: Array<{ level: string }> }).files[0]?.level, 'restricted');
  });

  it('exits 2 without a path', async () => {
    const result = await run(['classify'], repository());
    assert.equal(result.code, ExitCode.error);
    assert.match(result.stderr, /name at least one file or folder/);
  });
});

describe('ai-guard policy check', () => {
  it('exits 0 when every policy is valid, and says how many it checked', async () => {
    const result = await run(['policy', 'check'], repository());
    assert.equal(result.code, ExitCode.ok);
    assert.equal(result.stdout, '2 policy file(s) checked: 0 error(s), 0 warning(s).\n');
  });

  it('prints file:line:column: severity: message and exits 2 on an error', async () => {
    const files = repository();
    files.write('/repo/clients/acme/.aiguard/policy.json', '{\n  "version": 1,\n  "defaultLevel": "public",\n  "rules": [{ "pattern": "../x", "level": "confidential", "reason": "r" }]\n}');
    const result = await run(['policy', 'check'], files);
    assert.equal(result.code, ExitCode.error);
    const lines = result.stdout.trimEnd().split('\n');
    assert.deepEqual(lines, [
      'clients/acme/.aiguard/policy.json:1:1: warning: This policy has errors and no earlier valid version: the files it governs are treated as at least confidential.',
      "clients/acme/.aiguard/policy.json:4:26: error: A pattern cannot reach outside the policy's folder with ..; put the rule in a policy higher up.",
      '2 policy file(s) checked: 1 error(s), 1 warning(s).',
    ]);
  });

  it('exits 0 with warnings only', async () => {
    const files = repository();
    files.write('/repo/clients/acme/.aiguard/policy.json', '{ "version": 1, "future": true }');
    const result = await run(['policy', 'check', 'clients'], files);
    assert.equal(result.code, ExitCode.ok);
    assert.match(result.stdout, /^clients\/acme\/\.aiguard\/policy\.json:1:17: warning: Unknown property 'future'/m);
  });

  it('checks a nested policy against the policies above it', async () => {
    const files = repository();
    files.write('/repo/clients/acme/.aiguard/policy.json', '{ "version": 1, "rules": [{ "pattern": "*", "level": "internal", "client": "globex", "reason": "r" }] }');
    const result = await run(['policy', 'check', 'clients/acme'], files);
    assert.equal(result.code, ExitCode.error);
    assert.match(result.stdout, /error: Unknown client 'globex'/);
  });

  it('checks the organisation policy given with --org', async () => {
    const files = repository();
    files.write('/etc/org.json', '{ "version": 1, "matrix": { "internal": { "aiAllowed": "yes" } } }');
    const result = await run(['policy', 'check', '--org', '/etc/org.json'], files);
    assert.equal(result.code, ExitCode.error);
    assert.match(result.stdout, /^\/etc\/org\.json:1:56: error: Expected true or false here\.$/m);
  });

  it('exits 2 on a wrong command line, and 0 with a note when there is no policy', async () => {
    assert.equal((await run(['policy'], repository())).code, ExitCode.error);
    assert.equal((await run(['policy', 'check', 'nowhere'], repository())).code, ExitCode.error);
    const empty = await run(['policy', 'check'], new MemoryFiles({ '/work/a.ts': '' }), { cwd: '/work' });
    assert.equal(empty.code, ExitCode.ok);
    assert.match(empty.stdout, /No policy file under \./);
  });
});

describe('ai-guard templates', () => {
  it('is wired into the command line: lists the built-ins and a workspace template, with approval states', async () => {
    const files = new MemoryFiles({
      '/repo/.aiguard/policy.json': '{ "version": 1 }',
      '/repo/.aiguard/prompts/team/sql-review.prompt.md': [
        '---',
        'id: sql-review',
        'title: Review SQL',
        'description: Reviews a query.',
        'profile: dev',
        'version: "1.0.0"',
        'inputs: [selection]',
        'output: markdown',
        '---',
        '## System',
        'Keep [[…]] placeholders as they are.',
        '## User',
        'Review: {{selection}}',
        '',
      ].join('\n'),
    });
    const { code, stdout } = await run(['templates', 'list', '--json'], files);
    assert.equal(code, 0);
    const listed = JSON.parse(stdout) as { templates: Array<{ id: string; origin: string; approval: string }> };
    assert.ok(listed.templates.filter((template) => template.origin === 'built-in').length >= 16);
    assert.deepEqual(
      listed.templates.filter((template) => template.origin === 'workspace').map(({ id, approval }) => ({ id, approval })),
      [{ id: 'sql-review', approval: 'unapproved' }],
    );
  });
});

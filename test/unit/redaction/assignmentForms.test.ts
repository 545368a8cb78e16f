import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { emitMatches, type RawFinding, runDetector } from '../../../src/core/redaction/detector';
import { credentialFormDetector, PGPASS_LINE } from '../../../src/core/redaction/detectors/credentialForms';
import { isPlaceholderValue } from '../../../src/core/redaction/filters';
import { assertClean, assertMasks, found } from '../../support/redaction';

/**
 * Secrets named by their key, or placed by a tool's syntax, in the shapes real files have: each
 * case is a line or two as it appears in a file of that type, and must be masked exactly.
 */
describe('redaction: secrets named by their key in every syntax', () => {
  it('reads one-line JSON at any nesting and shell exports of one-word names', async () => {
    await assertMasks('{"service":"api","db":{"host":"pg-01","user":"postgres","password":"Tr0ub4dor&3xq"},"pool":10}', 'Tr0ub4dor&3xq', 'events.log');
    await assertMasks("export PGPASSWORD='Pg7!s3cr3t#99'\npsql -h db -U app", 'Pg7!s3cr3t#99', 'deploy.sh');
    await assertMasks("export PGPASSWORD='Pg7!s3cr3t#99'", 'Pg7!s3cr3t#99');
    await assertMasks('MYSQL_PWD=Hq3!vT8zLm mysql -u app shop', 'Hq3!vT8zLm', 'restore.sh');
  });

  it('keeps punctuation-heavy values whole (Django SECRET_KEY)', async () => {
    const key = 'django-insecure-8#k!2v@w$^(x3m)q_+z9l%e&r*t1y0u=b-n7c';
    await assertMasks(`# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = '${key}'\n`, key, 'settings.py');
  });

  it('reads French key names and names with a suffix', async () => {
    await assertMasks('mot_de_passe = "Soleil2024!"', 'Soleil2024!', 'config.py');
    await assertMasks('base:\n  utilisateur: compta\n  mdp: Soleil2024!\n', 'Soleil2024!', 'config.yml');
    await assertMasks('const motDePasse = "Soleil2024!";', 'Soleil2024!', 'connexion.ts');
    await assertMasks('DB_PASSWORD_PROD=Xk29!mPq7z\nDB_PASSWORD_DEV=dev', 'Xk29!mPq7z', '.env');
    await assertMasks('PASSWORD2=Xk29!mPq7z', 'Xk29!mPq7z', '.env');
    await assertMasks('SECRET_KEY_BASE=9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928', '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928', '.env');
  });

  it('takes a 32-hex key in a variable whose name says what it is, not one that indexes', async () => {
    const findings = await found('AOAI_ENDPOINT = "https://contoso.openai.azure.com/"\nAOAI_KEY = "3f2b9c8d7e6a5b4c3d2e1f0a9b8c7d6e"', { path: 'app.py' });
    assert.deepEqual(findings, ['azure-openai-key: 3f2b9c8d7e6a5b4c3d2e1f0a9b8c7d6e']);
    await assertMasks('const MAPS_KEY = "a1b2c3d4e5f60718293a4b5c6d7e8f90";', 'a1b2c3d4e5f60718293a4b5c6d7e8f90', 'map.js');
    await assertClean('CACHE_KEY = "5d41402abc4b2a76b9719d911017c592"', 'cache.py');
    await assertClean('const sortKey = "d41d8cd98f00b204e9800998ecf8427e";', 'table.ts');
  });

  it('does not take names about a secret for the secret', async () => {
    await assertClean('TOKEN_TYPE=bearer_access_jwt\nPASSWORD_POLICY=strong_and_long\nKEY_ID=2f1e0d9c8b7a', '.env');
  });

  it('reads YAML block scalars', async () => {
    await assertMasks('database:\n  password: |\n    Bl0ck!Scalar99\n  port: 5432\n', 'Bl0ck!Scalar99', 'values.yaml');
    await assertMasks('api_token: >-\n  tk_4Rz8Qw2Lm9Xv7Bn3\n', 'tk_4Rz8Qw2Lm9Xv7Bn3', 'values.yaml');
  });

  it('reads Kubernetes env lists and ECS name/value pairs', async () => {
    const deployment = 'spec:\n  containers:\n    - name: api\n      env:\n        - name: LOG_LEVEL\n          value: info\n        - name: DB_PASSWORD\n          value: "Kq8#vLz2wP"\n';
    assert.deepEqual(await found(deployment, { path: 'deployment.yaml' }), ['generic-secret: Kq8#vLz2wP']);
    const task = '{"containerDefinitions":[{"name":"web","environment":[{"name":"NODE_ENV","value":"production"},{"name":"API_TOKEN","value":"tk_9aZ3qL7mW2xR8vB4"}]}]}';
    assert.deepEqual(await found(task, { path: 'task-definition.json' }), ['generic-secret: tk_9aZ3qL7mW2xR8vB4']);
    await assertMasks('[{ "value": "S3cr3t-Vault-99", "name": "ADMIN_PASSWORD" }]', 'S3cr3t-Vault-99', 'appsettings.json');
  });

  it('reads Dockerfile ENV in both forms and XML key/value settings', async () => {
    await assertMasks('FROM node:20\nENV DB_PASSWORD Kq8vLz2wP9\nRUN npm ci\n', 'Kq8vLz2wP9', 'Dockerfile');
    await assertMasks('FROM node:20\nENV DB_PASSWORD=Kq8vLz2wP9\n', 'Kq8vLz2wP9', 'Dockerfile');
    const nuget = '<packageSourceCredentials>\n  <feed>\n    <add key="Username" value="build" />\n    <add key="ClearTextPassword" value="NuG3tP@ss!" />\n  </feed>\n</packageSourceCredentials>';
    assert.deepEqual(await found(nuget, { path: 'NuGet.Config' }), ['generic-secret: NuG3tP@ss!']);
    await assertMasks('<property name="db.password" value="Spr1ng!Pass"/>', 'Spr1ng!Pass', 'applicationContext.xml');
  });
});

describe('redaction: secrets in the fixed forms of tools', () => {
  it('reads command-line flags, also inside exec-form arrays', async () => {
    await assertMasks('    command: ["redis-server", "--requirepass", "R3d1sPa55w0rd", "--appendonly", "yes"]', 'R3d1sPa55w0rd', 'docker-compose.yml');
    await assertMasks('command: [redis-server, --requirepass, R3d1sPa55w0rd]', 'R3d1sPa55w0rd', 'docker-compose.yml');
    await assertMasks('"args": ["--token=tk_7Hq2Lm9Zx4", "--verbose"]', 'tk_7Hq2Lm9Zx4', 'launch.json');
    await assertMasks('vault login --password Vlt!Pass2024 --method=userpass', 'Vlt!Pass2024', 'notes.txt');
  });

  it('reads a password piped into --password-stdin, sshpass and docker login -p', async () => {
    await assertMasks('echo "Hx9!kLm2pQ" | docker login registry.example.com -u ci --password-stdin', 'Hx9!kLm2pQ', 'ci.sh');
    await assertMasks("  - echo 'Hx9!kLm2pQ' | helm registry login ghcr.io --username ci --password-stdin", 'Hx9!kLm2pQ', '.gitlab-ci.yml');
    await assertClean('echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"', '.gitlab-ci.yml');
    await assertMasks('sshpass -p "Ssh!Pass42" ssh admin@10.0.0.5 uptime', 'Ssh!Pass42', 'run.sh');
    await assertMasks('docker login -u admin -p Dk3rP4ss! registry.example.com', 'Dk3rP4ss!', 'run.sh');
    await assertClean('docker login -u admin -p $REGISTRY_PASSWORD registry.example.com', 'run.sh');
  });

  it('reads SQL IDENTIFIED BY, .netrc and .pgpass lines', async () => {
    await assertMasks("CREATE USER 'app'@'%' IDENTIFIED BY 'Sq1!Passw0rd';", 'Sq1!Passw0rd', 'init.sql');
    await assertMasks("ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY 'R00t!Pass';", 'R00t!Pass', 'init.sql');
    await assertMasks('CREATE USER scott IDENTIFIED BY Tiger2024;', 'Tiger2024', 'oracle.sql');
    await assertMasks('machine api.example.com login deploy password Nt7rc!Secret', 'Nt7rc!Secret', '.netrc');
    await assertMasks('machine git.example.com\n  login deploy\n  password Nt7rc!Secret\n', 'Nt7rc!Secret', '.netrc');
    await assertMasks('db.example.com:5432:app:appuser:Pgp4ss!word\nlocalhost:*:*:postgres:Loc4lPg!', 'Pgp4ss!word', '.pgpass');
    await assertClean('12:30:45:100:200\nstatus:200:ok:done:1234', 'times.txt');
  });

  it('reads the signature of an Azure SAS URL', async () => {
    const sig = 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ%2Bab%3D';
    await assertMasks(`https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&sig=${sig}`, sig);
  });
});

describe('redaction: .pgpass lines, tried only where a port is', () => {
  it('finds what the multiline pattern finds over the whole text, whatever ends the lines (property)', () => {
    const lines = ['db.example.com:5432:app:appuser:Pgp4ss!word', 'localhost:*:*:postgres:Loc4lPg!', '12:30:45:100:200', 'x a:5432:b:c:d y', 'h:1:a:b:cdef', '', 'plain text'];
    const reference = (text: string) => {
      const found: RawFinding[] = [];
      emitMatches(text, new RegExp(PGPASS_LINE.source, 'gmd'), (finding) => found.push(finding), {
        kind: 'connection-string-password',
        rule: 'aiguard/pgpass',
        confidence: 0.8,
        group: 5,
        accept: (value) => !isPlaceholderValue(value) && !/^\d+$/.test(value),
      });
      return found;
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...lines), fc.constantFrom('\n', '\r\n', '\r', '\u2028', '\u2029', ' ')), { maxLength: 8 }), (parts) => {
        const text = parts.map(([line, end]) => line + end).join('');
        const found: RawFinding[] = [];
        runDetector(credentialFormDetector, { text, fileKind: 'text', hits: [] }, (finding) => found.push(finding));
        assert.deepEqual(
          found.filter((finding) => finding.rule === 'aiguard/pgpass'),
          reference(text),
        );
      }),
    );
  });
});

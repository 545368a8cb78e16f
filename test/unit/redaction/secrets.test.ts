import { strict as assert } from 'node:assert';
import { Scanner } from '../../../src/core/redaction';
import { prefilterWindows, SECRETLINT_TRIGGER_LITERALS } from '../../../src/core/redaction/detectors/secretlint';
import { LiteralIndex } from '../../../src/core/redaction/literalIndex';
import { found, githubToken, only } from '../../support/redaction';

const awsSecret = 'kQ4n3Wt/9bXz+J2pLmR8sVyE1cHfA7uGdTqO5iNw';
const pemBody = 'MIIEowIBAAKCAQEAvR3x7m4bQk9p2sZ8yT1uW6cN0fJ5hL3aD8eG2kV9rX4qB7nM\n1sP6tY0wC3zF8jH5lK2oR9uE4iA7gD1bN6vS3xQ0mZ8yT5wL2kP9rJ4hF7cG1dE';

describe('redaction: secret detectors', () => {
  it('finds AWS access key ids, and their secret keys by name or next to the id', async () => {
    assert.deepEqual(await found('const id = "AKIAQYLPMN5HHHFPZAM2";'), only('aws-access-key-id', 'AKIAQYLPMN5HHHFPZAM2'));
    assert.deepEqual(await found(`aws_secret_access_key = ${awsSecret}\n`, { path: 'credentials.ini' }), only('aws-secret-access-key', awsSecret));
    assert.deepEqual(await found(`{"SecretAccessKey": "${awsSecret}"}`, { path: 'sts.json' }), only('aws-secret-access-key', awsSecret));
    assert.deepEqual(await found(`Access key ID,Secret access key\nAKIAQYLPMN5HHHFPZAM2,${awsSecret}\n`, { path: 'keys.csv' }), [
      'aws-access-key-id: AKIAQYLPMN5HHHFPZAM2',
      `aws-secret-access-key: ${awsSecret}`,
    ]);
  });

  it('ignores the documentation example keys', async () => {
    assert.deepEqual(await found('AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', { path: '.env' }), []);
  });

  it('finds provider tokens by their shape', async () => {
    const cases: Array<[string, string]> = [
      ['gcp-api-key', 'AIzaSyD4fQm2-7Kz9XbLwN1pR8tV3yE6hJ0cU5s'],
      ['openai-api-key', 'sk-proj-Ab3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3rS5tU7vW9xY1z'],
      ['openai-api-key', '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'],
      ['anthropic-api-key', `sk-ant-api03-${'aB3_dE5-fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3rS5tU7vW9xY1zA3bC5dE7fG9h'}AA`],
      ['github-fine-grained-token', `github_pat_11BQ7KZ3Y0tR8mW2xLp4Vn_${'a1B2c3D4e5F6g7H8i9J0'.repeat(3).slice(0, 59)}`],
      ['gitlab-token', 'glpat-x9Yz8Wv7Ut6Sr5Qp4On3'],
      ['npm-token', 'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'],
      ['slack-token', 'xoxb-730418596273-4918273640519-Qm7Rz2Kx9Lp4Vw8Nb3Ty6Hc1'],
      ['slack-webhook', 'https://hooks.slack.com/services/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'],
      ['stripe-key', 'sk_live_51HqLyjWDarjtT1zdp7dcXbUJk2aL0t'],
      ['sendgrid-key', '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'],
      ['twilio-key', 'SK7f3a91c0e4b25d86fa0c3e71b9d4a2c5'],
    ];
    for (const [kind, value] of cases) {
      assert.deepEqual(await found(`value: ${value} # in a config\n`, { path: 'app.txt' }), [`${kind}: ${value}`], kind);
    }
  });

  it('finds GitHub classic tokens only with a valid checksum', async () => {
    const token = githubToken('ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO');
    assert.deepEqual(await found(`GITHUB=${token}`), only('github-token', token));
    const forged = `${token.slice(0, 38)}${token[38] === 'A' ? 'B' : 'A'}${token.slice(39)}`;
    assert.deepEqual(await found(`see ${forged} in the docs`), []);
  });

  it('masks whole private-key blocks, and never public keys or certificates', async () => {
    for (const label of ['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']) {
      const block = `-----BEGIN ${label}-----\n${pemBody}\n-----END ${label}-----`;
      assert.deepEqual(await found(`key:\n${block}\nrest`), only('private-key', block), label);
    }
    const truncated = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}`;
    assert.deepEqual(await found(`log: ${truncated}`), only('private-key', truncated), 'a truncated block is masked to its end');
    const publicMaterial = `-----BEGIN PUBLIC KEY-----\n${pemBody}\n-----END PUBLIC KEY-----\n-----BEGIN CERTIFICATE-----\n${pemBody}\n-----END CERTIFICATE-----\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 dev@laptop`;
    assert.deepEqual(await found(publicMaterial), []);
  });

  it('finds the private key of a GCP service-account file, escapes included', async () => {
    const key = `-----BEGIN PRIVATE KEY-----\\n${pemBody.replace('\n', '\\n')}\\n-----END PRIVATE KEY-----\\n`;
    const json = `{\n  "type": "service_account",\n  "private_key_id": "1a2b3c",\n  "private_key": "${key}",\n  "client_email": "bot@proj.iam.gserviceaccount.com"\n}`;
    const result = await found(json, { path: 'sa.json' });
    assert.ok(result.includes(`gcp-service-account-key: ${key}`), result.join('\n'));
  });

  it('finds JWTs whose header is JSON, and not dotted base64 that is not one', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFtZWxpZSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    assert.deepEqual(await found(`Authorization: Bearer ${jwt}`), only('jwt', jwt));
    assert.deepEqual(await found('eyJub3Rqc29uIjp.eyJub3RhaGVhZGVy.c2lnbmF0dXJlc2lnbmF0dXJl'), []);
  });

  it('finds only the password of database, broker and basic-auth URLs', async () => {
    assert.deepEqual(await found('url: postgres://admin:Pa55w0rd2024@db.internal:5432/app'), only('connection-string-password', 'Pa55w0rd2024'));
    assert.deepEqual(await found('MONGO=mongodb+srv://app:Zx9%40kLm@cluster0.mongodb.net/prod'), only('connection-string-password', 'Zx9%40kLm'));
    assert.deepEqual(await found('redis://:r3d1sP4ss@cache:6379/0'), only('connection-string-password', 'r3d1sP4ss'));
    assert.deepEqual(await found('git clone https://deploy:T0k3nV4lu3@git.example.com/repo.git'), only('basic-auth-password', 'T0k3nV4lu3'));
    assert.deepEqual(await found('postgres://user:${DB_PASSWORD}@db/app https://user:<password>@host/x'), []);
  });

  it('finds passwords in connection keyword strings, JDBC parameters, curl -u and command-line flags', async () => {
    assert.deepEqual(await found('"Server=db;User ID=api;Password=QPRTkP8SjDZ;Encrypt=True"', { path: 'Program.cs' }), only('connection-string-password', 'QPRTkP8SjDZ'));
    assert.deepEqual(await found('jdbc:postgresql://db:5432/app?user=app&password=4v7q45ZopZK', { path: 'A.java' }), only('connection-string-password', '4v7q45ZopZK'));
    assert.deepEqual(await found('curl -fsS -u "deploy:nOb6JWPW7Ps" https://nexus/x', { path: 'deploy.sh' }), only('basic-auth-password', 'nOb6JWPW7Ps'));
    assert.deepEqual(await found('command: redis-server --requirepass mSllsxe2U32q', { path: 'compose.yml' }), only('generic-secret', 'mSllsxe2U32q'));
    assert.deepEqual(await found('variable "db_password" {\n  type = string\n  default = "iZFhm+ijCC3M"\n}', { path: 'vars.tf' }), only('generic-secret', 'iZFhm+ijCC3M'));
  });

  it('finds secrets named in PHP defines, XML elements, mysql -p and typed declarations', async () => {
    assert.deepEqual(await found("define( 'DB_PASSWORD', 'a7d09fb0d7e358ca' );", { path: 'wp-config.php' }), only('generic-secret', 'a7d09fb0d7e358ca'));
    assert.deepEqual(await found('<server><id>nexus</id><password>fLEQ0LXh_YEJ!j-KC</password></server>', { path: 'settings.xml' }), only('generic-secret', 'fLEQ0LXh_YEJ!j-KC'));
    assert.deepEqual(await found("mysql -h db -u root -p'CG2Nm9=wA67O0a' app < schema.sql", { path: 'deploy.sh' }), only('generic-secret', 'CG2Nm9=wA67O0a'));
    assert.deepEqual(await found('let password: string = "d0U/8wF1QgTkoMgI";', { path: 'config.ts' }), only('generic-secret', 'd0U/8wF1QgTkoMgI'));
    assert.deepEqual(await found('static final String SESSION_SECRET = "wLMLqZ7Agpu27P.nJbfgY";', { path: 'A.java' }), only('generic-secret', 'wLMLqZ7Agpu27P.nJbfgY'));
    assert.deepEqual(await found('<name>password</name><password>${env.NEXUS_PASSWORD}</password>', { path: 'settings.xml' }), []);
    assert.deepEqual(await found('const key: string = "spring.datasource.password";', { path: 'a.ts' }), []);
  });

  it('finds Docker auths and Kubernetes Secret data', async () => {
    const auth = Buffer.from('deploy:s3cr3tP4ss').toString('base64');
    assert.deepEqual(await found(`{"auths": {"registry.example.com": {"auth": "${auth}"}}}`, { path: 'config.json' }), only('docker-auth', auth));
    const manifest =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: c3ZjLWJpbGxpbmc=\n  password: czNjcjN0UDRzcw==\n---\nkind: ConfigMap\ndata:\n  mode: cHJvZHVjdGlvbg==\n';
    assert.deepEqual(await found(manifest, { path: 'secret.yaml' }), ['kubernetes-secret: c3ZjLWJpbGxpbmc=', 'kubernetes-secret: czNjcjN0UDRzcw==']);
    // A value that decodes to a stand-in (`changeme`) is one; an account name (`admin`) stays masked.
    assert.deepEqual(await found('kind: Secret\ndata:\n  password: Y2hhbmdlbWU=\n', { path: 'secret.yaml' }), []);
    assert.deepEqual(await found('kind: Secret\ndata:\n  username: YWRtaW4=\n', { path: 'secret.yaml' }), ['kubernetes-secret: YWRtaW4=']);
  });

  it('finds Azure storage and Azure OpenAI keys', async () => {
    const key = `${'Ab3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3x+Y5z/A'.repeat(3).slice(0, 86)}==`;
    assert.deepEqual(await found(`DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${key};EndpointSuffix=core.windows.net`), only('azure-storage-key', key));
    assert.deepEqual(await found('AZURE_OPENAI_API_KEY=7c1e94b05fa2d83e6b09c4f1a57d2e8b', { path: '.env' }), only('azure-openai-key', '7c1e94b05fa2d83e6b09c4f1a57d2e8b'));
  });

  it('finds generic assignments in every format, value only', async () => {
    const value = 'q8#Lm2!vZr9@Tx4';
    const cases: Array<[string, string]> = [
      ['.env', `DB_PASSWORD=${value}`],
      ['config.yaml', `database:\n  password: ${value}\n`],
      ['config.json', `{"apiKey": "${value}"}`],
      ['app.properties', `api_key=${value}`],
      ['main.tf', `  token = "${value}"`],
      ['deploy.sh', `export AUTH_TOKEN='${value}'`],
      ['Config.java', `private static final String PASSWORD = "${value}";`],
      ['app.py', `client_secret = "${value}"`],
      ['main.go', `Password: "${value}",`],
    ];
    for (const [path, text] of cases) {
      assert.deepEqual(await found(text, { path }), only('generic-secret', value), path);
    }
  });

  it('leaves placeholders, references and non-secret names alone', async () => {
    const negatives: Array<[string, string]> = [
      ['.env', 'API_KEY=YOUR_API_KEY\nPASSWORD=changeme\nDB_PASSWORD=${DB_PASSWORD}\nTOKEN=<your-token>\nSECRET=xxxxxxxx\nPASSWORD=********'],
      ['app.ts', 'const password = process.env.DB_PASSWORD;\nconst token = getToken();\nconst apiKey = config.apiKey;\nif (password == "") {}'],
      ['values.yaml', 'password: "{{ .Values.password }}"\nsecretName: db-credentials\nsecret: db-credentials\nmax_tokens: 4096\ntoken_type: bearer\nprivate_key_path: ./keys/id_rsa'],
      ['ci.yml', 'password: ${{ secrets.DB_PASSWORD }}\ntoken: "${{ secrets.NPM_TOKEN }}"'],
      ['app.py', 'password = os.environ["DB_PASSWORD"]\nauthor = "Amélie"\ntokenizer = Tokenizer()'],
      ['main.tf', 'password = var.db_password\ntoken = data.vault_generic_secret.app.data["token"]'],
      ['.env', 'PASSWORD=\nAPI_KEY=""'],
    ];
    for (const [path, text] of negatives) {
      assert.deepEqual(await found(text, { path }), [], `${path}: ${text}`);
    }
  });
});

describe('redaction: secretlint as one more detector', () => {
  const linearKey = `lin_api_${'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'}`;

  it('adds what only secretlint knows (a Linear API key), found through its prefilter', async () => {
    const scanner = new Scanner();
    const findings = await scanner.scan(`LINEAR=${linearKey}\nnothing else\n`, { path: 'notes.txt' });
    assert.deepEqual(
      findings.map((finding) => `${finding.rule}: ${finding.start}-${finding.end}`),
      [`secretlint/linear:LINEAR_API_TOKEN: 7-${7 + linearKey.length}`],
    );
  });

  it('opens no window for a trigger whose secret our detectors found, nor for text without triggers', () => {
    const text = `line one\n_authToken=npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\nline three\nAKIAQYLPMN5HHHFPZAM2 is here\n`;
    const hits = new LiteralIndex([SECRETLINT_TRIGGER_LITERALS]).search(text)[0] ?? [];
    const tokenStart = text.indexOf('npm_');
    // Nothing covered: both trigger lines open a window (merged, with a line of context each side).
    assert.deepEqual(prefilterWindows(text, hits), [{ start: 0, end: text.length }]);
    // The npm token covered: only the AWS key id's line (and its neighbours) remains.
    const aws = text.indexOf('AKIA');
    assert.deepEqual(prefilterWindows(text, hits, [{ start: tokenStart, end: tokenStart + 40 }]), [{ start: text.indexOf('line three'), end: text.length }]);
    assert.deepEqual(
      prefilterWindows(text, hits, [
        { start: tokenStart, end: tokenStart + 40 },
        { start: aws, end: aws + 20 },
      ]),
      [],
    );
    assert.deepEqual(prefilterWindows('nothing to see', new LiteralIndex([SECRETLINT_TRIGGER_LITERALS]).search('nothing to see')[0] ?? []), []);
  });
});

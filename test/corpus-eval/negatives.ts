/**
 * What must never be flagged, as snippets: hard negatives (values that look like a secret or a
 * number of personal data and are neither) and placeholders (what documentation, templates and
 * CI files write where a secret goes). The forms come from the false-positive fixtures of
 * gitleaks' rules (`fps`: camel-case identifiers after a token prefix, `GLC_…` C functions, runs of
 * x), from the formats' own look-alikes (hashes, digests, ids that fail a checksum) and from the
 * issue's list of noise.
 */
import type { Random } from '../corpus/random';

export interface Snippet {
  readonly description: string;
  readonly path: string;
  readonly content: string;
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const uuid = (r: Random) => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
/** A number of `length` digits that fails the Luhn test (so it is no card, SIREN or SIRET). */
function notLuhn(r: Random, length: number): string {
  for (;;) {
    const digits = r.digits(length, false);
    let sum = 0;
    for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
      let d = Number(digits.charAt(i));
      if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 !== 0) return digits;
  }
}

const HARD: ReadonlyArray<readonly [string, string, (r: Random) => string]> = [
  ['git commit id', 'log.txt', (r) => `commit ${r.chars(HEX, 40)}\nAuthor: CI <ci@localhost>\n`],
  ['short commit ids', 'log.txt', (r) => `Merge ${r.chars(HEX, 7)} into ${r.chars(HEX, 7)} (#${r.int(100, 9999)})\n`],
  ['sha256 checksum', 'SHA256SUMS', (r) => `${r.chars(HEX, 64)}  ai-guard-0.1.0.vsix\n`],
  ['md5 in a lock file', 'yarn.lock', (r) => `  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${r.chars(HEX, 40)}"\n`],
  ['npm integrity', 'package-lock.json', (r) => `      "integrity": "sha512-${r.chars(B64, 86)}=="\n`],
  ['docker image digest', 'deploy.yaml', (r) => `    image: ghcr.io/ardoise/api@sha256:${r.chars(HEX, 64)}\n`],
  ['uuid in a JSON log', 'app.jsonl', (r) => `{"request_id":"${uuid(r)}","trace_id":"${r.chars(HEX, 32)}","span_id":"${r.chars(HEX, 16)}"}\n`],
  ['numeric ids in a log', 'app.log', (r) => `2026-03-04T10:11:12Z INFO order=${r.digits(10, false)} user=${r.digits(10, false)} took ${r.int(1, 999)}ms\n`],
  ['epoch milliseconds', 'app.jsonl', (r) => `{"ts":${r.int(1_700_000_000, 1_800_000_000)}${r.digits(3)},"seq":${r.digits(10, false)}}\n`],
  ['ten-digit ids starting with 0', 'export.csv', (r) => `ref;qty\n0${r.pick(['6', '7'])}${r.digits(8)}X;${r.int(1, 50)}\n`],
  ['invoice number failing Luhn', 'factures.csv', (r) => `facture;${notLuhn(r, 16)};payée\n`],
  ['nine digits failing Luhn', 'ids.txt', (r) => `dossier n° ${notLuhn(r, 9)}\n`],
  ['fourteen digits failing Luhn', 'ids.txt', (r) => `numéro de lot ${notLuhn(r, 14)}\n`],
  ['base64 PNG', 'page.html', (r) => `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.chars(B64, 200)}==" alt="logo">\n`],
  ['ssh public key', 'authorized_keys', (r) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(B64, 43)} ops@bastion\n`],
  ['public certificate', 'ca.pem', (r) => `-----BEGIN CERTIFICATE-----\nMIID${r.chars(B64, 60)}\n${r.chars(B64, 64)}\n-----END CERTIFICATE-----\n`],
  ['AWS ARN and account id', 'policy.json', (r) => `{"Resource": "arn:aws:iam::${r.digits(12, false)}:role/deploy"}\n`],
  ['semantic versions and ports', 'README.md', (r) => `Requires Node ${r.int(18, 24)}.${r.int(0, 20)}.${r.int(0, 9)}; listens on ${r.int(1024, 65535)}.\n`],
  ['CSS colours', 'styles.css', (r) => `.btn { color: #${r.chars(HEX, 6)}; background: #${r.chars(HEX, 6)}; }\n`],
  ['k8s resourceVersion and uid', 'pod.yaml', (r) => `metadata:\n  resourceVersion: "${r.digits(8, false)}"\n  uid: ${uuid(r)}\n`],
  ['git LFS pointer', 'model.bin', (r) => `version https://git-lfs.github.com/spec/v1\noid sha256:${r.chars(HEX, 64)}\nsize ${r.digits(8, false)}\n`],
  ['identifier with a token-like prefix', 'code.ts', (r) => `const sk_live_mode = ${r.bool()}; function glpat_refresh() {}\n`],
  ['camelCase identifiers', 'Service.java', () => 'private final AcceptanceTimeoutSeconds s; s.makeKubeConfigController = args;\n'],
  ['C functions with a token-like prefix', 'gl_rmain.c', () => 'static void GLC_CreateLightmapTextureArray(void);\nvoid GLC_UploadLightmap(int textureUnit, int lightmapnum);\n'],
  ['Spring log line', 'app.log', () => 'INFO 4 --- [           main] o.s.b.f.s.DefaultListableBeanFactory     : Overriding bean definition for bean\n'],
  ['coordinates and amounts', 'data.csv', (r) => `${r.int(40, 50)}.${r.digits(6)};${r.int(0, 5)}.${r.digits(6)};${r.int(1000, 999999)}.${r.digits(2)} EUR\n`],
  ['hash in a URL', 'links.md', (r) => `https://github.com/ardoise/api/commit/${r.chars(HEX, 40)}\n`],
  ['password field without a value', 'form.html', () => '<input type="password" name="password" autocomplete="current-password">\n'],
  ['password mentioned in prose', 'doc.md', () => 'Change your password every 90 days; the password policy requires 12 characters.\n'],
];

const PLACEHOLDERS: ReadonlyArray<readonly [string, string, string]> = [
  ['YOUR_API_KEY_HERE', '.env.example', 'OPENAI_API_KEY=YOUR_API_KEY_HERE\n'],
  ['your-secret-here', 'config.yaml', 'client_secret: your-secret-here\n'],
  ['x run after a Slack prefix', 'README.md', 'SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx\n'],
  ['x run after a GitHub prefix', 'README.md', 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'],
  ['…TokenHere', 'appsettings.json', '{ "ApiToken": "InsertYourTokenHere" }\n'],
  ['hash run', 'settings.ini', 'password = ################\n'],
  ['asterisks', 'settings.ini', 'password=********\n'],
  ['user:pass', 'README.md', 'curl -u user:pass https://api.example.com\n'],
  ['$1:$2 in a regex replacement', 'script.sh', 'sed -E "s/(.*):(.*)/$1:$2/" creds.txt\n'],
  ['GitHub Actions secret reference', 'ci.yml', 'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n'],
  ['<password>', 'README.md', 'mysql -u root -p<password> shop\n'],
  ['angle-bracket token', 'README.md', 'Authorization: Bearer <your-token>\n'],
  ['shell variable', 'deploy.sh', 'export PGPASSWORD="${DB_PASSWORD}"\n'],
  ['env lookup in code', 'app.py', 'password = os.environ["DB_PASSWORD"]\n'],
  ['process.env in code', 'db.ts', 'const password = process.env.DB_PASSWORD;\n'],
  ['Helm template', 'values.yaml', 'password: {{ .Values.db.password }}\n'],
  ['Jinja/Ansible variable', 'vars.yml', 'db_password: "{{ vault_db_password }}"\n'],
  ['Python format field', 'conn.py', 'dsn = "postgres://%(user)s:%(password)s@%(host)s/app"\n'],
  ['Anthropic-shaped example', 'README.md', 'ANTHROPIC_API_KEY=sk-ant-api03-abc123...\n'],
  ['AWS documented example key id', 'README.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n'],
  ['AWS documented example secret', 'README.md', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'],
  ['empty PEM block', 'key.pem', '-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n'],
  ['PEM with an ellipsis', 'README.md', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n'],
  ['changeme', 'docker-compose.yml', 'POSTGRES_PASSWORD: changeme\n'],
  ['REPLACE_ME', '.env.example', 'STRIPE_SECRET_KEY=REPLACE_ME\n'],
  ['empty value', '.env.example', 'DB_PASSWORD=\n'],
  ['null value', 'config.json', '{"password": null}\n'],
  ['Azure Key Vault reference', 'appsettings.json', '{"Password": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)"}\n'],
  ['CloudFormation reference', 'template.yaml', 'MasterUserPassword: !Ref DbPassword\n'],
  ['Terraform variable', 'main.tf', 'password = var.db_password\n'],
  ['Docker secret file', 'compose.yml', 'POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n'],
  ['ERB / Ruby interpolation', 'database.yml', 'password: <%= ENV["DB_PASSWORD"] %>\n'],
  ['our own placeholder', 'prompt.txt', 'DB_PASSWORD=[[SECRET_1]]\n'],
  ['Spring property reference', 'application.properties', 'spring.datasource.password=${DB_PASSWORD:}\n'],
  ['dotted placeholder', 'config.yaml', 'api_key: "..."\n'],
  ['x run JWT-like', 'README.md', 'token: eyJxxxxxxxxxxxxxxxxxxxx.eyJxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxx\n'],
  ['zeros IBAN', 'form.txt', 'IBAN : FR00 0000 0000 0000 0000 0000 000\n'],
  ['example e-mail domain', 'README.md', 'Contact: user@example.com\n'],
  ['sample phone', 'README.md', 'Téléphone : 01 23 45 67 89\n'],
];

export function hardNegativeSnippets(r: Random, rounds: number): Snippet[] {
  const out: Snippet[] = [];
  for (let round = 0; round < rounds; round++) for (const [description, path, make] of HARD) out.push({ description, path, content: make(r) });
  return out;
}

export function placeholderSnippets(): Snippet[] {
  return PLACEHOLDERS.map(([description, path, content]) => ({ description, path, content }));
}

/**
 * What must not be flagged: hard negatives (values that look like secrets or personal data and
 * are neither) and placeholders (what documentation and templates write where a secret goes).
 * Each snippet is a whole small file or log excerpt, as it would be pasted.
 */
import type { Snippet } from '../corpus-eval/negatives';
import type { Random } from '../corpus/random';
import { A, ALNUM, b64, cat, timestamp, uuid } from './gens';
import { luhnCheckDigit } from '../corpus/checksums';

export type { Snippet };

/** A number of `length` digits whose Luhn check fails (so neither a card, a SIREN nor a SIRET). */
function luhnFailing(r: Random, length: number): string {
  const payload = r.digits(length - 1, false);
  const good = Number(luhnCheckDigit(payload));
  return payload + String((good + 1 + r.int(0, 8)) % 10);
}

export function hardNegatives(r: Random, rounds: number): Snippet[] {
  const out: Snippet[] = [];
  const add = (description: string, path: string, content: string) => out.push({ description, path, content });
  for (let round = 0; round < rounds; round++) {
    add(
      'git log with commit ids',
      'git.log',
      `commit ${r.chars(A.hex, 40)}\nMerge: ${r.chars(A.hex, 7)} ${r.chars(A.hex, 7)}\nAuthor: CI <ci@localhost>\nDate:   Wed Dec 2 10:12:00 2026 +0100\n\n    fix(facturation): arrondi TVA\n`,
    );
    add('sha256 checksums file', 'SHA256SUMS', `${r.chars(A.hex, 64)}  terraform_1.9.8_linux_amd64.zip\n${r.chars(A.hex, 64)}  terraform_1.9.8_darwin_arm64.zip\n`);
    add(
      'package-lock integrity',
      'package-lock.json',
      `{"node_modules/lodash":{"version":"4.17.21","resolved":"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz","integrity":"sha512-${r.chars(A.base64, 86)}=="}}\n`,
    );
    add('container image digest', 'deploy.yaml', `image: registry.etech-it.fr/crm/api@sha256:${r.chars(A.hex, 64)}\nimagePullPolicy: IfNotPresent\n`);
    add('UUIDs in a log', 'app.log', `${timestamp(r)} INFO tenant=${uuid(r)} user=${uuid(r)} correlation=${uuid(r)} status=200\n`);
    add(
      'numeric ids and durations in a log',
      'worker.log',
      `${timestamp(r)} INFO job=${r.digits(10, false)} order_id=${r.digits(10, false)} bytes=${r.digits(9, false)} elapsed_ns=${r.digits(11, false)} queue=facturation\n`,
    );
    add('epoch milliseconds and counters', 'metrics.txt', `http_requests_total{code="200"} ${r.digits(7, false)} ${'17' + r.digits(11)}\nprocess_start_time_seconds ${'17' + r.digits(8)}\n`);
    add('Luhn-failing 16-digit transaction id', 'payments.log', `${timestamp(r)} payment accepted txn=${luhnFailing(r, 16)} amount=129.90 EUR\n`);
    add('Luhn-failing 14-digit and 9-digit numbers', 'stock.csv', `ref;ean;lot\nA-${r.digits(4)};${luhnFailing(r, 14)};${luhnFailing(r, 9)}\n`);
    add('base64 image in HTML', 'mail.html', `<img alt="logo" src="data:image/png;base64,iVBORw0KGgo${r.chars(A.base64, 400)}=" />\n`);
    add(
      'SSH public key',
      'authorized_keys',
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(A.base64, 43)} jerome@laptop\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.chars(A.base64, 300)} deploy@ci\n`,
    );
    add('X.509 certificate', 'ca.pem', `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 8 }, () => r.chars(A.base64, 64)).join('\n')}\n-----END CERTIFICATE-----\n`);
    add('AWS ARNs and account ids', 'policy.json', `{"Resource":["arn:aws:s3:::etech-backups-${r.digits(12)}/*","arn:aws:iam::${r.digits(12)}:role/ci-deploy"]}\n`);
    add(
      'version strings and build numbers',
      'CHANGELOG.md',
      `## 2.14.${r.int(0, 9)} (build ${r.digits(8, false)})\n- bump spring-boot 3.3.${r.int(0, 9)} -> 3.4.0, node 20.18.1, postgres 16.4.${r.int(0, 9)}\n- version 1.2.3.4567 deployed on 10.12.4.${r.int(1, 250)}\n`,
    );
    add('IBAN-like order references', 'commandes.csv', `reference;montant\nFR-${r.digits(4)}-${r.digits(4)}-${r.digits(4)};120.00\nCMD${r.digits(6)}FR${r.digits(4)};89.90\n`);
    add('MongoDB ObjectIds and ULIDs', 'export.json', `{"_id":{"$oid":"${r.chars(A.hex, 24)}"},"eventId":"01J${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 23)}"}\n`);
    add('CSS colours and hashes in source', 'theme.scss', `$primary: #${r.chars(A.hex, 6)};\n$etag: "${r.chars(A.hex, 32)}";\n`);
    add('bcrypt hash in a seed file', 'seed.sql', `INSERT INTO users (login, password_hash) VALUES ('admin', '$2b$12$${r.chars(ALNUM + './', 53)}');\n`);
    add('Ansible vault ciphertext', 'vault.yml', `db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  ${r.chars(A.hex, 80)}\n  ${r.chars(A.hex, 80)}\n`);
    add('identifiers with token-like prefixes', 'code.ts', `export function sk_live_mode_enabled(): boolean { return false; }\nconst ghp_cache = new Map();\nconst AKIA_PREFIX_LENGTH = 4;\n`);
    add('hex trace and span ids', 'otel.json', `{"traceId":"${r.chars(A.hex, 32)}","spanId":"${r.chars(A.hex, 16)}","parentSpanId":"${r.chars(A.hex, 16)}"}\n`);
    add('Kubernetes resource metadata', 'pod.yaml', `metadata:\n  uid: ${uuid(r)}\n  resourceVersion: "${r.digits(8, false)}"\n  annotations:\n    checksum/config: ${r.chars(A.hex, 64)}\n`);
    add('npm lockfile with tarball hashes', 'yarn.lock', `lodash@^4.17.21:\n  version "4.17.21"\n  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#${r.chars(A.hex, 40)}"\n`);
    add('phone-shaped numbers that are not phones', 'inventory.log', `${timestamp(r)} scanned pallet=${r.digits(10, false)} weight_g=${r.digits(6, false)} zip=75011 dept=33\n`);
    add('Go module sums', 'go.sum', `github.com/stretchr/testify v1.9.0 h1:${r.chars(A.base64, 43)}=\ngithub.com/stretchr/testify v1.9.0/go.mod h1:${r.chars(A.base64, 43)}=\n`);
    add('password policy prose', 'README.md', 'Le mot de passe doit contenir au moins 12 caractères, dont une majuscule et un chiffre.\nThe password field is required; see docs/auth.md.\n');
    add('password field referencing a variable', 'login.ts', 'const password = form.get("password");\nif (!password) throw new Error("password is required");\nawait auth.login(user, password);\n');
    add('JWT header only in docs', 'jwt.md', `A token starts with a header such as ${b64(JSON.stringify({ alg: 'none' })).replace(/=+$/, '')} and has three parts.\n`);
  }
  return out;
}

export function placeholders(): Snippet[] {
  const out: Snippet[] = [];
  const add = (description: string, path: string, content: string) => out.push({ description, path, content });
  add('YOUR_API_KEY_HERE', '.env.example', 'OPENAI_API_KEY=YOUR_API_KEY_HERE\n');
  add('your-secret-here', '.env.example', 'JWT_SECRET=your-secret-here\n');
  add('x runs after a Slack prefix', 'README.md', `export SLACK_BOT_TOKEN=${cat('xo', 'xb-')}xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx\n`);
  add('X runs after a GitHub prefix', 'README.md', `GITHUB_TOKEN=${cat('gh', 'p_')}XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n`);
  add('GitHub Actions secrets reference', 'ci.yml', 'env:\n  DOCKER_PASSWORD: ${{ secrets.DOCKER_PASSWORD }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n');
  add('angle-bracket placeholder', 'docs.md', 'mysql -u root -p<password> -h <host>\ncurl -u <user>:<password> https://nexus/\n');
  add('changeme', 'values.yaml', 'postgresql:\n  auth:\n    password: changeme\n');
  add('changeme?', 'notes.md', 'admin password: changeme? (à vérifier avec le client)\n');
  add('stars', 'config.yaml', 'smtp:\n  password: "********"\n');
  add('hashes', 'config.ini', '[db]\npassword = ##########\n');
  add('user:pass in a URL', 'README.md', 'DATABASE_URL=postgres://user:pass@localhost:5432/app\n');
  add('regex back-references', 'sed.sh', "sed -E 's/^(.*):(.*)$/$1:$2/' users.txt\n");
  add('empty PEM block', 'key.pem', '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n');
  add('PEM with dots', 'README.md', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n');
  add('AWS documented example keys', 'aws.md', `aws_access_key_id = ${cat('AKIA', 'IOSFODNN7', 'EXAMPLE')}\naws_secret_access_key = ${cat('wJalrXUtnFEMI', '/K7MDENG/bPxRfiCY', 'EXAMPLEKEY')}\n`);
  add('Helm template reference', 'secret.yaml', 'data:\n  password: {{ .Values.postgresql.auth.password | b64enc | quote }}\n');
  add('Jinja / Ansible variable', 'vars.yml', 'mysql_root_password: "{{ vault_mysql_root_password }}"\n');
  add('shell variable with default', 'docker-compose.yml', 'environment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-changeme}\n');
  add('Symfony env reference', 'doctrine.yaml', "doctrine:\n  dbal:\n    password: '%env(DATABASE_PASSWORD)%'\n");
  add('ERB reference', 'database.yml', "production:\n  password: <%= ENV['DATABASE_PASSWORD'] %>\n");
  add('Python environment read', 'settings.py', 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDB_PASSWORD = os.getenv("DB_PASSWORD", "")\n');
  add('Node process.env read', 'config.js', 'module.exports = { apiKey: process.env.API_KEY, password: process.env.DB_PASSWORD };\n');
  add('Spring property placeholder', 'application.yml', 'spring:\n  datasource:\n    password: ${DB_PASSWORD}\n');
  add('Terraform variable reference', 'main.tf', 'administrator_login_password = var.sql_admin_password\nclient_secret = data.azurerm_key_vault_secret.sp.value\n');
  add('Azure Key Vault reference', 'appsettings.json', '{"Password": "@Microsoft.KeyVault(SecretUri=https://kv-crm.vault.azure.net/secrets/db-password/)"}\n');
  add('Azure DevOps variable', 'azure-pipelines.yml', 'steps:\n  - script: docker login -u $(REGISTRY_USER) -p $(REGISTRY_PASSWORD) registry\n');
  add('Octopus variable', 'web.config', '<add key="Password" value="#{DbPassword}" />\n');
  add('CloudFormation reference', 'stack.yaml', 'MasterUserPassword: !Ref DbPassword\nApiKey: "{{resolve:secretsmanager:prod/api:SecretString:key}}"\n');
  add('empty and null values', 'config.yaml', 'password: ""\ntoken: null\napi_key: ~\nsecret:\n');
  add('French placeholder', '.env.dist', 'MOT_DE_PASSE=a_renseigner\nMDP=XXXXXXXX\n');
  add('TODO and REPLACE_ME', 'values.yaml', 'apiKey: TODO\nclientSecret: REPLACE_ME\n');
  add('dummy values', 'test.env', 'STRIPE_SECRET_KEY=dummy\nSENTRY_AUTH_TOKEN=fake-token\n');
  add('Anthropic placeholder with abc123', 'README.md', `ANTHROPIC_API_KEY=${cat('sk-', 'ant-')}api03-abc123...\n`);
  add('key named ...TokenHere', 'config.json', '{"token": "InsertYourTokenHere", "apiKey": "PasteYourKeyHere"}\n');
  add('sk-... ellipsis', 'docs.md', 'Set `OPENAI_API_KEY=sk-...` in your shell.\n');
  add('documented JWT example', 'jwt.md', 'Authorization: Bearer <token>\nAuthorization: Basic <base64(user:password)>\n');
  add('netrc template', 'netrc.example', 'machine example.com login <login> password <password>\n');
  add('k8s secret with placeholder data', 'secret.yaml', 'apiVersion: v1\nkind: Secret\nstringData:\n  password: <REPLACE_WITH_PASSWORD>\n');
  add('placeholder in connection string', 'appsettings.json', '{"Default": "Server=.;Database=crm;User Id=sa;Password=<YourStrong@Passw0rd>;"}\n');
  add('webhook placeholder', 'README.md', `SLACK_WEBHOOK=${cat('https://hooks.', 'slack.com/services/')}T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n`);
  add('Teams webhook placeholder', 'README.md', 'https://YOURTENANT.webhook.office.com/webhookb2/<group-id>@<tenant-id>/IncomingWebhook/<id>/<owner>\n');
  add('GitLab CI variable', '.gitlab-ci.yml', 'script:\n  - docker login -u $CI_REGISTRY_USER -p $CI_REGISTRY_PASSWORD $CI_REGISTRY\n');
  add('repeated characters', '.env.example', 'API_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nSECRET=0000000000000000\n');
  add('sample IBAN from documentation', 'docs.md', 'IBAN : FRkk BBBB BGGG GGCC CCCC CCCC CKK (format)\n');
  add('sample phone in docs', 'docs.md', 'Téléphone : 01 XX XX XX XX\n');
  add('base64 of user:pass placeholder', 'README.md', `Authorization: Basic ${b64('user:pass')}\n`);
  add('printf-style placeholder', 'client.py', 'url = "https://%s:%s@api.example.com" % (user, password)\n');
  add('Go template placeholder', 'config.tmpl', 'password = "{{ .Password }}"\n');
  add('Mustache/Handlebars placeholder', 'email.hbs', 'Votre mot de passe temporaire : {{password}}\n');
  add('PowerShell variable', 'deploy.ps1', '$secure = ConvertTo-SecureString $env:ADMIN_PASSWORD -AsPlainText -Force\n');
  return out;
}

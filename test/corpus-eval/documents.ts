/**
 * Realistic files of every type people paste into an AI tool, each with its secrets and personal
 * data labelled: JSON logs, Kubernetes manifests (a `kind: List`, a Secret in JSON), `.env`,
 * Dockerfiles, Docker's config.json, `.netrc`/`.pgpass`, SQL dumps, NuGet XML, HCL, TOML, INI,
 * shell history, CI files. Their shapes follow the public documentation of each tool; the forms
 * of the values follow the fixtures of other scanners (README.md).
 */
import type { Random } from '../corpus/random';
import { Doc, type EvalFile } from './doc';
import { CONTEXT_VALUES as V, TOKEN_FORMATS, type TokenFormat } from './formats';
import { card, email, ibanFr, ibanWritten, nir, nirWritten, phoneFr, siren, sirenWritten, siret, siretWritten } from './pii';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const USERS = ['postgres', 'admin', 'app', 'deploy', 'svc_batch', 'root', 'ci-bot'];
const HOSTS = ['db.prod.internal', 'pg-01.ardoise.lan', 'mysql.example.org', 'cluster0.mongodb.net', 'redis.cache.local'];
const iso = (r: Random) =>
  `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.${r.digits(3)}Z`;

/** Ordinary log lines full of numbers, hashes and ids that are none of the labelled kinds. */
function noiseLine(r: Random): string {
  return r.pick<() => string>([
    () =>
      `{"ts":"${iso(r)}","level":"info","msg":"request done","request_id":"${r.chars('0123456789abcdef', 8)}-${r.chars('0123456789abcdef', 4)}-4${r.chars('0123456789abcdef', 3)}-a${r.chars('0123456789abcdef', 3)}-${r.chars('0123456789abcdef', 12)}","duration_ms":${r.int(1, 9000)},"user_id":${r.digits(10, false)},"status":200}`,
    () => `{"ts":"${iso(r)}","level":"debug","msg":"cache hit","key":"sha256:${r.chars('0123456789abcdef', 64)}","size":${r.int(100, 999999)}}`,
    () => `${iso(r)} INFO  [main] o.s.b.w.e.tomcat.TomcatWebServer : Tomcat started on port ${r.int(1024, 65000)} (http) pid=${r.int(100, 99999)} order=${r.digits(10, false)}`,
    () => `${iso(r)} WARN  [pool-${r.int(1, 9)}] c.e.batch.Job : commit ${r.chars('0123456789abcdef', 40)} took ${r.int(1000, 99999)} ms, rows=${r.digits(9, false)}`,
    () => `# build ${r.digits(7, false)} ref ${r.chars('0123456789abcdef', 7)} timestamp ${r.int(1_700_000_000, 1_800_000_000)}${r.digits(3)}`,
  ])();
}

function noise(doc: Doc, r: Random, lines: number): void {
  for (let i = 0; i < lines; i++) doc.t(noiseLine(r), '\n');
}

/** The environment variable people give a provider's token. */
function envName(format: TokenFormat): string {
  return `${format.family.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_TOKEN`;
}

type Template = { readonly type: string; readonly build: (r: Random, index: number) => EvalFile };

/** Every token format, once per line, under a neutral key: only the format can tell. */
const formatOnlyTemplates: Template[] = [
  {
    type: 'json-log-neutral-key',
    build: (r, i) => {
      const doc = new Doc();
      for (const format of TOKEN_FORMATS) {
        noise(doc, r, 2);
        doc
          .t(`{"ts":"${iso(r)}","level":"info","msg":"setting applied","field":"value","value":"`)
          .s(format.family, format.make(r), true)
          .t('"}\n');
      }
      return doc.build(`logs/app-${i}.jsonl`, 'json-log-neutral-key');
    },
  },
  {
    type: 'yaml-neutral-key',
    build: (r, i) => {
      const doc = new Doc().t('items:\n');
      for (const format of TOKEN_FORMATS)
        doc
          .t(`  - id: ${r.int(1, 9999)}\n    data: `)
          .s(format.family, format.make(r), true)
          .t('\n');
      return doc.build(`config/items-${i}.yaml`, 'yaml-neutral-key');
    },
  },
  {
    type: 'prose',
    build: (r, i) => {
      const doc = new Doc().t('# Notes de migration\n\n');
      for (const format of TOKEN_FORMATS) {
        doc.t(r.pick(['Voici ce que le client nous a envoyé : ', 'Can you check why this fails? ', 'Collé depuis le ticket — ', 'Le script affiche ']));
        doc.s(format.family, format.make(r), true).t(r.pick([' merci.\n', '\n', ' (cf. ticket).\n', ' ?\n']));
      }
      return doc.build(`notes/migration-${i}.md`, 'prose');
    },
  },
  {
    type: 'csv-neutral-column',
    build: (r, i) => {
      const doc = new Doc().t('id;env;data;updated\n');
      for (const format of TOKEN_FORMATS)
        doc
          .t(`${r.int(1, 99999)};prod;`)
          .s(format.family, format.make(r), true)
          .t(`;${iso(r)}\n`);
      return doc.build(`exports/values-${i}.csv`, 'csv-neutral-column');
    },
  },
];

/** Every token format under the name people give it, in .env, shell and code. */
const namedTokenTemplates: Template[] = [
  {
    type: 'dotenv',
    build: (r, i) => {
      const doc = new Doc().t('# generated\nNODE_ENV=production\nPORT=8080\n');
      for (const format of TOKEN_FORMATS) {
        const quote = r.pick(['', '"', "'"]);
        doc
          .t(`${envName(format)}=${quote}`)
          .s(format.family, format.make(r))
          .t(`${quote}\n`);
      }
      return doc.build(`svc-${i}/.env`, 'dotenv');
    },
  },
  {
    type: 'typescript-config',
    build: (r, i) => {
      const doc = new Doc().t('export const config = {\n');
      for (const format of TOKEN_FORMATS) {
        const name = envName(format)
          .toLowerCase()
          .replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
        doc.t(`  ${name}: '`).s(format.family, format.make(r)).t("',\n");
      }
      return doc.t('};\n').build(`src/config-${i}.ts`, 'typescript-config');
    },
  },
];

/** Secrets named by their key, in every syntax the issue lists. */
const contextTemplates: Template[] = [
  {
    type: 'json-one-line',
    build: (r, i) => {
      const doc = new Doc();
      doc
        .t(`{"service":"billing","db": { "user": "${r.pick(USERS)}", "password": "`)
        .s('password', V.password(r))
        .t(`", "host": "${r.pick(HOSTS)}" }}\n`);
      doc.t(`{"smtp":{"host":"smtp.example.fr","username":"noreply","pass":"`).s('password', V.password(r)).t('"}}\n');
      doc.t(`{"name":"DB_PASSWORD","value":"`).s('password', V.password(r)).t('"}\n');
      return doc.build(`config/settings-${i}.json`, 'json-one-line');
    },
  },
  {
    type: 'shell-history',
    build: (r, i) => {
      const doc = new Doc();
      doc
        .t(`  ${r.int(100, 999)}  export PGPASSWORD='`)
        .s('password', V.password(r))
        .t(`'\n  ${r.int(100, 999)}  psql -h ${r.pick(HOSTS)} -U app\n`);
      doc
        .t(`  ${r.int(100, 999)}  echo "`)
        .s('password', V.password(r))
        .t('" | docker login registry.gitlab.com -u ci --password-stdin\n');
      doc
        .t(`  ${r.int(100, 999)}  docker login -u admin -p `)
        .s('password', V.password(r))
        .t(' registry.example.com\n');
      doc
        .t(`  ${r.int(100, 999)}  sshpass -p '`)
        .s('password', V.password(r))
        .t(`' ssh deploy@${r.pick(HOSTS)}\n`);
      doc
        .t(`  ${r.int(100, 999)}  mysql -u root --password=`)
        .s('password', V.password(r))
        .t(' shop\n');
      doc
        .t(`  ${r.int(100, 999)}  curl -u admin:`)
        .s('password', V.password(r))
        .t(' https://jenkins.example.org/api/json\n');
      doc
        .t(`  ${r.int(100, 999)}  redis-cli -a `)
        .s('password', V.password(r))
        .t(' ping\n');
      return doc.build(`home-${i}/.bash_history`, 'shell-history');
    },
  },
  {
    type: 'django-settings',
    build: (r, i) => {
      const doc = new Doc().t('import os\n\nDEBUG = False\n');
      doc.t("SECRET_KEY = '").s('django-secret-key', V.djangoKey(r)).t("'\n");
      doc.t(`DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "USER": "app", "PASSWORD": "`).s('password', V.password(r)).t('"}}\n');
      return doc.build(`project-${i}/settings.py`, 'django-settings');
    },
  },
  {
    type: 'compose-exec-array',
    build: (r, i) => {
      const doc = new Doc().t('services:\n  cache:\n    image: redis:7\n    command: ["redis-server", "--requirepass", "').s('password', V.password(r)).t('"]\n');
      doc.t('  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ').s('password', V.password(r)).t('\n');
      return doc.build(`stack-${i}/docker-compose.yml`, 'compose-exec-array');
    },
  },
  {
    type: 'nuget-xml',
    build: (r, i) => {
      const doc = new Doc().t(
        '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSourceCredentials>\n    <Private>\n      <add key="Username" value="build" />\n      <add key="ClearTextPassword" value="',
      );
      doc.s('password', V.password(r)).t('" />\n    </Private>\n  </packageSourceCredentials>\n</configuration>\n');
      return doc.build(`repo-${i}/NuGet.Config`, 'nuget-xml');
    },
  },
  {
    type: 'named-hex-key',
    build: (r, i) => {
      const doc = new Doc();
      doc.t('AOAI_ENDPOINT = "https://ardoise-oai.openai.azure.com/"\nAOAI_KEY = "').s('azure-openai-key', V.hex32(r)).t('"\n');
      doc.t('DD_API_KEY=').s('datadog', V.hex32(r)).t('\nDD_APP_KEY=').s('datadog', V.hex40(r)).t('\n');
      doc.t('CLOUDFLARE_API_TOKEN=').s('cloudflare', V.cloudflareToken(r)).t('\n');
      doc.t('OKTA_API_TOKEN=').s('okta', V.oktaToken(r)).t('\n');
      return doc.build(`scripts-${i}/azure.env`, 'named-hex-key');
    },
  },
  {
    type: 'okta-header',
    build: (r, i) =>
      new Doc().t(`curl -s https://ardoise.okta.com/api/v1/users -H "Accept: application/json" -H "Authorization: SSWS `).s('okta', V.oktaToken(r)).t('"\n').build(`ops-${i}/okta.sh`, 'okta-header'),
  },
  {
    type: 'webhooks-in-code',
    build: (r, i) => {
      const doc = new Doc();
      for (const family of ['teams-webhook', 'slack-webhook', 'discord-webhook']) {
        const format = TOKEN_FORMATS.find((f) => f.family === family) as TokenFormat;
        doc
          .t(`const ${family.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())} = "`)
          .s(family, format.make(r))
          .t('";\n');
      }
      return doc.build(`notify-${i}/hooks.js`, 'webhooks-in-code');
    },
  },
  {
    type: 'docker-config-json',
    build: (r, i) => {
      const doc = new Doc().t('{\n  "auths": {\n    "registry.gitlab.com": {\n      "auth": "');
      doc.s('docker-auth', b64(`${r.pick(USERS)}:${V.password(r)}`)).t('"\n    }\n  }\n}\n');
      return doc.build(`home-${i}/.docker/config.json`, 'docker-config-json');
    },
  },
  {
    type: 'basic-auth-log',
    build: (r, i) => {
      const doc = new Doc();
      noise(doc, r, 3);
      doc
        .t(`${iso(r)} DEBUG http.client : > GET /api/v2/orders HTTP/1.1\n${iso(r)} DEBUG http.client : > Authorization: Basic `)
        .s('basic-auth', b64(`${r.pick(USERS)}:${V.password(r)}`))
        .t('\n');
      noise(doc, r, 3);
      return doc.build(`logs/http-${i}.log`, 'basic-auth-log');
    },
  },
  {
    type: 'k8s-secret-yaml',
    build: (r, i) => {
      // Every value of a Secret's data is masked, its user name too.
      const doc = new Doc()
        .t('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n  namespace: prod\ntype: Opaque\ndata:\n  username: ')
        .s('kubernetes-secret', b64(r.pick(USERS)))
        .t('\n  password: ');
      doc
        .s('kubernetes-secret', b64(V.password(r)))
        .t('\nstringData:\n  api-key: ')
        .s('kubernetes-secret', V.password(r))
        .t('\n');
      return doc.build(`k8s-${i}/secret.yaml`, 'k8s-secret-yaml');
    },
  },
  {
    type: 'k8s-list',
    build: (r, i) => {
      const doc = new Doc().t(
        'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: app\n    data:\n      LOG_LEVEL: info\n  - apiVersion: v1\n    kind: "Secret"\n    metadata:\n      name: tls\n    data:\n      token: ',
      );
      doc.s('kubernetes-secret', b64(V.password(r) + V.password(r))).t('\n');
      return doc.build(`k8s-${i}/all.yaml`, 'k8s-list');
    },
  },
  {
    type: 'k8s-secret-json',
    build: (r, i) => {
      const doc = new Doc().t('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"app"},"type":"Opaque","data":{"DB_PASSWORD":"');
      doc.s('kubernetes-secret', b64(V.password(r))).t('"}}\n');
      return doc.build(`k8s-${i}/secret.json`, 'k8s-secret-json');
    },
  },
  {
    type: 'dockerconfigjson',
    build: (r, i) => {
      const auth = b64(`${r.pick(USERS)}:${V.password(r)}`);
      const doc = new Doc().t('apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ');
      doc.s('docker-auth', b64(JSON.stringify({ auths: { 'ghcr.io': { auth } } }))).t('\n');
      return doc.build(`k8s-${i}/regcred.yaml`, 'dockerconfigjson');
    },
  },
  {
    type: 'k8s-env-list',
    build: (r, i) => {
      const doc = new Doc().t(
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/ardoise/api:1.4.2\n          env:\n            - name: LOG_LEVEL\n              value: debug\n            - name: DB_PASSWORD\n              value: "',
      );
      doc.s('password', V.password(r)).t('"\n            - name: SPRING_DATASOURCE_PASSWORD\n              value: ').s('password', V.password(r)).t('\n');
      return doc.build(`k8s-${i}/deployment.yaml`, 'k8s-env-list');
    },
  },
  {
    type: 'ecs-task',
    build: (r, i) => {
      const doc = new Doc().t('{"family":"api","containerDefinitions":[{"name":"api","environment":[{"name":"STAGE","value":"prod"},{"name":"API_SECRET","value":"');
      doc.s('password', V.password(r)).t('"}]}]}\n');
      return doc.build(`ecs-${i}/task.json`, 'ecs-task');
    },
  },
  {
    type: 'dockerfile',
    build: (r, i) => {
      const doc = new Doc()
        .t('FROM node:22-alpine\nWORKDIR /app\nENV NODE_ENV=production\nENV DB_PASSWORD=')
        .s('password', V.password(r))
        .t('\nENV API_KEY ')
        .s('password', V.password(r))
        .t('\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n');
      return doc.build(`svc-${i}/Dockerfile`, 'dockerfile');
    },
  },
  {
    type: 'netrc-pgpass',
    build: (r, i) => {
      const doc = new Doc().t('machine api.heroku.com login ').p('email', email(r)).t(' password ').s('password', V.password(r)).t('\n');
      doc
        .t(`${r.pick(HOSTS)}:5432:billing:app:`)
        .s('password', V.password(r))
        .t('\n');
      return doc.build(`home-${i}/.netrc`, 'netrc-pgpass');
    },
  },
  {
    type: 'sql-dump',
    build: (r, i) => {
      const doc = new Doc().t("-- MySQL dump 10.13\nCREATE USER 'report'@'%' IDENTIFIED BY '").s('password', V.password(r)).t("';\n");
      doc.t('INSERT INTO `fournisseurs` (`id`, `raison_sociale`, `siren`, `siret`, `email`, `telephone`, `iban`) VALUES\n');
      for (let row = 0; row < 6; row++) {
        const s = siret(r);
        doc
          .t(`(${row + 1}, 'Société ${r.pick(['Durand', 'Lefèvre', 'Moreau', 'Gauthier'])} SARL', '`)
          .p('siren', s.slice(0, 9))
          .t("', '")
          .p('siret', s)
          .t("', '")
          .p('email', email(r))
          .t("', '")
          .p('phone', phoneFr(r))
          .t("', '");
        const iban = ibanFr(r);
        doc.p('iban', r.bool() ? iban : ibanWritten(r, iban)).t(`')${row === 5 ? ';' : ','}\n`);
      }
      return doc.build(`dumps/fournisseurs-${i}.sql`, 'sql-dump');
    },
  },
  {
    type: 'hcl',
    build: (r, i) => {
      const doc = new Doc().t('resource "azurerm_mssql_server" "main" {\n  name                         = "sql-prod"\n  administrator_login          = "sqladmin"\n  administrator_login_password = "');
      doc
        .s('password', V.password(r))
        .t('"\n}\n\ncredentials "app.terraform.io" {\n  token = "')
        .s('terraform-cloud', (TOKEN_FORMATS.find((f) => f.family === 'terraform-cloud') as TokenFormat).make(r))
        .t('"\n}\n');
      return doc.build(`infra-${i}/main.tf`, 'hcl');
    },
  },
  {
    type: 'toml',
    build: (r, i) => {
      const doc = new Doc()
        .t('[server]\nport = 8080\n\n[database]\nurl = "postgres://app:')
        .s('password', V.password(r))
        .t(`@${r.pick(HOSTS)}:5432/app"\npassword = "`)
        .s('password', V.password(r))
        .t('"\n');
      return doc.build(`app-${i}/config.toml`, 'toml');
    },
  },
  {
    type: 'ini',
    build: (r, i) => {
      const doc = new Doc()
        .t('[default]\naws_access_key_id = ')
        .s('aws-access-key-id', (TOKEN_FORMATS[0] as TokenFormat).make(r))
        .t('\naws_secret_access_key = ')
        .s('aws-secret-access-key', V.awsSecret(r))
        .t('\nregion = eu-west-3\n');
      doc.t('\n[mysql]\nuser=backup\npassword=').s('password', V.password(r)).t('\n');
      return doc.build(`home-${i}/.aws/credentials`, 'ini');
    },
  },
  {
    type: 'connection-strings',
    build: (r, i) => {
      const doc = new Doc();
      doc
        .t('DATABASE_URL=postgresql://app:')
        .s('password', V.password(r))
        .t(`@${r.pick(HOSTS)}:5432/app?sslmode=require\n`);
      doc.t('MONGO_URI=mongodb+srv://svc:').s('password', V.password(r)).t('@cluster0.ab1cd.mongodb.net/prod\n');
      doc.t('"ConnectionStrings": { "Default": "Server=tcp:sql-prod.database.windows.net,1433;Database=app;User Id=sa;Password=').s('password', V.password(r)).t(';Encrypt=True;" }\n');
      doc.t('spring.datasource.url=jdbc:mysql://mysql.example.org:3306/shop?user=shop&password=').s('password', V.password(r)).t('\n');
      doc.t('AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=stprod;AccountKey=').s('azure-storage-key', V.azureStorageKey(r)).t(';EndpointSuffix=core.windows.net"\n');
      doc.t('REDIS_URL=redis://:').s('password', V.password(r)).t('@redis.cache.local:6379/0\n');
      return doc.build(`svc-${i}/.env.production`, 'connection-strings');
    },
  },
  {
    type: 'url-tokens',
    build: (r, i) => {
      const doc = new Doc();
      doc
        .t(`${iso(r)} GET /oauth/callback?state=xyz&access_token=`)
        .s('access-token', V.accessToken(r))
        .t(' 302\n');
      doc
        .t('https://stprod.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31T00:00:00Z&sig=')
        .s('azure-sas', encodeURIComponent(Buffer.from(r.bytes(32)).toString('base64')))
        .t('\n');
      return doc.build(`logs/access-${i}.log`, 'url-tokens');
    },
  },
  {
    type: 'ci-workflow',
    build: (r, i) => {
      const sonar = TOKEN_FORMATS.find((f) => f.family === 'sonar') as TokenFormat;
      const doc = new Doc()
        .t('name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n      SONAR_TOKEN: ')
        .s('sonar', sonar.make(r))
        .t('\n      DEPLOY_PASSWORD: ')
        .s('password', V.password(r))
        .t('\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo "${{ secrets.DEPLOY_KEY }}" > key\n');
      return doc.build(`repo-${i}/.github/workflows/ci.yml`, 'ci-workflow');
    },
  },
  {
    type: 'french-and-suffixed-keys',
    build: (r, i) => {
      const doc = new Doc();
      doc.t('mot_de_passe: ').s('password', V.password(r)).t('\n');
      doc.t('mdp = "').s('password', V.password(r)).t('"\n');
      doc.t('const motDePasse = "').s('password', V.password(r)).t('";\n');
      doc.t('DB_PASSWORD_PROD=').s('password', V.password(r)).t('\n');
      doc.t('PASSWORD2=').s('password', V.password(r)).t('\n');
      doc
        .t('SECRET_KEY_BASE=')
        .s('rails-secret-key-base', V.hex40(r) + V.hex40(r) + V.hex40(r) + V.hex32(r).slice(0, 8))
        .t('\n');
      return doc.build(`conf-${i}/app.env`, 'french-and-suffixed-keys');
    },
  },
  {
    type: 'yaml-block-scalar',
    build: (r, i) => new Doc().t('ldap:\n  bind_dn: cn=svc,dc=example,dc=fr\n  password: |\n    ').s('password', V.password(r)).t('\n  timeout: 5\n').build(`conf-${i}/ldap.yml`, 'yaml-block-scalar'),
  },
  {
    type: 'obfuscated-key',
    build: (r, i) => {
      const github = TOKEN_FORMATS.find((f) => f.family === 'github') as TokenFormat;
      const value = github.make(r);
      const withZwsp = `${value.slice(0, 10)}\u200b${value.slice(10)}`;
      const doc = new Doc().t('token: ').s('github', withZwsp, true).t('\n');
      // A Cyrillic "а" in place of a Latin "a" inside a password's key name.
      doc.t('p\u0430ssword: ').s('password', V.password(r)).t('\n');
      return doc.build(`paste-${i}/snippet.yml`, 'obfuscated-key');
    },
  },
  {
    type: 'private-keys',
    build: (r, i) => {
      const doc = new Doc();
      const body = (lines: number) => Array.from({ length: lines }, () => Buffer.from(r.bytes(48)).toString('base64')).join('\n');
      doc
        .t('Voici la clé :\n')
        .s('private-key', `-----BEGIN RSA PRIVATE KEY-----\n${body(12)}\n-----END RSA PRIVATE KEY-----`)
        .t('\n\n');
      doc.s('private-key', `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${body(8)}\n-----END OPENSSH PRIVATE KEY-----`).t('\n\n');
      doc.s('private-key', `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key-20260101"\n${body(10)}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----`).t('\n\n');
      doc
        .s(
          'private-key',
          `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20260101\nPublic-Lines: 2\n${body(2)}\nPrivate-Lines: 1\n${body(1)}\nPrivate-MAC: ${r.chars('0123456789abcdef', 64)}`,
        )
        .t('\n\n');
      const ec = `-----BEGIN EC PRIVATE KEY-----\n${body(3)}\n-----END EC PRIVATE KEY-----`;
      doc.t('> ').s('private-key', ec.replace(/\n/g, '\n> ')).t('\n');
      return doc.build(`keys-${i}/keys.txt`, 'private-keys');
    },
  },
  {
    type: 'gcp-service-account',
    build: (r, i) => {
      const lines = Array.from({ length: 10 }, () => Buffer.from(r.bytes(48)).toString('base64')).join('\\n');
      const doc = new Doc().t(`{\n  "type": "service_account",\n  "project_id": "ardoise-prod",\n  "private_key_id": "${r.chars('0123456789abcdef', 40)}",\n  "private_key": "`);
      doc.s('private-key', `-----BEGIN PRIVATE KEY-----\\n${lines}\\n-----END PRIVATE KEY-----\\n`).t('",\n  "client_email": "').p('email', 'deploy@ardoise-prod.iam.gserviceaccount.com').t('"\n}\n');
      return doc.build(`gcp-${i}/sa.json`, 'gcp-service-account');
    },
  },
  {
    type: 'sentence-password',
    build: (r, i) => {
      const doc = new Doc();
      doc
        .t('DB_PASSWORD="')
        .s('password', `${r.pick(['le chat', 'mon velo', 'la plage'])} ${r.pick(['mange', 'roule', 'brille'])} ${r.digits(3)} fois`)
        .t('"\n');
      doc
        .t('ADMIN_PASSWORD=')
        .s('password', `EXAMPLE${r.digits(4)}${r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ', 4)}!`)
        .t('\n');
      return doc.build(`conf-${i}/.env`, 'sentence-password');
    },
  },
];

/** Personal data in prose, logs and exports (Presidio's test sentences gave the phrasings). */
const piiTemplates: Template[] = [
  {
    type: 'pii-prose',
    build: (r, i) => {
      const doc = new Doc();
      doc
        .t('Bonjour, mon numéro de sécurité sociale est ')
        .p('nir', nirWritten(r, nir(r)))
        .t(' et mon IBAN ')
        .p('iban', ((v) => ibanWritten(r, v))(ibanFr(r)))
        .t('.\n');
      doc.t('Vous pouvez me joindre au ').p('phone', phoneFr(r)).t(' ou par mail à ').p('email', email(r)).t('.\n');
      doc.t('My credit card number is ').p('payment-card', card(r)).t(' and it expires next year.\n');
      doc
        .t('Entreprise immatriculée sous le SIREN ')
        .p('siren', sirenWritten(r, siren(r)))
        .t(', établissement SIRET ')
        .p('siret', siretWritten(r, siret(r)))
        .t('.\n');
      return doc.build(`tickets/ticket-${i}.txt`, 'pii-prose');
    },
  },
  {
    type: 'pii-json-log',
    build: (r, i) => {
      const doc = new Doc();
      for (let n = 0; n < 6; n++) {
        noise(doc, r, 2);
        doc
          .t(`{"ts":"${iso(r)}","level":"info","msg":"customer updated","customer":{"email":"`)
          .p('email', email(r))
          .t('","phone":"')
          .p('phone', phoneFr(r))
          .t('"}}\n');
      }
      return doc.build(`logs/crm-${i}.jsonl`, 'pii-json-log');
    },
  },
  {
    type: 'pii-csv',
    build: (r, i) => {
      const doc = new Doc().t('nom;prenom;email;telephone;nir;iban;carte\n');
      for (let n = 0; n < 5; n++) {
        doc
          .t(`${r.pick(['Martin', 'Bernard', 'Thomas', 'Petit'])};${r.pick(['Julie', 'Paul', 'Anaïs'])};`)
          .p('email', email(r))
          .t(';')
          .p('phone', phoneFr(r))
          .t(';')
          .p('nir', nirWritten(r, nir(r)))
          .t(';')
          .p('iban', ibanWritten(r, ibanFr(r)))
          .t(';')
          .p('payment-card', card(r))
          .t('\n');
      }
      return doc.build(`exports/clients-${i}.csv`, 'pii-csv');
    },
  },
];

export const TEMPLATES: readonly Template[] = [...formatOnlyTemplates, ...namedTokenTemplates, ...contextTemplates, ...piiTemplates];

/** Forms of the list that the templates above do not write yet: each a file of its own. */
const everydayForms: Template[] = [
  {
    type: 'k8s-secret-in-diff',
    build: (r, i) => {
      const doc = new Doc().t(
        'diff --git a/k8s/secret.yaml b/k8s/secret.yaml\n--- a/k8s/secret.yaml\n+++ b/k8s/secret.yaml\n@@ -1,6 +1,7 @@\n apiVersion: v1\n kind: Secret\n metadata:\n   name: api\n data:\n-  token: ',
      );
      doc
        .s('kubernetes-secret', b64(V.password(r)))
        .t('\n+  token: ')
        .s('kubernetes-secret', b64(V.password(r)))
        .t('\n');
      return doc.build(`review-${i}/secret.diff`, 'k8s-secret-in-diff');
    },
  },
  {
    type: 'pii-wrapped-and-spaced',
    build: (r, i) => {
      const iban = ibanFr(r);
      const groups = iban.match(/.{1,4}/g) ?? [iban];
      const doc = new Doc()
        .t('Coordonnées bancaires du fournisseur :\nIBAN ')
        .p('iban', `${groups.slice(0, 4).join(' ')}\n     ${groups.slice(4).join(' ')}`)
        .t('\n');
      const n = nir(r);
      doc
        .t('N° sécu : ')
        .p('nir', `${n.slice(0, 1)}  ${n.slice(1, 3)}  ${n.slice(3, 5)}  ${n.slice(5, 7)}  ${n.slice(7, 10)}  ${n.slice(10, 13)}  ${n.slice(13)}`)
        .t('\n');
      doc.t('Tél. : ').p('phone', phoneFr(r)).t(' — portable : ').p('phone', phoneFr(r)).t('\n');
      doc.t('Carte : ').p('payment-card', card(r)).t('\n');
      return doc.build(`tickets/fournisseur-${i}.txt`, 'pii-wrapped-and-spaced');
    },
  },
  {
    type: 'dockercfg-and-aws-profile',
    build: (r, i) => {
      const doc = new Doc()
        .t('{"https://index.docker.io/v1/":{"auth":"')
        .s('docker-auth', b64(`deploy:${V.password(r)}`))
        .t('","email":"')
        .p('email', email(r))
        .t('"}}\n');
      return doc.build(`home-${i}/.dockercfg`, 'dockercfg-and-aws-profile');
    },
  },
  {
    type: 'properties',
    build: (r, i) => {
      const doc = new Doc()
        .t('spring.datasource.username=app\nspring.datasource.password=')
        .s('password', V.password(r))
        .t('\nspring.mail.password = ')
        .s('password', V.password(r))
        .t('\napp.jwt.secret=')
        .s('password', V.hex40(r))
        .t('\n');
      return doc.build(`svc-${i}/src/main/resources/application.properties`, 'properties');
    },
  },
  {
    type: 'json-log-authorization',
    build: (r, i) => {
      const doc = new Doc();
      const github = TOKEN_FORMATS.find((f) => f.family === 'github') as TokenFormat;
      noise(doc, r, 2);
      doc
        .t(`{"ts":"${iso(r)}","level":"debug","msg":"outgoing request","headers":{"Authorization":"Bearer `)
        .s('github', github.make(r))
        .t('","Accept":"application/json"}}\n');
      doc
        .t(`{"ts":"${iso(r)}","level":"debug","msg":"outgoing request","headers":{"X-Api-Key":"`)
        .s('password', V.password(r) + V.hex32(r))
        .t('"}}\n');
      noise(doc, r, 2);
      return doc.build(`logs/gateway-${i}.jsonl`, 'json-log-authorization');
    },
  },
];

export const ALL_TEMPLATES: readonly Template[] = [...TEMPLATES, ...everydayForms];

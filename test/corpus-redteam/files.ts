/**
 * Realistic files of a French IT services company's projects (cloud, DevOps, client work), each
 * built with its labels: every secret and every piece of personal data is written through
 * `Doc.s`/`Doc.p`, at the offset where it stands, so the labels are exact.
 */
import { Doc, type EvalFile } from '../corpus-eval/doc';
import type { Random } from '../corpus/random';
import { A, ALNUM, b64, cat, host, password, timestamp, username, uuid } from './gens';
import { card, email, ibanFr, NBSP, nir, person, PHONE_FORMS, phoneDigits, siren, siret, writeCard, writeIban, writeNir, writePhone, writeSiren, writeSiret } from './pii';
import { CONTEXTUAL_SECRETS, pemBody, TOKEN_FORMATS, type TokenFormat } from './tokens';

export interface Template {
  readonly type: string;
  readonly build: (r: Random, index: number) => EvalFile;
}

const token = (r: Random): TokenFormat => r.pick(TOKEN_FORMATS);
const contextual = (r: Random) => r.pick(CONTEXTUAL_SECRETS);
const PW = 'password';

/** Writes `label<sep>` then a labelled phone number, the `(` of the `(+33)` form before it. */
function phone(d: Doc, r: Random): Doc {
  const form = r.pick(PHONE_FORMS);
  if (form === 'intl-paren') d.t('(');
  return d.p('phone', writePhone(phoneDigits(r), form));
}

const dockerCompose: Template = {
  type: 'docker-compose',
  build: (r, i) => {
    const d = new Doc();
    d.t('services:\n  db:\n    image: postgres:16.4-alpine@sha256:', r.chars(A.hex, 64), '\n    environment:\n      POSTGRES_USER: ', username(r), '\n      POSTGRES_PASSWORD: ');
    d.s(PW, password(r));
    d.t('\n  mysql:\n    image: mysql:8.4\n    environment:\n      - MYSQL_DATABASE=crm\n      - MYSQL_ROOT_PASSWORD=').s(PW, password(r, 'url'));
    d.t('\n      - "MYSQL_PASSWORD=').s(PW, password(r, 'url')).t('"\n');
    d.t('  cache:\n    image: redis:7.2\n    command: ["redis-server", "--appendonly", "yes", "--requirepass", "').s(PW, password(r)).t('"]\n');
    d.t('  broker:\n    image: rabbitmq:3-management\n    environment:\n      RABBITMQ_DEFAULT_USER: admin\n      RABBITMQ_DEFAULT_PASS: "').s(PW, password(r)).t('"\n');
    d.t('  api:\n    build: .\n    environment:\n      DATABASE_URL: postgres://app:').s('connection-string', password(r, 'url')).t('@db:5432/app\n');
    const t = token(r);
    d.t(`      ${t.envName}: `).s(t.family, t.make(r)).t('\n    ports:\n      - "8080:8080"\n');
    return d.build(`projets/client-${i}/docker-compose.yml`, 'docker-compose');
  },
};

const k8sSecretYaml: Template = {
  type: 'k8s-secret-yaml',
  build: (r, i) => {
    const d = new Doc();
    d.t('apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-secrets\n  namespace: recette\ntype: Opaque\ndata:\n  DB_USER: ', b64(username(r)), '\n  DB_PASSWORD: ');
    d.s('k8s-secret-data', b64(password(r)));
    d.t('\n  API_KEY: ').s('k8s-secret-data', b64(r.chars(ALNUM, 40)));
    d.t('\nstringData:\n  SMTP_PASSWORD: "').s(PW, password(r)).t('"\n  config.yaml: |\n    smtp:\n      host: smtp.office365.com\n      user: noreply@etech-it.fr\n');
    return d.build(`k8s/recette/secret-${i}.yaml`, 'k8s-secret-yaml');
  },
};

const k8sSecretJson: Template = {
  type: 'k8s-secret-json',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      '{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": { "name": "pg-credentials", "namespace": "prod" },\n  "type": "Opaque",\n  "data": {\n    "username": "',
      b64(username(r)),
      '",\n    "password": "',
    );
    d.s('k8s-secret-data', b64(password(r)));
    d.t('",\n    "token": "')
      .s('k8s-secret-data', b64(r.chars(ALNUM, 32)))
      .t('"\n  }\n}\n');
    return d.build(`k8s/prod/pg-credentials-${i}.json`, 'k8s-secret-json');
  },
};

const k8sList: Template = {
  type: 'k8s-list',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: app-config\n  data:\n    LOG_LEVEL: info\n    REVISION: ',
      r.chars(A.hex, 40),
      '\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: app-secrets\n  data:\n    ',
    );
    d.t('REDIS_PASSWORD: ')
      .s('k8s-secret-data', b64(password(r)))
      .t('\n    ');
    d.t('SECRET_KEY_BASE: ')
      .s('k8s-secret-data', b64(r.chars(A.hex, 64)))
      .t('\n');
    return d.build(`k8s/list-${i}.yaml`, 'k8s-list');
  },
};

const k8sDiff: Template = {
  type: 'k8s-secret-diff',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      `diff --git a/deploy/secret.yaml b/deploy/secret.yaml\nindex ${r.chars(A.hex, 7)}..${r.chars(A.hex, 7)} 100644\n--- a/deploy/secret.yaml\n+++ b/deploy/secret.yaml\n@@ -4,6 +4,7 @@ kind: Secret\n metadata:\n   name: keycloak\n data:\n-  KEYCLOAK_ADMIN_PASSWORD: `,
    );
    d.s('k8s-secret-data', b64(password(r)));
    d.t('\n+  KEYCLOAK_ADMIN_PASSWORD: ').s('k8s-secret-data', b64(password(r)));
    d.t('\n+  KC_DB_PASSWORD: ')
      .s('k8s-secret-data', b64(password(r)))
      .t('\n   KC_DB_USERNAME: ', b64('keycloak'), '\n');
    return d.build(`patches/keycloak-${i}.diff`, 'k8s-secret-diff');
  },
};

const k8sQuotedKind: Template = {
  type: 'k8s-quoted-kind',
  build: (r, i) => {
    const d = new Doc();
    d.t(`---\napiVersion: "v1"\nkind: "Secret"\nmetadata:\n  name: 'sonar-db'\ndata:\n  "jdbc-password": "`);
    d.s('k8s-secret-data', b64(password(r)))
      .t("\"\n---\napiVersion: v1\nkind: 'Secret'\nmetadata: {name: ldap}\ndata: {bindPassword: ")
      .s('k8s-secret-data', b64(password(r)))
      .t('}\n');
    return d.build(`k8s/sonar-${i}.yaml`, 'k8s-quoted-kind');
  },
};

const dockerConfigJson: Template = {
  type: 'dockerconfigjson',
  build: (r, i) => {
    const d = new Doc();
    const inner = JSON.stringify({ auths: { 'registry.gitlab.com': { username: 'gitlab-ci-token', password: password(r), auth: b64(`deploy:${password(r)}`) } } });
    d.t('apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ').s('docker-auth', b64(inner)).t('\n');
    d.t('---\n# ~/.docker/config.json du runner\n# {\n#   "auths": {\n#     "harbor.etech-it.fr": { "auth": "')
      .s('docker-auth', b64(`robot$ci:${password(r, 'url')}`))
      .t('" }\n#   }\n# }\n');
    return d.build(`k8s/regcred-${i}.yaml`, 'dockerconfigjson');
  },
};

const k8sDeploymentEnv: Template = {
  type: 'k8s-env-list',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: facturation\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.etech-it.fr/facturation:2.14.0\n          env:\n            - name: SPRING_PROFILES_ACTIVE\n              value: prod\n            - name: SPRING_DATASOURCE_PASSWORD\n              value: "',
    );
    d.s(PW, password(r)).t('"\n            - name: PAYPLUG_SECRET_KEY\n              value: ').s('generic-api-key', r.chars(ALNUM, 40)).t('\n');
    const t = token(r);
    d.t(`            - {name: ${t.envName}, value: "`).s(t.family, t.make(r)).t('"}\n            - name: DB_HOST\n              valueFrom:\n                secretKeyRef: {name: db, key: host}\n');
    return d.build(`k8s/facturation-deploy-${i}.yaml`, 'k8s-env-list');
  },
};

const ecsTask: Template = {
  type: 'ecs-task-definition',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      '{"family":"portail-client","containerDefinitions":[{"name":"web","image":"123456789012.dkr.ecr.eu-west-3.amazonaws.com/portail:1.8.2","environment":[{"name":"NODE_ENV","value":"production"},{"name":"DB_PASSWORD","value":"',
    );
    d.s(PW, password(r))
      .t('"},{"name":"SESSION_SECRET","value":"')
      .s('app-secret', r.chars(A.hex, 64))
      .t('"}],"secrets":[{"name":"STRIPE_KEY","valueFrom":"arn:aws:secretsmanager:eu-west-3:123456789012:secret:stripe-Ab12Cd"}]}]}\n');
    return d.build(`aws/ecs/portail-${i}.json`, 'ecs-task-definition');
  },
};

const helmValues: Template = {
  type: 'helm-values',
  build: (r, i) => {
    const d = new Doc();
    d.t('global:\n  imageRegistry: registry.etech-it.fr\npostgresql:\n  enabled: true\n  auth:\n    username: app\n    password: ')
      .s(PW, password(r))
      .t('\n    postgresPassword: "')
      .s(PW, password(r))
      .t('"\n');
    d.t("redis:\n  auth:\n    enabled: true\n    password: '").s(PW, password(r)).t("'\n");
    d.t('keycloak:\n  admin:\n    password: |\n      ').s('block-scalar', password(r)).t('\n  smtp:\n    password: >-\n      ').s('block-scalar', password(r)).t('\n');
    d.t('minio:\n  rootUser: minioadmin\n  rootPassword: "')
      .s('folded-yaml', cat(password(r, 'random'), '\n    ', password(r, 'random')))
      .t('"\n');
    d.t('ingress:\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt-prod\n');
    return d.build(`charts/crm/values-prod-${i}.yaml`, 'helm-values');
  },
};

const terraform: Template = {
  type: 'terraform',
  build: (r, i) => {
    const d = new Doc();
    d.t('provider "azurerm" {\n  features {}\n  subscription_id = "', uuid(r), '"\n  tenant_id       = "', uuid(r), '"\n  client_id       = "', uuid(r), '"\n  client_secret   = "');
    d.s('azure-ad-client-secret', (TOKEN_FORMATS.find((f) => f.family === 'azure-ad-client-secret') as TokenFormat).make(r)).t('"\n}\n\n');
    d.t('resource "azurerm_mssql_server" "main" {\n  name                         = "sql-crm-prod"\n  administrator_login          = "sqladmin"\n  administrator_login_password = "')
      .s(PW, password(r))
      .t('"\n}\n\n');
    d.t('variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "').s(PW, password(r)).t('"\n}\n\n');
    d.t('provider "scaleway" {\n  access_key = "')
      .s('scaleway', (TOKEN_FORMATS.find((f) => f.family === 'scaleway') as TokenFormat).make(r))
      .t('"\n  secret_key = "')
      .s('scaleway', uuid(r))
      .t('"\n  zone       = "fr-par-1"\n}\n');
    d.t('locals { tags = { owner = "equipe-devops", commit = "', r.chars(A.hex, 40), '" } }\n');
    return d.build(`infra/terraform/main-${i}.tf`, 'terraform');
  },
};

const tfvars: Template = {
  type: 'tfvars',
  build: (r, i) => {
    const d = new Doc();
    d.t('environment = "prod"\nregion      = "francecentral"\ndb_admin_password = "').s(PW, password(r)).t('"\n');
    d.t('ovh_application_key    = "', r.chars(ALNUM, 16), '"\novh_application_secret = "').s('ovh', r.chars(ALNUM, 32)).t('"\novh_consumer_key       = "').s('ovh', r.chars(ALNUM, 32)).t('"\n');
    const t = token(r);
    d.t(`${t.envName.toLowerCase()} = "`).s(t.family, t.make(r)).t('"\nvm_count = 3\n');
    return d.build(`infra/terraform/prod-${i}.tfvars`, 'tfvars');
  },
};

const ansibleVars: Template = {
  type: 'ansible-vars',
  build: (r, i) => {
    const d = new Doc();
    d.t('---\nansible_user: deploy\nansible_become_password: ').s(PW, password(r)).t('\nmysql_root_password: "').s(PW, password(r)).t('"\n');
    d.t('wordpress_db_password: ').s(PW, password(r)).t('\nvault_api_token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n');
    for (let l = 0; l < 4; l++) d.t('  ', r.chars(A.hex, 80), '\n');
    d.t('app_users:\n  - name: support\n    password: "').s(PW, password(r)).t('"\n    groups: [wheel]\n');
    return d.build(`ansible/group_vars/prod-${i}.yml`, 'ansible-vars');
  },
};

const githubActions: Template = {
  type: 'github-actions',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      'name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      REGISTRY_USER: ${{ secrets.REGISTRY_USER }}\n      SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}\n      DOCKER_PASSWORD: ',
    )
      .s(PW, password(r))
      .t('\n    steps:\n      - uses: actions/checkout@', r.chars(A.hex, 40), '\n');
    d.t('      - run: echo "').s(PW, password(r, 'url')).t('" | docker login registry.etech-it.fr -u ci --password-stdin\n');
    const t = token(r);
    d.t('      - run: curl -H "Authorization: Bearer ').s(t.family, t.make(r)).t('" https://api.example-partner.fr/deploy\n');
    return d.build(`.github/workflows/deploy-${i}.yml`, 'github-actions');
  },
};

const gitlabCi: Template = {
  type: 'gitlab-ci',
  build: (r, i) => {
    const d = new Doc();
    const sonar = TOKEN_FORMATS.find((f) => f.family === 'sonar') as TokenFormat;
    d.t('variables:\n  SONAR_HOST_URL: https://sonar.etech-it.fr\n  SONAR_TOKEN: "').s('sonar', sonar.make(r)).t('"\n  DOCKER_DRIVER: overlay2\n\ndeploy:\n  stage: deploy\n  script:\n');
    d.t('    - curl -u admin:').s(PW, password(r, 'url')).t(' -X POST https://nexus.etech-it.fr/service/rest/v1/components\n');
    d.t('    - docker login -u gitlab-ci-token -p ').s(PW, password(r, 'shell')).t(' $CI_REGISTRY\n');
    d.t('    - mysql -h ', host(r), ' -u root -p').s(PW, password(r, 'shell')).t(' crm < migrations.sql\n');
    d.t('    - echo $CI_JOB_TOKEN\n');
    return d.build(`ci/client-${i}/.gitlab-ci.yml`, 'gitlab-ci');
  },
};

const jenkinsfile: Template = {
  type: 'jenkinsfile',
  build: (r, i) => {
    const d = new Doc();
    const gh = TOKEN_FORMATS.find((f) => f.family === 'github') as TokenFormat;
    d.t("pipeline {\n  agent any\n  environment {\n    GIT_TOKEN = '")
      .s('github', gh.make(r))
      .t("'\n    NEXUS_CREDS = credentials('nexus-deploy')\n  }\n  stages {\n    stage('Deploy') {\n      steps {\n");
    d.t('        sh "sshpass -p \'').s(PW, password(r, 'shell')).t("' ssh -o StrictHostKeyChecking=no deploy@", host(r), ' ./deploy.sh"\n');
    d.t('        sh \'psql "postgresql://deploy:').s('connection-string', password(r, 'url')).t('@', host(r), ':5432/crm" -f schema.sql\'\n      }\n    }\n  }\n}\n');
    return d.build(`jenkins/Jenkinsfile-${i}`, 'jenkinsfile');
  },
};

const dotenv: Template = {
  type: 'dotenv',
  build: (r, i) => {
    const d = new Doc();
    d.t('# Symfony\nAPP_ENV=prod\nAPP_SECRET=')
      .s('app-secret', r.chars(A.hex, 32))
      .t('\nDATABASE_URL="mysql://app:')
      .s('connection-string', password(r, 'url'))
      .t('@127.0.0.1:3306/crm?serverVersion=8.0"\n');
    d.t('MAILER_DSN=smtp://noreply%40etech-it.fr:').s('connection-string', password(r, 'url')).t('@smtp.office365.com:587\n');
    for (let k = 0; k < 3; k++) {
      const t = token(r);
      d.t(`${t.envName}=`).s(t.family, t.make(r)).t('\n');
    }
    const c = contextual(r);
    d.t(`${r.pick(c.names)}=`)
      .s(c.family, c.make(r))
      .t('\nREDIS_URL=redis://:')
      .s('connection-string', password(r, 'url'))
      .t('@redis:6379/0\nLOG_LEVEL=debug\n');
    return d.build(`apps/client-${i}/.env`, 'dotenv');
  },
};

const npmrc: Template = {
  type: 'npmrc',
  build: (r, i) => {
    const d = new Doc();
    const npm = TOKEN_FORMATS.find((f) => f.family === 'npm') as TokenFormat;
    const gl = TOKEN_FORMATS.find((f) => f.family === 'gitlab') as TokenFormat;
    d.t('registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=')
      .s('npm', npm.make(r))
      .t('\n@etech:registry=https://gitlab.etech-it.fr/api/v4/projects/42/packages/npm/\n//gitlab.etech-it.fr/api/v4/projects/42/packages/npm/:_authToken=')
      .s('gitlab', gl.make(r))
      .t('\n');
    d.t('//nexus.etech-it.fr/repository/npm-private/:_auth=')
      .s('basic-auth', b64(`deploy:${password(r)}`))
      .t('\nalways-auth=true\n');
    return d.build(`front/client-${i}/.npmrc`, 'npmrc');
  },
};

const pypirc: Template = {
  type: 'pypirc',
  build: (r, i) => {
    const d = new Doc();
    const pypi = TOKEN_FORMATS.find((f) => f.family === 'pypi') as TokenFormat;
    d.t('[distutils]\nindex-servers =\n    pypi\n    nexus\n\n[pypi]\nusername = __token__\npassword = ')
      .s('pypi', pypi.make(r))
      .t('\n\n[nexus]\nrepository = https://nexus.etech-it.fr/repository/pypi-internal/\nusername = deploy\npassword = ')
      .s(PW, password(r))
      .t('\n');
    return d.build(`home/dev${i}/.pypirc`, 'pypirc');
  },
};

const netrcPgpass: Template = {
  type: 'netrc-pgpass',
  build: (r, i) => {
    const d = new Doc();
    d.t('# ~/.netrc\nmachine gitlab.etech-it.fr login deploy password ')
      .s(PW, password(r, 'shell'))
      .t('\nmachine api.heroku.com\n  login ops@etech-it.fr\n  password ')
      .s(PW, password(r, 'shell'))
      .t('\n');
    d.t('# ~/.pgpass\n', host(r), ':5432:crm:app:').s(PW, password(r, 'url')).t('\n*:*:*:postgres:').s(PW, password(r, 'url')).t('\n');
    return d.build(`home/dev${i}/credentials-notes.txt`, 'netrc-pgpass');
  },
};

const pipConf: Template = {
  type: 'pip-conf',
  build: (r, i) => {
    const d = new Doc();
    d.t('[global]\ntimeout = 60\nindex-url = https://deploy:').s('connection-string', password(r, 'url')).t('@nexus.etech-it.fr/repository/pypi-all/simple\ntrusted-host = nexus.etech-it.fr\n');
    return d.build(`home/dev${i}/.config/pip/pip.conf`, 'pip-conf');
  },
};

const nugetConfig: Template = {
  type: 'nuget-config',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <add key="etech" value="https://pkgs.dev.azure.com/etech/_packaging/etech/nuget/v3/index.json" />\n  </packageSources>\n  <packageSourceCredentials>\n    <etech>\n      <add key="Username" value="build" />\n      <add key="ClearTextPassword" value="',
    );
    d.s(PW, password(r)).t('" />\n    </etech>\n  </packageSourceCredentials>\n</configuration>\n');
    return d.build(`dotnet/client-${i}/NuGet.Config`, 'nuget-config');
  },
};

const mavenSettings: Template = {
  type: 'maven-settings',
  build: (r, i) => {
    const d = new Doc();
    d.t('<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n      <username>deploy</username>\n      <password>')
      .s(PW, password(r))
      .t('</password>\n    </server>\n    <server>\n      <id>github</id>\n      <username>etech-bot</username>\n      <password>');
    d.s('github', (TOKEN_FORMATS.find((f) => f.family === 'github') as TokenFormat).make(r)).t('</password>\n    </server>\n  </servers>\n</settings>\n');
    return d.build(`home/dev${i}/.m2/settings.xml`, 'maven-settings');
  },
};

const springYaml: Template = {
  type: 'spring-application',
  build: (r, i) => {
    const d = new Doc();
    d.t('spring:\n  datasource:\n    url: jdbc:postgresql://', host(r), ':5432/crm\n    username: crm\n    password: ')
      .s(PW, password(r))
      .t('\n  mail:\n    host: smtp.gmail.com\n    password: "')
      .s(PW, password(r))
      .t('"\njwt:\n  secret: ')
      .s('app-secret', r.chars(A.hex, 64))
      .t('\n---\n');
    d.t('# application.properties\nspring.datasource.password=').s(PW, password(r)).t('\nspring.rabbitmq.password = ').s(PW, password(r)).t('\nmanagement.endpoints.web.exposure.include=health\n');
    return d.build(`backend/client-${i}/src/main/resources/application-prod.yml`, 'spring-application');
  },
};

const appsettings: Template = {
  type: 'appsettings-json',
  build: (r, i) => {
    const d = new Doc();
    d.t('{\n  "ConnectionStrings": {\n    "Default": "Server=tcp:sql-crm.database.windows.net,1433;Initial Catalog=crm;User ID=sqladmin;Password=')
      .s('connection-string', password(r, 'url'))
      .t(';Encrypt=True;",\n');
    d.t('    "Storage": "DefaultEndpointsProtocol=https;AccountName=stcrmprod;AccountKey=')
      .s('azure-storage-key', r.chars(A.base64, 86) + '==')
      .t(';EndpointSuffix=core.windows.net"\n  },\n');
    const aoai = CONTEXTUAL_SECRETS.find((c) => c.family === 'azure-openai') as (typeof CONTEXTUAL_SECRETS)[number];
    d.t('  "AzureOpenAI": { "Endpoint": "https://oai-etech.openai.azure.com/", "Key": "').s('azure-openai', aoai.make(r)).t('" },\n  "Logging": { "LogLevel": { "Default": "Information" } }\n}\n');
    return d.build(`dotnet/client-${i}/appsettings.Production.json`, 'appsettings-json');
  },
};

const djangoSettings: Template = {
  type: 'django-settings',
  build: (r, i) => {
    const d = new Doc();
    const django = cat('django', '-insecure-') + r.chars(A.lower + A.digits + '!@#%^&*(-_=+)', 50);
    d.t("import os\n\nSECRET_KEY = '")
      .s('django-secret-key', r.bool() ? django : r.chars(A.lower + A.digits + '!@#%^&*(-_=+)', 50))
      .t("'\nDEBUG = False\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'crm',\n        'USER': 'crm',\n        'PASSWORD': '");
    d.s(PW, password(r)).t("',\n        'HOST': '", host(r), '\',\n    }\n}\nEMAIL_HOST_PASSWORD = "').s(PW, password(r)).t('"\nAWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")\n');
    return d.build(`web/client-${i}/settings.py`, 'django-settings');
  },
};

const railsCredentials: Template = {
  type: 'rails-credentials',
  build: (r, i) => {
    const d = new Doc();
    d.t('# bin/rails credentials:edit --environment production\nsecret_key_base: ').s('app-secret', r.chars(A.hex, 128)).t('\naws:\n  access_key_id: ');
    d.s('aws-access-key-id', (TOKEN_FORMATS.find((f) => f.family === 'aws-access-key-id') as TokenFormat).make(r))
      .t('\n  secret_access_key: ')
      .s('aws-secret-key', r.chars(A.upper + A.lower + A.digits + '/+', 40))
      .t('\nsmtp:\n  password: ')
      .s(PW, password(r))
      .t('\n');
    return d.build(`rails/client-${i}/credentials.yml`, 'rails-credentials');
  },
};

const shellScript: Template = {
  type: 'shell-script',
  build: (r, i) => {
    const d = new Doc();
    d.t("#!/usr/bin/env bash\nset -euo pipefail\nexport PGPASSWORD='")
      .s(PW, password(r))
      .t("'\nexport AWS_SECRET_ACCESS_KEY=")
      .s('aws-secret-key', r.chars(ALNUM + '/+', 40))
      .t('\n');
    d.t('pg_dump -h ', host(r), ' -U crm crm > /backup/crm.sql\n');
    d.t('sshpass -p "').s(PW, password(r, 'shell')).t('" scp /backup/crm.sql backup@nas.etech.local:/volume1/\n');
    d.t('docker login -u admin --password ').s(PW, password(r, 'shell')).t(' harbor.etech-it.fr\n');
    d.t('curl -sS --user "ops:').s(PW, password(r, 'url')).t('" https://jenkins.etech-it.fr/job/backup/build\n');
    d.t('mysql --user=root --password=').s(PW, password(r, 'shell')).t(' -e "SHOW DATABASES"\n');
    d.t('set DB_PASS=').s(PW, password(r, 'shell')).t('\n');
    return d.build(`scripts/backup-${i}.sh`, 'shell-script');
  },
};

const sqlDump: Template = {
  type: 'sql-dump',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      '-- MySQL dump 10.13  Distrib 8.0.36\nDROP TABLE IF EXISTS `clients`;\nCREATE TABLE `clients` (`id` int NOT NULL, `raison_sociale` varchar(255), `siret` char(14), `siren` char(9), `iban` varchar(34), `telephone` varchar(20), `email` varchar(255), `nir` varchar(15));\n',
    );
    d.t('INSERT INTO `clients` VALUES ');
    const rows = r.int(4, 7);
    for (let row = 0; row < rows; row++) {
      const base = siren(r);
      d.t(`(${1000 + row},'SARL ${person(r).last} ${r.pick(['Conseil', 'Bâtiment', 'Transports', 'Boulangerie'])}','`)
        .p('siret', siret(r, base))
        .t("','")
        .p('siren', base)
        .t("','")
        .p('iban', ibanFr(r))
        .t("','");
      d.p('phone', writePhone(phoneDigits(r), r.pick(['compact', 'intl-compact', 'national', 'dots'])))
        .t("','")
        .p('email', email(r))
        .t("','")
        .p('nir', nir(r))
        .t(`')${row === rows - 1 ? ';' : ','}`);
    }
    d.t("\nINSERT INTO `users` (`id`,`login`,`password_hash`) VALUES (1,'admin','$2y$10$", r.chars(A.base64.replace('+', '.'), 53), "');\n");
    d.t("CREATE USER 'reporting'@'%' IDENTIFIED BY '").s(PW, password(r)).t("';\nALTER ROLE app WITH PASSWORD '").s(PW, password(r)).t("';\n");
    return d.build(`dumps/crm-${i}.sql`, 'sql-dump');
  },
};

const csvExport: Template = {
  type: 'csv-export',
  build: (r, i) => {
    const d = new Doc();
    d.t('nom;prenom;email;telephone;iban;numero_secu;siret;date_creation\n');
    for (let row = 0; row < r.int(4, 8); row++) {
      const who = person(r);
      d.t(`${who.last};${who.first};`).p('email', email(r, who)).t(';');
      phone(d, r)
        .t(';')
        .p('iban', writeIban(ibanFr(r), r.pick(['compact', 'spaces'])))
        .t(';')
        .p('nir', writeNir(nir(r), r.pick(['compact', 'spaces'])))
        .t(';')
        .p('siret', writeSiret(siret(r), r.pick(['compact', 'spaces'])))
        .t(`;2026-0${r.int(1, 9)}-1${r.int(0, 9)}\n`);
    }
    return d.build(`exports/clients-${i}.csv`, 'csv-export');
  },
};

const jsonLog: Template = {
  type: 'json-log-neutral-key',
  build: (r, i) => {
    const d = new Doc();
    for (let line = 0; line < 6; line++) {
      const t = token(r);
      d.t(
        `{"ts":"${timestamp(r)}","level":"${r.pick(['info', 'debug', 'warn'])}","trace_id":"${r.chars(A.hex, 32)}","span_id":"${r.chars(A.hex, 16)}","duration_ms":${r.int(1, 9000)},"request_id":${r.digits(10, false)},"msg":"${r.pick(['config loaded', 'outbound call', 'retry scheduled', 'cache refresh'])}","${r.pick(['value', 'data', 'arg0', 'v', 'payload', 'x'])}":"`,
      );
      d.s(t.family, t.make(r), true).t('"}\n');
    }
    return d.build(`logs/app-${i}.jsonl`, 'json-log-neutral-key');
  },
};

const httpLog: Template = {
  type: 'http-log',
  build: (r, i) => {
    const d = new Doc();
    const jwt = TOKEN_FORMATS.find((f) => f.family === 'jwt') as TokenFormat;
    d.t(`10.0.3.${r.int(2, 250)} - - [02/Dec/2026:10:${r.int(10, 59)}:01 +0100] "GET /api/v2/factures?page=2&access_token=`)
      .s('access-token-query', r.chars(ALNUM, 40))
      .t(' HTTP/1.1" 200 5123 "-" "okhttp/4.12.0"\n');
    d.t('> GET /admin HTTP/1.1\n> Host: intranet.etech-it.fr\n> Authorization: Basic ')
      .s('basic-auth', b64(`${username(r)}:${password(r)}`))
      .t('\n> User-Agent: curl/8.5.0\n');
    d.t('DEBUG o.s.web.client.RestTemplate - HTTP POST https://api.partenaire.fr/v1/orders, headers=[Authorization:"Bearer ').s('jwt', jwt.make(r)).t('", Content-Type:"application/json"]\n');
    d.t(`PUT https://stcrmprod.blob.core.windows.net/exports/clients.csv?sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2026-12-31T23:59:59Z&st=2026-12-01T00:00:00Z&spr=https&sig=`)
      .s('azure-sas', encodeURIComponent(r.chars(A.base64, 43) + '='))
      .t(' 201\n');
    d.t('Authorization: SSWS ')
      .s('okta', (TOKEN_FORMATS.find((f) => f.family === 'okta') as TokenFormat).make(r))
      .t('\n');
    return d.build(`logs/access-${i}.log`, 'http-log');
  },
};

const webhooks: Template = {
  type: 'webhooks',
  build: (r, i) => {
    const d = new Doc();
    d.t('alerting:\n  slack:\n    url: ').s(
      'slack-webhook',
      cat('https://hooks.', 'slack.com/services/T', r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 9), '/B', r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 10), '/', r.chars(ALNUM, 24)),
    );
    d.t('\n  teams:\n    url: "').s('teams-webhook', cat('https://etechit.webhook.', 'office.com/webhookb2/', uuid(r), '@', uuid(r), '/Incoming', 'Webhook/', r.chars(A.hex, 32), '/', uuid(r)));
    d.t('"\n  discord: ').s('discord-webhook', cat('https://discord.com/api/', 'webhooks/', r.digits(18, false), '/', r.chars(A.base64url, 68)));
    d.t(
      '\n  teams_workflow: "https://prod-',
      String(r.int(10, 99)),
      '.westeurope.logic.azure.com:443/workflows/',
      r.chars(A.hex, 32),
      '/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=',
    )
      .s('azure-sas', r.chars(A.base64url, 43))
      .t('"\n');
    return d.build(`monitoring/alertmanager-${i}.yml`, 'webhooks');
  },
};

const privateKeys: Template = {
  type: 'private-keys',
  build: (r, i) => {
    const d = new Doc();
    const BEGIN = '-----BEGIN ';
    const END = '-----END ';
    const kind = r.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
    d.t('Voici la clé du bastion, à mettre dans ~/.ssh/id_rsa :\n\n')
      .s('private-key', `${BEGIN}${kind}-----\n${pemBody(r, r.int(6, 12))}\n${END}${kind}-----`)
      .t('\n\n');
    d.t('> Le ', timestamp(r).slice(0, 10), ', Jérôme a écrit :\n> ')
      .s('private-key', [`${BEGIN}OPENSSH PRIVATE KEY-----`, ...pemBody(r, 5).split('\n'), `${END}OPENSSH PRIVATE KEY-----`].join('\n> '))
      .t('\n\n');
    d.t('PuTTY-User', '-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-20261202\nPublic-Lines: 2\n', r.chars(A.base64, 64), '\n', r.chars(A.base64, 40), '\nPrivate-Lines: 3\n')
      .s('private-key', [r.chars(A.base64, 64), r.chars(A.base64, 64), r.chars(A.base64, 32)].join('\n'))
      .t('\nPrivate-MAC: ', r.chars(A.hex, 64), '\n\n');
    d.t('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "2048-bit rsa"\n').s('private-key', pemBody(r, 6)).t('\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n\n');
    d.t('# created: 2026-12-02T10:00:00+01:00\n# public key: age1', r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58), '\n')
      .s('age', (TOKEN_FORMATS.find((f) => f.family === 'age') as TokenFormat).make(r))
      .t('\n');
    return d.build(`docs/acces-bastion-${i}.md`, 'private-keys');
  },
};

const notebook: Template = {
  type: 'jupyter-notebook',
  build: (r, i) => {
    const d = new Doc();
    const oa = TOKEN_FORMATS.find((f) => f.family === 'openai') as TokenFormat;
    const hf = TOKEN_FORMATS.find((f) => f.family === 'huggingface') as TokenFormat;
    d.t(
      '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 3,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "import openai\\n",\n    "client = openai.OpenAI(api_key=\\"',
    )
      .s('openai', oa.make(r))
      .t('\\")\\n",\n');
    d.t('    "login(token=\\"').s('huggingface', hf.make(r)).t('\\")\\n",\n    "conn = psycopg2.connect(host=\\"', host(r), '\\", password=\\"').s(PW, password(r, 'url')).t('\\")"\n   ]\n  },\n');
    d.t('  {\n   "cell_type": "markdown",\n   "metadata": {},\n   "source": ["Contact : ').p('email', email(r)).t(' / ');
    d.p('phone', writePhone(phoneDigits(r), 'national')).t('"]\n  }\n ],\n "metadata": {"kernelspec": {"name": "python3"}},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
    return d.build(`notebooks/analyse-${i}.ipynb`, 'jupyter-notebook');
  },
};

const emailPrompt: Template = {
  type: 'email-in-prompt',
  build: (r, i) => {
    const d = new Doc();
    const who = person(r);
    d.t('Peux-tu reformuler ce mail plus poliment ?\n\n---\nBonjour ', who.first, ',\n\nComme convenu, voici les accès à la recette :\n  identifiant : admin\n  mot de passe : ')
      .s(PW, password(r))
      .t('\n\nLe RIB pour la facture : ')
      .p('iban', writeIban(ibanFr(r), r.pick(['spaces', 'nbsp', 'compact']), r.bool(0.3)))
      .t('\n');
    d.t('Mon numéro de sécurité sociale pour la mutuelle : ')
      .p('nir', writeNir(nir(r), r.pick(['spaces', 'nbsp', 'compact'])))
      .t('\n');
    d.t('SIRET de la société : ')
      .p('siret', writeSiret(siret(r), r.pick(['spaces', 'compact', 'nbsp'])))
      .t(' (SIREN ')
      .p('siren', writeSiren(siren(r), r.pick(['spaces', 'compact'])))
      .t(')\n');
    d.t('Carte pour les frais : ')
      .p('card', writeCard(card(r), r.pick(['spaces', 'dashes', 'dots'])))
      .t('\n\nCordialement,\n', who.first, ' ', who.last, '\nTél. : ');
    phone(d, r).t(' | Port. ');
    phone(d, r).t('\n').p('email', email(r, who)).t('\n');
    return d.build(`prompts/mail-${i}.txt`, 'email-in-prompt');
  },
};

const markdownRunbook: Template = {
  type: 'markdown-runbook',
  build: (r, i) => {
    const d = new Doc();
    const t1 = token(r);
    const t2 = token(r);
    d.t('# Runbook — mise en production\n\n1. Se connecter à Grafana avec le compte `ops` (mdp : `').s(PW, password(r)).t('`).\n');
    d.t('2. Lancer le déploiement, le jeton est `')
      .s(t1.family, t1.make(r), true)
      .t('`.\n3. En cas de souci, le token de secours :\n\n```\n')
      .s(t2.family, t2.make(r), true)
      .t('\n```\n\nAstreinte : ');
    phone(d, r).t('\n');
    return d.build(`docs/runbook-${i}.md`, 'markdown-runbook');
  },
};

const dockerfile: Template = {
  type: 'dockerfile',
  build: (r, i) => {
    const d = new Doc();
    const npm = TOKEN_FORMATS.find((f) => f.family === 'npm') as TokenFormat;
    d.t('FROM node:20-alpine AS build\nARG NPM_TOKEN=')
      .s('npm', npm.make(r))
      .t('\nENV DB_PASSWORD=')
      .s(PW, password(r, 'shell'))
      .t('\nENV REDIS_PASSWORD ')
      .s(PW, password(r, 'shell'))
      .t('\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n');
    return d.build(`apps/client-${i}/Dockerfile`, 'dockerfile');
  },
};

const oneLineJson: Template = {
  type: 'one-line-json',
  build: (r, i) => {
    const d = new Doc();
    d.t('{"env":"prod","db": { "user": "postgres", "password": "')
      .s(PW, password(r))
      .t('", "host": "', host(r), '" },"redis":{"password":"')
      .s(PW, password(r))
      .t('"},"smtp":{"auth":{"user":"noreply","pass":"')
      .s(PW, password(r))
      .t('"}}}\n');
    return d.build(`config/client-${i}.json`, 'one-line-json');
  },
};

const connectionStrings: Template = {
  type: 'connection-strings',
  build: (r, i) => {
    const d = new Doc();
    d.t('MONGO_URI=mongodb+srv://app:').s('connection-string', password(r, 'url')).t('@cluster0.ab1cd.mongodb.net/crm?retryWrites=true\n');
    d.t('AMQP_URL=amqps://worker:').s('connection-string', password(r, 'url')).t('@rabbit.etech-it.fr:5671/%2f\n');
    d.t('jdbc.url=jdbc:mysql://', host(r), ':3306/crm?user=crm&password=').s('connection-string', password(r, 'url')).t('&useSSL=true\n');
    d.t('ORACLE=crm/').s('connection-string', password(r, 'url')).t('@//ora-prod.etech.local:1521/CRMPDB\n');
    d.t('Data Source=sql01;Initial Catalog=Paie;User Id=paie_app;Password=').s('connection-string', password(r, 'url')).t(';\n');
    return d.build(`config/connections-${i}.properties`, 'connection-strings');
  },
};

const kubeconfig: Template = {
  type: 'kubeconfig',
  build: (r, i) => {
    const d = new Doc();
    d.t(
      'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: ',
      b64(`-----BEGIN CERTIFICATE-----\n${pemBody(r, 3)}\n-----END CERTIFICATE-----\n`),
      '\n    server: https://k8s-prod.etech.local:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    client-key-data: ',
    );
    d.s('private-key', b64(`-----BEGIN RSA PRIVATE KEY-----\n${pemBody(r, 4)}\n-----END RSA PRIVATE KEY-----\n`))
      .t('\n- name: ci\n  user:\n    token: ')
      .s('jwt', (TOKEN_FORMATS.find((f) => f.family === 'jwt') as TokenFormat).make(r))
      .t('\n');
    return d.build(`home/dev${i}/.kube/config`, 'kubeconfig');
  },
};

const gitlabRunnerToml: Template = {
  type: 'toml-ini',
  build: (r, i) => {
    const d = new Doc();
    const runner = TOKEN_FORMATS.filter((f) => f.family === 'gitlab')[2] as TokenFormat;
    d.t('concurrent = 4\n\n[[runners]]\n  name = "runner-docker-01"\n  url = "https://gitlab.etech-it.fr"\n  token = "').s('gitlab', runner.make(r)).t('"\n  executor = "docker"\n\n');
    d.t('# ~/.aws/credentials\n[default]\naws_access_key_id = ')
      .s('aws-access-key-id', (TOKEN_FORMATS[0] as TokenFormat).make(r))
      .t('\naws_secret_access_key = ')
      .s('aws-secret-key', r.chars(ALNUM + '/+', 40))
      .t('\n\n[database]\npassword = ')
      .s(PW, password(r))
      .t('\n');
    return d.build(`ops/runner-${i}/config.toml`, 'toml-ini');
  },
};

const sourceCode: Template = {
  type: 'source-code',
  build: (r, i) => {
    const d = new Doc();
    const t = token(r);
    const c = contextual(r);
    d.t('package fr.etech.crm;\n\npublic final class Config {\n  // TODO: déplacer dans le coffre\n  private static final String ', c.names[0] as string, ' = "')
      .s(c.family, c.make(r))
      .t('";\n  private static final String ENDPOINT_CREDENTIAL = "')
      .s(t.family, t.make(r), true)
      .t('";\n');
    d.t('  private static final String DEFAULT_COLOR = "#', r.chars(A.hex, 6), '";\n}\n');
    return d.build(`src/client-${i}/Config.java`, 'source-code');
  },
};

/** The forms the issue names as written every day and sent in clear. */
const hardForms: Template = {
  type: 'hard-forms',
  build: (r, i) => {
    const d = new Doc();
    // Concatenation of string literals in several languages.
    const [a1, a2] = splitIn2(password(r, 'random'));
    d.t('const dbPassword = "').s('concatenated-password', `${a1}" + "${a2}`).t('";\n');
    const [b1, b2] = splitIn2(password(r, 'random'));
    d.t("PASSWORD = ('").s('concatenated-password', `${b1}'\n            '${b2}`).t("')\n");
    const [c1, c2] = splitIn2(password(r, 'random'));
    d.t("$motDePasse = '").s('concatenated-password', `${c1}' . '${c2}`).t("';\n");
    const [e1, e2] = splitIn2(password(r, 'random'));
    d.t('String secret = "').s('concatenated-password', `${e1}"\n    + "${e2}`).t('";\n');
    // YAML folded plain scalar over two lines.
    d.t('db:\n  password: ')
      .s('folded-yaml', `${password(r, 'random')}\n    ${password(r, 'random')}`)
      .t('\n  port: 5432\n');
    d.t('secret:\n  password: |\n    ').s('block-scalar', password(r)).t('\n');
    // Keys with an invisible character or a Cyrillic look-alike letter.
    d.t('pass\u200bword=').s('obfuscated-key', password(r)).t('\n');
    d.t('DB_P\u0410SSWORD=').s('obfuscated-key', password(r)).t('\n');
    d.t('"\u0440assword": "').s('obfuscated-key', password(r)).t('"\n');
    d.t('api\u200d_key = "').s('obfuscated-key', r.chars(ALNUM, 40)).t('"\n');
    // French key names.
    d.t('mot_de_passe: ').s('french-key', password(r)).t('\n');
    d.t('MDP=').s('french-key', password(r)).t('\n');
    d.t('const motDePasse = "').s('french-key', password(r)).t('";\n');
    d.t('"mdp_admin": "').s('french-key', password(r)).t('"\n');
    d.t('cle_secrete = "').s('french-key', r.chars(ALNUM, 32)).t('"\n');
    // Suffixed and numbered names.
    d.t('DB_PASSWORD_PROD=').s('suffixed-key', password(r)).t('\n');
    d.t('PASSWORD2=').s('suffixed-key', password(r)).t('\n');
    d.t('SECRET_KEY_BASE=').s('suffixed-key', r.chars(A.hex, 128)).t('\n');
    d.t('smtpPasswordRecette: "').s('suffixed-key', password(r)).t('"\n');
    d.t('ADMIN_PWD_V2=').s('suffixed-key', password(r)).t('\n');
    // The same password again in another casing, in a log line.
    const repeated = password(r, 'word');
    d.t('LDAP_BIND_PASSWORD=').s(PW, repeated).t('\n');
    d.t(`${timestamp(r)} WARN auth: login failed for "admin" (tried "`)
      .s('password-other-casing', repeated.toUpperCase())
      .t('")\n');
    d.t(`${timestamp(r)} WARN auth: retry with "`)
      .s('password-other-casing', repeated.toLowerCase())
      .t('"\n');
    // A real password that reads like a sentence, and one that holds EXAMPLE.
    d.t('wifi_password = "')
      .s('passphrase', r.pick(['Le chat dort sur le canape 2026', 'mon velo est rouge et rapide', 'Il pleut toujours a Brest!']))
      .t('"\n');
    d.t('SMTP_PASSWORD=')
      .s('passphrase', `EXAMPLE${r.chars(ALNUM, 6)}#${r.digits(4)}`)
      .t('\n');
    // Base64-wrapped credentials in a log.
    d.t(`${timestamp(r)} DEBUG http: header authorization=Basic `)
      .s('basic-auth', b64(`${username(r)}:${password(r)}`))
      .t('\n');
    return d.build(`snippets/hard-forms-${i}.txt`, 'hard-forms');
  },
};

/** Personal data in the hard writings: no-break spaces, dashes, dots, lower case, wrapped lines. */
const piiForms: Template = {
  type: 'pii-forms',
  build: (r, i) => {
    const d = new Doc();
    d.t("Notes de l'appel client :\n- IBAN : ")
      .p('iban', writeIban(ibanFr(r), 'nbsp'))
      .t('\n- iban (minuscules) : ')
      .p('iban', writeIban(ibanFr(r), 'spaces', true))
      .t('\n- IBAN avec tirets ')
      .p('iban', writeIban(ibanFr(r), 'dashes'))
      .t('\n');
    const wrapped = writeIban(ibanFr(r), 'spaces');
    d.t('- IBAN coupé : ')
      .p('iban', `${wrapped.slice(0, 14)}\n  ${wrapped.slice(15)}`)
      .t('\n- IBAN  double espace : ')
      .p('iban', writeIban(ibanFr(r), 'double'))
      .t('\n');
    d.t('- NIR : ')
      .p('nir', writeNir(nir(r), 'nbsp'))
      .t(' ; NIR tirets : ')
      .p('nir', writeNir(nir(r), 'dashes'))
      .t(' ; NIR points : ')
      .p('nir', writeNir(nir(r), 'dots'))
      .t('\n');
    d.t('- tél. ')
      .p('phone', writePhone(phoneDigits(r), 'nbsp'))
      .t(' ou (')
      .p('phone', writePhone(phoneDigits(r), 'intl-paren'))
      .t(' ou ')
      .p('phone', writePhone(phoneDigits(r), 'double-space'))
      .t(' ou ')
      .p('phone', writePhone(phoneDigits(r), 'nnbsp'))
      .t('\n');
    d.t('- carte : ')
      .p('card', writeCard(card(r), 'dots'))
      .t(' / ')
      .p('card', writeCard(card(r), 'dashes'))
      .t('\n');
    d.t('- SIRET : ')
      .p('siret', writeSiret(siret(r), 'nbsp'))
      .t(', siren ')
      .p('siren', writeSiren(siren(r), 'dots'))
      .t('\n');
    d.t('- courriel : ')
      .p('email', `${r.pick(['noël', 'hélène', 'françois', 'maëlle'])}.${r.pick(['lefèvre', 'garçon', 'bénard'])}@${r.pick(['orange.fr', 'crédit-ouest.fr'])}`)
      .t('\n');
    return d.build(`notes/appel-${i}.md`, 'pii-forms');
  },
};

/** Every token format once, in a telling `.env` and under a neutral key, so each family is counted. */
const tokenSweep: Template = {
  type: 'token-sweep',
  build: (r, i) => {
    const d = new Doc();
    for (const format of TOKEN_FORMATS) {
      const form = r.int(0, 3);
      if (form === 0) d.t(`${format.envName}=`).s(format.family, format.make(r)).t('\n');
      else if (form === 1) d.t(`  - name: ${format.envName.toLowerCase()}\n    value: "`).s(format.family, format.make(r)).t('"\n');
      else if (form === 2)
        d.t(`{"level":"debug","k":"${r.chars(A.lower, 3)}","val":"`)
          .s(format.family, format.make(r), true)
          .t('"}\n');
      else d.t(`Le client nous a envoyé ça par Teams : `).s(format.family, format.make(r), true).t(' — à révoquer.\n');
    }
    for (const secret of CONTEXTUAL_SECRETS)
      d.t(`${r.pick(secret.names)}: "`)
        .s(secret.family, secret.make(r))
        .t('"\n');
    return d.build(`sweep/tokens-${i}.txt`, 'token-sweep');
  },
};

function splitIn2(value: string): [string, string] {
  const at = Math.floor(value.length / 2);
  return [value.slice(0, at), value.slice(at)];
}

export const TEMPLATES: readonly Template[] = [
  dockerCompose,
  k8sSecretYaml,
  k8sSecretJson,
  k8sList,
  k8sDiff,
  k8sQuotedKind,
  dockerConfigJson,
  k8sDeploymentEnv,
  ecsTask,
  helmValues,
  terraform,
  tfvars,
  ansibleVars,
  githubActions,
  gitlabCi,
  jenkinsfile,
  dotenv,
  npmrc,
  pypirc,
  netrcPgpass,
  pipConf,
  nugetConfig,
  mavenSettings,
  springYaml,
  appsettings,
  djangoSettings,
  railsCredentials,
  shellScript,
  sqlDump,
  csvExport,
  jsonLog,
  httpLog,
  webhooks,
  privateKeys,
  notebook,
  emailPrompt,
  markdownRunbook,
  dockerfile,
  oneLineJson,
  connectionStrings,
  kubeconfig,
  gitlabRunnerToml,
  sourceCode,
  hardForms,
  piiForms,
  tokenSweep,
];

export { NBSP };

/**
 * Values in their surroundings: an assignment in a given syntax, the URL or connection string a
 * password sits in, the JSON or YAML structure a key belongs to. Templates (files.ts) and log lines
 * (logs.ts) build on these so each structure is written in one place.
 */
import { type Fragment, f, joined, mark, plain } from './builder';
import { ALPHABET, type Random } from './random';
import {
  type FakePerson,
  anthropicApiKey,
  awsAccessKeyId,
  awsSecretAccessKey,
  azureOpenAiKey,
  azureStorageKey,
  clientName,
  corpusDictionary,
  dockerAuth,
  email,
  gcpApiKey,
  gcpServiceAccountPrivateKey,
  genericSecret,
  githubFineGrainedToken,
  githubToken,
  gitlabToken,
  iban,
  internalHost,
  ipv4,
  ipv6,
  jwt,
  kubernetesSecretValue,
  nir,
  npmToken,
  openAiApiKey,
  paymentCard,
  personName,
  phone,
  privateKey,
  projectCodename,
  sendgridKey,
  siren,
  siret,
  slackToken,
  slackWebhook,
  stripAccents,
  stripeKey,
  twilioKey,
  providerToken,
  urlPassword,
  webhookUrl,
} from './values';
import { PUBLIC_HOSTS, SERVICE_NAMES, capitalize } from './words';

// --- Assignments -------------------------------------------------------------------------------

export type Syntax = 'env' | 'compose' | 'shell' | 'yaml' | 'json' | 'properties' | 'hcl' | 'ts' | 'python' | 'java' | 'go' | 'csharp' | 'php';

type NameStyle = 'screaming' | 'snake' | 'camel' | 'pascal' | 'dotted';

/** A name made of `words` in a naming convention: DB_PASSWORD, db_password, dbPassword, DbPassword, db.password. */
export function nameIn(words: readonly string[], style: NameStyle): string {
  switch (style) {
    case 'screaming':
      return words.join('_').toUpperCase();
    case 'snake':
      return words.join('_');
    case 'camel':
      return words.map((w, i) => (i === 0 ? w : capitalize(w))).join('');
    case 'pascal':
      return words.map(capitalize).join('');
    case 'dotted':
      return words.join('.');
  }
}

/**
 * One line (no indentation, no newline) assigning `value` to a name made of `words`, written as
 * the syntax writes it: quoted or not, with the naming convention of the language.
 */
export function assignment(r: Random, syntax: Syntax, words: readonly string[], value: Fragment): Fragment {
  const name = (style: NameStyle) => nameIn(words, style);
  switch (syntax) {
    case 'env': {
      const quote = r.weighted<string>([
        ['', 6],
        ['"', 3],
        ["'", 1],
      ]);
      return f`${name('screaming')}=${quote}${value}${quote}`;
    }
    case 'compose':
      // An item of a docker-compose `environment:` list: quotes would become part of the value.
      return f`${name('screaming')}=${value}`;
    case 'shell': {
      const quote = r.weighted<string>([
        ["'", 3],
        ['"', 2],
      ]);
      return f`${r.bool(0.7) ? 'export ' : ''}${name('screaming')}=${quote}${value}${quote}`;
    }
    case 'yaml': {
      const quote = r.weighted<string>([
        ['', 5],
        ['"', 3],
        ["'", 1],
      ]);
      return f`${r.bool() ? name('snake') : name('camel')}: ${quote}${value}${quote}`;
    }
    case 'json':
      return f`"${r.bool(0.7) ? name('camel') : name('snake')}": "${value}"`;
    case 'properties':
      return f`${r.bool(0.6) ? name('dotted') : name('snake')}${r.pick(['=', ' = ', ': '])}${value}`;
    case 'hcl':
      return f`${name('snake')} = "${value}"`;
    case 'ts':
      return r.pick([() => f`const ${name('camel')} = '${value}';`, () => f`export const ${name('screaming')} = "${value}";`, () => f`let ${name('camel')}: string = "${value}";`])();
    case 'python':
      return r.bool() ? f`${name('screaming')} = "${value}"` : f`${name('snake')} = '${value}'`;
    case 'java':
      return f`${r.pick(['private', 'public', 'protected'])} static final String ${name('screaming')} = "${value}";`;
    case 'go':
      return r.bool() ? f`const ${name('camel')} = "${value}"` : f`${name('camel')} := "${value}"`;
    case 'csharp':
      return r.bool() ? f`private const string ${name('pascal')} = "${value}";` : f`var ${name('camel')} = "${value}";`;
    case 'php':
      return r.bool() ? f`define('${name('screaming')}', '${value}');` : f`$${name('camel')} = '${value}';`;
  }
}

// --- Hosts, URLs and connection strings ----------------------------------------------------------

/** Where a service runs: an internal host or an IP (both labelled), a managed service, a compose service. */
export function serverHost(r: Random, engine: 'postgres' | 'mysql' | 'redis' | 'amqp' | 'mongodb' | 'generic'): Fragment {
  const managed: Record<typeof engine, () => string> = {
    postgres: () => `${r.pick(SERVICE_NAMES)}-db.c${r.chars(ALPHABET.lower + ALPHABET.digits, 12)}.eu-west-3.rds.amazonaws.com`,
    mysql: () => `${r.pick(SERVICE_NAMES)}-mysql.mysql.database.azure.com`,
    redis: () => `${r.pick(SERVICE_NAMES)}-cache.${r.chars(ALPHABET.lower + ALPHABET.digits, 6)}.ng.0001.euw3.cache.amazonaws.com`,
    amqp: () => `${r.pick(['rabbit', 'mq', 'broker'])}.${r.pick(['eu', 'fr'])}.cloudamqp.com`,
    mongodb: () => `cluster0.${r.chars(ALPHABET.lower + ALPHABET.digits, 5)}.mongodb.net`,
    generic: () => r.pick(PUBLIC_HOSTS),
  };
  const composeName = { postgres: 'postgres', mysql: 'mysql', redis: 'redis', amqp: 'rabbitmq', mongodb: 'mongo', generic: 'backend' }[engine];
  return r.weighted<() => Fragment>([
    [() => mark('internal-host', internalHost(r)), 3],
    [() => mark('ipv4', ipv4(r)), 2],
    [managed[engine], 3],
    [() => composeName, 1],
  ])();
}

const DB_USERS = ['app', 'postgres', 'admin', 'svc_billing', 'root', 'api', 'reporting_ro', 'etl'];
const DB_NAMES = ['billing', 'crm', 'app_prod', 'reporting', 'orders', 'analytics', 'main'];

const dbPassword = (r: Random) => mark('connection-string-password', urlPassword(r));

export type UrlScheme = 'postgres' | 'postgresql' | 'mysql' | 'mongodb+srv' | 'mongodb' | 'redis' | 'rediss' | 'amqp' | 'amqps';

/** A database or broker URL with its password labelled (and its host when it is internal or an IP). */
export function connectionUrl(r: Random, scheme?: UrlScheme): Fragment {
  const s =
    scheme ??
    r.weighted<UrlScheme>([
      ['postgres', 3],
      ['postgresql', 2],
      ['mysql', 2],
      ['mongodb+srv', 2],
      ['mongodb', 1],
      ['redis', 2],
      ['rediss', 1],
      ['amqp', 1],
      ['amqps', 1],
    ]);
  const user = r.pick(DB_USERS);
  const db = r.pick(DB_NAMES);
  switch (s) {
    case 'postgres':
    case 'postgresql':
      return f`${s}://${user}:${dbPassword(r)}@${serverHost(r, 'postgres')}:5432/${db}${r.bool(0.3) ? '?sslmode=require' : ''}`;
    case 'mysql':
      return f`mysql://${user}:${dbPassword(r)}@${serverHost(r, 'mysql')}:3306/${db}`;
    case 'mongodb+srv':
      return f`mongodb+srv://${user}:${dbPassword(r)}@${serverHost(r, 'mongodb')}/${db}?retryWrites=true&w=majority`;
    case 'mongodb':
      return f`mongodb://${user}:${dbPassword(r)}@${serverHost(r, 'mongodb')}:27017/${db}?authSource=admin`;
    case 'redis':
    case 'rediss':
      return f`${s}://${r.bool(0.6) ? '' : 'default'}:${dbPassword(r)}@${serverHost(r, 'redis')}:6379${r.bool() ? '/0' : ''}`;
    case 'amqp':
    case 'amqps':
      return f`${s}://${r.pick(['guest-app', 'svc-events', 'worker'])}:${dbPassword(r)}@${serverHost(r, 'amqp')}:${s === 'amqp' ? 5672 : 5671}/${r.pick(['', 'prod', '%2F'])}`;
  }
}

/** A JDBC URL with the password as a query parameter. */
export function jdbcUrl(r: Random): Fragment {
  const mysql = r.bool(0.4);
  const engine = mysql ? 'mysql' : 'postgresql';
  return f`jdbc:${engine}://${serverHost(r, mysql ? 'mysql' : 'postgres')}:${mysql ? 3306 : 5432}/${r.pick(DB_NAMES)}?user=${r.pick(DB_USERS)}&password=${dbPassword(r)}${r.bool() ? '&ssl=true' : ''}`;
}

/** An ADO.NET (SQL Server) or Npgsql connection string. */
export function adoNetConnectionString(r: Random): Fragment {
  return r.bool()
    ? f`Server=tcp:${serverHost(r, 'generic')},1433;Initial Catalog=${r.pick(DB_NAMES)};Persist Security Info=False;User ID=${r.pick(DB_USERS)};Password=${dbPassword(r)};MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;`
    : f`Host=${serverHost(r, 'postgres')};Port=5432;Database=${r.pick(DB_NAMES)};Username=${r.pick(DB_USERS)};Password=${dbPassword(r)}`;
}

/** An HTTP(S) URL carrying a user and password (not a database): artifact repositories, webhooks, git remotes. */
export function basicAuthUrl(r: Random): Fragment {
  const host = r.bool(0.3) ? mark('internal-host', internalHost(r)) : r.pick(PUBLIC_HOSTS);
  const path = r.pick(['repository/maven-releases/', 'artifactory/api/npm/npm-virtual/', 'team/app.git', 'api/v1/hooks/deploy', 'simple/', 'v2/']);
  return f`https://${r.pick(['deploy', 'ci', 'admin', 'jenkins', 'svc-build', 'reader'])}:${mark('basic-auth-password', urlPassword(r))}@${host}/${path}`;
}

/** A git remote with a token as its credentials, labelled with the token's own kind. */
export function gitRemoteWithToken(r: Random): Fragment {
  return r.pick([
    () => f`https://oauth2:${mark('gitlab-token', gitlabToken(r))}@gitlab.com/${r.pick(SERVICE_NAMES)}/api.git`,
    () => f`https://x-access-token:${mark('github-token', githubToken(r))}@github.com/etech-fr/${r.pick(SERVICE_NAMES)}.git`,
    () => f`https://${mark('github-token', githubToken(r))}@github.com/etech-fr/${r.pick(SERVICE_NAMES)}.git`,
  ])();
}

export function azureStorageConnectionString(r: Random): Fragment {
  const account = `st${r.pick(SERVICE_NAMES)}${r.pick(['prod', 'dev', 'rec'])}${r.digits(2)}`;
  return f`DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${mark('azure-storage-key', azureStorageKey(r))};EndpointSuffix=core.windows.net`;
}

/** A service account's e-mail: an address like any other to an e-mail detector. */
export function serviceAccountEmail(r: Random, project: string): string {
  return `${r.pick(['terraform', 'ci-deployer', 'bigquery-export', 'app-runtime'])}@${project}.iam.gserviceaccount.com`;
}

/** A GCP service-account key file, two-space indented as the console downloads it. */
export function serviceAccountJson(r: Random): Fragment {
  const project = `${r.pick(SERVICE_NAMES)}-${r.pick(['prod', 'staging', 'data'])}-${r.digits(4, false)}`;
  const account = serviceAccountEmail(r, project);
  return f`{
  "type": "service_account",
  "project_id": "${project}",
  "private_key_id": "${r.chars(ALPHABET.hex, 40)}",
  "private_key": "${mark('gcp-service-account-key', gcpServiceAccountPrivateKey(r))}",
  "client_email": "${mark('email', account)}",
  "client_id": "${r.digits(21, false)}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(account)}",
  "universe_domain": "googleapis.com"
}
`;
}

const REGISTRIES = ['registry.gitlab.com', 'https://index.docker.io/v1/', 'ghcr.io', 'europe-west1-docker.pkg.dev', 'registry.example.com', 'quay.io', 'harbor.example.org'];

/** A Docker `config.json` (tab-indented, as `docker login` writes it) with one or two registries. */
export function dockerConfigJson(r: Random): Fragment {
  const entries = r.sample(REGISTRIES, r.int(1, 2)).map((registry) => {
    const lines: Fragment[] = [f`\t\t"${registry}": {\n\t\t\t"auth": "${mark('docker-auth', dockerAuth(r))}"`];
    if (r.bool(0.2)) lines.push(f`,\n\t\t\t"email": "${mark('email', email(r))}"`);
    return [...lines, '\n\t\t}'];
  });
  const extra = r.bool(0.3) ? ',\n\t"HttpHeaders": {\n\t\t"User-Agent": "Docker-Client/24.0.7 (linux)"\n\t}' : '';
  return f`{\n\t"auths": {\n${joined(entries, ',\n')}\n\t}${extra}\n}\n`;
}

/** A Kubernetes Secret manifest; every value of its `data` map is labelled. */
export function kubernetesSecretYaml(r: Random): Fragment {
  const app = r.pick(SERVICE_NAMES);
  const type = r.weighted<string>([
    ['Opaque', 5],
    ['kubernetes.io/dockerconfigjson', 1],
    ['kubernetes.io/basic-auth', 1],
  ]);
  const secretValue = (plainValue: string) => mark('kubernetes-secret', kubernetesSecretValue(plainValue));
  const entries: Array<[string, Fragment]> =
    type === 'kubernetes.io/dockerconfigjson'
      ? [['.dockerconfigjson', secretValue(plain(dockerConfigJson(r)))]]
      : type === 'kubernetes.io/basic-auth'
        ? [
            ['username', secretValue(r.pick(DB_USERS))],
            ['password', secretValue(genericSecret(r))],
          ]
        : r
            .sample<[string, () => string]>(
              [
                ['DB_PASSWORD', () => genericSecret(r)],
                ['DATABASE_URL', () => plain(connectionUrl(r))],
                ['JWT_SECRET', () => genericSecret(r)],
                ['API_KEY', () => genericSecret(r)],
                ['username', () => r.pick(DB_USERS)],
                ['password', () => genericSecret(r)],
                ['STRIPE_SECRET_KEY', () => stripeKey(r)],
                ['SENDGRID_API_KEY', () => sendgridKey(r)],
              ],
              r.int(2, 4),
            )
            .map(([key, value]) => [key, secretValue(value())]);
  const data = f`data:\n${entries.map(([key, value]) => f`  ${key}: ${value}\n`)}`;
  const metadata = f`metadata:\n  name: ${app}-${r.pick(['credentials', 'secrets', 'env', 'registry'])}\n  namespace: ${app}\n  labels:\n    app.kubernetes.io/name: ${app}\n`;
  // `kubectl get -o yaml` sorts the keys, so `data` can come before `kind: Secret`.
  return r.bool(0.7) ? f`apiVersion: v1\nkind: Secret\n${metadata}type: ${type}\n${data}` : f`apiVersion: v1\n${data}kind: Secret\n${metadata}type: ${type}\n`;
}

// --- Named secrets -----------------------------------------------------------------------------

/** A secret as it is usually named in configuration, with a generator of its (labelled) value. */
export interface NamedSecret {
  readonly names: ReadonlyArray<readonly string[]>;
  readonly value: (r: Random) => Fragment;
}

const m = (kind: Parameters<typeof mark>[0], generate: (r: Random) => string) => (r: Random) => mark(kind, generate(r));

/** The names under which a password or token of no particular provider is usually kept. */
export const GENERIC_SECRET_NAMES: ReadonlyArray<readonly string[]> = [
  ['db', 'password'],
  ['database', 'password'],
  ['postgres', 'password'],
  ['mysql', 'root', 'password'],
  ['db', 'pass'],
  ['jwt', 'secret'],
  ['session', 'secret'],
  ['secret', 'key'],
  ['api', 'secret'],
  ['encryption', 'key'],
  ['smtp', 'password'],
  ['admin', 'password'],
  ['client', 'secret'],
  ['webhook', 'secret'],
  ['auth', 'token'],
  ['api', 'key'],
  ['password'],
  ['secret'],
  ['token'],
  ['ldap', 'bind', 'password'],
  ['redis', 'password'],
  ['keystore', 'password'],
  ['signing', 'secret'],
  ['mail', 'password'],
  ['private', 'api', 'key'],
];

/** The secrets configuration files and code hold, each under its usual names. */
export const NAMED_SECRETS: readonly NamedSecret[] = [
  { names: [['aws', 'access', 'key', 'id']], value: m('aws-access-key-id', awsAccessKeyId) },
  {
    names: [
      ['aws', 'secret', 'access', 'key'],
      ['aws', 'secret', 'key'],
    ],
    value: m('aws-secret-access-key', awsSecretAccessKey),
  },
  {
    names: [
      ['google', 'maps', 'api', 'key'],
      ['firebase', 'api', 'key'],
      ['gcp', 'api', 'key'],
    ],
    value: m('gcp-api-key', gcpApiKey),
  },
  {
    names: [
      ['azure', 'openai', 'api', 'key'],
      ['azure', 'openai', 'key'],
    ],
    value: m('azure-openai-key', azureOpenAiKey),
  },
  {
    names: [
      ['openai', 'api', 'key'],
      ['openai', 'key'],
    ],
    value: m('openai-api-key', openAiApiKey),
  },
  {
    names: [
      ['anthropic', 'api', 'key'],
      ['claude', 'api', 'key'],
    ],
    value: m('anthropic-api-key', anthropicApiKey),
  },
  {
    names: [
      ['github', 'token'],
      ['gh', 'token'],
      ['github', 'access', 'token'],
    ],
    value: m('github-token', githubToken),
  },
  {
    names: [
      ['github', 'pat'],
      ['gh', 'pat'],
    ],
    value: m('github-fine-grained-token', githubFineGrainedToken),
  },
  {
    names: [
      ['gitlab', 'token'],
      ['gitlab', 'private', 'token'],
      ['gitlab', 'api', 'token'],
    ],
    value: m('gitlab-token', gitlabToken),
  },
  {
    names: [
      ['npm', 'token'],
      ['npm', 'auth', 'token'],
    ],
    value: m('npm-token', npmToken),
  },
  {
    names: [
      ['slack', 'bot', 'token'],
      ['slack', 'token'],
    ],
    value: m('slack-token', slackToken),
  },
  {
    names: [
      ['slack', 'webhook', 'url'],
      ['slack', 'webhook'],
    ],
    value: m('slack-webhook', slackWebhook),
  },
  {
    names: [
      ['stripe', 'secret', 'key'],
      ['stripe', 'api', 'key'],
    ],
    value: m('stripe-key', stripeKey),
  },
  { names: [['sendgrid', 'api', 'key']], value: m('sendgrid-key', sendgridKey) },
  { names: [['twilio', 'api', 'key']], value: m('twilio-key', twilioKey) },
  {
    names: [
      ['digitalocean', 'token'],
      ['sentry', 'auth', 'token'],
      ['pulumi', 'access', 'token'],
      ['doppler', 'token'],
      ['vault', 'token'],
      ['grafana', 'token'],
    ],
    value: m('provider-token', providerToken),
  },
  {
    names: [
      ['teams', 'webhook', 'url'],
      ['discord', 'webhook'],
      ['alert', 'webhook', 'url'],
    ],
    value: m('webhook-url', webhookUrl),
  },
  {
    names: [
      ['access', 'token'],
      ['service', 'token'],
      ['bearer', 'token'],
    ],
    value: m('jwt', jwt),
  },
  {
    names: [
      ['database', 'url'],
      ['db', 'url'],
    ],
    value: (r) => connectionUrl(r, r.pick(['postgres', 'postgresql', 'mysql'] as const)),
  },
  {
    names: [
      ['mongo', 'uri'],
      ['mongodb', 'uri'],
    ],
    value: (r) => connectionUrl(r, r.pick(['mongodb+srv', 'mongodb'] as const)),
  },
  { names: [['redis', 'url']], value: (r) => connectionUrl(r, r.pick(['redis', 'rediss'] as const)) },
  {
    names: [
      ['amqp', 'url'],
      ['broker', 'url'],
    ],
    value: (r) => connectionUrl(r, r.pick(['amqp', 'amqps'] as const)),
  },
  {
    names: [
      ['azure', 'storage', 'connection', 'string'],
      ['storage', 'connection', 'string'],
    ],
    value: azureStorageConnectionString,
  },
  {
    names: [
      ['artifactory', 'url'],
      ['maven', 'repository', 'url'],
    ],
    value: basicAuthUrl,
  },
  // Generic secrets are common: give them as much weight as all the providers together.
  { names: GENERIC_SECRET_NAMES, value: m('generic-secret', genericSecret) },
  { names: GENERIC_SECRET_NAMES, value: m('generic-secret', genericSecret) },
  { names: GENERIC_SECRET_NAMES, value: m('generic-secret', genericSecret) },
  { names: GENERIC_SECRET_NAMES, value: m('generic-secret', genericSecret) },
];

/** An assignment of a generic secret (a password, a token of no particular provider) in `syntax`. */
export function genericSecretAssignment(r: Random, syntax: Syntax): Fragment {
  return assignment(r, syntax, r.pick(GENERIC_SECRET_NAMES), mark('generic-secret', genericSecret(r)));
}

/** `count` named secrets (distinct entries), each as an assignment in `syntax`. */
export function namedSecretAssignments(r: Random, syntax: Syntax, count: number): Fragment[] {
  return r.sample(NAMED_SECRETS, count).map((secret) => assignment(r, syntax, r.pick(secret.names), secret.value(r)));
}

// --- Labelled values in one call -----------------------------------------------------------------

/** Generators of labelled values, for templates that write a value as it is (no surrounding structure). */
export const marked = {
  email: (r: Random, person?: FakePerson) => mark('email', email(r, person)),
  phone: (r: Random) => mark('phone', phone(r)),
  iban: (r: Random, spaced?: boolean) => mark('iban', iban(r, { spaced })),
  card: (r: Random) => mark('payment-card', paymentCard(r)),
  nir: (r: Random, person?: FakePerson) => mark('nir', nir(r, person)),
  siren: (r: Random) => mark('siren', siren(r)),
  siret: (r: Random) => mark('siret', siret(r)),
  ipv4: (r: Random) => mark('ipv4', ipv4(r)),
  ipv6: (r: Random) => mark('ipv6', ipv6(r)),
  host: (r: Random) => mark('internal-host', internalHost(r)),
  client: (r: Random) => mark('client-name', clientName(r)),
  codename: (r: Random) => mark('project-codename', projectCodename(r)),
  person: (r: Random) => mark('person-name', personName(r)),
  jwt: (r: Random) => mark('jwt', jwt(r)),
  secret: (r: Random) => mark('generic-secret', genericSecret(r)),
  privateKey: (r: Random) => mark('private-key', privateKey(r)),
  /** A ticket key made from a codename, as trackers write them: HERON-482. */
  ticket: (r: Random) => f`${mark('project-codename', stripAccents(r.pick(corpusDictionary.codenames)).toUpperCase())}-${r.int(10, 9999)}`,
  /** A branch named after a codename: feature/heron-export. */
  branch: (r: Random) =>
    f`${r.pick(['feature', 'fix', 'release'])}/${mark('project-codename', stripAccents(r.pick(corpusDictionary.codenames)).toLowerCase())}-${r.pick(['export', 'sso', 'migration', 'perf'])}`,
};

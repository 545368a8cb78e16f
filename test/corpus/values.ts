/**
 * Fake but format-valid values, one generator per kind, each returning the value exactly as it is
 * written in a file (spacing, escapes and all). Values that only exist inside a larger structure
 * (a connection string, a Docker config) are the labelled part alone; contexts.ts writes the rest.
 */
import { type Kind } from '../../src/core/redaction/kinds';
import { belgianCheck, crc32, frenchRibKey, ibanCheckDigits, italianCin, luhnCheckDigit, nirKey, spanishControlDigits, toBase62 } from './checksums';
import { type PrivateKeyFormat, privateKeyPem } from './keys';
import { ALPHABET, type Random } from './random';
import { COMPANY_MAIL_DOMAINS, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, PERSONAL_MAIL_DOMAINS } from './words';

/**
 * The names a policy would list. All fictional; written with their accents here, while the corpus
 * also writes them in capitals, in lower case or without accents, as people type them.
 */
export const corpusDictionary = {
  clients: ['Banque Ardoise', 'Assurances Clairval', 'Transports Mérindol', 'Laboratoires Vauclair', 'Crédit Sénestre', 'Mutuelle Bellerive', 'Groupe Hôtelier Castelroc', 'Énergies Valmorel'],
  codenames: ['Héron', 'Colibri', 'Sémaphore', 'Tramontane', 'Lagopède', 'Pégase', 'Nénuphar', 'Cassiopée', 'Ébène', 'Gypaète'],
  people: [
    'Amélie Dufresne',
    'Hélène Marchetti',
    'Théo Garnier-Lacombe',
    'Éloïse Fontanel',
    'François Bérard',
    'Noémie Castagné',
    'Jérôme Vasseur',
    'Léa Rouvière',
    'Benoît Lachaume',
    'Cécile Aubertin',
    'Raphaël Ménard',
    'Maëlle Quéré',
  ],
  internalHosts: [
    'db-prod-01.ardoise.internal',
    'pg-replica-02.clairval.local',
    'vault.infra.merindol.lan',
    'jenkins.vauclair.intra',
    'k8s-api.senestre.corp',
    'redis-cache-03.bellerive.internal',
    'gitlab.castelroc.lan',
    'sftp-echanges.ardoise.internal',
    'kafka-broker-1.clairval.local',
    'ldap.senestre.corp',
    'mq-01.valmorel.internal',
    'grafana.ops.merindol.lan',
  ],
} as const satisfies Record<string, readonly string[]>;

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** A dictionary term as someone would type it: as listed, in capitals, in lower case, or without accents. */
export function dictionaryMention(r: Random, term: string): string {
  return r.weighted<string>([
    [term, 5],
    [stripAccents(term), 2],
    [term.toUpperCase(), 1],
    [stripAccents(term).toUpperCase(), 1],
    [term.toLowerCase(), 1],
    [stripAccents(term).toLowerCase(), 1],
  ]);
}

export const clientName = (r: Random) => dictionaryMention(r, r.pick(corpusDictionary.clients));
export const projectCodename = (r: Random) => dictionaryMention(r, r.pick(corpusDictionary.codenames));
export const personName = (r: Random) => dictionaryMention(r, r.pick(corpusDictionary.people));
export const internalHost = (r: Random) => r.pick(corpusDictionary.internalHosts);

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const ALNUM = ALPHABET.base62;

// --- Cloud -------------------------------------------------------------------------------------

export const awsAccessKeyId = (r: Random) => (r.bool(0.8) ? 'AKIA' : 'ASIA') + r.chars(ALPHABET.base32, 16);
export const awsSecretAccessKey = (r: Random) => r.chars(ALPHABET.base64, 40);

/** The `private_key` string of a service-account JSON, without its quotes: a PEM with `\n` escapes. */
export const gcpServiceAccountPrivateKey = (r: Random) => `${privateKeyPem(r, 'pkcs8-rsa').replace(/\n/g, '\\n')}\\n`;
export const gcpApiKey = (r: Random) => 'AIza' + r.chars(ALPHABET.base64url, 35);

/** 64 random bytes in base64: 88 characters ending in `==`. */
export const azureStorageKey = (r: Random) => base64(r.bytes(64));
export const azureOpenAiKey = (r: Random) => r.chars(ALPHABET.hex, 32);

// --- AI providers ------------------------------------------------------------------------------

export function openAiApiKey(r: Random): string {
  const u = ALPHABET.base64url;
  return r.weighted<() => string>([
    [() => `sk-proj-${r.chars(u, 74)}T3BlbkFJ${r.chars(u, 74)}`, 4],
    [() => `sk-proj-${r.chars(u, r.int(140, 160))}`, 2],
    [() => `sk-svcacct-${r.chars(u, 74)}T3BlbkFJ${r.chars(u, 74)}`, 1],
    [() => `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`, 3],
  ])();
}

export const anthropicApiKey = (r: Random) => `sk-ant-api03-${r.chars(ALPHABET.base64url, 93)}AA`;

// --- Source hosting and registries -------------------------------------------------------------

/** 30 random base62 characters and the 6-character base62 CRC32 of them, as GitHub and npm tokens end. */
function checksummedBody(r: Random): string {
  const body = r.chars(ALNUM, 30);
  return body + toBase62(crc32(body), 6);
}

export function githubToken(r: Random): string {
  const prefix = r.weighted<string>([
    ['ghp_', 5],
    ['gho_', 1],
    ['ghu_', 1],
    ['ghs_', 2],
    ['ghr_', 1],
  ]);
  return prefix + checksummedBody(r);
}

export const githubFineGrainedToken = (r: Random) => `github_pat_11${r.chars(ALPHABET.upper + ALPHABET.digits, 20)}_${r.chars(ALNUM, 59)}`;
export const gitlabToken = (r: Random) => 'glpat-' + r.chars(ALPHABET.base64url, 20);
export const npmToken = (r: Random) => 'npm_' + checksummedBody(r);

// --- SaaS --------------------------------------------------------------------------------------

export function slackToken(r: Random): string {
  return r.bool(0.6)
    ? `xoxb-${r.digits(r.int(10, 13), false)}-${r.digits(13, false)}-${r.chars(ALNUM, 24)}`
    : `xoxp-${r.digits(12, false)}-${r.digits(12, false)}-${r.digits(13, false)}-${r.chars(ALPHABET.hex, 32)}`;
}

export function slackWebhook(r: Random): string {
  const id = () => r.chars(ALPHABET.upper + ALPHABET.digits, r.int(8, 10));
  return `https://hooks.slack.com/services/T${id()}/B${id()}/${r.chars(ALNUM, 24)}`;
}

export function stripeKey(r: Random): string {
  const prefix = r.weighted<string>([
    ['sk_live_', 4],
    ['rk_live_', 1],
    ['sk_test_', 2],
  ]);
  return prefix + (r.bool(0.4) ? r.chars(ALNUM, 24) : `51${r.chars(ALNUM, 97)}`);
}

export const sendgridKey = (r: Random) => `SG.${r.chars(ALPHABET.base64url, 22)}.${r.chars(ALPHABET.base64url, 43)}`;
export const twilioKey = (r: Random) => 'SK' + r.chars(ALPHABET.hex, 32);

/** Tokens of providers with no kind of their own, each in its documented format. */
export const providerToken = (r: Random) =>
  r.pick<(r: Random) => string>([
    (g) => `dop_v1_${g.chars(ALPHABET.hex, 64)}`,
    (g) => `sntryu_${g.chars(ALPHABET.hex, 64)}`,
    (g) => `pul-${g.chars(ALPHABET.hex, 40)}`,
    (g) => `dp.pt.${g.chars(ALPHABET.base62, 43)}`,
    (g) => `hvs.${g.chars(ALPHABET.base64url, 90)}`,
    (g) => `glsa_${g.chars(ALPHABET.base62, 32)}_${g.chars(ALPHABET.hex, 8)}`,
    (g) => `dapi${g.chars(ALPHABET.hex, 32)}`,
    (g) => `xkeysib-${g.chars(ALPHABET.hex, 64)}-${g.chars(ALPHABET.base62, 16)}`,
    (g) => `NRAK-${g.chars(ALPHABET.upper + ALPHABET.digits, 27)}`,
    (g) => `squ_${g.chars(ALPHABET.hex, 40)}`,
    (g) => `tk-us-${g.chars(ALPHABET.base64url, 48)}`,
  ])(r);

const uuid = (r: Random) => `${r.chars(ALPHABET.hex, 8)}-${r.chars(ALPHABET.hex, 4)}-4${r.chars(ALPHABET.hex, 3)}-8${r.chars(ALPHABET.hex, 3)}-${r.chars(ALPHABET.hex, 12)}`;

/** Teams and Discord incoming webhooks, whose path is their secret. */
export const webhookUrl = (r: Random) =>
  r.bool(0.5)
    ? `https://${r.pick(['contoso', 'ardoise', 'clairval'])}.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${r.chars(ALPHABET.hex, 32)}/${uuid(r)}`
    : `https://discord.com/api/webhooks/${r.digits(18)}/${r.chars(ALPHABET.base64url, 68)}`;

// --- Formats -----------------------------------------------------------------------------------

/** A JWT whose header and payload are real JSON; the signature has the length of its algorithm's. */
export function jwt(r: Random): string {
  const alg = r.weighted<'HS256' | 'RS256' | 'ES256'>([
    ['HS256', 6],
    ['RS256', 3],
    ['ES256', 1],
  ]);
  const header = r.bool() ? { alg, typ: 'JWT' } : { typ: 'JWT', alg, kid: r.chars(ALPHABET.base64url, 22) };
  const iat = 1_700_000_000 + r.int(0, 40_000_000);
  const payload = r.pick([
    { sub: r.digits(7, false), name: fakePersonFullName(r), iat },
    { iss: 'https://auth.example.com/', sub: `auth0|${r.chars(ALPHABET.hex, 24)}`, aud: 'api', iat, exp: iat + 3600, scope: 'read:invoices write:invoices' },
    { sub: r.chars(ALPHABET.hex, 8) + '-' + r.chars(ALPHABET.hex, 4), role: r.pick(['admin', 'user', 'service']), iat, exp: iat + 86400 },
    { user_id: r.int(1, 99999), tenant: r.pick(['fr-1', 'eu-west', 'prod']), iat },
  ]);
  const signatureBytes = { HS256: 32, RS256: 256, ES256: 64 }[alg];
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}.${Buffer.from(r.bytes(signatureBytes)).toString('base64url')}`;
}

export const privateKeyFormat = (r: Random) =>
  r.weighted<PrivateKeyFormat>([
    ['rsa', 4],
    ['pkcs8-rsa', 3],
    ['pkcs8-ec', 1],
    ['pkcs8-ed25519', 1],
    ['ec', 2],
    ['openssh', 3],
  ]);

export const privateKey = (r: Random, format: PrivateKeyFormat = privateKeyFormat(r)) => privateKeyPem(r, format);

/** Draws again until `accept` holds: a rejection loop, still deterministic for a seed. */
function drawUntil(r: Random, draw: () => string, accept: (value: string) => boolean): string {
  for (;;) {
    const value = draw();
    if (accept(value)) return value;
  }
}

const hasThreeClasses = (v: string) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v);

/**
 * 12 to 32 characters starting with a letter or digit (safe unquoted in YAML and .env), the rest
 * drawn from letters, digits and `symbols`; letters and digits weigh double so that symbols are a
 * minority, as in generated passwords.
 */
const passwordLike = (r: Random, symbols: string) => r.chars(ALNUM, 1) + r.chars(ALNUM + ALNUM + symbols, r.int(11, 31));

/** A password that can sit in a URL's user-info without percent-encoding (RFC 3986 unreserved and a few sub-delims). */
export function urlPassword(r: Random): string {
  return drawUntil(r, () => passwordLike(r, '-._~!*'), hasThreeClasses);
}

/**
 * Symbols of the generic secrets: none that needs escaping in a double-quoted string of the
 * languages the corpus writes, nor starts a comment, an interpolation or an XML entity.
 */
const SECRET_SYMBOLS = '!%*+-._~@^=?';

/** A strong secret as people and generators write them: a mixed password or a random token. */
export function genericSecret(r: Random): string {
  return r.weighted<() => string>([
    [
      () =>
        drawUntil(
          r,
          () => passwordLike(r, SECRET_SYMBOLS),
          (v) => hasThreeClasses(v) && /[^A-Za-z0-9]/.test(v),
        ),
      5,
    ],
    // `openssl rand -hex 16|20` and `openssl rand -base64 18…32`: 32 to 44 characters.
    [() => r.chars(ALPHABET.hex, r.pick([32, 40])), 2],
    [() => base64(r.bytes(r.pick([18, 24, 30, 32]))), 2],
    [() => drawUntil(r, () => r.chars(ALNUM, r.int(20, 40)), hasThreeClasses), 2],
  ])();
}

/** The `auth` value of a Docker config.json: base64 of `user:password`. */
export function dockerAuth(r: Random): string {
  const user = r.pick(['ci-bot', 'deploy', 'robot$ci-pipeline', 'gitlab-ci-token', 'AWS', '_json_key', 'svc-registry']);
  const password = r.bool(0.3) ? `gldt-${r.chars(ALPHABET.base64url, 20)}` : urlPassword(r);
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

/** A value of a Kubernetes Secret's `data` map: base64 of the plain value. */
export const kubernetesSecretValue = (plainValue: string) => Buffer.from(plainValue, 'utf8').toString('base64');

// --- Personal data -----------------------------------------------------------------------------

export interface FakePerson {
  firstName: string;
  lastName: string;
  sex: 1 | 2;
  birth: { year: number; month: number; day: number };
}

/** A fictional person who is NOT in the dictionary: a customer in an export, the author of an e-mail. */
export function fakePerson(r: Random): FakePerson {
  const sex = r.bool() ? 1 : 2;
  return {
    firstName: r.pick(sex === 1 ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES),
    lastName: r.pick(LAST_NAMES),
    sex,
    birth: { year: r.int(1940, 2005), month: r.int(1, 12), day: r.int(1, 28) },
  };
}

function fakePersonFullName(r: Random): string {
  const person = fakePerson(r);
  return `${person.firstName} ${person.lastName}`;
}

/** A name as it appears in an e-mail address: no accents, no apostrophe, lower case. */
function mailSlug(name: string, joiner: string): string {
  return stripAccents(name).toLowerCase().replace(/'/g, '').replace(/\s+/g, joiner);
}

export function email(r: Random, person: FakePerson = fakePerson(r)): string {
  const first = mailSlug(person.firstName, '-');
  const last = mailSlug(person.lastName, r.pick(['', '-']));
  const local = r.weighted<string>([
    [`${first}.${last}`, 6],
    [`${first.charAt(0)}.${last}`, 2],
    [`${first}${last}`, 1],
    [`${first}_${last}`, 1],
    [`${last}.${first}`, 1],
    [`${first}.${last}${r.int(1, 99)}`, 2],
    [`${first.charAt(0)}${last}`, 1],
  ]);
  const domain = r.bool(0.45) ? r.pick(PERSONAL_MAIL_DOMAINS) : r.pick(COMPANY_MAIL_DOMAINS);
  return `${local}@${domain}`;
}

/** Digits in groups of two, joined by `separator`. */
function pairs(digits: string, separator: string): string {
  return digits.match(/../g)?.join(separator) ?? digits;
}

/** A French number (10 digits, national form) in one of the ways people write it. */
function frenchPhone(r: Random): string {
  const prefix = r.weighted<string>([
    ['6', 5],
    ['7', 2],
    ['1', 2],
    ['2', 1],
    ['3', 1],
    ['4', 1],
    ['5', 1],
    ['9', 1],
  ]);
  const rest = (prefix === '7' ? String(r.int(3, 9)) : r.digits(1)) + r.digits(7);
  const national = `0${prefix}${rest}`;
  const subscriber = national.slice(1);
  return r.weighted<string>([
    [pairs(national, ' '), 6],
    [pairs(national, '.'), 2],
    [national, 2],
    [pairs(national, '-'), 1],
    [`+33 ${prefix} ${pairs(rest, ' ')}`, 3],
    [`+33 (0)${prefix} ${pairs(rest, ' ')}`, 1],
    [`+33${subscriber}`, 2],
    [`0033 ${prefix} ${pairs(rest, ' ')}`, 1],
    [`+33 ${subscriber.slice(0, 3)} ${subscriber.slice(3, 6)} ${subscriber.slice(6)}`, 1],
  ]);
}

/** A foreign number in its usual international writing. */
function foreignPhone(r: Random): string {
  const d = (n: number) => r.digits(n, false);
  return r.pick([
    () => `+49 30 ${d(7)}`,
    () => `+49 89 ${d(8)}`,
    () => `+49 151 ${d(8)}`,
    () => `+44 20 7946 0${r.digits(3)}`,
    () => `+44 7700 900${r.digits(3)}`,
    () => `+32 2 ${d(3)} ${d(2)} ${d(2)}`,
    () => `+32 475 ${d(2)} ${d(2)} ${d(2)}`,
    () => `+41 22 ${d(3)} ${d(2)} ${d(2)}`,
    () => `+41 79 ${d(3)} ${d(2)} ${d(2)}`,
    () => `+34 612 ${d(3)} ${d(3)}`,
    () => `+39 06 ${d(4)} ${d(4)}`,
    () => `+39 347 ${d(3)} ${d(4)}`,
    () => `+1 415 555 01${r.digits(2)}`,
    () => `+1 (212) 555-01${r.digits(2)}`,
  ])();
}

export const phone = (r: Random) => (r.bool(0.85) ? frenchPhone(r) : foreignPhone(r));

function groupsOf(text: string, size: number): string {
  return text.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? text;
}

const FRENCH_BANK_CODES = ['30004', '30003', '10278', '20041', '30002', '11315', '18206', '16958', '30066', '10107'];

function bban(r: Random, country: string): string {
  switch (country) {
    case 'FR': {
      const bank = r.pick(FRENCH_BANK_CODES);
      const branch = r.digits(5);
      const account = r.digits(11);
      return bank + branch + account + frenchRibKey(bank, branch, account);
    }
    case 'DE':
      return r.digits(8, false) + r.digits(10);
    case 'ES': {
      const bank = r.pick(['2100', '0049', '0182', '2080', '0081']);
      const branch = r.digits(4);
      const account = r.digits(10);
      return bank + branch + spanishControlDigits(bank, branch, account) + account;
    }
    case 'IT': {
      const rest = r.pick(['03069', '02008', '05034', '03062']) + r.digits(5) + r.digits(12);
      return italianCin(rest) + rest;
    }
    default: {
      const ten = r.digits(3) + r.digits(7);
      return ten + belgianCheck(ten);
    }
  }
}

/** A valid IBAN (national check digits included), compact or in groups of four. */
export function iban(r: Random, options: { spaced?: boolean | undefined } = {}): string {
  const country = r.weighted<string>([
    ['FR', 6],
    ['DE', 1],
    ['ES', 1],
    ['IT', 1],
    ['BE', 1],
  ]);
  const body = bban(r, country);
  const compact = country + ibanCheckDigits(country, body) + body;
  return (options.spaced ?? r.bool()) ? groupsOf(compact, 4) : compact;
}

/** A Luhn-valid Visa, Mastercard or American Express number: compact, spaced or dashed. */
export function paymentCard(r: Random): string {
  const brand = r.weighted<'visa' | 'mastercard' | 'amex'>([
    ['visa', 5],
    ['mastercard', 3],
    ['amex', 1],
  ]);
  const payload =
    brand === 'visa' ? '4' + r.digits(14) : brand === 'amex' ? r.pick(['34', '37']) + r.digits(12) : r.bool(0.7) ? `5${r.int(1, 5)}${r.digits(13)}` : String(r.int(2221, 2720)) + r.digits(11);
  const number = payload + luhnCheckDigit(payload);
  const separator = r.weighted<string>([
    ['', 3],
    [' ', 4],
    ['-', 1],
  ]);
  if (separator === '') return number;
  return brand === 'amex' ? [number.slice(0, 4), number.slice(4, 10), number.slice(10)].join(separator) : (number.match(/.{4}/g) ?? []).join(separator);
}

/** A NIR (numéro de sécurité sociale) with its key; consistent with `person` when one is given. */
export function nir(r: Random, person: FakePerson = fakePerson(r)): string {
  // Department 20 is no longer issued: Corsica is 2A or 2B.
  const mainland = r.int(1, 94);
  const department = r.bool(0.05) ? r.pick(['2A', '2B']) : String(mainland >= 20 ? mainland + 1 : mainland).padStart(2, '0');
  const thirteen =
    String(person.sex) +
    String(person.birth.year % 100).padStart(2, '0') +
    String(person.birth.month).padStart(2, '0') +
    department +
    String(r.int(1, 990)).padStart(3, '0') +
    String(r.int(1, 999)).padStart(3, '0');
  const key = nirKey(thirteen);
  return r.weighted<string>([
    [[thirteen.slice(0, 1), thirteen.slice(1, 3), thirteen.slice(3, 5), thirteen.slice(5, 7), thirteen.slice(7, 10), thirteen.slice(10, 13), key].join(' '), 4],
    [thirteen + key, 3],
    [`${thirteen} ${key}`, 1],
  ]);
}

function sirenDigits(r: Random): string {
  const payload = r.digits(8, false);
  return payload + luhnCheckDigit(payload);
}

const spacedSiren = (digits: string) => groupsOf(digits, 3);

export function siren(r: Random): string {
  const digits = sirenDigits(r);
  return r.bool() ? digits : spacedSiren(digits);
}

/** A SIRET: a SIREN and a 5-digit establishment number (NIC), Luhn-valid over the 14 digits. */
export function siret(r: Random): string {
  return companyIdentifiers(r).siret;
}

/** The SIREN of a company and the SIRET of one of its establishments, written the same way. */
export function companyIdentifiers(r: Random): { siren: string; siret: string } {
  const sirenPart = sirenDigits(r);
  const nicStart = r.bool(0.8) ? '000' + r.digits(1) : r.digits(4);
  const nic = nicStart + luhnCheckDigit(sirenPart + nicStart);
  return r.bool() ? { siren: sirenPart, siret: sirenPart + nic } : { siren: spacedSiren(sirenPart), siret: `${spacedSiren(sirenPart)} ${nic}` };
}

// --- Network -----------------------------------------------------------------------------------

export function ipv4(r: Random): string {
  const host = () => r.int(1, 254);
  return r.weighted<() => string>([
    [() => `10.${r.int(0, 255)}.${r.int(0, 255)}.${host()}`, 3],
    [() => `172.${r.int(16, 31)}.${r.int(0, 255)}.${host()}`, 2],
    [() => `192.168.${r.int(0, 255)}.${host()}`, 3],
    [() => `${r.pick(['192.0.2', '198.51.100', '203.0.113'])}.${host()}`, 2],
    [() => `${r.pick([51, 62, 78, 82, 86, 90, 92, 109, 151, 176, 185, 193, 212, 217])}.${r.int(0, 255)}.${r.int(0, 255)}.${host()}`, 3],
  ])();
}

/** An IPv6 address in its canonical text form (RFC 5952: lower case, longest zero run as `::`). */
export function ipv6(r: Random): string {
  const group = () => r.int(0, 0xffff);
  const prefix = r.weighted<number[]>([
    [[0x2001, 0x0db8, group()], 3],
    [[0x2a01, 0x0e0a, group()], 2],
    [[0x2a01, r.int(0xcb00, 0xcb1f), group()], 2],
    [[0x2001, 0x41d0, group()], 2],
    [[0xfe80, 0, 0, 0], 2],
    [[0xfd00 + r.int(0, 0xff), group(), group()], 1],
  ]);
  const groups = [...prefix];
  while (groups.length < 8) groups.push(group());
  if (r.bool(0.6)) {
    // Servers often get short interface ids: zero a run in the middle, sometimes ending in ::1.
    const from = Math.max(prefix.length, r.int(3, 5));
    for (let i = from; i < 7; i++) groups[i] = 0;
    if (r.bool(0.4)) groups[7] = 1;
  }
  return compressIpv6(groups);
}

function compressIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * One generator per kind, for property tests and coverage. The contextual kinds give the bare
 * labelled part (a password, a base64 value), which only means something in its context.
 */
export const valueGenerators: { readonly [K in Kind]: (r: Random) => string } = {
  'aws-access-key-id': awsAccessKeyId,
  'aws-secret-access-key': awsSecretAccessKey,
  'gcp-service-account-key': gcpServiceAccountPrivateKey,
  'gcp-api-key': gcpApiKey,
  'azure-storage-key': azureStorageKey,
  'azure-openai-key': azureOpenAiKey,
  'openai-api-key': openAiApiKey,
  'anthropic-api-key': anthropicApiKey,
  'github-token': githubToken,
  'github-fine-grained-token': githubFineGrainedToken,
  'gitlab-token': gitlabToken,
  'npm-token': npmToken,
  'slack-token': slackToken,
  'slack-webhook': slackWebhook,
  'stripe-key': stripeKey,
  'sendgrid-key': sendgridKey,
  'twilio-key': twilioKey,
  'provider-token': providerToken,
  'webhook-url': webhookUrl,
  jwt,
  'private-key': (r) => privateKey(r),
  'connection-string-password': urlPassword,
  'basic-auth-password': urlPassword,
  'docker-auth': dockerAuth,
  'kubernetes-secret': (r) => kubernetesSecretValue(genericSecret(r)),
  'generic-secret': genericSecret,
  email: (r) => email(r),
  phone,
  iban: (r) => iban(r),
  'payment-card': paymentCard,
  nir: (r) => nir(r),
  siren,
  siret,
  ipv4,
  ipv6,
  'internal-host': internalHost,
  'client-name': clientName,
  'project-codename': projectCodename,
  'person-name': personName,
};

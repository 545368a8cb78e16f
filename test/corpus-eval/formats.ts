/**
 * Token formats of the evaluation corpus, one generator per format, written from each format's
 * public description (the provider's documentation, or the true-positive fixtures of another
 * scanner: gitleaks' `cmd/generate/config/rules/*.go`), never from
 * this project's own catalogue or its examples. README.md names the source of each family.
 *
 * Values are drawn at test time from a seeded generator: the sources hold only prefixes and
 * alphabets, so no token-shaped string is ever committed (push protection and `vsce` stay quiet).
 */
import { crc32, toBase62 } from '../corpus/checksums';
import { ALPHABET, type Random } from '../corpus/random';

export interface TokenFormat {
  /** The family reported by the benchmark (a provider, or a kind of credential). */
  readonly family: string;
  /** Where the format is described (also listed in README.md). */
  readonly source: string;
  readonly make: (r: Random) => string;
}

const A = ALPHABET;
const ALNUM = A.base62;
const HEX = A.hex;
const UPPER_ALNUM = A.upper + A.digits;
const B64URL = A.base64url;
const B64 = A.base64;
/** The bech32 alphabet (BIP-173), as age writes its keys, in capitals. */
const BECH32_UPPER = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';
const uuid = (r: Random) => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64NoPad = (text: string) => b64(text).replace(/=+$/, '');
/** Joins parts, so that a reader of this file never sees a whole prefix next to a body. */
const cat = (...parts: string[]) => parts.join('');

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { family: 'aws-access-key-id', source: 'AWS IAM User Guide, unique identifiers; gitleaks aws.go', make: (r) => cat(r.pick(['AK', 'AS']), 'IA', r.chars(A.base32.slice(0, 26) + '234567', 16)) },
  {
    family: 'aws-bedrock',
    source: 'Amazon Bedrock User Guide, API keys (long-term keys are ABSK + base64 of BedrockAPIKey-…)',
    make: (r) => cat('AB', 'SK', b64(`BedrockAPIKey-${r.chars(ALNUM, 4)}-at-${r.digits(12, false)}:${r.chars(B64, 40)}`)),
  },
  { family: 'gcp-api-key', source: 'Google Cloud, Manage API keys; gitleaks gcp.go', make: (r) => cat('AI', 'za', r.chars(B64URL, 35)) },
  { family: 'google-oauth-client-secret', source: 'Google OAuth client secret format (GOCSPX-); gitleaks gcp.go', make: (r) => cat('GOC', 'SPX-', r.chars(B64URL, 28)) },
  { family: 'azure-ad-client-secret', source: 'gitleaks azure.go (3 chars, a digit, Q~, 31-34 chars)', make: (r) => cat(r.chars(ALNUM, 3), r.chars(A.digits, 1), 'Q~', r.chars(ALNUM + '_~.-', 34)) },
  {
    family: 'github',
    source: 'GitHub blog "Behind GitHub\'s new authentication token formats" (prefix, 30 base62, CRC32 in base62)',
    make: (r) => {
      const body = r.chars(ALNUM, 30);
      return cat(r.pick(['ghp', 'gho', 'ghs', 'ghu']), '_', body, toBase62(crc32(body), 6));
    },
  },
  {
    family: 'github',
    source: 'GitHub fine-grained personal access tokens (github_pat_ 22 _ 59); gitleaks github.go',
    make: (r) => cat('github', '_pat_', '11', r.chars(UPPER_ALNUM, 20), '_', r.chars(ALNUM, 59)),
  },
  {
    family: 'gitlab',
    source: 'GitLab docs, Token prefixes (glpat-, glrt-, glft-, gldt-, glptt-); gitleaks gitlab.go',
    make: (r) =>
      r.weighted<() => string>([
        [() => cat('gl', 'pat-', r.chars(B64URL, 20)), 3],
        [() => cat('gl', 'rt-', r.chars(B64URL, 20)), 1],
        [() => cat('gl', 'ft-', r.chars(B64URL, 20)), 1],
        [() => cat('gl', 'dt-', r.chars(B64URL, 20)), 1],
        [() => cat('gl', 'ptt-', r.chars(HEX, 40)), 1],
      ])(),
  },
  { family: 'bitbucket', source: 'Atlassian, Bitbucket app passwords (ATBB + 32); gitleaks bitbucket.go', make: (r) => cat('AT', 'BB', r.chars(ALNUM, 24), r.chars('0123456789ABCDEF', 8)) },
  {
    family: 'atlassian',
    source: 'Atlassian API tokens (ATATT3 + 186 characters); gitleaks atlassian.go',
    make: (r) => cat('ATA', 'TT3', 'xFfGF0', r.chars(B64URL, 171), '=', r.chars('0123456789ABCDEF', 8)),
  },
  {
    family: 'npm',
    source: 'npm docs, access tokens (npm_ + 36); GitHub token format',
    make: (r) => {
      const body = r.chars(ALNUM, 30);
      return cat('np', 'm_', body, toBase62(crc32(body), 6));
    },
  },
  { family: 'pypi', source: 'PyPI API tokens (macaroons, pypi-AgEIcHlwaS5vcmc…); gitleaks pypi.go', make: (r) => cat('py', 'pi-', 'AgEIcHlwaS5vcmc', r.chars(B64URL, 120)) },
  { family: 'docker-hub', source: 'Docker docs, personal access tokens (dckr_pat_); gitleaks docker.go', make: (r) => cat('dckr', '_pat_', r.chars(B64URL, 27)) },
  {
    family: 'jfrog',
    source: 'JFrog Artifactory API keys (AKCp + 69) and reference tokens (base64 of reftkn:01:); gitleaks artifactory.go',
    make: (r) => (r.bool() ? cat('AK', 'Cp', r.chars(ALNUM, 69)) : b64NoPad(`reftkn:01:${r.digits(10, false)}:${r.chars(ALNUM, 27)}`)),
  },
  { family: 'sonar', source: 'SonarQube docs, token types (squ_, sqp_, sqa_ + 40 hex)', make: (r) => cat('sq', r.pick(['u', 'p', 'a']), '_', r.chars(HEX, 40)) },
  {
    family: 'hashicorp-vault',
    source: 'HashiCorp Vault docs, token formats (hvs., hvb.); gitleaks hashicorp_vault.go',
    make: (r) => (r.bool(0.7) ? cat('hv', 's.', 'CAESI', r.chars(B64URL, 90)) : cat('hv', 'b.', 'AAAAAQ', r.chars(B64URL, 140))),
  },
  {
    family: 'terraform-cloud',
    source: 'HashiCorp Terraform Cloud API tokens (14 chars .atlasv1. 60-70); gitleaks hashicorp.go',
    make: (r) => cat(r.chars(ALNUM, 14), '.atlas', 'v1.', r.chars(ALNUM + '-_', 67)),
  },
  {
    family: 'sentry',
    source: 'Sentry docs, auth tokens (sntryu_ + 64 hex; sntrys_ + base64 JSON + _ + 43); gitleaks sentry.go',
    make: (r) =>
      r.bool()
        ? cat('sntr', 'yu_', r.chars(HEX, 64))
        : cat(
            'sntr',
            'ys_',
            b64NoPad(JSON.stringify({ iat: r.int(1_700_000_000, 1_800_000_000), url: 'https://sentry.io', region_url: 'https://de.sentry.io', org: r.pick(['acme', 'ardoise', 'etech']) })),
            '_',
            r.chars(B64, 43),
          ),
  },
  { family: 'digitalocean', source: 'DigitalOcean API docs, token prefixes (dop_v1_, doo_v1_, dor_v1_ + 64 hex)', make: (r) => cat('do', r.pick(['p', 'o', 'r']), '_v1_', r.chars(HEX, 64)) },
  { family: 'pulumi', source: 'Pulumi access tokens (pul- + 40 hex); gitleaks pulumi.go', make: (r) => cat('pu', 'l-', r.chars(HEX, 40)) },
  { family: 'doppler', source: 'Doppler docs, auth token formats (dp.pt., dp.st., dp.sa. + 40-44)', make: (r) => cat('dp', '.', r.pick(['pt', 'sa', 'ct']), '.', r.chars(ALNUM, 43)) },
  {
    family: 'grafana',
    source: 'Grafana docs, service account tokens (glsa_ 32 _ 8 hex) and Cloud tokens (glc_ + base64); gitleaks grafana.go',
    make: (r) =>
      r.bool()
        ? cat('gl', 'sa_', r.chars(ALNUM, 32), '_', r.chars(HEX, 8))
        : cat('gl', 'c_', b64(JSON.stringify({ o: r.digits(6, false), n: `stack-${r.digits(6, false)}-hm-read`, k: r.chars(ALNUM, 24), m: { r: 'eu' } }))),
  },
  {
    family: 'dynatrace',
    source: 'Dynatrace docs, access token format (dt0c01.24.64); gitleaks dynatrace.go',
    make: (r) => cat('dt0', 'c01.', r.chars(UPPER_ALNUM, 24), '.', r.chars(UPPER_ALNUM, 64)),
  },
  {
    family: 'new-relic',
    source: 'New Relic docs, API keys (NRAK- + 27; license keys end NRAL); gitleaks newrelic.go',
    make: (r) => (r.bool(0.7) ? cat('NR', 'AK-', r.chars(UPPER_ALNUM, 27)) : cat(r.chars(HEX, 36), 'NR', 'AL')),
  },
  { family: 'cloudflare', source: 'Cloudflare API docs, Origin CA keys (v1.0- 24 hex - 146 hex)', make: (r) => cat('v1', '.0-', r.chars(HEX, 24), '-', r.chars(HEX, 146)) },
  {
    family: 'databricks',
    source: 'Databricks docs, personal access tokens (dapi + 32 hex); gitleaks databricks.go',
    make: (r) => cat('da', 'pi', r.chars(HEX, 32), r.bool(0.3) ? `-${r.int(1, 9)}` : ''),
  },
  { family: 'scalingo', source: 'Scalingo docs, API tokens (tk-us- + 48)', make: (r) => cat('tk', '-us-', r.chars(B64URL, 48)) },
  { family: 'brevo', source: 'Brevo (Sendinblue) API keys (xkeysib- 64 hex - 16); gitleaks sendinblue.go', make: (r) => cat('xkey', 'sib-', r.chars(HEX, 64), '-', r.chars(ALNUM, 16)) },
  {
    family: 'slack',
    source: 'Slack docs, token types (xoxb-, xoxp-, xapp-); gitleaks slack.go',
    make: (r) =>
      r.weighted<() => string>([
        [() => cat('xo', 'xb-', r.digits(12, false), '-', r.digits(13, false), '-', r.chars(ALNUM, 24)), 3],
        [() => cat('xo', 'xp-', r.digits(12, false), '-', r.digits(12, false), '-', r.digits(13, false), '-', r.chars(HEX, 32)), 2],
        [() => cat('xa', 'pp-1-', 'A', r.chars(UPPER_ALNUM, 10), '-', r.digits(13, false), '-', r.chars(HEX, 64)), 1],
      ])(),
  },
  {
    family: 'stripe',
    source: 'Stripe docs, API keys (sk_live_, rk_live_; webhook secrets whsec_); gitleaks stripe.go',
    make: (r) =>
      r.weighted<() => string>([
        [() => cat('sk', '_live_', '51', r.chars(ALNUM, 97)), 2],
        [() => cat('rk', '_live_', r.chars(ALNUM, 24)), 1],
        [() => cat('wh', 'sec_', r.chars(ALNUM, 32)), 1],
      ])(),
  },
  { family: 'sendgrid', source: 'Twilio SendGrid API keys (SG. 22 . 43); gitleaks sendgrid.go', make: (r) => cat('S', 'G.', r.chars(B64URL, 22), '.', r.chars(B64URL, 43)) },
  { family: 'twilio', source: 'Twilio API keys (SK + 32 hex); gitleaks twilio.go', make: (r) => cat('S', 'K', r.chars(HEX, 32)) },
  {
    family: 'openai',
    source: 'OpenAI project and service-account keys (sk-proj-, sk-svcacct- … T3BlbkFJ …); gitleaks openai.go',
    make: (r) => cat('sk-', r.pick(['proj', 'svcacct', 'admin']), '-', r.chars(B64URL, 74), 'T3Blbk', 'FJ', r.chars(B64URL, 74)),
  },
  { family: 'anthropic', source: 'Anthropic API keys (sk-ant-api03- 93 AA); gitleaks anthropic.go', make: (r) => cat('sk-', 'ant-', r.pick(['api03', 'admin01']), '-', r.chars(B64URL, 93), 'AA') },
  { family: 'huggingface', source: 'Hugging Face user access tokens (hf_ + 34 letters); gitleaks huggingface.go', make: (r) => cat('h', 'f_', r.chars(A.upper + A.lower, 34)) },
  { family: 'groq', source: 'Groq API keys (gsk_ + 52); gitleaks groq.go', make: (r) => cat('gs', 'k_', r.chars(ALNUM, 52)) },
  { family: 'shopify', source: 'Shopify access tokens (shpat_, shpss_, shpca_ + 32 hex); gitleaks shopify.go', make: (r) => cat('shp', r.pick(['at', 'ss', 'ca']), '_', r.chars(HEX, 32)) },
  { family: 'linear', source: 'Linear API keys (lin_api_ + 40); gitleaks linear.go', make: (r) => cat('lin', '_api_', r.chars(ALNUM, 40)) },
  { family: 'postman', source: 'Postman API keys (PMAK- 24 hex - 34 hex); gitleaks postman.go', make: (r) => cat('PM', 'AK-', r.chars(HEX, 24), '-', r.chars(HEX, 34)) },
  { family: 'age', source: 'age specification, X25519 identities (AGE-SECRET-KEY-1 + 58 bech32); gitleaks age.go', make: (r) => cat('AGE-', 'SECRET-KEY-1', r.chars(BECH32_UPPER, 58)) },
  { family: 'heroku', source: 'Heroku Dev Center, API tokens (HRKU-AA + 58)', make: (r) => cat('HR', 'KU-AA', r.chars(B64URL, 58)) },
  {
    family: 'teams-webhook',
    source: 'Microsoft Learn, Create an Incoming Webhook (…webhook.office.com/webhookb2/…); gitleaks microsoft-teams-webhook',
    make: (r) => `https://${r.pick(['contoso', 'ardoise', 'etechfr'])}.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${r.chars(HEX, 32)}/${uuid(r)}`,
  },
  {
    family: 'slack-webhook',
    source: 'Slack docs, Incoming webhooks (hooks.slack.com/services/T…/B…/…); gitleaks slack.go',
    make: (r) => `https://hooks.slack.com/services/T${r.chars(UPPER_ALNUM, 9)}/B${r.chars(UPPER_ALNUM, 10)}/${r.chars(ALNUM, 24)}`,
  },
  {
    family: 'discord-webhook',
    source: 'Discord developer docs, Webhook resource (api/webhooks/id/token); gitleaks discord.go',
    make: (r) => `https://discord.com/api/webhooks/${r.digits(18, false)}/${r.chars(B64URL, 68)}`,
  },
  {
    family: 'jwt',
    source: 'RFC 7519 (three base64url parts, a JSON header)',
    make: (r) =>
      `${b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256']), typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: r.digits(8, false), name: 'Jeanne Martin', iat: r.int(1_700_000_000, 1_800_000_000) }))}.${r.chars(B64URL, 43)}`,
  },
];

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Families whose value needs a telling key or context (no format of their own). */
export const CONTEXT_VALUES = {
  /** A password as people write them: words, digits and punctuation (JSON-safe: no quote, no backslash). */
  password: (r: Random) =>
    r.pick(['Tr0ub4dor', 'Sunflower', 'Montagne', 'Velo', 'Azerty', 'Printemps', 'Chocolat']) + r.pick(['!', '#', '@', '$', '%', '&', '*', '?']) + r.digits(r.int(2, 4)) + r.chars(ALNUM, r.int(3, 6)),
  /** A Django SECRET_KEY: 50 characters with punctuation (get_random_secret_key's alphabet). */
  djangoKey: (r: Random) => 'django-insecure-' + r.chars('abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)', 50),
  hex32: (r: Random) => r.chars(HEX, 32),
  /** An OAuth access token as a URL carries it (URL-safe characters only). */
  accessToken: (r: Random) => r.chars(B64URL, r.int(32, 64)),
  hex40: (r: Random) => r.chars(HEX, 40),
  awsSecret: (r: Random) => r.chars(B64, 40),
  azureStorageKey: (r: Random) => Buffer.from(r.bytes(64)).toString('base64'),
  oktaToken: (r: Random) => '00' + r.chars(ALNUM + '_-', 40),
  cloudflareToken: (r: Random) => r.chars(ALNUM + '_-', 40),
  uuid,
};

import { githubClassicTokenValid } from '../checks';
import type { Kind } from '../kinds';

/**
 * Provider tokens recognisable by their format alone, one entry per format. An entry names the
 * literals a token starts with (found by the scanner's one pass, ignoring case), the sticky
 * pattern tried where one is found, and optional checks; its examples that must and must not
 * match live in `tokenCatalogueExamples.ts` (`test/unit/redaction/tokenCatalogue.test.ts` runs
 * them all), which no product code imports: token-shaped strings in a shipped bundle are noise
 * for every secret scanner that reads it, and the extension's packaging refuses them. Formats are written from each
 * provider's documentation of its tokens, named in the comment above the entry; where a provider
 * documents only a prefix, the length bounds are loose rather than guessed.
 *
 * Every repetition in a pattern has an upper bound: a pattern is tried at each hit, and an
 * unbounded run over a long line of token characters (`sk-` repeated over 200 kB) made the
 * detector quadratic.
 */
export interface CatalogueRule {
  /** Stable id: findings are reported as `aiguard/<id>`. */
  readonly id: string;
  readonly provider: string;
  readonly kind: Kind;
  /** Literals the match starts with (found ignoring case and separators; the pattern decides). */
  readonly literals: readonly string[];
  /**
   * Where the token starts when it is not at its literal: so many characters before it (Azure AD
   * secrets: `abc8Q~…`), or at the last `find` within so many characters before it (a webhook's
   * `https://` before a host of any length).
   */
  readonly before?: number | { readonly find: string; readonly within: number };
  /** Tried sticky at the token's start; the whole match is the secret unless `group` says. */
  readonly pattern: RegExp;
  /** The capture group holding the secret, when the pattern also matches a telling context. */
  readonly group?: number;
  readonly confidence: number;
  /** A marker the token holds within so many characters of its start, looked up before the pattern. */
  readonly holds?: { readonly marker: string; readonly within: number };
  /** A check of the value beyond its shape (a checksum); placeholders are always refused. */
  readonly validate?: (value: string) => boolean;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const TOKEN_CATALOGUE: readonly CatalogueRule[] = [
  // --- Cloud providers ------------------------------------------------------------------------
  // AWS IAM unique identifiers (IAM User Guide, "Unique identifiers"): a four-letter type prefix, then 16 base32 characters.
  {
    id: 'aws-access-key-id',
    provider: 'AWS',
    kind: 'aws-access-key-id',
    literals: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'],
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b/,
    confidence: 0.9,
  },
  // Amazon Bedrock API keys (Bedrock User Guide, "API keys"): long-term keys start with ABSK, short-term ones with bedrock-api-key- and the base64 of bedrock.amazonaws.com.
  { id: 'aws-bedrock-long-term-key', provider: 'AWS', kind: 'provider-token', literals: ['ABSK'], pattern: /\bABSK[A-Za-z0-9+/]{100,300}={0,2}(?![A-Za-z0-9+/=])/, confidence: 0.95 },
  {
    id: 'aws-bedrock-short-term-key',
    provider: 'AWS',
    kind: 'provider-token',
    literals: ['bedrock-api'],
    pattern: /\bbedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/%=&?._-]{20,4096}/,
    confidence: 0.95,
  },
  // Google Cloud API keys (Cloud docs, "Manage API keys"): AIza then 35 characters.
  { id: 'gcp-api-key', provider: 'Google Cloud', kind: 'gcp-api-key', literals: ['AIza'], pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, confidence: 0.95 },
  // Google OAuth client secrets (since 2021, "OAuth client secret format"): GOCSPX- then 28 characters; access tokens start ya29.
  { id: 'google-oauth-client-secret', provider: 'Google Cloud', kind: 'provider-token', literals: ['GOCSPX-'], pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  { id: 'google-oauth-access-token', provider: 'Google Cloud', kind: 'provider-token', literals: ['ya29.'], pattern: /\bya29\.[A-Za-z0-9_-]{30,2048}(?![A-Za-z0-9_.-])/, confidence: 0.9 },
  // Microsoft Entra ID (Azure AD) client secrets (the portal's format since 2021): 40 characters, the fourth a digit followed by Q~.
  {
    id: 'azure-ad-client-secret',
    provider: 'Microsoft Azure',
    kind: 'provider-token',
    literals: ['Q~'],
    before: 4,
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    confidence: 0.95,
  },
  // Azure DevOps personal access tokens, 84-character format since 2024 (Microsoft DevBlogs, "New Azure DevOps PAT format"): the AZDO signature at characters 77 to 80.
  { id: 'azure-devops-pat', provider: 'Azure DevOps', kind: 'provider-token', literals: ['AZDO'], before: 76, pattern: /\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b/, confidence: 0.95 },
  // Alibaba Cloud AccessKey IDs (RAM docs): LTAI then 12 to 20 characters.
  { id: 'alibaba-access-key-id', provider: 'Alibaba Cloud', kind: 'provider-token', literals: ['LTAI'], pattern: /\bLTAI[A-Za-z0-9]{12,20}\b/, confidence: 0.9 },
  // Scaleway access keys (API docs, "Credentials"): SCW then 17 upper-case letters and digits.
  { id: 'scaleway-access-key', provider: 'Scaleway', kind: 'provider-token', literals: ['SCW'], pattern: /\bSCW[A-Z0-9]{17}\b/, confidence: 0.85 },
  // DigitalOcean tokens (API docs, "Token prefixes"): dop_v1_ (personal), doo_v1_ (OAuth), dor_v1_ (refresh), then 64 hex.
  { id: 'digitalocean-token', provider: 'DigitalOcean', kind: 'provider-token', literals: ['dop_v1_', 'doo_v1_', 'dor_v1_'], pattern: /\bdo[por]_v1_[a-f0-9]{64}\b/, confidence: 0.99 },
  // Cloudflare Origin CA keys (API docs, "Origin CA keys"): v1.0- then 24 and 146 hex.
  { id: 'cloudflare-origin-ca-key', provider: 'Cloudflare', kind: 'provider-token', literals: ['v1.0-'], pattern: /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/, confidence: 0.95 },
  // Cloudflare API tokens and the global API key carry no prefix: found with the header or variable that names them.
  {
    id: 'cloudflare-api-token',
    provider: 'Cloudflare',
    kind: 'provider-token',
    literals: ['cloudflare', 'cf_api', 'X-Auth-Key'],
    pattern: /(?:cloudflare[_-]?api[_-]?(?:token|key)|cf[_-]api[_-](?:token|key)|X-Auth-Key)["']?[ \t]{0,8}[:=][ \t]{0,8}["']?([A-Za-z0-9_-]{40}|[a-f0-9]{37})(?![A-Za-z0-9_-])/i,
    group: 1,
    confidence: 0.9,
  },
  // Fly.io tokens (flyctl docs, "Access tokens"): fo1_ (legacy) then 43 characters.
  { id: 'flyio-token', provider: 'Fly.io', kind: 'provider-token', literals: ['fo1_'], pattern: /\bfo1_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, confidence: 0.9 },
  // Heroku API keys, new format (Dev Center, "API tokens"): HRKU-AA then 58 characters.
  { id: 'heroku-api-key', provider: 'Heroku', kind: 'provider-token', literals: ['HRKU-'], pattern: /\bHRKU-AA[A-Za-z0-9_-]{58}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // Scalingo API tokens (docs, "API tokens"): tk-us- then 48 characters.
  { id: 'scalingo-api-token', provider: 'Scalingo', kind: 'provider-token', literals: ['tk-us-'], pattern: /\btk-us-[A-Za-z0-9_-]{48}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // Render API keys (docs, "API keys"): rnd_ then 32 characters.
  { id: 'render-api-key', provider: 'Render', kind: 'provider-token', literals: ['rnd_'], pattern: /\brnd_[A-Za-z0-9]{32}\b/, confidence: 0.9 },
  // Netlify personal access tokens: nfp_ then 36 characters.
  { id: 'netlify-token', provider: 'Netlify', kind: 'provider-token', literals: ['nfp_'], pattern: /\bnfp_[A-Za-z0-9]{36}\b/, confidence: 0.9 },
  // Supabase access tokens (Management API docs): sbp_ then 40 hex; secret API keys sb_secret_.
  {
    id: 'supabase-token',
    provider: 'Supabase',
    kind: 'provider-token',
    literals: ['sbp_', 'sb_secret_'],
    pattern: /\b(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/,
    confidence: 0.95,
  },
  // PlanetScale service tokens and passwords (docs, "Service tokens"): pscale_tkn_, pscale_pw_, pscale_oauth_.
  {
    id: 'planetscale-token',
    provider: 'PlanetScale',
    kind: 'provider-token',
    literals: ['pscale_tkn_', 'pscale_pw_', 'pscale_oauth_'],
    pattern: /\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}(?![A-Za-z0-9_.=-])/,
    confidence: 0.95,
  },

  // --- Source hosting, CI and registries -------------------------------------------------------
  // GitHub tokens ("Behind GitHub's new authentication token formats", 2021): gh[pousr]_ then 30 random characters and a CRC32 in base62.
  {
    id: 'github-classic-token',
    provider: 'GitHub',
    kind: 'github-token',
    literals: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
    confidence: 0.99,
    validate: githubClassicTokenValid,
  },
  // GitHub fine-grained personal access tokens: github_pat_, 22 characters, an underscore, 59 characters.
  { id: 'github-fine-grained-token', provider: 'GitHub', kind: 'github-fine-grained-token', literals: ['github_pat_'], pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/, confidence: 0.99 },
  // GitLab token prefixes (GitLab docs, "Token overview"): personal, project and group (glpat-), pipeline trigger, deploy,
  // runner authentication (glrt-) and registration (glrtr-, legacy GR1348941), CI/CD job, feed (glft-), incoming mail,
  // agent, OAuth application secret, SCIM, feature flags client; since 17.x the body may hold dots (`….01.…`).
  {
    id: 'gitlab-token',
    provider: 'GitLab',
    kind: 'gitlab-token',
    literals: ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'glrtr-', 'glsoat-', 'glcbt-', 'glffct-', 'glimt-', 'glagent-', 'gloas-', 'glft-', 'glwt-'],
    pattern: /\b(?:glpat|glptt|gldt|glrtr?|glsoat|glcbt|glffct|glimt|glagent|gloas|glft|glwt)-[A-Za-z0-9_.-]{20,200}(?![A-Za-z0-9_-])/,
    confidence: 0.95,
  },
  { id: 'gitlab-runner-registration-token', provider: 'GitLab', kind: 'gitlab-token', literals: ['GR1348941'], pattern: /\bGR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // GitLab's session cookie: `_gitlab_session=` then 32 hex.
  { id: 'gitlab-session-cookie', provider: 'GitLab', kind: 'gitlab-token', literals: ['_gitlab_session='], pattern: /_gitlab_session=([a-f0-9]{32})\b/, group: 1, confidence: 0.95 },
  // Bitbucket app passwords (Atlassian, "App passwords"): ATBB then 32 characters.
  { id: 'bitbucket-app-password', provider: 'Bitbucket', kind: 'provider-token', literals: ['ATBB'], pattern: /\bATBB[A-Za-z0-9_=.-]{28,40}(?![A-Za-z0-9_=.-])/, confidence: 0.95 },
  // Atlassian API tokens (Jira, Confluence, Bitbucket access tokens; "Manage API tokens"): ATATT3 (user) and ATCTT3 (org, access tokens).
  { id: 'atlassian-api-token', provider: 'Atlassian', kind: 'provider-token', literals: ['ATATT3', 'ATCTT3'], pattern: /\bAT[AC]TT3[A-Za-z0-9_=-]{150,250}(?![A-Za-z0-9_=-])/, confidence: 0.95 },
  // npm access tokens (npm docs, "About access tokens"): npm_ then 36 characters.
  { id: 'npm-token', provider: 'npm', kind: 'npm-token', literals: ['npm_'], pattern: /\bnpm_[A-Za-z0-9]{36}\b/, confidence: 0.95 },
  // PyPI API tokens (PyPI help, "API tokens"): pypi- then a macaroon whose base64 starts with the domain's (AgEIcHlwaS5vcmc, or AgENdGVzdC5weXBpLm9yZw for TestPyPI).
  {
    id: 'pypi-token',
    provider: 'PyPI',
    kind: 'provider-token',
    literals: ['pypi-AgE'],
    pattern: /\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/,
    confidence: 0.99,
  },
  // RubyGems API keys (guides, "API key scopes"): rubygems_ then 48 hex.
  { id: 'rubygems-api-key', provider: 'RubyGems', kind: 'provider-token', literals: ['rubygems_'], pattern: /\brubygems_[a-f0-9]{48}\b/, confidence: 0.95 },
  // NuGet.org API keys: oy2 then 43 lower-case letters and digits.
  { id: 'nuget-api-key', provider: 'NuGet', kind: 'provider-token', literals: ['oy2'], pattern: /\boy2[a-z0-9]{43}\b/, confidence: 0.85 },
  // Clojars deploy tokens: CLOJARS_ then 60 characters.
  { id: 'clojars-token', provider: 'Clojars', kind: 'provider-token', literals: ['CLOJARS_'], pattern: /\bCLOJARS_[a-z0-9]{60}\b/i, confidence: 0.95 },
  // Docker Hub personal and organisation access tokens: dckr_pat_ / dckr_oat_ then 27 or more characters.
  { id: 'docker-hub-token', provider: 'Docker', kind: 'provider-token', literals: ['dckr_pat_', 'dckr_oat_'], pattern: /\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,64}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // JFrog Artifactory API keys (AKCp, 73 characters) and reference tokens (base64 of `reftkn:01:`, 64 characters).
  { id: 'jfrog-api-key', provider: 'JFrog', kind: 'provider-token', literals: ['AKCp'], pattern: /\bAKCp[A-Za-z0-9]{69}\b/, confidence: 0.95 },
  // A reference token is the base64 of `reftkn:01:<expiry>:<random>`, so its body may hold `+` and `/`, and its length varies with the random part.
  { id: 'jfrog-reference-token', provider: 'JFrog', kind: 'provider-token', literals: ['cmVmdGtu'], pattern: /\bcmVmdGtuOjAxOj[A-Za-z0-9+/]{50,120}={0,2}(?![A-Za-z0-9+/=])/, confidence: 0.95 },
  // SonarQube tokens (docs, "Generating and using tokens"): squ_ (user), sqp_ (project analysis), sqa_ (global analysis), then 40 hex.
  { id: 'sonarqube-token', provider: 'Sonar', kind: 'provider-token', literals: ['squ_', 'sqp_', 'sqa_'], pattern: /\bsq[upa]_[a-f0-9]{40}\b/, confidence: 0.95 },
  // CircleCI personal API tokens: CCIPAT_, 22 characters, an underscore, 40 hex.
  { id: 'circleci-token', provider: 'CircleCI', kind: 'provider-token', literals: ['CCIPAT_'], pattern: /\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}\b/, confidence: 0.95 },
  // Buildkite user API tokens: bkua_ then 40 hex.
  { id: 'buildkite-token', provider: 'Buildkite', kind: 'provider-token', literals: ['bkua_'], pattern: /\bbkua_[a-f0-9]{40}\b/, confidence: 0.95 },
  // Harness personal access tokens: pat. then account id, token id and secret.
  { id: 'harness-token', provider: 'Harness', kind: 'provider-token', literals: ['pat.'], pattern: /\bpat\.[A-Za-z0-9_-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20}\b/, confidence: 0.95 },
  // OpenShift OAuth access tokens: sha256~ then 43 characters.
  { id: 'openshift-token', provider: 'Red Hat OpenShift', kind: 'provider-token', literals: ['sha256~'], pattern: /\bsha256~[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, confidence: 0.95 },

  // --- Secrets managers and infrastructure -----------------------------------------------------
  // HashiCorp Vault tokens (Vault docs, "Tokens", 1.10+): hvs. (service), hvb. (batch), hvr. (recovery).
  { id: 'vault-token', provider: 'HashiCorp Vault', kind: 'provider-token', literals: ['hvs.', 'hvb.', 'hvr.'], pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,400}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // Terraform Cloud / HCP Terraform API tokens: 14 characters, .atlasv1., then 60 to 70 characters.
  {
    id: 'terraform-cloud-token',
    provider: 'HashiCorp Terraform',
    kind: 'provider-token',
    literals: ['.atlasv1.'],
    before: 14,
    pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/,
    confidence: 0.99,
  },
  // Doppler tokens (docs, "Token formats"): dp.pt. (personal), dp.st. (service, optionally with its config), dp.ct. (CLI), dp.sa. (service account), dp.scim., dp.audit.
  {
    id: 'doppler-token',
    provider: 'Doppler',
    kind: 'provider-token',
    literals: ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'],
    pattern: /\bdp\.(?:pt|st|ct|sa|scim|audit)\.(?:[a-z0-9_-]{2,35}\.)?[A-Za-z0-9]{40,44}\b/,
    confidence: 0.99,
  },
  // Pulumi access tokens (docs, "Access tokens"): pul- then 40 hex.
  { id: 'pulumi-token', provider: 'Pulumi', kind: 'provider-token', literals: ['pul-'], pattern: /\bpul-[a-f0-9]{40}\b/, confidence: 0.99 },
  // 1Password service account tokens: ops_ then a base64 JSON.
  {
    id: '1password-service-account-token',
    provider: '1Password',
    kind: 'provider-token',
    literals: ['ops_eyJ'],
    pattern: /\bops_eyJ[A-Za-z0-9+/_-]{100,1200}={0,3}(?![A-Za-z0-9+/=_-])/,
    confidence: 0.95,
  },
  // Tailscale keys (KB, "API keys", "Auth keys"): tskey-<kind>-<id>-<secret>.
  {
    id: 'tailscale-key',
    provider: 'Tailscale',
    kind: 'provider-token',
    literals: ['tskey-'],
    pattern: /\btskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{8,32}-[A-Za-z0-9]{20,64}\b/,
    confidence: 0.99,
  },
  // age secret keys (age specification): AGE-SECRET-KEY-1 then 58 Bech32 characters.
  { id: 'age-secret-key', provider: 'age', kind: 'private-key', literals: ['AGE-SECRET'], pattern: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/, confidence: 0.99 },

  // --- Observability -----------------------------------------------------------------------------
  // Sentry tokens (docs, "Auth tokens"): sntryu_ (user, 64 hex) and sntrys_ (organisation: base64 JSON, _, 43 base64).
  { id: 'sentry-user-token', provider: 'Sentry', kind: 'provider-token', literals: ['sntryu_'], pattern: /\bsntryu_[a-f0-9]{64}\b/, confidence: 0.99 },
  {
    id: 'sentry-org-token',
    provider: 'Sentry',
    kind: 'provider-token',
    literals: ['sntrys_eyJ'],
    pattern: /\bsntrys_eyJ[A-Za-z0-9+/=]{40,800}_[A-Za-z0-9+/]{43}(?![A-Za-z0-9+/=_])/,
    confidence: 0.99,
  },
  // Grafana tokens (docs): Cloud access policy tokens glc_ (base64), service account tokens glsa_ (32 characters, _, 8 hex).
  { id: 'grafana-cloud-token', provider: 'Grafana', kind: 'provider-token', literals: ['glc_'], pattern: /\bglc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])/, confidence: 0.95 },
  { id: 'grafana-service-account-token', provider: 'Grafana', kind: 'provider-token', literals: ['glsa_'], pattern: /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/, confidence: 0.99 },
  // Datadog API (32 hex) and application (40 hex) keys have no prefix: found with the header or variable that names them.
  {
    id: 'datadog-key',
    provider: 'Datadog',
    kind: 'provider-token',
    literals: ['dd-api-key', 'dd-app', 'datadog-api-key', 'datadog-app', 'dd-client-api'],
    pattern: /(?:dd|datadog)[_-](?:client[_-])?(?:api|app(?:lication)?)[_-]key["']?[ \t]{0,8}[:=][ \t]{0,8}["']?([a-f0-9]{40}|[a-f0-9]{32})\b/i,
    group: 1,
    confidence: 0.95,
  },
  // Dynatrace tokens (docs, "Access tokens"): dt0c01 (or dt0s01 for platform tokens), 24 characters, 64 characters.
  { id: 'dynatrace-token', provider: 'Dynatrace', kind: 'provider-token', literals: ['dt0c01.', 'dt0s01.'], pattern: /\bdt0[cs]01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b/, confidence: 0.99 },
  // New Relic keys (docs, "API keys"): NRAK- user keys, NRII- insert keys, NRJS- browser keys, NRAA- admin keys; license keys end in NRAL.
  {
    id: 'new-relic-key',
    provider: 'New Relic',
    kind: 'provider-token',
    literals: ['NRAK-', 'NRII-', 'NRAA-', 'NRJS-'],
    pattern: /\b(?:NRAK-[A-Z0-9]{27}|NRAA-[a-f0-9]{27}|NRII-[A-Za-z0-9_-]{32}|NRJS-[a-f0-9]{19})(?![A-Za-z0-9_-])/,
    confidence: 0.95,
  },
  { id: 'new-relic-license-key', provider: 'New Relic', kind: 'provider-token', literals: ['NRAL'], before: 36, pattern: /\b[a-f0-9]{36}NRAL\b/, confidence: 0.95 },
  // Okta API tokens have no fixed prefix beyond 00: found in the SSWS authorisation scheme.
  { id: 'okta-api-token', provider: 'Okta', kind: 'provider-token', literals: ['SSWS'], pattern: /\bSSWS[ \t]{1,8}(00[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/, group: 1, confidence: 0.95 },
  // Databricks personal access tokens (docs, "Authentication"): dapi then 32 hex, sometimes -2 and the like.
  { id: 'databricks-token', provider: 'Databricks', kind: 'provider-token', literals: ['dapi'], pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/, confidence: 0.95 },
  // Postman API keys: PMAK- then 24 and 34 hex.
  { id: 'postman-api-key', provider: 'Postman', kind: 'provider-token', literals: ['PMAK-'], pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/, confidence: 0.99 },

  // --- AI providers ------------------------------------------------------------------------------
  // Anthropic API keys: sk-ant-api03- (and admin01, oat01, ort01) then about 95 characters.
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic',
    kind: 'anthropic-api-key',
    literals: ['sk-ant-'],
    pattern: /\bsk-ant-(?:api|admin|oat|ort)\d{2}-[A-Za-z0-9_-]{40,400}(?![A-Za-z0-9_-])/,
    confidence: 0.99,
  },
  // OpenAI API keys: every key holds T3BlbkFJ (base64 of "OpenAI"); project, service-account and admin keys have their own prefix.
  {
    id: 'openai-api-key',
    provider: 'OpenAI',
    kind: 'openai-api-key',
    literals: ['sk-'],
    pattern: /\bsk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,400}T3BlbkFJ[A-Za-z0-9_-]{16,400}(?![A-Za-z0-9_-])/,
    confidence: 0.99,
    holds: { marker: 'T3BlbkFJ', within: 420 },
  },
  {
    id: 'openai-project-key',
    provider: 'OpenAI',
    kind: 'openai-api-key',
    literals: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,400}(?![A-Za-z0-9_-])/,
    confidence: 0.95,
  },
  {
    id: 'openai-legacy-key',
    provider: 'OpenAI',
    kind: 'openai-api-key',
    literals: ['sk-'],
    pattern: /\bsk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/,
    confidence: 0.8,
    validate: (value) => /\d/.test(value) && /[A-Z]/.test(value),
  },
  // OpenRouter API keys (docs, "API keys"): sk-or-v1- then 64 hex.
  { id: 'openrouter-api-key', provider: 'OpenRouter', kind: 'provider-token', literals: ['sk-or-v1-'], pattern: /\bsk-or-v1-[a-f0-9]{64}\b/, confidence: 0.99 },
  // Groq (gsk_), Perplexity (pplx-), xAI (xai-), Replicate (r8_), Hugging Face (hf_, letters only), LangSmith (lsv2_pt_ / lsv2_sk_), Pinecone (pcsk_).
  { id: 'groq-api-key', provider: 'Groq', kind: 'provider-token', literals: ['gsk_'], pattern: /\bgsk_[A-Za-z0-9]{52}\b/, confidence: 0.95 },
  { id: 'perplexity-api-key', provider: 'Perplexity', kind: 'provider-token', literals: ['pplx-'], pattern: /\bpplx-[A-Za-z0-9]{48}\b/, confidence: 0.95 },
  { id: 'xai-api-key', provider: 'xAI', kind: 'provider-token', literals: ['xai-'], pattern: /\bxai-[A-Za-z0-9]{80}\b/, confidence: 0.95 },
  { id: 'replicate-api-token', provider: 'Replicate', kind: 'provider-token', literals: ['r8_'], pattern: /\br8_[A-Za-z0-9]{37}\b/, confidence: 0.9 },
  {
    id: 'huggingface-token',
    provider: 'Hugging Face',
    kind: 'provider-token',
    literals: ['hf_'],
    pattern: /\bhf_[A-Za-z]{34}\b/,
    confidence: 0.9,
    validate: (value) => /[A-Z]/.test(value.slice(3)) && /[a-z]/.test(value.slice(3)),
  },
  { id: 'langsmith-api-key', provider: 'LangChain', kind: 'provider-token', literals: ['lsv2_pt_', 'lsv2_sk_'], pattern: /\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b/, confidence: 0.99 },
  { id: 'pinecone-api-key', provider: 'Pinecone', kind: 'provider-token', literals: ['pcsk_'], pattern: /\bpcsk_[A-Za-z0-9_]{50,100}\b/, confidence: 0.95 },

  // --- Messaging, mail and webhooks --------------------------------------------------------------
  // Slack tokens (api.slack.com, "Token types"): xox[bpaers]- then numeric ids and a random part; app-level tokens xapp-.
  {
    id: 'slack-token',
    provider: 'Slack',
    kind: 'slack-token',
    literals: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-', 'xoxe.'],
    // Configuration tokens are xoxe.xoxp-…, refresh tokens xoxe-1-….
    pattern: /\b(?:xoxe\.)?xox[abposre]-(?:[0-9]{1,20}-){1,4}[A-Za-z0-9-]{8,200}\b/,
    confidence: 0.95,
  },
  { id: 'slack-app-token', provider: 'Slack', kind: 'slack-token', literals: ['xapp-'], pattern: /\bxapp-\d-[A-Z0-9]{1,40}-\d{1,20}-[a-f0-9]{32,200}\b/, confidence: 0.95 },
  // Slack incoming webhooks: hooks.slack.com/services/T…/B…/secret (and workflow triggers).
  {
    id: 'slack-webhook',
    provider: 'Slack',
    kind: 'slack-webhook',
    literals: ['https://hooks.slack.com/'],
    pattern: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{1,64}\/[A-Za-z0-9_]{1,64}(?:\/[A-Za-z0-9_]{1,64})?/,
    confidence: 0.95,
  },
  // Microsoft Teams incoming webhooks (Office 365 connectors): <tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<32 hex>/<uuid>[/<key>].
  {
    id: 'teams-webhook',
    provider: 'Microsoft Teams',
    kind: 'webhook-url',
    literals: ['webhook.office', 'outlook.office'],
    before: { find: 'https://', within: 80 },
    pattern: new RegExp(
      `https:\\/\\/(?:[a-z0-9-]{1,63}\\.webhook\\.office\\.com\\/webhookb2|outlook\\.office(?:365)?\\.com\\/webhook)\\/${UUID}@${UUID}\\/IncomingWebhook\\/[a-f0-9]{32}\\/${UUID}(?:\\/[A-Za-z0-9_-]{1,64})?`,
    ),
    confidence: 0.99,
  },
  // Discord webhooks: discord.com/api/webhooks/<snowflake>/<68-character token>.
  {
    id: 'discord-webhook',
    provider: 'Discord',
    kind: 'webhook-url',
    literals: ['discord.com/api', 'discordapp.com/api'],
    before: { find: 'https://', within: 16 },
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,72}/,
    confidence: 0.99,
  },
  // Stripe secret and restricted keys (Stripe docs, "API keys"), webhook signing secrets (whsec_).
  {
    id: 'stripe-key',
    provider: 'Stripe',
    kind: 'stripe-key',
    literals: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,256}\b/,
    confidence: 0.95,
  },
  { id: 'stripe-webhook-secret', provider: 'Stripe', kind: 'stripe-key', literals: ['whsec_'], pattern: /\bwhsec_[A-Za-z0-9+/]{32,64}={0,2}(?![A-Za-z0-9+/=])/, confidence: 0.95 },
  // SendGrid API keys: SG., 22 characters, a dot, 43 characters.
  { id: 'sendgrid-key', provider: 'Twilio SendGrid', kind: 'sendgrid-key', literals: ['SG.'], pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, confidence: 0.99 },
  // Twilio API key SIDs: SK then 32 hex.
  { id: 'twilio-api-key', provider: 'Twilio', kind: 'twilio-key', literals: ['SK'], pattern: /\bSK[0-9a-f]{32}\b/, confidence: 0.85 },
  // Brevo (formerly Sendinblue) API and SMTP keys: xkeysib- / xsmtpsib-, 64 hex, a dash, 16 characters.
  { id: 'brevo-api-key', provider: 'Brevo', kind: 'provider-token', literals: ['xkeysib-', 'xsmtpsib-'], pattern: /\bx(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}\b/, confidence: 0.99 },
  // Mailgun private API keys (docs, "API keys"; gitleaks mailgun.go): key- then 32 hex.
  { id: 'mailgun-api-key', provider: 'Mailgun', kind: 'provider-token', literals: ['key-'], pattern: /(?<![A-Za-z0-9_-])key-[a-f0-9]{32}\b/, confidence: 0.85 },
  // Mailchimp API keys (Marketing API docs, "API keys"): 32 hex, then -us and the data centre's number.
  { id: 'mailchimp-api-key', provider: 'Mailchimp', kind: 'provider-token', literals: ['-us'], before: 32, pattern: /\b[a-f0-9]{32}-us\d{1,2}\b/, confidence: 0.9 },
  // Telegram bot tokens (Bot API, "Authorizing your bot"): the bot's numeric id, a colon, then 35 characters starting AA.
  {
    id: 'telegram-bot-token',
    provider: 'Telegram',
    kind: 'provider-token',
    literals: [':AA'],
    before: 10,
    pattern: /[^]{0,2}?(?<![0-9])(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    group: 1,
    confidence: 0.9,
  },
  // X (Twitter) app-only bearer tokens: 22 A's, then URL-encoded base64.
  { id: 'twitter-bearer-token', provider: 'X (Twitter)', kind: 'provider-token', literals: ['AAAAAAAAAAAA'], pattern: /\bA{22}[A-Za-z0-9%]{80,150}(?![A-Za-z0-9%])/, confidence: 0.9 },

  // --- SaaS and payments -------------------------------------------------------------------------
  // Shopify tokens (Shopify docs, "Access tokens"): shpat_, shpca_, shppa_, shpss_ then 32 hex.
  {
    id: 'shopify-token',
    provider: 'Shopify',
    kind: 'provider-token',
    literals: ['shpat_', 'shpca_', 'shppa_', 'shpss_', 'prtapi_'],
    pattern: /\b(?:shp(?:at|ca|pa|ss)|prtapi)_[a-fA-F0-9]{32}\b/,
    confidence: 0.99,
  },
  // Contentful personal access tokens (Content Management API docs): CFPAT- then 43 characters.
  { id: 'contentful-pat', provider: 'Contentful', kind: 'provider-token', literals: ['CFPAT-'], pattern: /\bCFPAT-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // Airtable personal access tokens (support, "Personal access tokens"): pat, a 14-character id, a dot, 64 hex.
  { id: 'airtable-pat', provider: 'Airtable', kind: 'provider-token', literals: ['pat'], pattern: /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b/, confidence: 0.95 },
  // Linear API keys: lin_api_ then 40 characters.
  { id: 'linear-api-key', provider: 'Linear', kind: 'provider-token', literals: ['lin_api_', 'lin_oauth_'], pattern: /\blin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})\b/, confidence: 0.99 },
  // Figma personal access tokens: figd_ then 40 or more characters.
  { id: 'figma-token', provider: 'Figma', kind: 'provider-token', literals: ['figd_'], pattern: /\bfigd_[A-Za-z0-9_-]{40,64}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // Notion integration tokens: ntn_, 11 digits and 35 characters. (The older `secret_` form is left
  // to the assignment rules: as a literal, `secret` followed by any separator is in most code.)
  { id: 'notion-token', provider: 'Notion', kind: 'provider-token', literals: ['ntn_'], pattern: /\bntn_\d{11}[A-Za-z0-9]{35}\b/, confidence: 0.9 },
  // HubSpot private app tokens: pat-na1- or pat-eu1- then a UUID.
  { id: 'hubspot-token', provider: 'HubSpot', kind: 'provider-token', literals: ['pat-na1-', 'pat-eu1-'], pattern: new RegExp(`\\bpat-(?:na|eu)1-${UUID}\\b`), confidence: 0.99 },
  // ClickUp personal tokens: pk_, the user id, _, 32 upper-case characters.
  { id: 'clickup-token', provider: 'ClickUp', kind: 'provider-token', literals: ['pk_'], pattern: /\bpk_\d{6,10}_[A-Z0-9]{32}\b/, confidence: 0.95 },
  // Square access tokens (sq0atp-) and application secrets (sq0csp-).
  { id: 'square-token', provider: 'Square', kind: 'provider-token', literals: ['sq0atp-', 'sq0csp-'], pattern: /\bsq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // Square production access tokens (developer docs, "Access tokens"): EAAA then 60 characters. Bounded by
  // any base64 character either side, so that a run inside a base64 blob is not taken for one.
  { id: 'square-access-token', provider: 'Square', kind: 'provider-token', literals: ['EAAA'], pattern: /(?<![A-Za-z0-9+/=_-])EAAA[A-Za-z0-9_-]{60}(?![A-Za-z0-9+/=_-])/, confidence: 0.9 },
  // PayPal Braintree access tokens: access_token$production$<16>$<32 hex>.
  {
    id: 'braintree-access-token',
    provider: 'PayPal',
    kind: 'provider-token',
    literals: ['access_token$'],
    pattern: /\baccess_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}\b/,
    confidence: 0.99,
  },
  // Plaid access tokens: access-<environment>-<uuid>.
  {
    id: 'plaid-access-token',
    provider: 'Plaid',
    kind: 'provider-token',
    literals: ['access-sandbox-', 'access-development-', 'access-production-'],
    pattern: new RegExp(`\\baccess-(?:sandbox|development|production)-${UUID}\\b`),
    confidence: 0.95,
  },
  // Duffel, EasyPost, Flutterwave, Shippo, Typeform, Frame.io, MaxMind, Prefect, Mapbox secret tokens.
  {
    id: 'duffel-token',
    provider: 'Duffel',
    kind: 'provider-token',
    literals: ['duffel_live_', 'duffel_test_'],
    pattern: /\bduffel_(?:live|test)_[A-Za-z0-9_=-]{43}(?![A-Za-z0-9_=-])/,
    confidence: 0.95,
  },
  { id: 'easypost-api-key', provider: 'EasyPost', kind: 'provider-token', literals: ['EZAK', 'EZTK'], pattern: /\bEZ[AT]K[a-z0-9]{54}\b/i, confidence: 0.95 },
  { id: 'flutterwave-secret-key', provider: 'Flutterwave', kind: 'provider-token', literals: ['FLWSECK'], pattern: /\bFLWSECK(?:_TEST)?-[a-h0-9]{32}-X\b/, confidence: 0.99 },
  { id: 'shippo-token', provider: 'Shippo', kind: 'provider-token', literals: ['shippo_live_', 'shippo_test_'], pattern: /\bshippo_(?:live|test)_[a-f0-9]{40}\b/, confidence: 0.99 },
  { id: 'typeform-token', provider: 'Typeform', kind: 'provider-token', literals: ['tfp_'], pattern: /\btfp_[A-Za-z0-9_.=-]{59}(?![A-Za-z0-9_.=-])/, confidence: 0.95 },
  { id: 'frameio-token', provider: 'Frame.io', kind: 'provider-token', literals: ['fio-u-'], pattern: /\bfio-u-[A-Za-z0-9_=-]{64}(?![A-Za-z0-9_=-])/, confidence: 0.95 },
  { id: 'maxmind-license-key', provider: 'MaxMind', kind: 'provider-token', literals: ['_mmk'], before: 36, pattern: /\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b/, confidence: 0.95 },
  { id: 'prefect-api-key', provider: 'Prefect', kind: 'provider-token', literals: ['pnu_'], pattern: /\bpnu_[A-Za-z0-9]{36}\b/, confidence: 0.95 },
  { id: 'mapbox-secret-token', provider: 'Mapbox', kind: 'provider-token', literals: ['sk.eyJ'], pattern: /\bsk\.eyJ[A-Za-z0-9_-]{20,200}\.[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/, confidence: 0.95 },
  // --- More formats, from other scanners' public rules (gitleaks `cmd/generate/config/rules`, trufflehog detectors) ---
  // AWS STS session tokens (the base64 of their binary header: `IQoJb3JpZ2lu…` since 2019, `FwoGZXIvYXdz…` before).
  {
    id: 'aws-session-token',
    provider: 'AWS',
    kind: 'provider-token',
    literals: ['IQoJb3JpZ2lu', 'FwoGZXIvYXdz'],
    pattern: /\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9+/]{100,3000}={0,2}(?![A-Za-z0-9+/=])/,
    confidence: 0.95,
  },
  // Tencent Cloud SecretId (gitleaks `tencent`): AKID then 32 characters.
  {
    id: 'tencent-secret-id',
    provider: 'Tencent Cloud',
    kind: 'provider-token',
    literals: ['AKID'],
    pattern: /\bAKID[A-Za-z0-9]{32}\b/,
    confidence: 0.9,
    validate: (value) => /\d/.test(value.slice(4)) && /[a-z]/.test(value.slice(4)),
  },
  // Yandex Cloud API keys (AQVN…) and IAM tokens (t1.…; gitleaks `yandex-api-key`, `yandex-access-token`).
  { id: 'yandex-api-key', provider: 'Yandex Cloud', kind: 'provider-token', literals: ['AQVN'], pattern: /\bAQVN[A-Za-z0-9_-]{35,38}(?![A-Za-z0-9_-])/, confidence: 0.9 },
  {
    id: 'yandex-iam-token',
    provider: 'Yandex Cloud',
    kind: 'provider-token',
    literals: ['t1.'],
    pattern: /\bt1\.[A-Za-z0-9_-]{20,200}={0,2}\.[A-Za-z0-9_-]{86}={0,2}(?![A-Za-z0-9_=-])/,
    confidence: 0.9,
  },
  // Firebase Cloud Messaging legacy server keys (gitleaks `gcp-fcm`): AAAA, 7 characters, then :APA91b and about 134 more.
  {
    id: 'fcm-server-key',
    provider: 'Google Firebase',
    kind: 'provider-token',
    literals: [':APA91b'],
    before: 11,
    pattern: /\bAAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{120,160}(?![A-Za-z0-9_-])/,
    confidence: 0.95,
  },
  // Salesforce session ids (trufflehog `salesforce`): the 15- or 18-character org id (00D…), !, then about 96 characters.
  { id: 'salesforce-session-id', provider: 'Salesforce', kind: 'provider-token', literals: ['00D'], pattern: /\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,120}(?![A-Za-z0-9._])/, confidence: 0.9 },
  // Adobe OAuth client secrets (gitleaks `adobe-client-secret`): p8e- then 32 characters.
  { id: 'adobe-client-secret', provider: 'Adobe', kind: 'provider-token', literals: ['p8e-'], pattern: /\bp8e-[A-Za-z0-9]{32}\b/, confidence: 0.95 },
  // Dropbox short-lived access tokens (gitleaks `dropbox-short-lived-api-token`): sl. then about 135 characters, longer since 2023.
  { id: 'dropbox-access-token', provider: 'Dropbox', kind: 'provider-token', literals: ['sl.'], pattern: /\bsl\.(?:[uB]\.)?[A-Za-z0-9_=-]{130,1400}(?![A-Za-z0-9_=-])/, confidence: 0.9 },
  // LaunchDarkly API, SDK and mobile keys (gitleaks `launchdarkly-access-token`): api-, sdk- or mob- then a UUID.
  { id: 'launchdarkly-key', provider: 'LaunchDarkly', kind: 'provider-token', literals: ['api-', 'sdk-', 'mob-'], pattern: new RegExp(`\\b(?:api|sdk|mob)-${UUID}\\b`), confidence: 0.85 },
  // Octopus Deploy API keys (gitleaks `octopus-deploy-api-key`): API- then 26 upper-case letters and digits.
  {
    id: 'octopus-deploy-api-key',
    provider: 'Octopus Deploy',
    kind: 'provider-token',
    literals: ['API-'],
    pattern: /\bAPI-[A-Z0-9]{26}\b/,
    confidence: 0.9,
    validate: (value) => /\d/.test(value.slice(4)) && /[A-Z]/.test(value.slice(4)),
  },
  // ReadMe API keys (gitleaks `readme-api-token`): rdme_ then 70 characters.
  { id: 'readme-api-key', provider: 'ReadMe', kind: 'provider-token', literals: ['rdme_'], pattern: /\brdme_[a-z0-9]{70}\b/, confidence: 0.95 },
  // Sourcegraph access tokens (gitleaks `sourcegraph-access-token`): sgp_, an optional instance part, then 40 hex digits.
  { id: 'sourcegraph-token', provider: 'Sourcegraph', kind: 'provider-token', literals: ['sgp_'], pattern: /\bsgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40}\b/, confidence: 0.95 },
  // Packagist tokens (Packagist docs, "API tokens"): packagist_uat_ (user) or packagist_ort_ (organisation) then hex.
  { id: 'packagist-token', provider: 'Packagist', kind: 'provider-token', literals: ['packagist_'], pattern: /\bpackagist_(?:uat|ort|out)_[a-f0-9]{40,80}\b/, confidence: 0.95 },
  // crates.io API tokens (trufflehog `cratesio`): cio then 32 characters.
  {
    id: 'crates-io-token',
    provider: 'crates.io',
    kind: 'provider-token',
    literals: ['cio'],
    pattern: /\bcio[A-Za-z0-9]{32}\b/,
    confidence: 0.85,
    validate: (value) => /\d/.test(value.slice(3)) && /[A-Z]/.test(value.slice(3)) && /[a-z]/.test(value.slice(3)),
  },
  // Apify API tokens (Apify docs): apify_api_ then 36 characters.
  { id: 'apify-token', provider: 'Apify', kind: 'provider-token', literals: ['apify_api_'], pattern: /\bapify_api_[A-Za-z0-9]{36}\b/, confidence: 0.95 },
  // Resend API keys (Resend docs): re_, 8 characters, _, 24 characters.
  { id: 'resend-api-key', provider: 'Resend', kind: 'provider-token', literals: ['re_'], pattern: /\bre_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}\b/, confidence: 0.9 },
  // MailerSend API tokens (MailerSend docs): mlsn. then 64 hex digits.
  { id: 'mailersend-token', provider: 'MailerSend', kind: 'provider-token', literals: ['mlsn.'], pattern: /\bmlsn\.[a-f0-9]{64}\b/, confidence: 0.95 },
  // Trello tokens (Atlassian, 2023 format): ATTA then 64 hex digits and an 8-digit checksum.
  { id: 'trello-token', provider: 'Trello', kind: 'provider-token', literals: ['ATTA'], pattern: /\bATTA[A-Fa-f0-9]{64,72}\b/, confidence: 0.95 },
  // Payment providers' secret keys: GoCardless, Mollie, Lob and others write live_ then 30 to 40 characters (gitleaks `gocardless-api-token`).
  {
    id: 'live-secret-key',
    provider: 'GoCardless, Mollie, Lob',
    kind: 'provider-token',
    literals: ['live_'],
    pattern: /\blive_[A-Za-z0-9_=-]{30,40}(?![A-Za-z0-9_=-])/,
    confidence: 0.85,
    validate: (value) => /\d/.test(value.slice(5)) && /[A-Za-z]/.test(value.slice(5)) && !/^[a-z]+(?:_[a-z]+)+$/.test(value.slice(5)),
  },
  // Paddle API keys (Paddle docs, "API keys", 2025): pdl_live_ or pdl_sdbx_ then apikey_ and three random parts.
  { id: 'paddle-api-key', provider: 'Paddle', kind: 'provider-token', literals: ['pdl_'], pattern: /\bpdl_(?:live|sdbx)_apikey_[a-z0-9]{20,32}_[A-Za-z0-9]{18,30}_[A-Za-z0-9]{3}\b/, confidence: 0.99 },
  // Klaviyo private API keys (Klaviyo docs): pk_ then 34 hex digits (its public site ids are 6 characters).
  { id: 'klaviyo-private-key', provider: 'Klaviyo', kind: 'provider-token', literals: ['pk_'], pattern: /\bpk_[a-f0-9]{34}\b/, confidence: 0.85 },
  // PostHog personal API keys (PostHog docs): phx_ then 43 characters (phc_ project keys are public).
  { id: 'posthog-personal-key', provider: 'PostHog', kind: 'provider-token', literals: ['phx_'], pattern: /\bphx_[A-Za-z0-9]{43}\b/, confidence: 0.95 },
  // Neon API keys (Neon docs): napi_ then 64 characters.
  { id: 'neon-api-key', provider: 'Neon', kind: 'provider-token', literals: ['napi_'], pattern: /\bnapi_[a-z0-9]{64}\b/, confidence: 0.95 },
  // Vercel Blob read-write tokens (Vercel docs): vercel_blob_rw_, the store id, _, a random part.
  { id: 'vercel-blob-token', provider: 'Vercel', kind: 'provider-token', literals: ['vercel_blob_rw_'], pattern: /\bvercel_blob_rw_[A-Za-z0-9]{16}_[A-Za-z0-9]{30}\b/, confidence: 0.99 },
  // Infisical service tokens (Infisical docs): st., a UUID-like id, then two 32-hex parts.
  { id: 'infisical-service-token', provider: 'Infisical', kind: 'provider-token', literals: ['st.'], pattern: /\bst\.[a-z0-9-]{36}\.[a-f0-9]{32}\.[a-f0-9]{32}\b/, confidence: 0.95 },
  // Honeycomb ingest and configuration keys (Honeycomb docs): hcaik_ or hcxik_ then 58 characters.
  { id: 'honeycomb-key', provider: 'Honeycomb', kind: 'provider-token', literals: ['hcaik_', 'hcxik_', 'hcamk_', 'hcxmk_'], pattern: /\bhc[ax][im]k_[a-z0-9]{58}\b/, confidence: 0.95 },
  // DeepSeek API keys (DeepSeek platform): sk- then 32 hex digits.
  {
    id: 'deepseek-api-key',
    provider: 'DeepSeek',
    kind: 'provider-token',
    literals: ['sk-'],
    pattern: /\bsk-[a-f0-9]{32}(?![A-Za-z0-9_-])/,
    confidence: 0.85,
    validate: (value) => /\d/.test(value.slice(3)) && /[a-f]/.test(value.slice(3)),
  },
  // ElevenLabs API keys (ElevenLabs docs): sk_ then 48 hex digits.
  { id: 'elevenlabs-api-key', provider: 'ElevenLabs', kind: 'provider-token', literals: ['sk_'], pattern: /\bsk_[a-f0-9]{48}\b/, confidence: 0.9 },
  // Fireworks AI API keys (Fireworks docs): fw_ then 24 characters.
  {
    id: 'fireworks-api-key',
    provider: 'Fireworks AI',
    kind: 'provider-token',
    literals: ['fw_'],
    pattern: /\bfw_[A-Za-z0-9]{24}\b/,
    confidence: 0.85,
    validate: (value) => /\d/.test(value.slice(3)) && /[A-Z]/.test(value.slice(3)) && /[a-z]/.test(value.slice(3)),
  },
  // Hugging Face organisation API tokens (legacy): api_org_ then 34 letters.
  {
    id: 'huggingface-org-token',
    provider: 'Hugging Face',
    kind: 'provider-token',
    literals: ['api_org_'],
    pattern: /\bapi_org_[A-Za-z]{34}\b/,
    confidence: 0.9,
    validate: (value) => /[A-Z]/.test(value.slice(8)) && /[a-z]/.test(value.slice(8)),
  },
  // Cloudinary URLs carry the API secret: cloudinary://<key>:<secret>@<cloud>.
  { id: 'cloudinary-url', provider: 'Cloudinary', kind: 'provider-token', literals: ['cloudinary://'], pattern: /\bcloudinary:\/\/\d{6,20}:([A-Za-z0-9_-]{20,40})@/, group: 1, confidence: 0.95 },
];

/** The alphabets of example templates: `{hex:32}` is 32 random lower-case hex digits. */

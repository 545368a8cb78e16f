/**
 * Provider token formats, one generator each, written from the provider's own documentation of
 * its format or from another scanner's public rule and its test fixtures (the source is named on
 * each entry; README.md lists them). Values are drawn from a seed; prefixes are split with `cat`.
 */
import { crc32, toBase62 } from '../corpus/checksums';
import type { Random } from '../corpus/random';
import { A, ALNUM, b64, b64url, BECH32_UPPER, cat, HEX_UPPER, LOWNUM, UPNUM, uuid } from './gens';

export interface TokenFormat {
  /** The family the report counts it under. */
  readonly family: string;
  readonly source: string;
  /** The variable a developer would store it in (the telling key of the `.env` forms). */
  readonly envName: string;
  readonly make: (r: Random) => string;
}

const B64URL = A.base64url;
const B64 = A.base64;

/** GitHub's classic tokens: a prefix, 30 base62 characters and their CRC32 in 6 base62 digits. */
function githubClassic(r: Random, prefix: string): string {
  const entropy = r.chars(A.base62, 30);
  return cat(prefix, entropy, toBase62(crc32(entropy), 6));
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    family: 'aws-access-key-id',
    envName: 'AWS_ACCESS_KEY_ID',
    source: 'AWS IAM User Guide, "Understanding unique ID prefixes" (AKIA, ASIA); gitleaks rules/aws.go',
    make: (r) => cat(r.pick(['AK', 'AS']), 'IA', r.chars(A.upper + '234567', 16)),
  },
  {
    family: 'github',
    envName: 'GITHUB_TOKEN',
    source: 'GitHub blog, "Behind GitHub\'s new authentication token formats" (ghp_, gho_, ghs_, ghu_, ghr_, CRC32)',
    make: (r) => githubClassic(r, cat('gh', r.pick(['p', 'o', 's', 'u', 'r']), '_')),
  },
  {
    family: 'github',
    envName: 'GH_PAT',
    source: 'GitHub docs, fine-grained personal access tokens (github_pat_ 22 _ 59); gitleaks rules/github.go',
    make: (r) => cat('github', '_pat_', '11', r.chars(UPNUM, 20), '_', r.chars(ALNUM, 59)),
  },
  { family: 'gitlab', envName: 'GITLAB_TOKEN', source: 'GitLab docs, "Token prefixes" (glpat-); gitleaks rules/gitlab.go', make: (r) => cat('glp', 'at-', r.chars(ALNUM + '_-', 20)) },
  {
    family: 'gitlab',
    envName: 'CI_PUSH_TOKEN',
    source: 'GitLab routable tokens (glpat- 27+ . 2 + 7); Checkmarx/2ms engine/rules/gitlab.go',
    make: (r) => cat('glp', 'at-', r.chars(ALNUM + '_-', 36), '.01.', r.chars(LOWNUM, 9)),
  },
  {
    family: 'gitlab',
    envName: 'RUNNER_TOKEN',
    source: 'GitLab runner authentication tokens (glrt-t1_ … . 2 + 7); Checkmarx/2ms engine/rules/gitlab.go',
    make: (r) => cat('gl', 'rt-t', String(r.int(1, 3)), '_', r.chars(ALNUM + '_-', 27), '.', r.chars(LOWNUM, 2), r.chars(LOWNUM, 7)),
  },
  { family: 'gitlab', envName: 'TRIGGER_TOKEN', source: 'GitLab pipeline trigger tokens (glptt- + 40 hex); gitleaks rules/gitlab.go', make: (r) => cat('glp', 'tt-', r.chars(A.hex, 40)) },
  {
    family: 'gitlab',
    envName: 'REGISTRATION_TOKEN',
    source: 'GitLab runner registration tokens (GR1348941 + 20); gitleaks rules/gitlab.go',
    make: (r) => cat('GR13', '48941', r.chars(ALNUM + '_-', 20)),
  },
  {
    family: 'gitlab',
    envName: 'DEPLOY_TOKEN',
    source: 'GitLab docs, "Token prefixes" (gldt- deploy, glft- feed, glsoat- SCIM)',
    make: (r) => cat('gl', r.pick(['dt', 'ft', 'soat']), '-', r.chars(ALNUM + '_-', 20)),
  },
  {
    family: 'slack',
    envName: 'SLACK_BOT_TOKEN',
    source: 'Slack docs, "Token types" (xoxb-, xoxp-); gitleaks rules/slack.go',
    make: (r) => cat('xo', 'xb-', r.digits(r.int(10, 13), false), '-', r.digits(r.int(10, 13), false), '-', r.chars(ALNUM, 24)),
  },
  {
    family: 'slack',
    envName: 'SLACK_USER_TOKEN',
    source: 'Slack docs, "Token types" (xoxp- user tokens); gitleaks rules/slack.go',
    make: (r) => cat('xo', 'xp-', r.digits(12, false), '-', r.digits(12, false), '-', r.digits(13, false), '-', r.chars(A.hex, 32)),
  },
  {
    family: 'slack',
    envName: 'SLACK_APP_TOKEN',
    source: 'Slack docs, app-level tokens (xapp-1- then A…); gitleaks rules/slack.go',
    make: (r) => cat('xa', 'pp-1-A', r.chars(UPNUM, 10), '-', r.digits(13, false), '-', r.chars(A.hex, 64)),
  },
  {
    family: 'stripe',
    envName: 'STRIPE_SECRET_KEY',
    source: 'Stripe docs, "API keys" (sk_live_, rk_live_); gitleaks rules/stripe.go',
    make: (r) => cat(r.pick(['sk', 'rk']), '_li', 've_', '51', r.chars(ALNUM, r.pick([24, 97]))),
  },
  { family: 'stripe', envName: 'STRIPE_WEBHOOK_SECRET', source: 'Stripe docs, webhook signing secrets (whsec_)', make: (r) => cat('wh', 'sec_', r.chars(ALNUM, 32)) },
  {
    family: 'openai',
    envName: 'OPENAI_API_KEY',
    source: 'OpenAI project and service-account keys (sk-proj-, sk-svcacct- … T3BlbkFJ …); gitleaks rules/openai.go',
    make: (r) => cat('sk-', r.pick(['proj', 'svcacct', 'admin']), '-', r.chars(B64URL, 74), 'T3Blbk', 'FJ', r.chars(B64URL, 74)),
  },
  {
    family: 'openai',
    envName: 'OPENAI_KEY',
    source: 'OpenAI legacy user keys (sk- 20 T3BlbkFJ 20); gitleaks rules/openai.go',
    make: (r) => cat('sk-', r.chars(ALNUM, 20), 'T3Blbk', 'FJ', r.chars(ALNUM, 20)),
  },
  { family: 'openrouter', envName: 'OPENROUTER_API_KEY', source: 'OpenRouter API keys (sk-or-v1- + 64 hex); kingfisher rules/openrouter.yml', make: (r) => cat('sk-', 'or-v1-', r.chars(A.hex, 64)) },
  {
    family: 'anthropic',
    envName: 'ANTHROPIC_API_KEY',
    source: 'Anthropic API keys (sk-ant-api03- 93 AA, sk-ant-admin01-); gitleaks rules/anthropic.go',
    make: (r) => cat('sk-', 'ant-', r.pick(['api03', 'admin01']), '-', r.chars(B64URL, 93), 'AA'),
  },
  { family: 'gcp-api-key', envName: 'GOOGLE_MAPS_API_KEY', source: 'Google Cloud docs, "Manage API keys" (AIza + 35); gitleaks rules/gcp.go', make: (r) => cat('AI', 'za', r.chars(B64URL, 35)) },
  {
    family: 'google-oauth-client-secret',
    envName: 'GOOGLE_CLIENT_SECRET',
    source: 'Google OAuth client secrets (GOCSPX- + 28); gitleaks rules/gcp.go',
    make: (r) => cat('GOC', 'SPX-', r.chars(B64URL, 28)),
  },
  {
    family: 'azure-ad-client-secret',
    envName: 'AZURE_CLIENT_SECRET',
    source: 'Microsoft Entra client secrets (3 chars, a digit, Q~, 31-34); gitleaks rules/azure.go',
    make: (r) => cat(r.chars(ALNUM + '_~.', 3), r.chars(A.digits, 1), 'Q~', r.chars(ALNUM + '_~.-', r.int(31, 34))),
  },
  {
    family: 'azure-devops-pat',
    envName: 'AZURE_DEVOPS_EXT_PAT',
    source: 'Azure DevOps PATs, 84-character format with the AZDO signature at 76-79 (Microsoft DevBlogs, "New Azure DevOps PAT format")',
    make: (r) => cat(r.chars(ALNUM, 76), 'AZ', 'DO', r.chars(ALNUM, 4)),
  },
  { family: 'npm', envName: 'NPM_TOKEN', source: 'npm docs, "About access tokens" (npm_ + 36); gitleaks rules/npm.go', make: (r) => cat('np', 'm_', r.chars(ALNUM, 36)) },
  {
    family: 'pypi',
    envName: 'TWINE_PASSWORD',
    source: 'PyPI help, API tokens (macaroons, pypi-AgEIcHlwaS5vcmc…); gitleaks rules/pypi.go',
    make: (r) => cat('py', 'pi-', 'AgEIcHlw', 'aS5vcmc', r.chars(B64URL, r.int(70, 160))),
  },
  {
    family: 'docker-hub',
    envName: 'DOCKERHUB_TOKEN',
    source: 'Docker docs, personal and organisation access tokens (dckr_pat_, dckr_oat_); gitleaks rules/docker.go',
    make: (r) => cat('dc', 'kr_', r.pick(['pat', 'oat']), '_', r.chars(ALNUM + '_-', 27)),
  },
  {
    family: 'hashicorp-vault',
    envName: 'VAULT_TOKEN',
    source: 'HashiCorp Vault docs, "Tokens" (hvs. service, hvb. batch, hvr. recovery); gitleaks rules/hashicorp_vault.go',
    make: (r) => cat('hv', r.pick(['s', 'b']), '.', 'CAES', r.chars(ALNUM + '_-', r.int(90, 130))),
  },
  {
    family: 'terraform-cloud',
    envName: 'TFE_TOKEN',
    source: 'HCP Terraform API tokens (14 . atlasv1 . 60-70); gitleaks rules/hashicorp.go',
    make: (r) => cat(r.chars(LOWNUM, 14), '.atlas', 'v1.', r.chars(ALNUM, 67)),
  },
  { family: 'sentry', envName: 'SENTRY_AUTH_TOKEN', source: 'Sentry docs, "Auth tokens" (sntryu_ + 64 hex); gitleaks rules/sentry.go', make: (r) => cat('sntr', 'yu_', r.chars(A.hex, 64)) },
  {
    family: 'sentry',
    envName: 'SENTRY_ORG_TOKEN',
    source: "Sentry org tokens (sntrys_ + base64 JSON + _ + 43 standard base64, as Sentry's own generate_token writes them); gitleaks rules/sentry.go",
    make: (r) =>
      cat(
        'sntr',
        'ys_',
        b64(JSON.stringify({ iat: 1733000000 + r.int(0, 9999999), url: 'https://sentry.io', region_url: 'https://de.sentry.io', org: r.pick(['etech', 'client-assur', 'mutuelle-ouest']) })).replace(
          /=+$/,
          '',
        ),
        '_',
        r.chars(B64, 43),
      ),
  },
  {
    family: 'digitalocean',
    envName: 'DIGITALOCEAN_TOKEN',
    source: 'DigitalOcean API docs, token prefixes (dop_v1_, doo_v1_, dor_v1_ + 64 hex); gitleaks rules/digitalocean.go',
    make: (r) => cat('do', r.pick(['p', 'o', 'r']), '_v1_', r.chars(A.hex, 64)),
  },
  { family: 'pulumi', envName: 'PULUMI_ACCESS_TOKEN', source: 'Pulumi access tokens (pul- + 40 hex); gitleaks rules/pulumi.go', make: (r) => cat('pu', 'l-', r.chars(A.hex, 40)) },
  {
    family: 'doppler',
    envName: 'DOPPLER_TOKEN',
    source: 'Doppler docs, "Token formats" (dp.pt., dp.st., dp.sa., dp.ct.); gitleaks rules/doppler.go',
    make: (r) => cat('dp', '.', r.pick(['pt', 'st', 'sa', 'ct']), '.', r.chars(ALNUM, 43)),
  },
  {
    family: 'grafana',
    envName: 'GRAFANA_SA_TOKEN',
    source: 'Grafana docs, service account tokens (glsa_ 32 _ 8 hex); gitleaks rules/grafana.go',
    make: (r) => cat('gl', 'sa_', r.chars(ALNUM, 32), '_', r.chars(A.hex, 8)),
  },
  {
    family: 'grafana',
    envName: 'GRAFANA_CLOUD_TOKEN',
    source: 'Grafana Cloud access policy tokens (glc_ + base64 JSON); gitleaks rules/grafana.go',
    make: (r) => cat('gl', 'c_', b64(JSON.stringify({ o: r.digits(6, false), n: `stack-${r.digits(6, false)}-hm-read`, k: r.chars(ALNUM, 24), m: { r: 'prod-eu-west-2' } })).replace(/=+$/, '')),
  },
  {
    family: 'dynatrace',
    envName: 'DT_API_TOKEN',
    source: 'Dynatrace docs, "Access tokens" format (dt0c01 . 24 . 64); gitleaks rules/dynatrace.go',
    make: (r) => cat('dt0', 'c01.', r.chars(UPNUM, 24), '.', r.chars(UPNUM, 64)),
  },
  { family: 'jfrog', envName: 'ARTIFACTORY_API_KEY', source: 'JFrog Artifactory API keys (AKCp + 69); gitleaks rules/artifactory.go', make: (r) => cat('AK', 'Cp', r.chars(ALNUM, 69)) },
  {
    family: 'jfrog',
    envName: 'JFROG_ACCESS_TOKEN',
    source: 'JFrog reference tokens (base64 of reftkn:01:…); gitleaks rules/artifactory.go',
    make: (r) => b64(cat('reftkn', ':01:', r.digits(10, false), ':', r.chars(ALNUM, 30))).replace(/=+$/, ''),
  },
  { family: 'sonar', envName: 'SONAR_TOKEN', source: 'SonarQube docs, token types (squ_, sqp_, sqa_ + 40 hex)', make: (r) => cat('sq', r.pick(['u', 'p', 'a']), '_', r.chars(A.hex, 40)) },
  { family: 'new-relic', envName: 'NEW_RELIC_API_KEY', source: 'New Relic docs, "API keys" (NRAK- user keys + 27); gitleaks rules/newrelic.go', make: (r) => cat('NR', 'AK-', r.chars(UPNUM, 27)) },
  { family: 'new-relic', envName: 'NEW_RELIC_LICENSE_KEY', source: 'New Relic ingest license keys (36 hex + NRAL); gitleaks rules/newrelic.go', make: (r) => cat(r.chars(A.hex, 36), 'NR', 'AL') },
  {
    family: 'cloudflare',
    envName: 'CF_ORIGIN_CA_KEY',
    source: 'Cloudflare API docs, Origin CA keys (v1.0- 24 hex - 146 hex); gitleaks rules/cloudflare.go',
    make: (r) => cat('v1', '.0-', r.chars(A.hex, 24), '-', r.chars(A.hex, 146)),
  },
  { family: 'okta', envName: 'OKTA_API_TOKEN', source: 'Okta docs, API tokens (00 + 40, sent as SSWS); kingfisher rules/okta.yml', make: (r) => cat('00', r.chars(ALNUM + '_-', 40)) },
  {
    family: 'databricks',
    envName: 'DATABRICKS_TOKEN',
    source: 'Databricks docs, personal access tokens (dapi + 32 hex); gitleaks rules/databricks.go',
    make: (r) => cat('da', 'pi', r.chars(A.hex, 32), r.pick(['', '-2', '-3'])),
  },
  {
    family: 'atlassian',
    envName: 'JIRA_API_TOKEN',
    source: 'Atlassian API tokens (ATATT3 + 186); gitleaks rules/atlassian.go',
    make: (r) => cat('ATA', 'TT3', 'xFfGF0', r.chars(ALNUM + '_-', 171), '=', r.chars(HEX_UPPER, 8)),
  },
  {
    family: 'bitbucket',
    envName: 'BITBUCKET_APP_PASSWORD',
    source: 'Atlassian, Bitbucket app passwords (ATBB + 32); gitleaks rules/bitbucket.go',
    make: (r) => cat('AT', 'BB', r.chars(ALNUM, 24), r.chars(HEX_UPPER, 8)),
  },
  { family: 'scalingo', envName: 'SCALINGO_API_TOKEN', source: 'Scalingo docs, API tokens (tk-us- + 48); gitleaks rules/scalingo.go', make: (r) => cat('tk', '-us-', r.chars(ALNUM + '_-', 48)) },
  {
    family: 'brevo',
    envName: 'BREVO_API_KEY',
    source: 'Brevo (Sendinblue) API keys (xkeysib- 64 hex - 16); gitleaks rules/sendinblue.go',
    make: (r) => cat(r.pick(['xkey', 'xsmtp']), 'sib-', r.chars(A.hex, 64), '-', r.chars(ALNUM, 16)),
  },
  {
    family: 'sendgrid',
    envName: 'SENDGRID_API_KEY',
    source: 'Twilio SendGrid API keys (SG. 22 . 43); gitleaks rules/sendgrid.go',
    make: (r) => cat('S', 'G.', r.chars(B64URL, 22), '.', r.chars(B64URL, 43)),
  },
  { family: 'twilio', envName: 'TWILIO_API_KEY', source: 'Twilio API keys (SK + 32 hex); gitleaks rules/twilio.go', make: (r) => cat('S', 'K', r.chars(A.hex, 32)) },
  { family: 'mailgun', envName: 'MAILGUN_API_KEY', source: 'Mailgun private API keys (key- + 32 hex); gitleaks rules/mailgun.go', make: (r) => cat('ke', 'y-', r.chars(A.hex, 32)) },
  {
    family: 'mailchimp',
    envName: 'MAILCHIMP_API_KEY',
    source: 'Mailchimp API keys (32 hex -us + data centre); gitleaks rules/mailchimp.go',
    make: (r) => cat(r.chars(A.hex, 32), '-u', 's', String(r.int(1, 21))),
  },
  { family: 'heroku', envName: 'HEROKU_API_KEY', source: 'Heroku API keys v2 (HRKU-AA + 58); Checkmarx/2ms ruledefine/heroku_v2.go', make: (r) => cat('HR', 'KU-AA', r.chars(ALNUM + '_-', 58)) },
  {
    family: 'shopify',
    envName: 'SHOPIFY_ACCESS_TOKEN',
    source: 'Shopify access tokens (shpat_, shpss_, shpca_ + 32 hex); gitleaks rules/shopify.go',
    make: (r) => cat('sh', 'p', r.pick(['at', 'ss', 'ca']), '_', r.chars(A.hex, 32)),
  },
  {
    family: 'huggingface',
    envName: 'HF_TOKEN',
    source: 'Hugging Face user access tokens (hf_ + 34 letters); gitleaks rules/huggingface.go',
    make: (r) => cat('h', 'f_', r.chars(A.upper + A.lower, 34)),
  },
  { family: 'groq', envName: 'GROQ_API_KEY', source: 'Groq API keys (gsk_ + 52); kingfisher rules/groq.yml', make: (r) => cat('gs', 'k_', r.chars(ALNUM, 52)) },
  {
    family: 'notion',
    envName: 'NOTION_TOKEN',
    source: 'Notion integration tokens (ntn_ + 46; legacy secret_ + 43); kingfisher rules/notion.yml',
    make: (r) => cat('nt', 'n_', r.digits(11, false), r.chars(ALNUM, 35)),
  },
  {
    family: 'postman',
    envName: 'POSTMAN_API_KEY',
    source: 'Postman API keys (PMAK- 24 hex - 34 hex); gitleaks rules/postman.go',
    make: (r) => cat('PM', 'AK-', r.chars(A.hex, 24), '-', r.chars(A.hex, 34)),
  },
  { family: 'linear', envName: 'LINEAR_API_KEY', source: 'Linear API keys (lin_api_ + 40); gitleaks rules/linear.go', make: (r) => cat('lin', '_api_', r.chars(ALNUM, 40)) },
  {
    family: 'telegram',
    envName: 'TELEGRAM_BOT_TOKEN',
    source: 'Telegram Bot API, bot tokens (id : AA + 33); gitleaks rules/telegram.go',
    make: (r) => cat(r.digits(r.int(9, 10), false), ':A', 'A', r.chars(ALNUM + '_-', 33)),
  },
  { family: 'supabase', envName: 'SUPABASE_ACCESS_TOKEN', source: 'Supabase management API tokens (sbp_ + 40 hex); kingfisher rules/supabase.yml', make: (r) => cat('sb', 'p_', r.chars(A.hex, 40)) },
  {
    family: 'planetscale',
    envName: 'PLANETSCALE_TOKEN',
    source: 'PlanetScale tokens and passwords (pscale_tkn_, pscale_pw_ + 43); gitleaks rules/planetscale.go',
    make: (r) => cat('psc', 'ale_', r.pick(['tkn', 'pw']), '_', r.chars(ALNUM + '_-', 43)),
  },
  {
    family: 'tailscale',
    envName: 'TS_AUTHKEY',
    source: 'Tailscale docs, auth keys (tskey-auth-k… CNTRL- …); kingfisher rules/tailscale.yml',
    make: (r) => cat('ts', 'key-', r.pick(['auth', 'api']), '-k', r.chars(ALNUM, 10), 'CNTRL-', r.chars(ALNUM, 33)),
  },
  { family: 'figma', envName: 'FIGMA_TOKEN', source: 'Figma personal access tokens (figd_ + 40); kingfisher rules/figma.yml', make: (r) => cat('fi', 'gd_', r.chars(ALNUM + '_-', 40)) },
  { family: 'buildkite', envName: 'BUILDKITE_API_TOKEN', source: 'Buildkite API access tokens (bkua_ + 40 hex); kingfisher rules/buildkite.yml', make: (r) => cat('bk', 'ua_', r.chars(A.hex, 40)) },
  { family: 'alibaba', envName: 'ALIBABA_ACCESS_KEY_ID', source: 'Alibaba Cloud AccessKey ids (LTAI + 20); gitleaks rules/alibaba.go', make: (r) => cat('LT', 'AI', r.chars(ALNUM, 20)) },
  { family: 'square', envName: 'SQUARE_ACCESS_TOKEN', source: 'Square access tokens (EAAA + 60; sq0csp- + 43); gitleaks rules/square.go', make: (r) => cat('EA', 'AA', r.chars(ALNUM + '_-', 60)) },
  {
    family: 'langsmith',
    envName: 'LANGSMITH_API_KEY',
    source: 'LangSmith API keys (lsv2_pt_, lsv2_sk_ 32 hex _ 10 hex); kingfisher rules/langsmith.yml',
    make: (r) => cat('lsv', '2_', r.pick(['pt', 'sk']), '_', r.chars(A.hex, 32), '_', r.chars(A.hex, 10)),
  },
  { family: 'perplexity', envName: 'PERPLEXITY_API_KEY', source: 'Perplexity API keys (pplx- + 48); gitleaks rules/perplexity.go', make: (r) => cat('pp', 'lx-', r.chars(ALNUM, 48)) },
  { family: 'xai', envName: 'XAI_API_KEY', source: 'xAI API keys (xai- + 80); kingfisher rules/xai.yml', make: (r) => cat('xa', 'i-', r.chars(ALNUM, 80)) },
  { family: 'replicate', envName: 'REPLICATE_API_TOKEN', source: 'Replicate API tokens (r8_ + 37); kingfisher rules/replicate.yml', make: (r) => cat('r', '8_', r.chars(ALNUM, 37)) },
  { family: 'netlify', envName: 'NETLIFY_AUTH_TOKEN', source: 'Netlify personal access tokens (nfp_ + 36); kingfisher rules/netlify.yml', make: (r) => cat('nf', 'p_', r.chars(ALNUM, 36)) },
  {
    family: 'contentful',
    envName: 'CONTENTFUL_MANAGEMENT_TOKEN',
    source: 'Contentful personal access tokens (CFPAT- + 43); gitleaks rules/contentful.go',
    make: (r) => cat('CF', 'PAT-', r.chars(ALNUM + '_-', 43)),
  },
  {
    family: 'airtable',
    envName: 'AIRTABLE_TOKEN',
    source: 'Airtable personal access tokens (pat 14 . 64 hex); kingfisher rules/airtable.yml',
    make: (r) => cat('pa', 't', r.chars(ALNUM, 14), '.', r.chars(A.hex, 64)),
  },
  {
    family: 'circleci',
    envName: 'CIRCLECI_TOKEN',
    source: 'CircleCI personal API tokens (CCIPAT_ 22 _ 40 hex); kingfisher rules/circleci.yml',
    make: (r) => cat('CCI', 'PAT_', r.chars(ALNUM, 22), '_', r.chars(A.hex, 40)),
  },
  { family: 'scaleway', envName: 'SCW_ACCESS_KEY', source: 'Scaleway docs, API keys (access key SCW + 17)', make: (r) => cat('SC', 'W', r.chars(UPNUM, 17)) },
  { family: 'age', envName: 'SOPS_AGE_KEY', source: 'age specification (C2SP), AGE-SECRET-KEY-1 + bech32; gitleaks rules/age.go', make: (r) => cat('AGE-', 'SECRET-KEY-1', r.chars(BECH32_UPPER, 58)) },
  {
    family: 'jwt',
    envName: 'API_BEARER',
    source: 'RFC 7519 (JSON Web Token): base64url header . payload . signature',
    make: (r) =>
      cat(
        b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256']), typ: 'JWT' })),
        '.',
        b64url(JSON.stringify({ sub: uuid(r), iss: 'https://auth.etech-it.fr', exp: 1790000000 + r.int(0, 9999999), roles: ['admin'] })),
        '.',
        r.chars(B64URL, 43),
      ),
  },
  {
    family: 'mapbox',
    envName: 'MAPBOX_SECRET_TOKEN',
    source: 'Mapbox secret tokens (sk. + base64 JSON . 22); gitleaks rules/mapbox.go',
    make: (r) => cat('sk', '.', b64url(JSON.stringify({ u: r.pick(['etech', 'clientgeo']), a: r.chars(LOWNUM, 25) })), '.', r.chars(ALNUM + '_-', 22)),
  },
];

/** Secrets that only their variable's name can tell (no format of their own). */
export interface ContextualSecret {
  readonly family: string;
  readonly names: readonly string[];
  readonly make: (r: Random) => string;
}

export const CONTEXTUAL_SECRETS: readonly ContextualSecret[] = [
  { family: 'aws-secret-key', names: ['AWS_SECRET_ACCESS_KEY', 'aws_secret_access_key'], make: (r) => r.chars(A.upper + A.lower + A.digits + '/+', 40) },
  { family: 'datadog', names: ['DD_API_KEY', 'DATADOG_API_KEY'], make: (r) => r.chars(A.hex, 32) },
  { family: 'datadog', names: ['DD_APP_KEY', 'DATADOG_APP_KEY'], make: (r) => r.chars(A.hex, 40) },
  { family: 'azure-openai', names: ['AOAI_KEY', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_KEY'], make: (r) => r.chars(A.hex, 32) },
  { family: 'cloudflare', names: ['CLOUDFLARE_API_TOKEN', 'CF_API_TOKEN'], make: (r) => r.chars(ALNUM + '_-', 40) },
  { family: 'cloudflare', names: ['CF_API_KEY', 'CLOUDFLARE_GLOBAL_API_KEY'], make: (r) => r.chars(A.hex, 37) },
  { family: 'scaleway', names: ['SCW_SECRET_KEY', 'scaleway_secret_key'], make: (r) => uuid(r) },
  { family: 'ovh', names: ['OVH_APPLICATION_SECRET', 'OVH_CONSUMER_KEY', 'ovh_application_secret'], make: (r) => r.chars(ALNUM, 32) },
  { family: 'mistral', names: ['MISTRAL_API_KEY'], make: (r) => r.chars(ALNUM, 32) },
  { family: 'heroku', names: ['HEROKU_API_KEY'], make: (r) => uuid(r) },
  { family: 'snyk', names: ['SNYK_TOKEN'], make: (r) => uuid(r) },
  { family: 'algolia', names: ['ALGOLIA_ADMIN_API_KEY', 'ALGOLIA_API_KEY'], make: (r) => r.chars(A.hex, 32) },
  { family: 'generic-api-key', names: ['API_KEY', 'apiKey', 'X_API_KEY', 'PAYPLUG_SECRET_KEY', 'LEMONWAY_API_SECRET'], make: (r) => r.chars(ALNUM, r.int(32, 48)) },
  { family: 'app-secret', names: ['APP_SECRET', 'JWT_SECRET', 'SESSION_SECRET', 'ENCRYPTION_KEY'], make: (r) => r.chars(A.hex, r.pick([32, 64])) },
];

/** An RSA-looking PEM body: 64-character base64 lines. */
export function pemBody(r: Random, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(r.chars(B64, 64));
  out.push(r.chars(B64, r.int(8, 60)) + r.pick(['', '=', '==']));
  return out.join('\n');
}

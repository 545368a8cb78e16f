/**
 * The examples of each rule of `TOKEN_CATALOGUE`, by id: templates (see `expandExample`) of
 * values that must be found, and of near misses that must not. Kept apart from the catalogue so
 * that no shipped bundle carries token-shaped strings; only the tests import this module.
 */
export const TOKEN_EXAMPLES: Readonly<Record<string, { readonly examples: readonly string[]; readonly counterexamples: readonly string[] }>> = {
  'aws-access-key-id': { examples: ['AKIA{B32:16}', 'ASIA{B32:16}'], counterexamples: ['AKIA{B32:15}', 'AKIAIOSFODNN7EXAMPLE'] },
  'aws-bedrock-long-term-key': { examples: ['ABSK{b64:132}'], counterexamples: ['ABSK{b64:40}'] },
  'aws-bedrock-short-term-key': { examples: ['bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t{b64:400}'], counterexamples: ['bedrock-api-key-{b64:40}'] },
  'gcp-api-key': { examples: ['AIza{b64url:35}'], counterexamples: ['AIza{b64url:30}'] },
  'google-oauth-client-secret': { examples: ['GOCSPX-{b64url:28}'], counterexamples: ['GOCSPX-{b64url:12}'] },
  'google-oauth-access-token': { examples: ['ya29.a0{b64url:150}'], counterexamples: ['ya29.{alnum:10}'] },
  'azure-ad-client-secret': { examples: ['{alnum:3}8Q~{alnum:34}', 'Xy_7Q~{alnum:20}.{alnum:13}'], counterexamples: ['{alnum:3}8Q~{alnum:10}'] },
  'alibaba-access-key-id': { examples: ['LTAI{alnum:20}'], counterexamples: ['LTAI{alnum:6}'] },
  'scaleway-access-key': { examples: ['SCW{UPPER:17}'], counterexamples: ['SCW{UPPER:10}'] },
  'digitalocean-token': {
    examples: ['dop_v1_{hex:64}', 'doo_v1_{hex:64}', 'dor_v1_{hex:64}'],
    counterexamples: ['dop_v1_{hex:63}', 'dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  'cloudflare-origin-ca-key': { examples: ['v1.0-{hex:24}-{hex:146}'], counterexamples: ['v1.0-{hex:24}-{hex:20}'] },
  'cloudflare-api-token': { examples: ['CLOUDFLARE_API_TOKEN={b64url:40}', 'X-Auth-Key: {hex:37}'], counterexamples: ['CLOUDFLARE_API_TOKEN={b64url:12}'] },
  'flyio-token': { examples: ['fo1_{b64url:43}'], counterexamples: ['fo1_{b64url:20}'] },
  'heroku-api-key': { examples: ['HRKU-AA{b64url:58}'], counterexamples: ['HRKU-AA{b64url:20}'] },
  'scalingo-api-token': { examples: ['tk-us-{b64url:48}'], counterexamples: ['tk-us-{b64url:20}'] },
  'render-api-key': { examples: ['rnd_{alnum:32}'], counterexamples: ['rnd_{alnum:10}'] },
  'netlify-token': { examples: ['nfp_{alnum:36}'], counterexamples: ['nfp_{alnum:10}'] },
  'supabase-token': { examples: ['sbp_{hex:40}', 'sb_secret_{b64url:31}'], counterexamples: ['sbp_{hex:12}'] },
  'planetscale-token': { examples: ['pscale_tkn_{b64url:43}', 'pscale_pw_{b64url:43}'], counterexamples: ['pscale_tkn_{b64url:10}'] },
  'github-classic-token': { examples: ['{github}'], counterexamples: ['ghp_{alnum:36}'] },
  'github-fine-grained-token': { examples: ['github_pat_{alnum:22}_{alnum:59}'], counterexamples: ['github_pat_{alnum:22}_{alnum:20}'] },
  'gitlab-token': { examples: ['glpat-{b64url:20}', 'glrt-{b64url:20}', 'glft-{b64url:20}', 'glpat-{b64url:27}.01.{alnum:9}', 'glcbt-64_{b64url:20}'], counterexamples: ['glpat-{b64url:10}'] },
  'gitlab-runner-registration-token': { examples: ['GR1348941{b64url:20}'], counterexamples: ['GR1348941{b64url:8}'] },
  'gitlab-session-cookie': { examples: ['Cookie: _gitlab_session={hex:32}'], counterexamples: ['_gitlab_session={hex:10}'] },
  'bitbucket-app-password': { examples: ['ATBB{alnum:24}{HEX:8}'], counterexamples: ['ATBB{alnum:10}'] },
  'atlassian-api-token': { examples: ['ATATT3xFfGF0{b64url:170}={HEX:8}', 'ATCTT3xFfGN0{b64url:170}={HEX:8}'], counterexamples: ['ATATT3{alnum:20}'] },
  'npm-token': { examples: ['npm_{alnum:36}'], counterexamples: ['npm_{alnum:20}'] },
  'pypi-token': { examples: ['pypi-AgEIcHlwaS5vcmc{b64url:150}', 'pypi-AgENdGVzdC5weXBpLm9yZw{b64url:150}'], counterexamples: ['pypi-AgEIcHlwaS5vcmc{b64url:10}'] },
  'rubygems-api-key': { examples: ['rubygems_{hex:48}'], counterexamples: ['rubygems_{hex:20}'] },
  'nuget-api-key': { examples: ['oy2{lower:43}'], counterexamples: ['oy2{lower:20}'] },
  'clojars-token': { examples: ['CLOJARS_{lower:60}'], counterexamples: ['CLOJARS_{lower:20}'] },
  'docker-hub-token': { examples: ['dckr_pat_{b64url:27}'], counterexamples: ['dckr_pat_{b64url:10}'] },
  'jfrog-api-key': { examples: ['AKCp{alnum:69}'], counterexamples: ['AKCp{alnum:20}'] },
  'jfrog-reference-token': { examples: ['cmVmdGtuOjAxOj{alnum:50}', 'cmVmdGtuOjAxOjE3{b64:60}'], counterexamples: ['cmVmdGtuOjAxOj{alnum:10}'] },
  'azure-devops-pat': { examples: ['{alnum:76}AZDO{alnum:4}'], counterexamples: ['{alnum:40}AZDO{alnum:4}'] },
  'openrouter-api-key': { examples: ['sk-or-v1-{hex:64}'], counterexamples: ['sk-or-v1-{hex:20}'] },
  'mailgun-api-key': { examples: ['key-{hex:32}'], counterexamples: ['key-{hex:16}', 'cache-key-{hex:32}'] },
  'mailchimp-api-key': { examples: ['{hex:32}-us{digit:2}'], counterexamples: ['{hex:20}-us1'] },
  'telegram-bot-token': { examples: ['{digit:10}:AA{b64url:33}', '{digit:9}:AA{b64url:33}'], counterexamples: ['{digit:4}:AA{b64url:33}'] },
  'square-access-token': { examples: ['EAAA{b64url:60}'], counterexamples: ['EAAA{b64url:30}', 'iVBORw0KGgo/EAAA{b64url:60}+abc'] },
  'contentful-pat': { examples: ['CFPAT-{b64url:43}'], counterexamples: ['CFPAT-{b64url:12}'] },
  'airtable-pat': { examples: ['pat{alnum:14}.{hex:64}'], counterexamples: ['pat{alnum:14}.{hex:20}'] },
  'sonarqube-token': { examples: ['squ_{hex:40}', 'sqp_{hex:40}', 'sqa_{hex:40}'], counterexamples: ['squ_{hex:20}'] },
  'circleci-token': { examples: ['CCIPAT_{alnum:22}_{hex:40}'], counterexamples: ['CCIPAT_{alnum:10}'] },
  'buildkite-token': { examples: ['bkua_{hex:40}'], counterexamples: ['bkua_{hex:20}'] },
  'harness-token': { examples: ['pat.{b64url:22}.{hex:24}.{alnum:20}'], counterexamples: ['pat.{b64url:22}.{hex:5}'] },
  'openshift-token': { examples: ['sha256~{b64url:43}'], counterexamples: ['sha256~{b64url:20}'] },
  'vault-token': { examples: ['hvs.{b64url:90}', 'hvb.{b64url:138}', 'hvs.CAESI{b64url:24}'], counterexamples: ['hvs.{b64url:10}'] },
  'terraform-cloud-token': { examples: ['{alnum:14}.atlasv1.{b64url:67}'], counterexamples: ['{alnum:14}.atlasv1.{b64url:20}'] },
  'doppler-token': { examples: ['dp.pt.{alnum:43}', 'dp.st.prd.{alnum:43}', 'dp.ct.{alnum:43}'], counterexamples: ['dp.pt.{alnum:10}'] },
  'pulumi-token': { examples: ['pul-{hex:40}'], counterexamples: ['pul-{hex:20}'] },
  '1password-service-account-token': { examples: ['ops_eyJ{b64:250}'], counterexamples: ['ops_eyJ{b64:20}'] },
  'tailscale-key': { examples: ['tskey-auth-{alnum:12}CNTRL-{alnum:32}', 'tskey-api-{alnum:12}CNTRL-{alnum:32}'], counterexamples: ['tskey-auth-xxxx'] },
  'age-secret-key': { examples: ['AGE-SECRET-KEY-1{bech32:58}'], counterexamples: ['AGE-SECRET-KEY-1{bech32:20}'] },
  'sentry-user-token': { examples: ['sntryu_{hex:64}'], counterexamples: ['sntryu_{hex:20}'] },
  'sentry-org-token': {
    examples: ['sntrys_eyJpYXQiOjE3MDAwMDAwMDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8iLCJyZWdpb25fdXJsIjoiaHR0cHM6Ly91cy5zZW50cnkuaW8iLCJvcmciOiJhY21lIn0=_{b64:43}'],
    counterexamples: ['sntrys_eyJ{b64:10}'],
  },
  'grafana-cloud-token': { examples: ['glc_eyJ{b64:120}'], counterexamples: ['glc_{b64:10}'] },
  'grafana-service-account-token': { examples: ['glsa_{alnum:32}_{hex:8}'], counterexamples: ['glsa_{alnum:10}'] },
  'datadog-key': { examples: ['DD_API_KEY={hex:32}', 'DD-APPLICATION-KEY: {hex:40}'], counterexamples: ['DD_API_KEY={hex:12}'] },
  'dynatrace-token': { examples: ['dt0c01.{UPPER:24}.{UPPER:64}'], counterexamples: ['dt0c01.{UPPER:24}.{UPPER:10}'] },
  'new-relic-key': { examples: ['NRAK-{UPPER:27}', 'NRII-{b64url:32}', 'NRJS-{hex:19}'], counterexamples: ['NRAK-{UPPER:10}'] },
  'new-relic-license-key': { examples: ['{hex:36}NRAL'], counterexamples: ['{hex:20}NRAL'] },
  'okta-api-token': { examples: ['Authorization: SSWS 00{b64url:40}'], counterexamples: ['SSWS 00{b64url:10}'] },
  'databricks-token': { examples: ['dapi{hex:32}', 'dapi{hex:32}-2'], counterexamples: ['dapi{hex:20}'] },
  'postman-api-key': { examples: ['PMAK-{hex:24}-{hex:34}'], counterexamples: ['PMAK-{hex:24}'] },
  'anthropic-api-key': { examples: ['sk-ant-api03-{b64url:93}AA'], counterexamples: ['sk-ant-api03-{b64url:10}'] },
  'openai-api-key': { examples: ['sk-{alnum:20}T3BlbkFJ{alnum:20}', 'sk-proj-{b64url:74}T3BlbkFJ{b64url:74}'], counterexamples: ['sk-{alnum:20}'] },
  'openai-project-key': { examples: ['sk-proj-{b64url:156}'], counterexamples: ['sk-proj-{b64url:20}'] },
  'openai-legacy-key': { examples: ['sk-{alnum:48}'], counterexamples: ['sk-{lower:48}'] },
  'groq-api-key': { examples: ['gsk_{alnum:52}'], counterexamples: ['gsk_{alnum:20}'] },
  'perplexity-api-key': { examples: ['pplx-{alnum:48}'], counterexamples: ['pplx-{alnum:20}'] },
  'xai-api-key': { examples: ['xai-{alnum:80}'], counterexamples: ['xai-{alnum:20}'] },
  'replicate-api-token': { examples: ['r8_{alnum:37}'], counterexamples: ['r8_{alnum:20}'] },
  'huggingface-token': { examples: ['hf_{letters:34}'], counterexamples: ['hf_{letters:20}', 'hf_abcdefghijklmnopqrstuvwxyzabcdefgh'] },
  'langsmith-api-key': { examples: ['lsv2_pt_{hex:32}_{hex:10}'], counterexamples: ['lsv2_pt_{hex:10}'] },
  'pinecone-api-key': { examples: ['pcsk_{alnum:6}_{alnum:64}'], counterexamples: ['pcsk_{alnum:10}'] },
  'slack-token': {
    examples: ['xoxb-{digit:12}-{digit:13}-{alnum:24}', 'xoxp-{digit:12}-{digit:12}-{digit:13}-{hex:32}', 'xoxe.xoxp-1-{alnum:160}', 'xoxe-1-{alnum:140}'],
    counterexamples: ['xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx', 'xoxb-your-token-here'],
  },
  'slack-app-token': { examples: ['xapp-1-A{UPPER:10}-{digit:13}-{hex:64}'], counterexamples: ['xapp-1-A{UPPER:10}-{digit:13}-{hex:8}'] },
  'slack-webhook': { examples: ['https://hooks.slack.com/services/T{UPPER:8}/B{UPPER:8}/{alnum:24}'], counterexamples: ['https://hooks.slack.com/'] },
  'teams-webhook': {
    examples: ['https://contoso.webhook.office.com/webhookb2/{uuid}@{uuid}/IncomingWebhook/{hex:32}/{uuid}/V2{b64url:40}'],
    counterexamples: ['https://contoso.webhook.office.com/webhookb2/'],
  },
  'discord-webhook': {
    examples: ['https://discord.com/api/webhooks/{digit:18}/{b64url:68}', 'https://ptb.discord.com/api/webhooks/{digit:18}/{b64url:68}'],
    counterexamples: ['https://discord.com/api/webhooks/{digit:18}/'],
  },
  'stripe-key': { examples: ['sk_live_{alnum:99}', 'rk_test_{alnum:24}'], counterexamples: ['sk_live_{alnum:8}'] },
  'stripe-webhook-secret': { examples: ['whsec_{alnum:32}'], counterexamples: ['whsec_{alnum:10}'] },
  'sendgrid-key': { examples: ['SG.{b64url:22}.{b64url:43}'], counterexamples: ['SG.{b64url:22}.{b64url:10}'] },
  'twilio-api-key': { examples: ['SK{hex:32}'], counterexamples: ['SK{hex:20}'] },
  'brevo-api-key': { examples: ['xkeysib-{hex:64}-{alnum:16}', 'xsmtpsib-{hex:64}-{alnum:16}'], counterexamples: ['xkeysib-{hex:64}'] },
  'twitter-bearer-token': { examples: ['AAAAAAAAAAAAAAAAAAAAAA{alnum:12}%3D{alnum:80}'], counterexamples: ['AAAAAAAAAAAAAAAAAAAAAA'] },
  'shopify-token': { examples: ['shpat_{hex:32}', 'prtapi_{hex:32}'], counterexamples: ['shpat_{hex:20}'] },
  'linear-api-key': { examples: ['lin_api_{alnum:40}', 'lin_oauth_{hex:64}'], counterexamples: ['lin_api_{alnum:10}'] },
  'figma-token': { examples: ['figd_{b64url:40}'], counterexamples: ['figd_{b64url:10}'] },
  'notion-token': { examples: ['ntn_{digit:11}{alnum:35}'], counterexamples: ['ntn_{digit:11}'] },
  'hubspot-token': { examples: ['pat-na1-{uuid}', 'pat-eu1-{uuid}'], counterexamples: ['pat-na1-1234'] },
  'clickup-token': { examples: ['pk_{digit:8}_{UPPER:32}'], counterexamples: ['pk_{digit:8}_{UPPER:10}'] },
  'square-token': { examples: ['sq0csp-{b64url:43}', 'sq0atp-{b64url:22}'], counterexamples: ['sq0csp-{b64url:10}'] },
  'braintree-access-token': { examples: ['access_token$production${lower:16}${hex:32}'], counterexamples: ['access_token$production$abc'] },
  'plaid-access-token': { examples: ['access-production-{uuid}'], counterexamples: ['access-production-1234'] },
  'duffel-token': { examples: ['duffel_live_{b64url:43}'], counterexamples: ['duffel_live_{b64url:10}'] },
  'easypost-api-key': { examples: ['EZAK{lower:54}'], counterexamples: ['EZAK{lower:20}'] },
  'flutterwave-secret-key': { examples: ['FLWSECK_TEST-{hex:32}-X', 'FLWSECK-{hex:32}-X'], counterexamples: ['FLWSECK-{hex:10}-X'] },
  'shippo-token': { examples: ['shippo_live_{hex:40}'], counterexamples: ['shippo_live_{hex:10}'] },
  'typeform-token': { examples: ['tfp_{b64url:59}'], counterexamples: ['tfp_{b64url:10}'] },
  'frameio-token': { examples: ['fio-u-{b64url:64}'], counterexamples: ['fio-u-{b64url:10}'] },
  'maxmind-license-key': { examples: ['{alnum:6}_{alnum:29}_mmk'], counterexamples: ['{alnum:6}_{alnum:10}_mmk'] },
  'prefect-api-key': { examples: ['pnu_{alnum:36}'], counterexamples: ['pnu_{alnum:10}'] },
  'mapbox-secret-token': { examples: ['sk.eyJ1Ijoi{b64url:40}.{b64url:22}'], counterexamples: ['sk.eyJ{b64url:5}'] },
  'aws-session-token': { examples: ['IQoJb3JpZ2luX2VjE{b64:320}', 'FwoGZXIvYXdzE{b64:200}=='], counterexamples: ['IQoJb3JpZ2luX2VjE{b64:40}'] },
  'tencent-secret-id': { examples: ['AKID{alnum:32}'], counterexamples: ['AKID{alnum:20}', 'AKIDABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF'] },
  'yandex-api-key': { examples: ['AQVN{b64url:36}'], counterexamples: ['AQVN{b64url:20}'] },
  'yandex-iam-token': { examples: ['t1.{b64url:60}.{b64url:86}'], counterexamples: ['t1.{b64url:60}.{b64url:20}'] },
  'fcm-server-key': { examples: ['AAAA{b64url:7}:APA91b{b64url:134}'], counterexamples: ['AAAA{b64url:7}:APA91b{b64url:40}'] },
  'salesforce-session-id': { examples: ['00D{alnum:15}!{alnum:96}'], counterexamples: ['00D{alnum:15}!{alnum:20}'] },
  'adobe-client-secret': { examples: ['p8e-{alnum:32}'], counterexamples: ['p8e-{alnum:20}'] },
  'dropbox-access-token': { examples: ['sl.{b64url:135}', 'sl.u.{b64url:400}'], counterexamples: ['sl.{b64url:40}'] },
  'launchdarkly-key': { examples: ['api-{uuid}', 'sdk-{uuid}', 'mob-{uuid}'], counterexamples: ['api-{hex:8}'] },
  'octopus-deploy-api-key': { examples: ['API-{UPPER:26}'], counterexamples: ['API-{UPPER:12}', 'API-ABCDEFGHIJKLMNOPQRSTUVWXYZ'] },
  'readme-api-key': { examples: ['rdme_{lower:70}'], counterexamples: ['rdme_{lower:20}'] },
  'sourcegraph-token': { examples: ['sgp_{hex:16}_{hex:40}', 'sgp_local_{hex:40}', 'sgp_{hex:40}'], counterexamples: ['sgp_{hex:20}'] },
  'packagist-token': { examples: ['packagist_uat_{hex:68}', 'packagist_ort_{hex:68}'], counterexamples: ['packagist_uat_{hex:20}'] },
  'crates-io-token': { examples: ['cio{alnum:32}'], counterexamples: ['cio{alnum:20}', 'cioabcdefghijklmnopqrstuvwxyzabcdef'] },
  'apify-token': { examples: ['apify_api_{alnum:36}'], counterexamples: ['apify_api_{alnum:20}'] },
  'resend-api-key': { examples: ['re_{alnum:8}_{alnum:24}'], counterexamples: ['re_{alnum:8}_{alnum:10}'] },
  'mailersend-token': { examples: ['mlsn.{hex:64}'], counterexamples: ['mlsn.{hex:20}'] },
  'trello-token': { examples: ['ATTA{hex:64}{HEX:8}'], counterexamples: ['ATTA{hex:40}'] },
  'live-secret-key': { examples: ['live_{alnum:40}', 'live_{alnum:30}'], counterexamples: ['live_{alnum:12}', 'live_reload_enabled_for_every_workspace'] },
  'paddle-api-key': { examples: ['pdl_live_apikey_{lower:26}_{alnum:22}_{alnum:3}', 'pdl_sdbx_apikey_{lower:26}_{alnum:22}_{alnum:3}'], counterexamples: ['pdl_live_apikey_{lower:10}'] },
  'klaviyo-private-key': { examples: ['pk_{hex:34}'], counterexamples: ['pk_{hex:20}'] },
  'posthog-personal-key': { examples: ['phx_{alnum:43}'], counterexamples: ['phx_{alnum:20}'] },
  'neon-api-key': { examples: ['napi_{lower:64}'], counterexamples: ['napi_{lower:20}'] },
  'vercel-blob-token': { examples: ['vercel_blob_rw_{alnum:16}_{alnum:30}'], counterexamples: ['vercel_blob_rw_{alnum:16}_{alnum:10}'] },
  'infisical-service-token': { examples: ['st.{uuid}.{hex:32}.{hex:32}'], counterexamples: ['st.{uuid}.{hex:32}'] },
  'honeycomb-key': { examples: ['hcaik_{lower:58}', 'hcxik_{lower:58}'], counterexamples: ['hcaik_{lower:20}'] },
  'deepseek-api-key': { examples: ['sk-{hex:32}'], counterexamples: ['sk-{hex:20}', 'sk-00000000000000000000000000000000'] },
  'elevenlabs-api-key': { examples: ['sk_{hex:48}'], counterexamples: ['sk_{hex:20}'] },
  'fireworks-api-key': { examples: ['fw_{alnum:24}'], counterexamples: ['fw_{alnum:10}', 'fw_abcdefghijklmnopqrstuvwx'] },
  'huggingface-org-token': { examples: ['api_org_{letters:34}'], counterexamples: ['api_org_{letters:20}', 'api_org_abcdefghijklmnopqrstuvwxyzabcdefgh'] },
  'cloudinary-url': { examples: ['CLOUDINARY_URL=cloudinary://{digit:15}:{b64url:27}@demo'], counterexamples: ['cloudinary://{digit:15}:@demo'] },
};

const ALPHABETS: Readonly<Record<string, string>> = {
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  digit: '0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  UPPER: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  B32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  bech32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};

/**
 * Expands an example template: `{alphabet:n}` becomes n characters of that alphabet, `{uuid}` a
 * UUID, `{github}` a GitHub token with a valid checksum. The characters come from a fixed seed,
 * so examples are the same on every run, and look random (a placeholder is not an example).
 */
export function expandExample(template: string, seed = 1, github?: () => string): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  const next = (bound: number) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % bound;
  };
  const run = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[next(alphabet.length)]).join('');
  return template.replace(/\{(\w+)(?::(\d+))?\}/g, (whole, name: string, count?: string) => {
    if (name === 'uuid')
      return `${run(ALPHABETS.hex as string, 8)}-${run(ALPHABETS.hex as string, 4)}-4${run(ALPHABETS.hex as string, 3)}-a${run(ALPHABETS.hex as string, 3)}-${run(ALPHABETS.hex as string, 12)}`;
    if (name === 'github') return github ? github() : whole;
    const alphabet = ALPHABETS[name];
    if (alphabet === undefined || count === undefined) throw new Error(`unknown example template ${whole}`);
    return run(alphabet, Number(count));
  });
}

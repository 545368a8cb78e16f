/**
 * What the engine can find. A kind is stable: it names placeholders (`[[AWS_SECRET_KEY_1]]`),
 * appears in the CLI's JSON, the audit's redaction counts and the policy's redaction matrix.
 */
export type Category = 'secret' | 'pii' | 'network' | 'dictionary';

export const CATEGORIES: readonly Category[] = ['secret', 'pii', 'network', 'dictionary'];

export const KINDS = {
  // Cloud
  'aws-access-key-id': { category: 'secret', placeholder: 'AWS_ACCESS_KEY_ID' },
  'aws-secret-access-key': { category: 'secret', placeholder: 'AWS_SECRET_KEY' },
  'gcp-service-account-key': { category: 'secret', placeholder: 'GCP_SERVICE_ACCOUNT_KEY' },
  'gcp-api-key': { category: 'secret', placeholder: 'GCP_API_KEY' },
  'azure-storage-key': { category: 'secret', placeholder: 'AZURE_STORAGE_KEY' },
  'azure-openai-key': { category: 'secret', placeholder: 'AZURE_OPENAI_KEY' },
  // AI providers
  'openai-api-key': { category: 'secret', placeholder: 'OPENAI_API_KEY' },
  'anthropic-api-key': { category: 'secret', placeholder: 'ANTHROPIC_API_KEY' },
  // Source hosting and registries
  'github-token': { category: 'secret', placeholder: 'GITHUB_TOKEN' },
  'github-fine-grained-token': { category: 'secret', placeholder: 'GITHUB_TOKEN' },
  'gitlab-token': { category: 'secret', placeholder: 'GITLAB_TOKEN' },
  'npm-token': { category: 'secret', placeholder: 'NPM_TOKEN' },
  // SaaS
  'slack-token': { category: 'secret', placeholder: 'SLACK_TOKEN' },
  'slack-webhook': { category: 'secret', placeholder: 'SLACK_WEBHOOK' },
  'stripe-key': { category: 'secret', placeholder: 'STRIPE_KEY' },
  'sendgrid-key': { category: 'secret', placeholder: 'SENDGRID_KEY' },
  'twilio-key': { category: 'secret', placeholder: 'TWILIO_KEY' },
  /** Any other provider's token recognised by its format (the rule says which provider). */
  'provider-token': { category: 'secret', placeholder: 'API_TOKEN' },
  /** A webhook URL whose path is its secret (Teams, Discord). */
  'webhook-url': { category: 'secret', placeholder: 'WEBHOOK_URL' },
  // Formats
  jwt: { category: 'secret', placeholder: 'JWT' },
  'private-key': { category: 'secret', placeholder: 'PRIVATE_KEY' },
  'connection-string-password': { category: 'secret', placeholder: 'DB_PASSWORD' },
  'basic-auth-password': { category: 'secret', placeholder: 'URL_PASSWORD' },
  'docker-auth': { category: 'secret', placeholder: 'DOCKER_AUTH' },
  'kubernetes-secret': { category: 'secret', placeholder: 'K8S_SECRET' },
  'generic-secret': { category: 'secret', placeholder: 'SECRET' },
  // Personal data (RGPD)
  email: { category: 'pii', placeholder: 'EMAIL' },
  phone: { category: 'pii', placeholder: 'PHONE' },
  iban: { category: 'pii', placeholder: 'IBAN' },
  'payment-card': { category: 'pii', placeholder: 'CARD' },
  nir: { category: 'pii', placeholder: 'NIR' },
  siren: { category: 'pii', placeholder: 'SIREN' },
  siret: { category: 'pii', placeholder: 'SIRET' },
  // Network
  ipv4: { category: 'network', placeholder: 'IPV4' },
  ipv6: { category: 'network', placeholder: 'IPV6' },
  'internal-host': { category: 'network', placeholder: 'HOST' },
  // Dictionary (names the policy lists)
  'client-name': { category: 'dictionary', placeholder: 'CLIENT' },
  'project-codename': { category: 'dictionary', placeholder: 'PROJECT' },
  'person-name': { category: 'dictionary', placeholder: 'PERSON' },
} as const satisfies Record<string, { category: Category; placeholder: string }>;

export type Kind = keyof typeof KINDS;

export const ALL_KINDS = Object.keys(KINDS) as Kind[];

export function categoryOf(kind: Kind): Category {
  return KINDS[kind].category;
}

/**
 * One thing found in a text. Offsets are JavaScript string offsets (UTF-16 code units, end
 * exclusive); line and column are 1-based, the column counted in UTF-16 code units like the
 * editor's. `confidence` is between 0 and 1.
 */
export interface Finding {
  kind: Kind;
  category: Category;
  start: number;
  end: number;
  line: number;
  column: number;
  /** The detector rule that matched, e.g. `aiguard/aws-secret-access-key` or `secretlint/…`. */
  rule: string;
  confidence: number;
}

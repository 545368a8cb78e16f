import * as l10n from '@vscode/l10n';
import type { Category, Kind } from './kinds';

/** What each kind is called in messages (never the value itself). */
export function kindLabel(kind: Kind): string {
  switch (kind) {
    case 'aws-access-key-id':
      return l10n.t('AWS access key ID');
    case 'aws-secret-access-key':
      return l10n.t('AWS secret access key');
    case 'gcp-service-account-key':
      return l10n.t('Google Cloud service-account key');
    case 'gcp-api-key':
      return l10n.t('Google API key');
    case 'azure-storage-key':
      return l10n.t('Azure storage key');
    case 'azure-openai-key':
      return l10n.t('Azure OpenAI key');
    case 'openai-api-key':
      return l10n.t('OpenAI API key');
    case 'anthropic-api-key':
      return l10n.t('Anthropic API key');
    case 'github-token':
      return l10n.t('GitHub token');
    case 'github-fine-grained-token':
      return l10n.t('GitHub fine-grained token');
    case 'gitlab-token':
      return l10n.t('GitLab token');
    case 'npm-token':
      return l10n.t('npm token');
    case 'slack-token':
      return l10n.t('Slack token');
    case 'slack-webhook':
      return l10n.t('Slack webhook URL');
    case 'stripe-key':
      return l10n.t('Stripe key');
    case 'sendgrid-key':
      return l10n.t('SendGrid key');
    case 'twilio-key':
      return l10n.t('Twilio key');
    case 'provider-token':
      return l10n.t('provider access token');
    case 'webhook-url':
      return l10n.t('webhook URL');
    case 'jwt':
      return l10n.t('JSON Web Token');
    case 'private-key':
      return l10n.t('private key');
    case 'connection-string-password':
      return l10n.t('database password');
    case 'basic-auth-password':
      return l10n.t('password in a URL');
    case 'docker-auth':
      return l10n.t('Docker registry credentials');
    case 'kubernetes-secret':
      return l10n.t('Kubernetes secret value');
    case 'generic-secret':
      return l10n.t('password or secret');
    case 'email':
      return l10n.t('e-mail address');
    case 'phone':
      return l10n.t('phone number');
    case 'iban':
      return l10n.t('IBAN');
    case 'payment-card':
      return l10n.t('payment card number');
    case 'nir':
      return l10n.t('social security number (NIR)');
    case 'siren':
      return l10n.t('SIREN number');
    case 'siret':
      return l10n.t('SIRET number');
    case 'ipv4':
      return l10n.t('IPv4 address');
    case 'ipv6':
      return l10n.t('IPv6 address');
    case 'internal-host':
      return l10n.t('internal host name');
    case 'client-name':
      return l10n.t('client name');
    case 'project-codename':
      return l10n.t('project code name');
    case 'person-name':
      return l10n.t("person's name");
  }
}

export function categoryLabel(category: Category): string {
  switch (category) {
    case 'secret':
      return l10n.t('secret');
    case 'pii':
      return l10n.t('personal data');
    case 'network':
      return l10n.t('network address');
    case 'dictionary':
      return l10n.t('listed name');
  }
}

/** "GitHub token ×2, e-mail address ×1", or a plain "nothing" when nothing was masked. */
export function summariseCounts(counts: Partial<Record<Kind, number>>): string {
  const parts = (Object.entries(counts) as Array<[Kind, number]>).map(([kind, count]) => `${kindLabel(kind)} ×${count}`);
  return parts.length > 0 ? parts.join(', ') : l10n.t('nothing');
}

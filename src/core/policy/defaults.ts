import type { PolicyDocument } from './schema';

/**
 * The built-in policy: what applies where no policy says otherwise. It is not a layer (a layer
 * could only tighten it); each of its values is used only when no policy in force declares
 * that value, key by key: a workspace that declares `defaultLevel` and nothing else keeps the
 * built-in levels, matrix, providers and content levels.
 *
 * The levels follow Annex B of Etech's note. The same policy, with comments, ships as
 * `schemas/default-policy.jsonc`; a unit test keeps the two equal.
 */
export const DEFAULT_POLICY: Readonly<Required<Omit<PolicyDocument, '$schema'>>> = {
  version: 1,
  levels: [
    { id: 'public', label: { en: 'Public', fr: 'Public' }, color: 'charts.green' },
    { id: 'internal', label: { en: 'Internal', fr: 'Interne' }, color: 'charts.blue' },
    { id: 'confidential', label: { en: 'Confidential', fr: 'Confidentiel' }, color: 'charts.orange' },
    { id: 'restricted', label: { en: 'Restricted', fr: 'Restreint' }, color: 'charts.red' },
  ],
  defaultLevel: 'internal',
  matrix: {
    public: { aiAllowed: true, providers: ['*'], redact: ['secret'] },
    internal: { aiAllowed: true, providers: ['*'], redact: ['secret', 'pii'] },
    confidential: {
      aiAllowed: true,
      providers: ['tag:eu-hosted', 'tag:client-tenant', 'tag:local'],
      redact: ['secret', 'pii', 'network', 'dictionary'],
    },
    restricted: { aiAllowed: false, providers: [], redact: ['secret', 'pii', 'network', 'dictionary'] },
  },
  providers: {
    openai: { tags: [], description: 'OpenAI API.' },
    anthropic: { tags: [], description: 'Anthropic API.' },
    'google-gemini': { tags: [], description: 'Google Gemini API.' },
    'github-copilot': { tags: [], description: 'GitHub Copilot.' },
    cursor: { tags: [], description: "Cursor's own models and the providers it routes to." },
    'aws-bedrock': { tags: [], description: 'Amazon Bedrock (Claude Code with CLAUDE_CODE_USE_BEDROCK); tag an EU region eu-hosted.' },
    'google-vertex': { tags: [], description: 'Google Vertex AI (Claude Code with CLAUDE_CODE_USE_VERTEX); tag an EU region eu-hosted.' },
    'azure-openai': { tags: [], description: "Azure OpenAI; declare a client's own tenant with the client-tenant tag." },
    mistral: { tags: ['eu-hosted'], description: 'Mistral AI API, hosted in the EU.' },
    ollama: { tags: ['local', 'no-training'], description: 'Models run locally with Ollama.' },
    'lm-studio': { tags: ['local', 'no-training'], description: 'Models run locally with LM Studio.' },
  },
  rules: [],
  clients: [],
  contentLevels: { secret: 'confidential', pii: 'confidential' },
  dictionary: {},
  network: false,
  templates: { approved: [], allowUnapproved: true },
  cost: { currency: 'EUR' },
  audit: {},
  cache: { enabled: false },
  telemetry: {},
};

/** The level built-in sensitive paths (private keys, `.env`, credentials) are given. */
export const SENSITIVE_PATH_LEVEL = 'restricted';

/** The level of environment templates (`.env.example`), which usually hold placeholders only. */
export const TEMPLATE_PATH_LEVEL = 'internal';

/**
 * The floor of every file under a policy that is invalid and has no earlier valid version:
 * classification fails closed rather than falling back to the default.
 */
export const INVALID_POLICY_LEVEL = 'confidential';

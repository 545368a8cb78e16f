import type { PolicyDocument } from './schema';
import { SECTIONS } from './sections';
import { BUILT_IN_CONTENT } from './sections/contentLevels';
import { BUILT_IN_MATRIX } from './sections/matrix';

/**
 * The built-in policy: what applies where no policy says otherwise. It is not a layer (a layer
 * could only tighten it); each of its values is used only when no policy in force declares
 * that value, key by key: a workspace that declares `defaultLevel` and nothing else keeps the
 * built-in levels, matrix, providers and content levels.
 *
 * The levels follow Annex B of Etech's note. The same policy, with comments, ships as
 * `schemas/default-policy.jsonc`; a unit test keeps the two equal.
 */
/** Every key of a policy, present and defined (zod infers optional keys as `?: T | undefined`). */
type Complete<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export const DEFAULT_POLICY: Complete<Omit<PolicyDocument, '$schema'>> = {
  version: 1,
  levels: [
    { id: 'public', label: { en: 'Public', fr: 'Public' }, color: 'charts.green' },
    { id: 'internal', label: { en: 'Internal', fr: 'Interne' }, color: 'charts.blue' },
    { id: 'confidential', label: { en: 'Confidential', fr: 'Confidentiel' }, color: 'charts.orange' },
    { id: 'restricted', label: { en: 'Restricted', fr: 'Restreint' }, color: 'charts.red' },
  ],
  defaultLevel: 'internal',
  matrix: BUILT_IN_MATRIX,

  providers: {
    openai: { tags: [], kind: 'openai', endpoints: ['https://api.openai.com'], description: 'OpenAI API.' },
    anthropic: { tags: [], kind: 'anthropic', endpoints: ['https://api.anthropic.com'], description: 'Anthropic API.' },
    'google-gemini': {
      tags: [],
      kind: 'gemini',
      endpoints: ['https://generativelanguage.googleapis.com'],
      description: 'Google Gemini API (the gemini kind; also Gemini CLI). Its OpenAI-compatible endpoint is another kind: declare it under an id of its own.',
    },
    'github-copilot': { tags: [], kind: 'vscode-lm', description: "GitHub Copilot, through the editor's language models." },
    cursor: { tags: [], description: "Cursor's own models and the providers it routes to." },
    'aws-bedrock': {
      tags: [],
      kind: 'bedrock',
      endpoints: ['https://*.amazonaws.com'],
      description:
        "Amazon Bedrock (the bedrock kind; also Claude Code with CLAUDE_CODE_USE_BEDROCK). A region is not a guarantee by itself: declare your own account under an id of its own, with its region's endpoint (https://bedrock-runtime.eu-west-3.amazonaws.com) and the eu-hosted or client-tenant tag.",
    },
    'google-vertex': {
      tags: [],
      kind: 'vertex-ai',
      endpoints: ['https://*.googleapis.com'],
      description:
        "Google Vertex AI (the vertex-ai kind; also Claude Code with CLAUDE_CODE_USE_VERTEX). A location is not a guarantee by itself: declare your own project under an id of its own, with its location's endpoint (https://europe-west1-aiplatform.googleapis.com) and the eu-hosted or client-tenant tag.",
    },
    'azure-openai': {
      tags: [],
      kind: 'azure-openai',
      endpoints: ['https://*.openai.azure.com', 'https://*.cognitiveservices.azure.com', 'https://*.services.ai.azure.com'],
      description: "Azure OpenAI; declare a client's own tenant, with its endpoint and the client-tenant tag, under an id of its own.",
    },
    mistral: { tags: ['eu-hosted'], kind: 'openai-compatible', endpoints: ['https://api.mistral.ai'], description: 'Mistral AI API, hosted in the EU.' },
    ollama: {
      tags: ['local', 'no-training'],
      kind: 'openai-compatible',
      endpoints: ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'],
      description: 'Models run locally with Ollama, on this machine.',
    },
    'lm-studio': {
      tags: ['local', 'no-training'],
      kind: 'openai-compatible',
      endpoints: ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'],
      description: 'Models run locally with LM Studio, on this machine.',
    },
  },
  rules: [],
  clients: [],
  contentLevels: BUILT_IN_CONTENT.contentLevels,
  contentThresholds: BUILT_IN_CONTENT.contentThresholds,
  dictionary: {},
  detectors: {},
  network: SECTIONS.network.builtIn,
  // The sections that are one module each declare their own built-in value.
  templates: SECTIONS.templates.builtIn,
  cost: SECTIONS.cost.builtIn,
  audit: SECTIONS.audit.builtIn,
  cache: SECTIONS.cache.builtIn,
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

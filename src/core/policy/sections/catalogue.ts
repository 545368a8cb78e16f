import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { PROVIDER_KINDS } from '../../providers/kinds';
import { ENDPOINT_FORM } from '../../providers/origins';
import { ProviderId, Tag } from '../idSchemas';
import type { CatalogueEntry } from '../providerTrust';
import type { PolicySection } from './section';

/** Provider tags with a meaning AI Guard documents; others are allowed but checked for typos. */
export const KNOWN_TAGS = ['eu-hosted', 'no-training', 'client-tenant', 'local'] as const;

const Endpoint = z
  .string()
  .check(
    z.regex(ENDPOINT_FORM, { error: () => l10n.t('An endpoint is an origin: https://host or http://host:port, without a path; the host may start with *. and the port may be *.') }),
    z.describe('An origin the provider may be called at, such as `https://api.mistral.ai`; `https://*.openai.azure.com` for any name below a domain, `http://127.0.0.1:*` for any port.'),
  );

export const ProviderSchema = z.strictObject({
  tags: z.optional(z.array(Tag).check(z.describe('What the provider guarantees, e.g. eu-hosted, no-training, client-tenant, local. Only the outermost policy in force declares them.'))),
  kind: z.optional(
    z
      .enum(PROVIDER_KINDS, { error: () => l10n.t('Expected one of: {0}.', PROVIDER_KINDS.join(', ')) })
      .check(z.describe('The wire protocol of this provider. A configured provider with another kind gets none of these tags. Only the outermost policy in force declares it.')),
  ),
  endpoints: z.optional(
    z
      .array(Endpoint)
      .check(
        z.describe(
          "The origins this provider may be called at. A configured provider at another address gets none of these tags, and a vendor's key (OPENAI_API_KEY…) is sent to an endpoint listed here as to the vendor's own. Only the outermost policy in force declares them.",
        ),
      ),
  ),
  description: z.optional(z.string().check(z.describe('A note for people reading the policy.'))),
});

export type ProviderDefinition = z.infer<typeof ProviderSchema>;

export const CatalogueSchema = z
  .record(ProviderId, ProviderSchema)
  .check(
    z.describe("The provider catalogue: id → tags, kind and endpoints, declared by the outermost policy in force only. A configured provider gets its id's tags only when its kind and address match."),
  );

/** The built-in catalogue: the providers every chain knows from the start. */
export const BUILT_IN_CATALOGUE: Record<string, ProviderDefinition> = {
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
};

/** The catalogue before any policy: the built-in providers, declared by the built-in policy. */
const BUILT_IN_ENTRIES: ReadonlyMap<string, CatalogueEntry> = new Map(
  Object.entries(BUILT_IN_CATALOGUE).map(([id, provider]) => [
    id,
    {
      tags: new Set(provider.tags ?? []),
      ...(provider.kind === undefined ? {} : { kind: provider.kind }),
      ...(provider.endpoints === undefined ? {} : { endpoints: provider.endpoints }),
      file: undefined,
    },
  ]),
);

/**
 * `providers`, the catalogue: what a provider id is (its kind and endpoints) and guarantees (its
 * tags), which the matrix's `tag:` entries check. Only the outermost policy in force says it:
 * it may redeclare a built-in provider (keeping the built-in kind and endpoints it does not
 * restate, so a redeclared `mistral` is not trusted by its id alone); after it, the first
 * declaration of an id stands, and an inner policy or user settings only add an id that matches
 * itself and nothing else (no tags, kind or endpoints: `layers.ts` makes any other attempt an
 * error or, in user settings, a warning).
 */
export const catalogueSection: PolicySection<Record<string, ProviderDefinition>, ReadonlyMap<string, CatalogueEntry>, ReadonlyMap<string, CatalogueEntry>> = {
  schema: CatalogueSchema,
  builtIn: BUILT_IN_CATALOGUE,
  none: BUILT_IN_ENTRIES,
  declare: (declared, providers, { file, outermost, fromUser }) => {
    if (providers === undefined || Object.keys(providers).length === 0) return declared;
    const catalogue = new Map(declared);
    for (const [id, provider] of Object.entries(providers)) {
      const known = catalogue.get(id);
      // The outermost policy may redeclare a built-in provider; after it, the first declaration stands.
      if (known !== undefined && !outermost) continue;
      // Only the outermost policy says what a provider is and guarantees; an inner one (or user
      // settings) adds an id that matches itself and nothing else.
      if (!outermost || fromUser) {
        catalogue.set(id, { tags: new Set(), file });
        continue;
      }
      const kind = provider.kind ?? known?.kind;
      const endpoints = provider.endpoints ?? known?.endpoints;
      catalogue.set(id, { tags: new Set(provider.tags ?? []), ...(kind === undefined ? {} : { kind }), ...(endpoints === undefined ? {} : { endpoints }), file });
    }
    return catalogue;
  },
  combine: (declared) => declared,
};

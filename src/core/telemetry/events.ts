import * as z from 'zod/mini';

/**
 * The adoption telemetry's events, declared once: the extension builds them, the collector
 * validates them, `telemetry.json` documents them and the anonymity test walks them.
 *
 * What an event may carry is decided here, by construction: closed enums, bounded numbers,
 * buckets instead of exact sizes, and identifiers that the policy or the product defines
 * (template ids only when they are built-in or approved, level ids, provider kinds). There is
 * no free-text field, so no path, prompt, answer, user, host or endpoint can travel in one.
 */

/** The product's event names, as the OTLP log record's `event.name` attribute carries them. */
export const TELEMETRY_EVENT_NAMES = ['aiguard.daily_activity', 'aiguard.prompt_run', 'aiguard.prompt_blocked', 'aiguard.feedback', 'aiguard.tool_decision'] as const;
export type TelemetryEventName = (typeof TELEMETRY_EVENT_NAMES)[number];

/** Token counts travel as buckets: an exact count could fingerprint a prompt. */
export const TOKEN_BUCKETS = ['0', '1-1k', '1k-4k', '4k-16k', '16k-64k', '64k+'] as const;
export type TokenBucket = (typeof TOKEN_BUCKETS)[number];

/** Costs travel as buckets too, in the policy's currency (euros by default). */
export const COST_BUCKETS = ['0', '<0.01', '0.01-0.1', '0.1-1', '1-10', '10+'] as const;
export type CostBucket = (typeof COST_BUCKETS)[number];

/** Latency travels as buckets, in milliseconds. */
export const LATENCY_BUCKETS = ['<1s', '1-5s', '5-15s', '15-60s', '60s+'] as const;
export type LatencyBucket = (typeof LATENCY_BUCKETS)[number];

/** Provider kinds, never their endpoint or configured id (either could name a client). */
export const PROVIDER_KINDS = ['openai', 'azure-openai', 'openai-compatible', 'anthropic', 'vscode-lm', 'copy', 'other'] as const;

/** Why a run was blocked: the pipeline's stable reason codes. */
export const BLOCK_REASONS = [
  'unapproved-template',
  'modified-template',
  'level-above-template',
  'ai-not-allowed',
  'provider-not-allowed',
  'missing-input',
  'preview-declined',
  'budget-exceeded',
  'audit-unwritable',
  'other',
] as const;

export const PROFILES = ['dev', 'test', 'devops', 'archi', 'ops', 'project', 'other'] as const;

/**
 * The AI tool an event is about (`aiguard.tool`): AI Guard's own runs, or another tool whose
 * hook AI Guard answered. Optional on AI Guard's own events, whose older senders omit it (it
 * then means `ai-guard`).
 */
export const TELEMETRY_TOOLS = ['ai-guard', 'claude-code', 'cursor', 'copilot', 'gemini-cli'] as const;
export type TelemetryTool = (typeof TELEMETRY_TOOLS)[number];
const OwnToolSchema = z.optional(z.literal('ai-guard'));

/** What a hook decision was about, and how it ended (the hook's own closed values). */
export const HOOK_ACTIONS = ['prompt', 'read', 'shell', 'mcp', 'output', 'none'] as const;
export const HOOK_OUTCOMES = ['allowed', 'redacted', 'blocked'] as const;
export const HOOK_FAILURES = ['input', 'timeout', 'error'] as const;

/** A template id that may be sent: a built-in or approved one; anything else is `custom`. */
const TemplateIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
/** A level id from the policy's matrix (`public`, `internal`, `confidential`, …). */
const LevelSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/));
const CountSchema = z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000));

/** Redaction counts per category, never per value or per file. */
export const RedactionCountsSchema = z.strictObject({
  secret: CountSchema,
  pii: CountSchema,
  network: CountSchema,
  dictionary: CountSchema,
});

export const DailyActivitySchema = z.strictObject({
  name: z.literal('aiguard.daily_activity'),
  /** The UTC day, `YYYY-MM-DD`: one event per installation per active day. */
  day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  tool: OwnToolSchema,
});

export const PromptRunSchema = z.strictObject({
  name: z.literal('aiguard.prompt_run'),
  template: TemplateIdSchema,
  templateVersion: z.string().check(z.regex(/^[0-9A-Za-z.+-]{1,32}$/)),
  profile: z.enum(PROFILES),
  providerKind: z.enum(PROVIDER_KINDS),
  level: LevelSchema,
  redactions: RedactionCountsSchema,
  inputTokens: z.enum(TOKEN_BUCKETS),
  outputTokens: z.enum(TOKEN_BUCKETS),
  cost: z.enum(COST_BUCKETS),
  latency: z.enum(LATENCY_BUCKETS),
  outcome: z.enum(['ok', 'error', 'cancelled', 'copied']),
  /** A provider error's stable code (`rate-limited`, `timeout`, …), never its message. */
  errorCode: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/))),
  tool: OwnToolSchema,
});

export const PromptBlockedSchema = z.strictObject({
  name: z.literal('aiguard.prompt_blocked'),
  template: TemplateIdSchema,
  profile: z.enum(PROFILES),
  providerKind: z.enum(PROVIDER_KINDS),
  level: z.optional(LevelSchema),
  reason: z.enum(BLOCK_REASONS),
  tool: OwnToolSchema,
});

export const FeedbackSchema = z.strictObject({
  name: z.literal('aiguard.feedback'),
  template: TemplateIdSchema,
  profile: z.enum(PROFILES),
  rating: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(5))),
  /** Minutes the answer saved, as the person judged it (capped at a working day). */
  minutesSaved: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(480))),
  tool: OwnToolSchema,
});

/**
 * One decision of `ai-guard hook <tool>` for another AI tool (Claude Code, Cursor, Copilot,
 * Gemini CLI): what it was about, how it ended, whether the tool acts on the answer, the level
 * and the redaction counts per category, or why it was refused before a decision.
 */
export const ToolDecisionSchema = z.strictObject({
  name: z.literal('aiguard.tool_decision'),
  tool: z.enum(['claude-code', 'cursor', 'copilot', 'gemini-cli']),
  action: z.enum(HOOK_ACTIONS),
  outcome: z.enum(HOOK_OUTCOMES),
  enforced: z.boolean(),
  level: z.optional(LevelSchema),
  redactions: RedactionCountsSchema,
  failure: z.optional(z.enum(HOOK_FAILURES)),
});

export const TelemetryEventSchema = z.discriminatedUnion('name', [DailyActivitySchema, PromptRunSchema, PromptBlockedSchema, FeedbackSchema, ToolDecisionSchema]);
export type TelemetryEvent = z.infer<typeof TelemetryEventSchema>;
export type PromptRunEvent = z.infer<typeof PromptRunSchema>;
export type PromptBlockedEvent = z.infer<typeof PromptBlockedSchema>;
export type FeedbackEvent = z.infer<typeof FeedbackSchema>;

/**
 * What every event of one installation shares: sent as the OTLP resource's attributes.
 * The installation id is random (a UUID drawn once, resettable), never derived from the
 * machine, the user or the workspace.
 */
export const TelemetryResourceSchema = z.strictObject({
  installationId: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)),
  /** The team label the organisation policy sets, if any (a short slug, not a person). */
  team: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/))),
  extensionVersion: z.string().check(z.regex(/^[0-9A-Za-z.+-]{1,32}$/)),
  /** `vscode`, `cursor`, `code-server`, `vscodium`, … (the editor's app name, slugged). */
  editor: z.string().check(z.regex(/^[a-z0-9-]{1,32}$/)),
  editorVersion: z.string().check(z.regex(/^[0-9A-Za-z.+-]{1,32}$/)),
});
export type TelemetryResource = z.infer<typeof TelemetryResourceSchema>;

/** The bucket a token count falls in. */
export function tokenBucket(tokens: number): TokenBucket {
  if (tokens <= 0) return '0';
  if (tokens <= 1_000) return '1-1k';
  if (tokens <= 4_000) return '1k-4k';
  if (tokens <= 16_000) return '4k-16k';
  if (tokens <= 64_000) return '16k-64k';
  return '64k+';
}

/** The bucket a cost (in the policy's currency) falls in. */
export function costBucket(amount: number): CostBucket {
  if (amount <= 0) return '0';
  if (amount < 0.01) return '<0.01';
  if (amount < 0.1) return '0.01-0.1';
  if (amount < 1) return '0.1-1';
  if (amount < 10) return '1-10';
  return '10+';
}

/** The bucket a latency (milliseconds) falls in. */
export function latencyBucket(ms: number): LatencyBucket {
  if (ms < 1_000) return '<1s';
  if (ms < 5_000) return '1-5s';
  if (ms < 15_000) return '5-15s';
  if (ms < 60_000) return '15-60s';
  return '60s+';
}

/**
 * The middle of a bucket, for the dashboard's sums (cost by provider): an estimate, shown as one.
 */
export const COST_BUCKET_MIDPOINTS: Readonly<Record<CostBucket, number>> = { '0': 0, '<0.01': 0.005, '0.01-0.1': 0.05, '0.1-1': 0.5, '1-10': 5, '10+': 10 };

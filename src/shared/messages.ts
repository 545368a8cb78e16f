import * as z from 'zod/mini';
import { Commands } from './ids';

/**
 * The protocol between the sidebar webview and the extension host, declared once. Both sides
 * validate what they receive with these schemas: the webview is an untrusted boundary, and a
 * message that does not parse is dropped and logged, never acted upon.
 *
 * The handshake: the webview posts `ready` once its script runs; only then does the host post
 * `init` (the static strings) and `state` (the view model, again after every change), so no
 * message is lost to a page that is still loading.
 */

/** Ids of templates and providers as the page may name them: no spaces, no paths, bounded. */
const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,79}$/));
const RunId = z.string().check(z.regex(/^[0-9a-f-]{36}$/));

/** The AI tools whose files "Set Up AI Tools" writes (the core's `HOOK_TOOLS`; a unit test keeps them equal). */
export const GOVERNED_AI_TOOLS = ['claude-code', 'cursor', 'copilot', 'gemini-cli'] as const;

/** Commands the webview may ask the host to run, without arguments: an allowlist, not any command id. */
export const WebviewCommandSchema = z.enum([Commands.showOutput, Commands.copyRedacted, Commands.explainClassification, Commands.createPolicy, Commands.showAuditLog]);
export type WebviewCommand = z.infer<typeof WebviewCommandSchema>;

/** Things the page may ask for that are not plain commands: each is checked and carried out by the host. */
export const FromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** The page's first paint of a state, in milliseconds since its navigation started (for the measurement). */
  z.strictObject({ type: z.literal('painted'), ms: z.number().check(z.minimum(0), z.maximum(600_000)) }),
  z.strictObject({ type: z.literal('runCommand'), command: WebviewCommandSchema }),
  /** Runs an approved template on the active editor's selection or file. */
  z.strictObject({ type: z.literal('runTemplate'), template: Id }),
  /** Makes a provider (one the active file allows) or "copy" the default one: writes `aiGuard.defaultProvider`. */
  z.strictObject({ type: z.literal('setProvider'), provider: Id }),
  z.strictObject({ type: z.literal('setApiKey'), provider: Id }),
  z.strictObject({ type: z.literal('openProviderSettings') }),
  z.strictObject({
    type: z.literal('rate'),
    runId: RunId,
    rating: z.optional(z.int().check(z.minimum(1), z.maximum(5))),
    minutesSaved: z.optional(z.int().check(z.minimum(0), z.maximum(480))),
  }),
  z.strictObject({ type: z.literal('skipFeedback'), runId: RunId }),
  z.strictObject({ type: z.literal('setTelemetry'), enabled: z.boolean() }),
  z.strictObject({ type: z.literal('showTelemetryLog') }),
  z.strictObject({ type: z.literal('openWalkthrough') }),
  /** "Set Up AI Tools", for every tool or the one named (its diffs are shown and confirmed in the editor). */
  z.strictObject({ type: z.literal('setUpAiTools'), tool: z.optional(z.enum(GOVERNED_AI_TOOLS)) }),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;

/** Localised labels the host hands to the webview, which has no `vscode.l10n` of its own. */
const Text = z.string().check(z.maxLength(2000));
export const WebviewStringsSchema = z.record(z.string().check(z.regex(/^[a-zA-Z]+$/)), Text);
export type WebviewStrings = z.infer<typeof WebviewStringsSchema>;

/** A level's colour as CSS: a theme variable or #rrggbb, nothing else (it is set as a CSS custom property). */
export const CssColorSchema = z.string().check(z.regex(/^(?:var\(--vscode-[a-zA-Z0-9-]+\)|#[0-9a-fA-F]{6})$/));

const FileSchema = z.discriminatedUnion('kind', [
  /** No editor is active: what to do next. */
  z.strictObject({ kind: z.literal('none'), message: Text }),
  /** The editor shows something AI Guard does not classify (an output panel, a diff of another scheme). */
  z.strictObject({ kind: z.literal('other'), message: Text }),
  z.strictObject({
    kind: z.literal('file'),
    name: Text,
    level: Id,
    levelLabel: Text,
    color: z.optional(CssColorSchema),
    client: z.optional(Text),
    /** "AI allowed" / "AI not allowed (excluded by .cursorignore)"… */
    aiStatus: Text,
    aiAllowed: z.boolean(),
    reasons: z.array(Text),
    findings: z.array(z.strictObject({ category: Id, label: Text, count: z.number() })),
    findingsSummary: Text,
  }),
]);

const ProviderOption = z.strictObject({ id: Id, label: Text, detail: Text });

const ProviderSchema = z.strictObject({
  /** Nothing is configured: the message says where to add one. */
  empty: z.optional(Text),
  activeId: z.optional(Id),
  activeLabel: Text,
  activeDetail: Text,
  /** Whether the active provider may see the active file (absent without a file or provider). */
  allowed: z.optional(z.boolean()),
  allowedText: z.optional(Text),
  /** The allowed providers and "copy", for the switcher. */
  options: z.array(ProviderOption),
  /** The providers without a key (not local), each with its "Set API key" button. */
  missingKeys: z.array(z.strictObject({ id: Id, label: Text })),
  /** The configured providers the active file's level leaves out, each with why and the policy key to change. */
  leftOut: z.optional(z.array(z.strictObject({ id: Id, why: Text }))),
});

const TemplateItem = z.strictObject({ id: Id, title: Text, description: Text, badge: Text, approval: z.enum(['built-in', 'approved', 'modified', 'unapproved']), runnable: z.boolean() });
const PromptsSchema = z.strictObject({
  groups: z.array(z.strictObject({ profile: Id, label: Text, templates: z.array(TemplateItem) })),
  count: z.number(),
  problems: z.optional(Text),
  /** Why templates cannot run right now (no file open), if so. */
  hint: z.optional(Text),
});

const UsageSchema = z.strictObject({
  month: Text,
  calls: Text,
  tokens: Text,
  cost: Text,
  budget: z.optional(z.strictObject({ label: Text, share: z.number().check(z.minimum(0), z.maximum(1)), state: z.enum(['ok', 'warn', 'over']) })),
  top: z.array(z.strictObject({ label: Text, calls: Text })),
  empty: z.optional(Text),
});

const ActivitySchema = z.strictObject({
  items: z.array(
    z.strictObject({
      template: Text,
      provider: Text,
      outcome: z.enum(['ok', 'blocked', 'error', 'cancelled', 'dry-run', 'copied', 'other']),
      outcomeLabel: Text,
      redactions: Text,
      when: Text,
      time: Text,
    }),
  ),
  empty: z.optional(Text),
});

const FeedbackSchema = z.strictObject({ runId: RunId, question: Text });

const TelemetrySchema = z.strictObject({
  /** Whether the extension has telemetry at all in this build (the setting exists). */
  available: z.boolean(),
  enabled: z.boolean(),
  status: Text,
  details: z.array(Text),
});

/** The AI tools section: each tool found (or that AI Guard can govern), its state and its set-up button. */
const AiToolsSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: Id,
      label: Text,
      state: z.enum(['governed', 'missing', 'stale', 'unsupported']),
      stateLabel: Text,
      /** What gave it away ("Claude Code extension, .claude/"), or that it was not found. */
      found: Text,
      /** The set-up button's label, for a tool whose files do not follow the policy. */
      action: z.optional(Text),
      actionLabel: z.optional(Text),
    }),
  ),
  /** How the hooks run on this machine, or why they cannot. */
  runner: Text,
  /** The policy has errors, or hooks cannot run here: nothing can be set up. */
  problem: z.optional(Text),
  /** Some tool's files are out of date. */
  warning: z.optional(Text),
  /** The button for every tool at once, when more than one needs it. */
  setUpAll: z.optional(Text),
});

/** Everything the panel shows, already in the person's language: the page only lays it out. */
export const ViewModelSchema = z.strictObject({
  language: z.string().check(z.maxLength(20)),
  trusted: z.boolean(),
  /** No policy governs the active file (or the workspace): offer to create one. */
  noPolicy: z.optional(Text),
  file: FileSchema,
  provider: ProviderSchema,
  prompts: PromptsSchema,
  usage: UsageSchema,
  activity: ActivitySchema,
  feedback: z.optional(FeedbackSchema),
  telemetry: TelemetrySchema,
  aiTools: z.optional(AiToolsSchema),
});
export type ViewModel = z.infer<typeof ViewModelSchema>;

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), version: z.string(), strings: WebviewStringsSchema }),
  z.strictObject({ type: z.literal('state'), model: ViewModelSchema }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

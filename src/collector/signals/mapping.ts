import { createHash } from 'node:crypto';
import { DEFAULT_PRICE_TABLE, type PriceTable, priceOf } from '../../core/cost';
import { COST_BUCKET_MIDPOINTS, type DecodedEvent } from '../../core/telemetry';
import type { IdentityKeys } from './identity';
import type { Attributes, MetricPoint } from './otlpMetrics';
import { type Provider, providerOf, type Tool } from './tools';

/**
 * Each tool's own telemetry, mapped to the note's measures per tool: sessions, prompts, tokens,
 * cost, lines of code accepted, active time, satisfaction, blocks and redactions. A record is
 * reduced to a `ToolSignal` (a kind, a quantity, a cost, a provider): nothing else a tool sends
 * is kept, so prompt text (`prompt`, `gen_ai.input.messages`…), file paths, repository names,
 * and e-mail addresses are dropped at ingest. Who a signal counts for is an enrolled
 * installation id, or a keyed hash of the account the tool names (`identity.ts`).
 *
 * The names are each tool's documented ones: Claude Code's "Monitoring" page (`claude_code.*`
 * metrics and events), VS Code's "Monitor agent usage with OpenTelemetry" (Copilot Chat,
 * `copilot_chat.*` and the `gen_ai.*` semantic conventions), Gemini CLI's "Observability with
 * OpenTelemetry" (`gemini_cli.*`). Metrics a tool also reports in another form are read once:
 * Claude Code's tokens and cost from its metrics, not again from its `api_request` events;
 * Gemini CLI's tokens from `gemini_cli.token.usage`, not again from `gen_ai.client.token.usage`.
 */

export const SIGNAL_KINDS = ['activity', 'session', 'prompt', 'tokens', 'cost', 'lines', 'active-seconds', 'rating', 'minutes', 'block', 'redaction'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** Who a signal counts for: an installation's (or a pseudonymous person's) uid. */
export interface Who {
  uid: string;
  /** Only an enrolled installation id counts towards k-anonymity. */
  enrolled: boolean;
}

export interface ToolSignal {
  tool: Tool;
  time: number;
  who: Who;
  team: string | undefined;
  kind: SignalKind;
  /** Sessions, prompts, tokens, lines, seconds, ratings, minutes, blocks or redactions. */
  quantity: number;
  /** The cost of one unit of `quantity`, in the price table's currency. */
  costPerUnit: number;
  provider: Provider | undefined;
  /** For `rating`: the rating (1–5) each unit stands for. */
  rating?: number;
  /** Told apart by this id within `who`: a retried record is stored once. */
  uid: string;
  /**
   * For a cumulative counter: the series it belongs to and when it started. The store adds the
   * difference from the series' last value, not the value itself.
   */
  series?: { key: string; start: number };
}

/** Claude Code reports its cost in US dollars; the dashboard's prices are in euros. */
export const USD_TO_EUR = 0.92;

const TEAM = /^[a-z0-9][a-z0-9-]{0,31}$/;

export interface MappingContext {
  keys: IdentityKeys;
  prices?: PriceTable;
}

/** Attributes that name a person or a device, in the order a stable one is preferred. */
const PERSON_KEYS = ['user.account_uuid', 'user.email', 'user.id', 'enduser.id', 'installation.id', 'service.instance.id'] as const;

/**
 * Who a record of another tool counts for: the enrolled installation id `ai-guard tools sync`
 * gives it (`aiguard.installation.id`), otherwise a keyed hash of the first personal
 * identifier it carries (never counted towards k), otherwise of its session.
 */
export function whoOf(keys: IdentityKeys, resource: Attributes, attributes: Attributes): Who {
  const enrolled = attributes.get('aiguard.installation.id') ?? resource.get('aiguard.installation.id');
  if (keys.isEnrolled(enrolled)) return { uid: enrolled as string, enrolled: true };
  for (const key of PERSON_KEYS) {
    const value = attributes.get(key) ?? resource.get(key);
    if (typeof value === 'string' && value.trim() !== '') return { uid: `p:${keys.pseudonym(key === 'user.email' ? 'email' : 'account', value)}`, enrolled: false };
  }
  const session = attributes.get('session.id') ?? resource.get('session.id');
  if (typeof session === 'string' && session !== '') return { uid: `s:${keys.pseudonym('session', session)}`, enrolled: false };
  return { uid: 'anonymous', enrolled: false };
}

export function teamOf(resource: Attributes): string | undefined {
  const team = resource.get('aiguard.team');
  return typeof team === 'string' && TEAM.test(team) ? team : undefined;
}

function digest(...parts: ReadonlyArray<string | number>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}

/** A metric's attributes as a stable text (for series keys): sorted, personal ones left out. */
function seriesAttributes(attributes: Attributes): string {
  return [...attributes]
    .filter(([key]) => !(PERSON_KEYS as readonly string[]).includes(key) && key !== 'session.id' && key !== 'aiguard.installation.id')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\u0001');
}

/** What one metric data point counts as, before who and when. */
type Measure = { kind: SignalKind; quantity: number; costPerUnit?: number; provider?: Provider; rating?: number };

const stringOf = (attributes: Attributes, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = attributes.get(key);
    if (typeof value === 'string') return value;
  }
  return undefined;
};

/** The price per token of a model's input or output, from the price table; 0 when unpriced. */
function tokenPrice(prices: PriceTable, model: string | undefined, side: 'input' | 'output'): number {
  const price = model === undefined ? undefined : priceOf(prices, model);
  return price === undefined ? 0 : price[side] / 1_000_000;
}

function measureOf(tool: Tool, point: MetricPoint, prices: PriceTable): Measure | undefined {
  const a = point.attributes;
  const model = stringOf(a, 'model', 'gen_ai.response.model', 'gen_ai.request.model');
  const provider = providerOf(tool, a.get('gen_ai.provider.name'), model);
  const type = stringOf(a, 'type', 'gen_ai.token.type');
  switch (`${tool} ${point.metric}`) {
    case 'claude-code claude_code.session.count':
    case 'copilot copilot_chat.session.count':
    case 'gemini-cli gemini_cli.session.count':
      return { kind: 'session', quantity: point.value };
    case 'claude-code claude_code.token.usage':
      // Claude Code reports its cost itself (claude_code.cost.usage): tokens carry none here.
      return { kind: 'tokens', quantity: point.value, provider };
    case 'claude-code claude_code.cost.usage':
      return { kind: 'cost', quantity: point.value, costPerUnit: USD_TO_EUR, provider };
    case 'claude-code claude_code.lines_of_code.count':
    case 'copilot copilot_chat.lines_of_code.count':
    case 'gemini-cli gemini_cli.lines.changed':
      return type === 'added' ? { kind: 'lines', quantity: point.value } : undefined;
    case 'claude-code claude_code.active_time.total':
      return { kind: 'active-seconds', quantity: point.value };
    case 'copilot copilot_chat.agent.invocation.duration':
      // One agent invocation per prompt: the histogram's count, not its sum of seconds.
      return { kind: 'prompt', quantity: point.count };
    case 'copilot gen_ai.client.token.usage':
      return type === 'input' || type === 'output' ? { kind: 'tokens', quantity: point.value, costPerUnit: tokenPrice(prices, model, type), provider } : undefined;
    case 'gemini-cli gemini_cli.token.usage': {
      // Thoughts are billed as output; cached and tool tokens as input (an upper estimate).
      const side = type === 'output' || type === 'thought' ? 'output' : 'input';
      return { kind: 'tokens', quantity: point.value, costPerUnit: tokenPrice(prices, model, side), provider };
    }
    case 'copilot copilot_chat.user.feedback.count': {
      const rating = a.get('rating');
      // Thumbs up and down, on the dashboard's 1–5 scale: 5 and 1.
      return rating === 'positive' || rating === 'negative' ? { kind: 'rating', quantity: point.value, rating: rating === 'positive' ? 5 : 1 } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The signals of one metric data point of `tool`; none for a metric the mapping does not use
 * (which is ignored, not refused).
 */
export function signalsOfPoint(context: MappingContext, tool: Tool, resource: Attributes, point: MetricPoint): ToolSignal[] {
  const measure = measureOf(tool, point, context.prices ?? DEFAULT_PRICE_TABLE);
  if (measure === undefined || !(measure.quantity >= 0)) return [];
  const who = whoOf(context.keys, resource, point.attributes);
  const key = digest(tool, point.metric, seriesAttributes(point.attributes));
  const cumulative = point.temporality === 'cumulative' && point.kind !== 'gauge';
  return [
    {
      tool,
      time: point.time,
      who,
      team: teamOf(resource),
      kind: measure.kind,
      quantity: measure.quantity,
      costPerUnit: measure.costPerUnit ?? 0,
      provider: measure.provider,
      ...(measure.rating === undefined ? {} : { rating: measure.rating }),
      uid: `m:${digest(key, point.start, point.time)}`,
      ...(cumulative ? { series: { key, start: point.start } } : {}),
    },
  ];
}

/** A log record of another tool, as the mapping reads it. */
export interface ToolLogRecord {
  index: number;
  name: string;
  time: number;
  attributes: Attributes;
}

const PROMPT_EVENTS: ReadonlySet<string> = new Set(['claude-code claude_code.user_prompt', 'gemini-cli gemini_cli.user_prompt']);

/** The signals of one log record (event) of another tool: a prompt, or nothing to count. */
export function signalsOfRecord(context: MappingContext, tool: Tool, resource: Attributes, record: ToolLogRecord): ToolSignal[] {
  if (!PROMPT_EVENTS.has(`${tool} ${record.name}`)) return [];
  const who = whoOf(context.keys, resource, record.attributes);
  const own = stringOf(record.attributes, 'log.record.uid', 'prompt.id', 'prompt_id');
  // The prompt's text, when a tool sends it, is never read: only that a prompt was made.
  const sequence = record.attributes.get('event.sequence');
  const uid = own !== undefined ? `e:${digest(tool, record.name, own)}` : `e:${digest(tool, record.name, record.time, String(sequence ?? ''), stringOf(record.attributes, 'session.id') ?? '')}`;
  return [{ tool, time: record.time, who, team: teamOf(resource), kind: 'prompt', quantity: 1, costPerUnit: 0, provider: undefined, uid }];
}

/**
 * AI Guard's own events, per tool: `aiguard.tool` names the tool a hook decision was made for
 * (absent: AI Guard itself). The enrolled installation id is the resource's.
 */
export function signalsOfAiGuardEvent(event: DecodedEvent, tool: Tool, enrolled: boolean, uid: string): ToolSignal[] {
  const base = { tool, time: event.time, who: { uid: event.resource.installationId, enrolled }, team: event.resource.team, costPerUnit: 0, provider: undefined };
  const e = event.event;
  const signals: ToolSignal[] = [{ ...base, kind: 'activity', quantity: 1, uid: `${uid}:activity` }];
  switch (e.name) {
    case 'aiguard.prompt_run': {
      signals.push({ ...base, kind: 'prompt', quantity: 1, uid: `${uid}:prompt` });
      signals.push({ ...base, kind: 'cost', quantity: 1, costPerUnit: COST_BUCKET_MIDPOINTS[e.cost], provider: narrowProvider(e.providerKind), uid: `${uid}:cost` });
      const redactions = e.redactions.secret + e.redactions.pii + e.redactions.network + e.redactions.dictionary;
      if (redactions > 0) signals.push({ ...base, kind: 'redaction', quantity: redactions, uid: `${uid}:redaction` });
      break;
    }
    case 'aiguard.prompt_blocked':
      signals.push({ ...base, kind: 'block', quantity: 1, uid: `${uid}:block` });
      break;
    case 'aiguard.feedback':
      if (e.rating !== undefined) signals.push({ ...base, kind: 'rating', quantity: 1, rating: e.rating, uid: `${uid}:rating` });
      if (e.minutesSaved !== undefined && e.minutesSaved > 0) signals.push({ ...base, kind: 'minutes', quantity: e.minutesSaved, uid: `${uid}:minutes` });
      break;
    case 'aiguard.daily_activity':
      break;
  }
  return signals;
}

/** AI Guard's provider kinds, as the provider list names them. */
function narrowProvider(kind: string): Provider {
  return (['anthropic', 'openai', 'azure-openai', 'openai-compatible', 'vscode-lm', 'copy'] as const).find((p) => p === kind) ?? 'other';
}

/** A hook decision of AI Guard for another tool: allowed, redacted (with its count) or blocked. */
export function signalsOfHookDecision(
  base: { tool: Tool; time: number; who: Who; team: string | undefined; uid: string },
  decision: 'allowed' | 'redacted' | 'blocked',
  redactions: number,
): ToolSignal[] {
  const common = { tool: base.tool, time: base.time, who: base.who, team: base.team, costPerUnit: 0, provider: undefined };
  const signals: ToolSignal[] = [{ ...common, kind: 'activity', quantity: 1, uid: `${base.uid}:activity` }];
  if (decision === 'blocked') signals.push({ ...common, kind: 'block', quantity: 1, uid: `${base.uid}:block` });
  if (redactions > 0) signals.push({ ...common, kind: 'redaction', quantity: redactions, uid: `${base.uid}:redaction` });
  return signals;
}

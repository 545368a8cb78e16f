import { DEFAULT_POLICY } from '../policy/defaults';
import { CATEGORIES, type Category, categoryOf, KINDS, type Kind } from '../redaction/kinds';

/**
 * The reductions every event shares (levels, counts per category), without the event schemas:
 * the hook, which runs on every prompt and file read, builds its events with these alone.
 */

/** What stands for a level, profile or reason that is not a plain identifier or a known value. */
export const OTHER = 'other';

/**
 * The built-in level ids travel as they are; a policy's own level ids do not, since a policy may
 * name a level after a client or a project (`acme-restricted`): they are sent as `other`.
 */
const KNOWN_LEVELS: ReadonlySet<string> = new Set(DEFAULT_POLICY.levels.map((level) => level.id));

export function levelOf(levels: readonly string[]): string | undefined {
  const level = levels[0];
  if (level === undefined) return undefined;
  return KNOWN_LEVELS.has(level) ? level : OTHER;
}

/** Redaction counts summed per category; unknown kinds (none should exist) are not counted. */
export function redactionCountsOf(redactions: Readonly<Record<string, number>>): Record<Category, number> {
  const counts = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
  for (const [kind, count] of Object.entries(redactions)) {
    if (!Object.hasOwn(KINDS, kind) || typeof count !== 'number' || !Number.isFinite(count) || count <= 0) continue;
    const category = categoryOf(kind as Kind);
    counts[category] = Math.min(1_000_000, counts[category] + Math.round(count));
  }
  return counts;
}

/** What a hook decision carries into telemetry (the audit record's own fields, reduced). */
export interface HookDecisionFacts {
  tool: 'claude-code' | 'cursor' | 'copilot' | 'gemini-cli';
  action: 'prompt' | 'read' | 'shell' | 'mcp' | 'output' | 'none';
  outcome: 'allowed' | 'redacted' | 'blocked';
  enforced: boolean;
  level?: string;
  counts: Readonly<Record<string, number>>;
  failure?: 'input' | 'timeout' | 'error';
}

/**
 * The `aiguard.tool_decision` event of a hook decision, as plain data: closed values by
 * construction (the level a built-in one or `other`, counts per category). The editor checks it
 * against `ToolDecisionSchema` when it takes it into the outbox, as any event from a file.
 */
export function toolDecisionOf(facts: HookDecisionFacts): Record<string, unknown> {
  const level = facts.level === undefined ? undefined : levelOf([facts.level]);
  return {
    name: 'aiguard.tool_decision',
    tool: facts.tool,
    action: facts.action,
    outcome: facts.outcome,
    enforced: facts.enforced,
    ...(level !== undefined ? { level } : {}),
    redactions: redactionCountsOf(facts.counts),
    ...(facts.failure !== undefined ? { failure: facts.failure } : {}),
  };
}

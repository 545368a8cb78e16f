import type { Grouped } from '../grouped';
import type { TelemetryStore } from '../store';
import type { ToolDimension } from './rollups';
import { TOOLS } from './tools';

/**
 * The per-tool part of the summary: adoption, sessions, prompts, tokens, cost, lines accepted,
 * active time, satisfaction, minutes saved, blocks and redactions, per tool, and cost per tool
 * and provider, adoption per tool and team, the weekly trend per tool. Every breakdown goes
 * through the same publication as the rest of the summary (`grouped`: each week on its own,
 * complementary suppression, closed lists, a month the sum of its weeks), so a tool, a
 * provider or a team under k enrolled installations is never shown on its own. Daily active
 * counts per tool are shown as they are, like the daily activity.
 */

export interface ToolFigures {
  /** A tool's id, or `other` for the fold of those under k. */
  key: string;
  other?: true;
  /** Distinct enrolled installations over the weeks the tool was shown. */
  installations: number | null;
  sessions: number | null;
  prompts: number | null;
  tokens: number | null;
  /** Reported by the tool, or computed from the price table; in the policy's currency. */
  cost: number | null;
  linesAccepted: number | null;
  activeHours: number | null;
  averageRating: number | null;
  ratings: number | null;
  minutesSaved: number | null;
  blocks: number | null;
  redactions: number | null;
}

export interface ToolSection {
  byTool: ToolFigures[];
  /** Tools never published in the period, on their own or in "other". */
  withheld: number;
  /** Cost per tool and provider (`claude-code/anthropic`). */
  byProvider: Grouped;
  /** Enrolled installations per tool and team (`copilot/platform`; `copilot/` without a team). */
  byTeam: Grouped;
  daily: Array<{ day: string; tools: Array<{ tool: string; installations: number }> }>;
  trend: Array<{ week: string; tools: Array<{ tool: string; installations: number }> }>;
  /** Installation ids issued per day, and the days that look like a burst (someone drawing ids). */
  enrolment: { issued: number; days: Array<{ day: string; issued: number }>; bursts: string[] };
}

interface Cell {
  key: string;
  installations: number;
}

export interface ToolSectionInputs {
  store: TelemetryStore;
  grouped(dim: ToolDimension, countInstallations?: boolean): Promise<Grouped>;
  publishWeek(dim: ToolDimension, week: number): Promise<Cell[]>;
  periodWeeks: readonly number[];
  trendWeeks: readonly number[];
  fromDay: number;
  toDay: number;
  isoDay(day: number): string;
  weekStart(week: number): number;
}

/** A burst: a day that issued at least this many ids and three times the period's daily mean. */
const BURST_MINIMUM = 10;

export async function toolSection(inputs: ToolSectionInputs): Promise<ToolSection> {
  const { grouped } = inputs;
  const active = await grouped('tool', true);
  const measures = {
    sessions: await grouped('tool-session'),
    prompts: await grouped('tool-prompt'),
    tokens: await grouped('tool-tokens'),
    cost: await grouped('tool-cost'),
    lines: await grouped('tool-lines'),
    active: await grouped('tool-active'),
    rating: await grouped('tool-rating'),
    minutes: await grouped('tool-minutes'),
    blocks: await grouped('tool-block'),
    redactions: await grouped('tool-redaction'),
  };
  const find = (list: Grouped, key: string) => list.groups.find((group) => group.key === key);
  const byTool: ToolFigures[] = active.groups.map((group) => {
    const amount = (list: Grouped) => find(list, group.key)?.amount ?? null;
    const rating = find(measures.rating, group.key);
    const seconds = amount(measures.active);
    return {
      key: group.key,
      ...(group.other ? { other: true as const } : {}),
      installations: group.installations ?? null,
      sessions: amount(measures.sessions),
      prompts: amount(measures.prompts),
      tokens: amount(measures.tokens),
      cost: find(measures.cost, group.key)?.cost ?? null,
      linesAccepted: amount(measures.lines),
      activeHours: seconds === null ? null : seconds / 3600,
      averageRating: rating?.averageRating ?? null,
      ratings: rating?.ratings ?? null,
      minutesSaved: find(measures.minutes, group.key)?.minutes ?? null,
      blocks: amount(measures.blocks),
      redactions: amount(measures.redactions),
    };
  });

  const days = await inputs.store.all('SELECT day, tool, installations FROM tool_daily WHERE day BETWEEN ? AND ?', [inputs.fromDay, inputs.toDay]);
  const daily: ToolSection['daily'] = [];
  for (let day = inputs.fromDay; day <= inputs.toDay; day++) {
    const tools = TOOLS.map((tool) => ({ tool, installations: Number(days.find((row) => Number(row.day) === day && row.tool === tool)?.installations ?? 0) })).filter(
      (entry) => entry.installations > 0,
    );
    daily.push({ day: inputs.isoDay(day), tools });
  }
  const trend: ToolSection['trend'] = [];
  for (const week of inputs.trendWeeks) {
    const cells = await inputs.publishWeek('tool', week);
    trend.push({ week: inputs.isoDay(inputs.weekStart(week)), tools: cells.map((cell) => ({ tool: cell.key, installations: cell.installations })) });
  }

  const first = inputs.weekStart(inputs.trendWeeks[0] as number);
  const issuedRows = await inputs.store.all('SELECT day, issued FROM enrolments WHERE day BETWEEN ? AND ?', [Math.min(first, inputs.fromDay), inputs.toDay]);
  const issued = new Map(issuedRows.map((row) => [Number(row.day), Number(row.issued)]));
  const span = Math.max(1, inputs.toDay - Math.min(first, inputs.fromDay) + 1);
  const mean = [...issued.values()].reduce((a, b) => a + b, 0) / span;
  const periodDays: Array<{ day: string; issued: number }> = [];
  const bursts: string[] = [];
  for (let day = inputs.fromDay; day <= inputs.toDay; day++) {
    const count = issued.get(day) ?? 0;
    if (count > 0) periodDays.push({ day: inputs.isoDay(day), issued: count });
    if (count >= BURST_MINIMUM && count >= 3 * mean) bursts.push(inputs.isoDay(day));
  }

  return {
    byTool,
    withheld: active.withheld,
    byProvider: await grouped('tool-provider'),
    byTeam: await grouped('tool-team', true),
    daily,
    trend,
    enrolment: { issued: periodDays.reduce((sum, entry) => sum + entry.issued, 0), days: periodDays, bursts },
  };
}

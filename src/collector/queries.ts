import type { SqlValue } from './storage/driver';
import type { Period } from './periods';
import { isoWeekId } from './periods';
import type { ToolDimension } from './signals/rollups';
import { toolSection, type ToolSection } from './signals/toolSummary';
import { PROVIDERS, TOOLS } from './signals/tools';
import type { Dimension as EventDimension, TelemetryStore } from './store';

/** Every rollup dimension: AI Guard's events' (`weekly`) and every tool's (`tool_weekly`). */
type Dimension = EventDimension | ToolDimension;
import { dayOf, isoDay, isWorkingDay, weekOf, weekStart } from './time';

/**
 * The AI lead's figures, computed from the rollups only (never the raw events), so a summary
 * costs a few small queries whatever the number of events stored.
 *
 * k-anonymity, so that no answer and no difference of answers reveals a group that fewer than
 * `k` distinct installations contributed to:
 * - Only fixed periods are queried (an ISO week, or a month made of whole ISO weeks: periods.ts).
 * - Each week is published on its own. In a week, a group (a template, a profile, a provider
 *   kind, a team, a block reason, …) under k installations is folded into "other"; while "other"
 *   is itself under k, the next smallest shown group joins it (complementary suppression), so
 *   the groups shown plus "other" always add up to the week's total, and nothing is left for a
 *   total minus its groups to reveal. A week's total under k is not shown (null), and then none
 *   of its groups is either.
 * - A month is the sum of what its weeks publish, and nothing else: a month minus its weeks,
 *   or a total minus its groups, is zero.
 * - Keys come only from closed lists (the built-in and configured template ids, levels and
 *   teams); anything else a client sent is counted under one "unlisted" key, never named.
 * Counts of active installations (per day, per week) are shown as they are: they say how many,
 * not who.
 */

/** The key that stands for every value outside a dimension's closed list. */
export const UNLISTED = '(unlisted)';

/** The values the dashboard may name, per dimension; the others are counted as UNLISTED. */
export interface ClosedLists {
  templates: ReadonlySet<string>;
  levels: ReadonlySet<string>;
  teams: ReadonlySet<string>;
}

export interface SummaryOptions {
  period: Period;
  now: number;
  kAnonymity: number;
  teamSize: number | undefined;
  lists: ClosedLists;
  /** Weeks in the trend, ending with the period's last week (default 12). */
  trendWeeks?: number;
}

import type { Group, Grouped } from './grouped';

export type { Group, Grouped };

export interface WeekTrend {
  week: string;
  /** The ISO week, `2026-W11`. */
  id: string;
  activeInstallations: number;
  /** Mean over the week's complete working days of active installations / team size. */
  dailyShare: number | null;
  /** Null when fewer than k installations ran prompts that week (and likewise below). */
  runs: number | null;
  cost: number | null;
  blocks: number | null;
  averageRating: number | null;
  minutesSaved: number | null;
}

export interface Summary {
  generatedAt: string;
  period: { id: string; kind: Period['kind']; from: string; to: string; weeks: number };
  kAnonymity: number;
  teamSize: number | null;
  activity: {
    daily: { day: string; installations: number }[];
    weekly: { week: string; installations: number }[];
    /** Distinct installations active at least once in the period. */
    periodInstallations: number;
    /**
     * The share using AI daily: the mean, over the period's complete working days (Monday to
     * Friday, today excluded), of the installations active that day divided by the team size.
     * Null without a team size. One person with two editors counts twice.
     */
    dailyShare: number | null;
    workingDays: number;
  };
  runs: { total: number | null; byTemplate: Grouped; byProfile: Grouped; byLevel: Grouped; byOutcome: Grouped };
  cost: { estimate: true; total: number | null; byProvider: Grouped };
  blocks: { total: number | null; byReason: Grouped };
  satisfaction: { averageRating: number | null; ratings: number | null; minutesSaved: number | null; byTemplate: Grouped };
  teams: Grouped;
  trend: WeekTrend[];
  /** Every AI tool's figures (Claude Code, Copilot, Gemini CLI, Cursor's hooks, AI Guard). */
  tools: ToolSection;
}

/** The sums of one cell of the weekly rollup, or of several added up. */
interface Sums {
  events: number;
  amount: number;
  cost: number;
  minutes: number;
  ratingSum: number;
  ratingCount: number;
}

/** One group in one week, after the closed lists: its key, the stored values it holds, its sums. */
interface Cell extends Sums {
  key: string;
  /** Stored values (for UNLISTED: every value outside the list, found by `NOT IN`). */
  values: string[];
  unlisted: boolean;
  installations: number;
}

/** What one week publishes of one dimension. */
interface PublishedWeek {
  shown: Cell[];
  other: (Cell & { groups: number }) | undefined;
  /** The keys folded into `other`. */
  folded: string[];
  withheld: string[];
}

type TotalDimension = 'active' | 'run' | 'block' | 'feedback';

const num = (value: SqlValue | undefined): number => Number(value ?? 0);
const average = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);
const zero = (): Sums => ({ events: 0, amount: 0, cost: 0, minutes: 0, ratingSum: 0, ratingCount: 0 });
function addTo(target: Sums, source: Sums): void {
  target.events += source.events;
  target.amount += source.amount;
  target.cost += source.cost;
  target.minutes += source.minutes;
  target.ratingSum += source.ratingSum;
  target.ratingCount += source.ratingCount;
}

/** Each dimension's closed list, for those whose values a client chooses. */
function listOf(dim: Dimension, lists: ClosedLists): ReadonlySet<string> | undefined {
  if (dim === 'template' || dim === 'rating-template') return lists.templates;
  if (dim === 'level') return lists.levels;
  if (dim === 'team') return new Set(['', ...lists.teams]);
  if (dim === 'tool-provider') return new Set(TOOLS.flatMap((tool) => PROVIDERS.map((provider) => `${tool}/${provider}`)));
  if (dim === 'tool-team') return new Set(TOOLS.flatMap((tool) => ['', ...lists.teams].map((team) => `${tool}/${team}`)));
  if (dim.startsWith('tool')) return new Set(TOOLS);
  return undefined;
}

export async function summarize(store: TelemetryStore, options: SummaryOptions): Promise<Summary> {
  const { period, lists } = options;
  const k = options.kAnonymity;
  const today = dayOf(options.now);
  const periodWeeks = period.weeks;
  const lastWeek = periodWeeks[periodWeeks.length - 1] as number;
  // The trend ends with the period's last week, or this week when the period is not over.
  const trendEnd = Math.min(lastWeek, weekOf(today));
  const trendLength = options.trendWeeks ?? 12;
  const trendWeeks = Array.from({ length: trendLength }, (_, i) => trendEnd - trendLength + 1 + i);
  const fromWeek = Math.min(periodWeeks[0] as number, trendWeeks[0] as number);

  // Every rollup cell of the weeks involved, in one query.
  const cells = new Map<string, Array<Sums & { value: string; installations: number }>>();
  for (const r of await store.all('SELECT dim, week, value, installations, events, cost, minutes, rating_sum, rating_count FROM weekly WHERE week BETWEEN ? AND ?', [
    fromWeek,
    Math.max(lastWeek, trendEnd),
  ])) {
    const key = `${String(r.dim)}\u0000${num(r.week)}`;
    let list = cells.get(key);
    if (list === undefined) cells.set(key, (list = []));
    list.push({
      value: String(r.value),
      installations: num(r.installations),
      events: num(r.events),
      amount: 0,
      cost: num(r.cost),
      minutes: num(r.minutes),
      ratingSum: num(r.rating_sum),
      ratingCount: num(r.rating_count),
    });
  }
  for (const r of await store.all('SELECT dim, week, value, installations, events, amount, cost, minutes, rating_sum, rating_count FROM tool_weekly WHERE week BETWEEN ? AND ?', [
    fromWeek,
    Math.max(lastWeek, trendEnd),
  ])) {
    const key = `${String(r.dim)}\u0000${num(r.week)}`;
    let list = cells.get(key);
    if (list === undefined) cells.set(key, (list = []));
    list.push({
      value: String(r.value),
      installations: num(r.installations),
      events: num(r.events),
      amount: num(r.amount),
      cost: num(r.cost),
      minutes: num(r.minutes),
      ratingSum: num(r.rating_sum),
      ratingCount: num(r.rating_count),
    });
  }

  /** Distinct installations of some cells of a dimension over some weeks, from the member rollup. */
  const distinct = async (dim: Dimension, weeks: readonly number[], members: readonly Cell[]): Promise<number> => {
    if (weeks.length === 0 || members.length === 0) return 0;
    const values = members.flatMap((cell) => cell.values);
    const clauses = values.length > 0 ? [`value IN (${values.map(() => '?').join(', ')})`] : [];
    const list = listOf(dim, lists);
    const listed = list === undefined ? [] : [...list];
    if (members.some((cell) => cell.unlisted)) clauses.push(listed.length > 0 ? `value NOT IN (${listed.map(() => '?').join(', ')})` : '1 = 1');
    const sql = `SELECT count(DISTINCT installation) AS n FROM ${dim.startsWith('tool') ? 'tool_member' : 'member'} WHERE dim = ? AND week IN (${weeks.map(() => '?').join(', ')}) AND (${clauses.join(' OR ')})`;
    return num((await store.get(sql, [dim, ...weeks, ...values, ...(members.some((cell) => cell.unlisted) ? listed : [])]))?.n);
  };

  /** A week's cells of a dimension, with the values outside its closed list merged into UNLISTED. */
  const weekCells = async (dim: Dimension, week: number): Promise<Cell[]> => {
    const list = listOf(dim, lists);
    const result: Cell[] = [];
    let unlisted: Cell | undefined;
    for (const row of cells.get(`${dim}\u0000${week}`) ?? []) {
      if (list === undefined || list.has(row.value)) result.push({ ...row, key: row.value, values: [row.value], unlisted: false });
      else {
        unlisted ??= { key: UNLISTED, values: [], unlisted: true, installations: 0, ...zero() };
        addTo(unlisted, row);
      }
    }
    if (unlisted !== undefined) result.push({ ...unlisted, installations: await distinct(dim, [week], [unlisted]) });
    return result;
  };

  const published = new Map<string, Promise<PublishedWeek>>();
  /** What a week publishes of a dimension: shown groups, "other", complementary suppression. */
  const publishWeek = (dim: Dimension, week: number): Promise<PublishedWeek> => {
    const memo = published.get(`${dim}\u0000${week}`);
    if (memo !== undefined) return memo;
    const result = publishWeekOnce(dim, week);
    return result;
  };
  const publishWeekOnce = async (dim: Dimension, week: number): Promise<PublishedWeek> => {
    const all = await weekCells(dim, week);
    const small = all.filter((cell) => cell.installations < k);
    const shown = all.filter((cell) => cell.installations >= k).sort((a, b) => a.installations - b.installations || a.events - b.events || a.key.localeCompare(b.key));
    let result: PublishedWeek = { shown, other: undefined, folded: [], withheld: [] };
    while (small.length > 0) {
      const installations = await distinct(dim, [week], small);
      if (installations >= k) {
        const sums = zero();
        for (const cell of small) addTo(sums, cell);
        result = { shown, other: { key: 'other', values: [], unlisted: false, installations, groups: small.length, ...sums }, folded: small.map((cell) => cell.key), withheld: [] };
        break;
      }
      const next = shown.shift();
      if (next === undefined) {
        result = { shown: [], other: undefined, folded: [], withheld: small.map((cell) => cell.key) };
        break;
      }
      small.push(next);
    }
    return result;
  };

  /** A dimension's groups over the period: the sums of what each of its weeks published. */
  const grouped = async (dim: Dimension, countInstallations = false): Promise<Grouped> => {
    const groups = new Map<string, { sums: Sums; cells: Cell[]; weeks: number[] }>();
    const other = zero();
    const otherKeys = new Set<string>();
    const withheld = new Set<string>();
    for (const week of periodWeeks) {
      const week_ = await publishWeek(dim, week);
      for (const cell of week_.shown) {
        let group = groups.get(cell.key);
        if (group === undefined) groups.set(cell.key, (group = { sums: zero(), cells: [], weeks: [] }));
        addTo(group.sums, cell);
        group.cells.push(cell);
        group.weeks.push(week);
      }
      if (week_.other !== undefined) {
        addTo(other, week_.other);
        for (const key of week_.folded) otherKeys.add(key);
      }
      for (const key of week_.withheld) withheld.add(key);
    }
    const asGroup = (key: string, sums: Sums): Group => ({
      key,
      events: sums.events,
      amount: sums.amount,
      cost: sums.cost,
      minutes: sums.minutes,
      averageRating: average(sums.ratingSum, sums.ratingCount),
      ratings: sums.ratingCount,
    });
    const shown: Group[] = [];
    for (const [key, group] of groups) shown.push({ ...asGroup(key, group.sums), ...(countInstallations ? { installations: await distinct(dim, [...new Set(group.weeks)], group.cells) } : {}) });
    shown.sort((a, b) => b.events - a.events || a.key.localeCompare(b.key));
    if (otherKeys.size > 0) shown.push({ ...asGroup('other', other), other: true, groups: otherKeys.size });
    return { groups: shown, withheld: [...withheld].filter((key) => !groups.has(key) && !otherKeys.has(key)).length };
  };

  /** A week's total, or null when fewer than k installations contributed to it. */
  const weekTotal = (dim: TotalDimension, week: number): (Sums & { installations: number }) | null => {
    const row = (cells.get(`${dim}\u0000${week}`) ?? []).find((cell) => cell.value === '');
    if (row === undefined) return { installations: 0, ...zero() };
    return row.installations >= k ? row : null;
  };
  /** The period's total: the sum of its weeks' published totals; null if it has data but none was published. */
  const total = (dim: TotalDimension): Sums | null => {
    const sums = zero();
    let published = 0;
    let hidden = 0;
    for (const week of periodWeeks) {
      const week_ = weekTotal(dim, week);
      if (week_ === null) hidden += 1;
      else if (week_.installations > 0) {
        published += 1;
        addTo(sums, week_);
      }
    }
    return published === 0 && hidden > 0 ? null : sums;
  };

  // Activity: per day from `daily`, per week and over the period from the `active` rollups.
  const fromDay = weekStart(periodWeeks[0] as number);
  const toDay = Math.min(today, weekStart(lastWeek) + 6);
  const trendFrom = weekStart(trendWeeks[0] as number);
  const dailyCounts = new Map(
    (await store.all('SELECT day, installations FROM daily WHERE day BETWEEN ? AND ?', [Math.min(fromDay, trendFrom), toDay])).map((r) => [num(r.day), num(r.installations)]),
  );
  const shareOf = (from: number, to: number) => {
    const shares: number[] = [];
    if (options.teamSize !== undefined) for (let day = from; day <= to; day++) if (day < today && isWorkingDay(day)) shares.push((dailyCounts.get(day) ?? 0) / options.teamSize);
    return { share: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : null, days: shares.length };
  };
  const daily: { day: string; installations: number }[] = [];
  for (let day = fromDay; day <= toDay; day++) daily.push({ day: isoDay(day), installations: dailyCounts.get(day) ?? 0 });
  const activeOf = (week: number) => num((cells.get(`active\u0000${week}`) ?? []).find((cell) => cell.value === '')?.installations);
  const periodShare = shareOf(fromDay, toDay);

  const trend: WeekTrend[] = trendWeeks.map((week) => {
    const run = weekTotal('run', week);
    const feedback = weekTotal('feedback', week);
    return {
      week: isoDay(weekStart(week)),
      id: isoWeekId(week),
      activeInstallations: activeOf(week),
      dailyShare: shareOf(weekStart(week), Math.min(today, weekStart(week) + 6)).share,
      runs: run?.events ?? null,
      cost: run?.cost ?? null,
      blocks: weekTotal('block', week)?.events ?? null,
      averageRating: feedback === null ? null : average(feedback.ratingSum, feedback.ratingCount),
      minutesSaved: feedback?.minutes ?? null,
    };
  });

  const runs = total('run');
  const blocks = total('block');
  const feedback = total('feedback');
  const activeCell: Cell = { key: '', values: [''], unlisted: false, installations: 0, ...zero() };
  const [byTemplate, byProfile, byLevel, byOutcome, byProvider, byReason, byRatingTemplate, teams] = [
    await grouped('template'),
    await grouped('profile'),
    await grouped('level'),
    await grouped('outcome'),
    await grouped('provider'),
    await grouped('reason'),
    await grouped('rating-template'),
    await grouped('team', true),
  ];
  const periodInstallations = await distinct('active', periodWeeks, [activeCell]);
  return {
    generatedAt: new Date(options.now).toISOString(),
    period: { id: period.id, kind: period.kind, from: isoDay(fromDay), to: isoDay(weekStart(lastWeek) + 6), weeks: periodWeeks.length },
    kAnonymity: k,
    teamSize: options.teamSize ?? null,
    activity: {
      daily,
      weekly: periodWeeks.map((week) => ({ week: isoDay(weekStart(week)), installations: activeOf(week) })),
      periodInstallations,
      dailyShare: periodShare.share,
      workingDays: periodShare.days,
    },
    runs: { total: runs?.events ?? null, byTemplate, byProfile, byLevel, byOutcome },
    cost: { estimate: true, total: runs?.cost ?? null, byProvider },
    blocks: { total: blocks?.events ?? null, byReason },
    satisfaction: {
      averageRating: feedback === null ? null : average(feedback.ratingSum, feedback.ratingCount),
      ratings: feedback?.ratingCount ?? null,
      minutesSaved: feedback?.minutes ?? null,
      byTemplate: byRatingTemplate,
    },
    teams,
    trend,
    tools: await toolSection({
      store,
      grouped,
      publishWeek: async (dim, week) => (await publishWeek(dim, week)).shown.concat((await publishWeek(dim, week)).other ?? []),
      periodWeeks,
      trendWeeks,
      fromDay,
      toDay,
      isoDay,
      weekStart,
    }),
  };
}

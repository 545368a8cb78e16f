import type { SQLiteValue } from 'node-sqlite3-wasm';
import type { Dimension, TelemetryStore } from './store';
import { dayOf, isoDay, isWorkingDay, weekOf, weekStart } from './time';

/**
 * The AI lead's figures, computed from the rollups only (never the raw events), so a summary
 * costs a few small queries whatever the number of events stored.
 *
 * k-anonymity: a group (a template, a profile, a provider kind, a team, a block reason, a week of
 * runs, …) that fewer than `k` distinct installations contributed to is not shown on its own.
 * Such groups are folded into one "other" group, shown only if it reaches `k` installations
 * itself; otherwise it is withheld, and only the number of groups withheld is said. Counts of
 * active installations (per day, per week) are shown as they are: they say how many, not who.
 */

export interface SummaryOptions {
  weeks: number;
  now: number;
  kAnonymity: number;
  teamSize: number | undefined;
}

/** One group's figures. `other` marks the fold of the groups too small to be shown on their own. */
export interface Group {
  key: string;
  other?: true;
  /** For the fold: how many groups it holds. */
  groups?: number;
  events: number;
  /** Estimated from the cost buckets' midpoints. */
  cost: number;
  minutes: number;
  averageRating: number | null;
  ratings: number;
  /** Distinct installations; only counted exactly for teams (elsewhere it is only known to reach k). */
  installations?: number;
}

export interface Grouped {
  groups: Group[];
  /** Groups withheld because even together they had fewer than k installations. */
  withheld: number;
}

export interface WeekTrend {
  week: string;
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
  period: { from: string; to: string; weeks: number };
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
}

interface Row {
  value: string;
  events: number;
  cost: number;
  minutes: number;
  ratingSum: number;
  ratingCount: number;
  /** The largest weekly count of distinct installations: a lower bound of the period's. */
  weeklyMax: number;
}

const num = (value: SQLiteValue | undefined): number => Number(value ?? 0);
const average = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);

export function summarize(store: TelemetryStore, options: SummaryOptions): Summary {
  const today = dayOf(options.now);
  const toWeek = weekOf(today);
  const fromWeek = toWeek - options.weeks + 1;
  const fromDay = weekStart(fromWeek);
  const k = options.kAnonymity;

  const rows = (dim: Dimension): Row[] =>
    store
      .all(
        `SELECT value, sum(events) AS events, sum(cost) AS cost, sum(minutes) AS minutes, sum(rating_sum) AS ratingSum, sum(rating_count) AS ratingCount, max(installations) AS weeklyMax
         FROM weekly WHERE dim = ? AND week BETWEEN ? AND ? GROUP BY value ORDER BY value`,
        [dim, fromWeek, toWeek],
      )
      .map((r) => ({ value: String(r.value), events: num(r.events), cost: num(r.cost), minutes: num(r.minutes), ratingSum: num(r.ratingSum), ratingCount: num(r.ratingCount), weeklyMax: num(r.weeklyMax) }));

  /** Distinct installations of some values of a dimension over the period, from the member rollup. */
  const distinct = (dim: Dimension, values: readonly string[]): number => {
    if (values.length === 0) return 0;
    const placeholders = values.map(() => '?').join(', ');
    return num(store.get(`SELECT count(DISTINCT installation) AS n FROM member WHERE dim = ? AND value IN (${placeholders}) AND week BETWEEN ? AND ?`, [dim, ...values, fromWeek, toWeek])?.n);
  };

  const group = (key: string, members: readonly Row[]): Group => {
    const sum = (pick: (row: Row) => number) => members.reduce((total, row) => total + pick(row), 0);
    const ratings = sum((r) => r.ratingCount);
    return { key, events: sum((r) => r.events), cost: sum((r) => r.cost), minutes: sum((r) => r.minutes), averageRating: average(sum((r) => r.ratingSum), ratings), ratings };
  };

  /** A dimension's groups under k-anonymity, largest first, the fold last. */
  const grouped = (dim: Dimension, countInstallations = false): Grouped => {
    const shown: Group[] = [];
    const small: Row[] = [];
    for (const row of rows(dim)) {
      // A group seen by k installations in one week has at least k over the period; only the
      // others need the exact count.
      const exact = countInstallations || row.weeklyMax < k ? distinct(dim, [row.value]) : undefined;
      if (exact !== undefined && exact < k) small.push(row);
      else shown.push({ ...group(row.value, [row]), ...(exact !== undefined && countInstallations ? { installations: exact } : {}) });
    }
    shown.sort((a, b) => b.events - a.events || a.key.localeCompare(b.key));
    let withheld = 0;
    if (small.length > 0) {
      const installations = distinct(
        dim,
        small.map((row) => row.value),
      );
      if (installations >= k) shown.push({ ...group('other', small), other: true, groups: small.length, ...(countInstallations ? { installations } : {}) });
      else withheld = small.length;
    }
    return { groups: shown, withheld };
  };

  /** A total over the period, or null when fewer than k installations contributed to it. */
  const total = (dim: Dimension): Row | null => {
    const [row] = rows(dim);
    if (row === undefined) return { value: '', events: 0, cost: 0, minutes: 0, ratingSum: 0, ratingCount: 0, weeklyMax: 0 };
    return row.weeklyMax >= k || distinct(dim, ['']) >= k ? row : null;
  };

  // Activity: per day from `daily`, per week and over the period from the `active` rollups.
  const dailyCounts = new Map(store.all('SELECT day, installations FROM daily WHERE day BETWEEN ? AND ?', [fromDay, today]).map((r) => [num(r.day), num(r.installations)]));
  const daily: { day: string; installations: number }[] = [];
  const shares: number[] = [];
  const sharesByWeek = new Map<number, number[]>();
  for (let day = fromDay; day <= today; day++) {
    const installations = dailyCounts.get(day) ?? 0;
    daily.push({ day: isoDay(day), installations });
    if (options.teamSize !== undefined && day < today && isWorkingDay(day)) {
      const share = installations / options.teamSize;
      shares.push(share);
      const week = weekOf(day);
      sharesByWeek.set(week, [...(sharesByWeek.get(week) ?? []), share]);
    }
  }
  const mean = (values: readonly number[] | undefined) => (values !== undefined && values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);

  const weeklyTotals = new Map<string, Record<string, SQLiteValue>>();
  for (const r of store.all(`SELECT dim, week, installations, events, cost, minutes, rating_sum, rating_count FROM weekly WHERE dim IN ('active', 'run', 'block', 'feedback') AND value = '' AND week BETWEEN ? AND ?`, [fromWeek, toWeek])) {
    weeklyTotals.set(`${String(r.dim)}:${num(r.week)}`, r);
  }
  const trend: WeekTrend[] = [];
  const weekly: { week: string; installations: number }[] = [];
  for (let week = fromWeek; week <= toWeek; week++) {
    const of = (dim: string) => weeklyTotals.get(`${dim}:${week}`);
    const visible = (dim: string) => num(of(dim)?.installations) >= k || of(dim) === undefined;
    const run = of('run');
    const feedback = of('feedback');
    const activeInstallations = num(of('active')?.installations);
    weekly.push({ week: isoDay(weekStart(week)), installations: activeInstallations });
    trend.push({
      week: isoDay(weekStart(week)),
      activeInstallations,
      dailyShare: mean(sharesByWeek.get(week)),
      runs: visible('run') ? num(run?.events) : null,
      cost: visible('run') ? num(run?.cost) : null,
      blocks: visible('block') ? num(of('block')?.events) : null,
      averageRating: visible('feedback') ? average(num(feedback?.rating_sum), num(feedback?.rating_count)) : null,
      minutesSaved: visible('feedback') ? num(feedback?.minutes) : null,
    });
  }

  const runs = total('run');
  const blocks = total('block');
  const feedback = total('feedback');
  return {
    generatedAt: new Date(options.now).toISOString(),
    period: { from: isoDay(fromDay), to: isoDay(today), weeks: options.weeks },
    kAnonymity: k,
    teamSize: options.teamSize ?? null,
    activity: { daily, weekly, periodInstallations: distinct('active', ['']), dailyShare: mean(shares), workingDays: shares.length },
    runs: { total: runs?.events ?? null, byTemplate: grouped('template'), byProfile: grouped('profile'), byLevel: grouped('level'), byOutcome: grouped('outcome') },
    cost: { estimate: true, total: runs?.cost ?? null, byProvider: grouped('provider') },
    blocks: { total: blocks?.events ?? null, byReason: grouped('reason') },
    satisfaction: {
      averageRating: feedback === null ? null : average(feedback.ratingSum, feedback.ratingCount),
      ratings: feedback?.ratingCount ?? null,
      minutesSaved: feedback?.minutes ?? null,
      byTemplate: grouped('rating-template'),
    },
    teams: grouped('team', true),
    trend,
  };
}

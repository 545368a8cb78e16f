import { dayOf, dayOfIso, isoDay, weekOf, weekStart } from './time';

/**
 * The periods the AI lead may ask figures for: one ISO week (`2026-W11`) or one month
 * (`2026-03`). Nothing else can be queried, so two answers never cover overlapping stretches of
 * time in a way that one could be subtracted from the other to isolate a few days.
 *
 * A month is the ISO weeks whose Thursday falls in it (as ISO 8601 assigns weeks to years), so
 * every month is a whole number of weeks, and every figure a month shows is the sum of what its
 * weeks show (see queries.ts): a month minus its weeks reveals nothing.
 */

export type Period = { kind: 'week'; id: string; weeks: readonly number[] } | { kind: 'month'; id: string; weeks: readonly number[] };

const WEEK_ID = /^(\d{4})-W(\d{2})$/;
const MONTH_ID = /^(\d{4})-(\d{2})$/;

/** The collector's week number of ISO week 1 of `year` (the week holding 4 January). */
function firstIsoWeek(year: number): number {
  return weekOf(dayOfIso(`${String(year).padStart(4, '0')}-01-04`));
}

/** The year a week belongs to, by its Thursday. */
function yearOfWeek(week: number): number {
  return Number(isoDay(weekStart(week) + 3).slice(0, 4));
}

/** `2026-W11` for one of the collector's week numbers. */
export function isoWeekId(week: number): string {
  const year = yearOfWeek(week);
  return `${year}-W${String(week - firstIsoWeek(year) + 1).padStart(2, '0')}`;
}

/** `2026-03` for the month a week belongs to (by its Thursday). */
export function monthIdOfWeek(week: number): string {
  return isoDay(weekStart(week) + 3).slice(0, 7);
}

/** The period a query names, or undefined when it names none (a wrong week or month number). */
export function parsePeriod(id: string): Period | undefined {
  const week = WEEK_ID.exec(id);
  if (week) {
    const [year, number] = [Number(week[1]), Number(week[2])];
    const candidate = firstIsoWeek(year) + number - 1;
    return number >= 1 && yearOfWeek(candidate) === year ? { kind: 'week', id, weeks: [candidate] } : undefined;
  }
  const month = MONTH_ID.exec(id);
  if (month) {
    const number = Number(month[2]);
    if (number < 1 || number > 12) return undefined;
    const first = weekOf(dayOfIso(`${id}-01`));
    const weeks: number[] = [];
    for (let week = first - 1; week <= first + 5; week++) if (monthIdOfWeek(week) === id) weeks.push(week);
    return { kind: 'month', id, weeks };
  }
  return undefined;
}

/** The month (of weeks) that holds `now`. */
export function currentMonth(now: number): Period {
  return parsePeriod(monthIdOfWeek(weekOf(dayOf(now)))) as Period;
}

/** The last `count` weeks and months up to `now`, newest first: the periods the dashboard offers. */
export function recentPeriods(now: number, count: { weeks: number; months: number }): { weeks: string[]; months: string[] } {
  const thisWeek = weekOf(dayOf(now));
  const weeks = Array.from({ length: count.weeks }, (_, i) => isoWeekId(thisWeek - i));
  const months: string[] = [];
  for (let week = thisWeek; months.length < count.months; week--) {
    const id = monthIdOfWeek(week);
    if (!months.includes(id)) months.push(id);
  }
  return { weeks, months };
}

/**
 * Days and weeks as the collector counts them: UTC days numbered from 1970-01-01 (day 0), and
 * weeks that start on Monday (week 0 holds day 0, a Thursday, so day 4, Monday 1970-01-05,
 * starts week 1). Integers keep the rollup tables small and their keys cheap to compare.
 */

const DAY_MS = 86_400_000;

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The day number of a `YYYY-MM-DD` string (UTC). */
export function dayOfIso(iso: string): number {
  return dayOf(Date.parse(`${iso}T00:00:00Z`));
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** The Monday that starts a week. */
export function weekStart(week: number): number {
  return week * 7 - 3;
}

/** Monday to Friday. */
export function isWorkingDay(day: number): boolean {
  return (day + 3) % 7 < 5;
}

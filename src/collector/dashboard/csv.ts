import type { Grouped, Summary } from '../queries';

/**
 * The summary as CSV, for a spreadsheet: one row per figure (`section,key,measure,value`), the
 * same figures as the JSON API and the page, k-anonymity included (a hidden figure is an empty
 * value). Keys come from the closed lists only; every field is quoted, and one that a
 * spreadsheet would read as a formula is prefixed with an apostrophe.
 */
export function summaryCsv(summary: Summary): string {
  const rows: Array<[string, string, string, number | null]> = [];
  const add = (section: string, key: string, measure: string, value: number | null | undefined) => rows.push([section, key, measure, value ?? null]);
  add('period', summary.period.id, 'weeks', summary.period.weeks);
  add('activity', '', 'dailyShare', summary.activity.dailyShare);
  add('activity', '', 'periodInstallations', summary.activity.periodInstallations);
  for (const day of summary.activity.daily) add('activity.daily', day.day, 'installations', day.installations);
  add('runs', '', 'total', summary.runs.total);
  add('cost', '', 'total', summary.cost.total);
  add('blocks', '', 'total', summary.blocks.total);
  add('satisfaction', '', 'averageRating', summary.satisfaction.averageRating);
  add('satisfaction', '', 'ratings', summary.satisfaction.ratings);
  add('satisfaction', '', 'minutesSaved', summary.satisfaction.minutesSaved);
  const grouped = (section: string, list: Grouped, measures: ReadonlyArray<'events' | 'cost' | 'minutes' | 'averageRating' | 'installations'>) => {
    for (const group of list.groups) for (const measure of measures) add(section, group.key, measure, group[measure] ?? null);
    add(section, '', 'withheld', list.withheld);
  };
  grouped('runs.byTemplate', summary.runs.byTemplate, ['events']);
  grouped('runs.byProfile', summary.runs.byProfile, ['events']);
  grouped('runs.byLevel', summary.runs.byLevel, ['events']);
  grouped('runs.byOutcome', summary.runs.byOutcome, ['events']);
  grouped('cost.byProvider', summary.cost.byProvider, ['cost']);
  grouped('blocks.byReason', summary.blocks.byReason, ['events']);
  grouped('satisfaction.byTemplate', summary.satisfaction.byTemplate, ['averageRating']);
  grouped('teams', summary.teams, ['installations']);
  for (const tool of summary.tools.byTool) {
    for (const measure of ['installations', 'sessions', 'prompts', 'tokens', 'cost', 'linesAccepted', 'activeHours', 'averageRating', 'ratings', 'minutesSaved', 'blocks', 'redactions'] as const)
      add('tools', tool.key, measure, tool[measure]);
  }
  grouped('tools.byProvider', summary.tools.byProvider, ['cost']);
  grouped('tools.byTeam', summary.tools.byTeam, ['installations']);
  for (const week of summary.tools.trend) for (const entry of week.tools) add('tools.trend', `${week.week} ${entry.tool}`, 'installations', entry.installations);
  add('tools.enrolment', '', 'issued', summary.tools.enrolment.issued);
  for (const week of summary.trend) {
    add('trend', week.id, 'activeInstallations', week.activeInstallations);
    add('trend', week.id, 'dailyShare', week.dailyShare);
    add('trend', week.id, 'runs', week.runs);
    add('trend', week.id, 'cost', week.cost);
    add('trend', week.id, 'blocks', week.blocks);
    add('trend', week.id, 'averageRating', week.averageRating);
    add('trend', week.id, 'minutesSaved', week.minutesSaved);
  }
  const field = (value: string | number | null) => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return `"${text.replaceAll('"', '""')}"`;
  };
  return `section,key,measure,value\r\n${rows.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

import { createHash } from 'node:crypto';
import { recentPeriods } from '../periods';
import { type Group, type Grouped, type Summary, UNLISTED } from '../queries';
import { type Bar, columns, escapeHtml, horizontalBars } from './charts';
import { label, type Lang, type StringKey, t } from './strings';

/**
 * The AI lead's dashboard: one HTML page written on the server from the same summary as the JSON
 * API, with SVG charts and no script. Its CSP allows nothing but its one style block (by hash):
 * no script, no image, no font, no connection, no frame.
 */

const STYLE = `
:root { color-scheme: light dark; --bg: #f7f7f8; --card: #fff; --fg: #1d1d1f; --muted: #5f6368; --accent: #2563eb; --other: #94a3b8; --line: #d0d4da; }
@media (prefers-color-scheme: dark) { :root { --bg: #16181c; --card: #1f2228; --fg: #e8eaed; --muted: #a0a6ad; --accent: #60a5fa; --other: #64748b; --line: #3a3f47; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header, main, footer { max-width: 1120px; margin: 0 auto; padding: 16px 20px; }
header { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: baseline; justify-content: space-between; }
h1 { font-size: 1.35rem; margin: 0; }
h2 { font-size: 1rem; margin: 0 0 8px; }
a { color: var(--accent); }
form { display: flex; gap: 8px; align-items: center; }
select, button { font: inherit; padding: 2px 8px; }
.muted { color: var(--muted); font-size: .875rem; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.kpi, section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.kpi .figure { font-size: 1.6rem; font-weight: 600; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 12px; margin-top: 12px; }
.chart { width: 100%; height: auto; display: block; }
.chart .bar { fill: var(--accent); }
.chart .other { fill: var(--other); }
.chart .withheld { fill: none; stroke: var(--other); stroke-dasharray: 3 2; }
.chart .axis, .chart .grid { stroke: var(--line); }
.chart text { fill: var(--fg); font-size: 12px; }
.chart .tick, .chart .value { fill: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: .875rem; }
th, td { text-align: right; padding: 4px 6px; border-bottom: 1px solid var(--line); }
th[scope="row"], thead th:first-child { text-align: left; }
section.tools { margin-top: 12px; overflow-x: auto; }
.warning { border-left: 4px solid #d97706; padding: 4px 8px; }
`;

export const DASHBOARD_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

/** The page answered without the AI lead's credentials: why, and nothing else. */
export function renderDenied(lang: Lang, message: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t(lang, 'denied'))}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(t(lang, 'title'))}</h1></header>
<main><section><h2>${escapeHtml(t(lang, 'denied'))}</h2><p>${escapeHtml(message)}</p></section></main>
</body>
</html>
`;
}

export function renderDashboard(summary: Summary, lang: Lang, now: number): string {
  const s = (key: StringKey, ...args: Array<string | number>) => escapeHtml(t(lang, key, ...args));
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const k = summary.kAnonymity;
  const hidden = t(lang, 'hidden', k);
  const orHidden = (value: number | null, format: (v: number) => string) => (value === null ? `<span class="muted">${escapeHtml(hidden)}</span>` : escapeHtml(format(value)));

  const kpi = (title: string, figure: string, hint = '') =>
    `<div class="kpi"><div class="muted">${title}</div><div class="figure">${figure}</div>${hint ? `<div class="muted">${hint}</div>` : ''}</div>`;
  const thisWeek = summary.activity.weekly[summary.activity.weekly.length - 1]?.installations ?? 0;
  const share = summary.activity.dailyShare;
  const kpis = [
    kpi(s('dailyShare'), share === null ? '—' : escapeHtml(percent.format(share)), summary.teamSize === null ? s('noTeamSize') : s('dailyShareHint', summary.activity.workingDays, summary.teamSize)),
    kpi(s('weeklyActive'), escapeHtml(integer.format(thisWeek)), `${s('periodInstallations')}: ${escapeHtml(integer.format(summary.activity.periodInstallations))}`),
    kpi(
      s('runs'),
      orHidden(summary.runs.total, (v) => integer.format(v)),
    ),
    kpi(
      s('averageRating'),
      orHidden(summary.satisfaction.averageRating, (v) => decimal.format(v)),
      summary.satisfaction.ratings === null ? '' : s('ratings', integer.format(summary.satisfaction.ratings)),
    ),
    kpi(
      s('timeSaved'),
      orHidden(summary.satisfaction.minutesSaved, (v) => t(lang, 'hours', decimal.format(v / 60))),
    ),
    kpi(
      s('cost'),
      orHidden(summary.cost.total, (v) => `≈\u00a0${money.format(v)}`),
      s('costHint'),
    ),
    kpi(
      s('blocks'),
      orHidden(summary.blocks.total, (v) => integer.format(v)),
    ),
  ];

  const groupLabel = (group: Group, prefix?: 'outcome' | 'reason' | 'profile', empty?: string) =>
    group.other ? t(lang, 'other', k) : group.key === UNLISTED ? t(lang, 'unlisted') : group.key === '' && empty !== undefined ? empty : prefix ? label(lang, prefix, group.key) : group.key;
  const section = (title: StringKey, body: string, note = '') => `<section><h2>${s(title)}</h2>${body}${note ? `<p class="muted">${note}</p>` : ''}</section>`;
  const bars = (title: StringKey, grouped: Grouped, measure: (g: Group) => number | null, format: (v: number) => string, prefix?: 'outcome' | 'reason' | 'profile', empty?: string) => {
    const items: Bar[] = grouped.groups.flatMap((group) => {
      const value = measure(group);
      return value === null ? [] : [{ label: groupLabel(group, prefix, empty), value, text: format(value), ...(group.other ? { other: true } : {}) }];
    });
    const withheld = grouped.withheld > 0 ? s('withheld', grouped.withheld, k) : '';
    return section(title, items.length > 0 ? horizontalBars(items, t(lang, title)) : `<p class="muted">${s('noData')}</p>`, withheld);
  };
  const series = (title: StringKey, points: { label: string; value: number | null }[], format: (v: number) => string) =>
    section(
      title,
      columns(
        points.map((p) => ({ ...p, text: p.value === null ? hidden : format(p.value) })),
        t(lang, title),
        hidden,
        (max) => format(max),
      ),
    );

  const trend = summary.trend;
  const charts = [
    series(
      'dailyActive',
      summary.activity.daily.map((d) => ({ label: d.day, value: d.installations })),
      (v) => integer.format(v),
    ),
    series(
      'weeklyActiveChart',
      trend.map((w) => ({ label: w.week, value: w.activeInstallations })),
      (v) => integer.format(v),
    ),
    series(
      'runsPerWeek',
      trend.map((w) => ({ label: w.week, value: w.runs })),
      (v) => integer.format(v),
    ),
    series(
      'ratingPerWeek',
      trend.map((w) => ({ label: w.week, value: w.averageRating })),
      (v) => decimal.format(v),
    ),
    series(
      'minutesPerWeek',
      trend.map((w) => ({ label: w.week, value: w.minutesSaved })),
      (v) => integer.format(v),
    ),
    series(
      'costPerWeek',
      trend.map((w) => ({ label: w.week, value: w.cost })),
      (v) => money.format(v),
    ),
    bars(
      'runsByTemplate',
      summary.runs.byTemplate,
      (g) => g.events,
      (v) => integer.format(v),
    ),
    bars(
      'runsByProfile',
      summary.runs.byProfile,
      (g) => g.events,
      (v) => integer.format(v),
      'profile',
    ),
    bars(
      'costByProvider',
      summary.cost.byProvider,
      (g) => g.cost,
      (v) => `≈\u00a0${money.format(v)}`,
    ),
    bars(
      'blocksByReason',
      summary.blocks.byReason,
      (g) => g.events,
      (v) => integer.format(v),
      'reason',
    ),
    bars(
      'ratingByTemplate',
      summary.satisfaction.byTemplate,
      (g) => g.averageRating,
      (v) => decimal.format(v),
    ),
    bars(
      'teams',
      summary.teams,
      (g) => g.installations ?? null,
      (v) => integer.format(v),
      undefined,
      t(lang, 'noTeam'),
    ),
    bars(
      'runsByLevel',
      summary.runs.byLevel,
      (g) => g.events,
      (v) => integer.format(v),
    ),
    bars(
      'runsByOutcome',
      summary.runs.byOutcome,
      (g) => g.events,
      (v) => integer.format(v),
      'outcome',
    ),
  ];

  const tools = toolsSection(summary, lang, { integer, decimal, money });

  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const chosen = summary.period.id;
  const recent = recentPeriods(now, { weeks: 12, months: 12 });
  const option = (id: string) => `<option value="${escapeHtml(id)}"${id === chosen ? ' selected' : ''}>${escapeHtml(id)}</option>`;
  const listed = [...recent.months, ...recent.weeks].includes(chosen) ? '' : option(chosen);
  const options = [
    listed,
    `<optgroup label="${s('monthsGroup')}">${recent.months.map(option).join('')}</optgroup>`,
    `<optgroup label="${s('weeksGroup')}">${recent.weeks.map(option).join('')}</optgroup>`,
  ];
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${s('title')}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<div><h1>${s('title')}</h1><div class="muted">${s('period', chosen, summary.period.from, summary.period.to)}</div></div>
<form method="get" action=""><label for="period">${s('weeks')}</label><select id="period" name="period">${options.join('')}</select><input type="hidden" name="lang" value="${lang}"><button type="submit">${s('show')}</button></form>
<nav><a href="?period=${escapeHtml(chosen)}&amp;lang=${other}" hreflang="${other}">${s('otherLanguage')}</a> · <a href="api/summary?period=${escapeHtml(chosen)}">${s('api')}</a> · <a href="api/summary.csv?period=${escapeHtml(chosen)}&amp;lang=${lang}">${s('csv')}</a></nav>
</header>
<main>
<div class="kpis">${kpis.join('\n')}</div>
${tools}
<div class="grid2">${charts.join('\n')}</div>
</main>
<footer><p class="muted">${s('kNote', k)}</p><p class="muted">${s('generated', summary.generatedAt.slice(0, 16).replace('T', ' '))}</p></footer>
</body>
</html>
`;
}

type Formats = Record<'integer' | 'decimal' | 'money', Intl.NumberFormat>;

/** The AI tools: one row per tool (under k: folded into "other"), cost per provider, teams, trend. */
function toolsSection(summary: Summary, lang: Lang, f: Formats): string {
  const s = (key: StringKey, ...args: Array<string | number>) => escapeHtml(t(lang, key, ...args));
  const k = summary.kAnonymity;
  const tools = summary.tools;
  const name = (key: string, isOther?: boolean) => (isOther ? t(lang, 'other', k) : label(lang, 'tool', key));
  const cell = (value: number | null, format: Intl.NumberFormat) => `<td>${value === null ? '—' : escapeHtml(format.format(value))}</td>`;
  const header = (
    ['tool', 'toolInstallations', 'toolSessions', 'toolPrompts', 'toolTokens', 'toolCost', 'toolLines', 'toolActive', 'toolRating', 'toolMinutes', 'toolBlocks', 'toolRedactions'] as const
  )
    .map((key) => `<th scope="col">${s(key)}</th>`)
    .join('');
  const rows = tools.byTool
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(name(row.key, row.other))}</th>${cell(row.installations, f.integer)}${cell(row.sessions, f.integer)}${cell(row.prompts, f.integer)}${cell(row.tokens, f.integer)}${cell(row.cost, f.money)}${cell(row.linesAccepted, f.integer)}${cell(row.activeHours, f.decimal)}${cell(row.averageRating, f.decimal)}${cell(row.minutesSaved, f.integer)}${cell(row.blocks, f.integer)}${cell(row.redactions, f.integer)}</tr>`,
    )
    .join('');
  const pair = (key: string, isOther?: boolean) => {
    if (isOther) return t(lang, 'other', k);
    const [tool = '', rest = ''] = key.split('/');
    return `${label(lang, 'tool', tool)} · ${rest === '' ? t(lang, 'noTeam') : rest}`;
  };
  const bars = (title: StringKey, grouped: Grouped, measure: (g: Group) => number | null, format: (v: number) => string) => {
    const items: Bar[] = grouped.groups.flatMap((group) => {
      const value = measure(group);
      return value === null ? [] : [{ label: group.key === UNLISTED ? t(lang, 'unlisted') : pair(group.key, group.other), value, text: format(value), ...(group.other ? { other: true } : {}) }];
    });
    return `<section><h2>${s(title)}</h2>${items.length > 0 ? horizontalBars(items, t(lang, title)) : `<p class="muted">${s('noData')}</p>`}${grouped.withheld > 0 ? `<p class="muted">${s('withheld', grouped.withheld, k)}</p>` : ''}</section>`;
  };
  const trendTools = [...new Set(tools.trend.flatMap((week) => week.tools.map((entry) => entry.tool)))];
  const trend = `<section><h2>${s('toolTrend')}</h2><table><thead><tr><th scope="col">${s('week')}</th>${trendTools.map((tool) => `<th scope="col">${escapeHtml(name(tool, tool === 'other'))}</th>`).join('')}</tr></thead><tbody>${tools.trend
    .map(
      (week) => `<tr><th scope="row">${escapeHtml(week.week)}</th>${trendTools.map((tool) => cell(week.tools.find((entry) => entry.tool === tool)?.installations ?? null, f.integer)).join('')}</tr>`,
    )
    .join('')}</tbody></table></section>`;
  const burst = tools.enrolment.bursts.length > 0 ? `<p class="warning">${s('enrolmentBurst', tools.enrolment.bursts.join(', '))}</p>` : '';
  return `<section class="tools"><h2>${s('toolsTitle')}</h2>${burst}<table><thead><tr>${header}</tr></thead><tbody>${rows || `<tr><td colspan="12" class="muted">${s('noData')}</td></tr>`}</tbody></table>${tools.withheld > 0 ? `<p class="muted">${s('withheld', tools.withheld, k)}</p>` : ''}<p class="muted">${s('enrolmentIssued', tools.enrolment.issued)}</p></section>
<div class="grid2">${bars(
    'toolCostByProvider',
    tools.byProvider,
    (g) => g.cost,
    (v) => `≈\u00a0${f.money.format(v)}`,
  )}${bars(
    'toolTeams',
    tools.byTeam,
    (g) => g.installations ?? null,
    (v) => f.integer.format(v),
  )}${trend}</div>`;
}

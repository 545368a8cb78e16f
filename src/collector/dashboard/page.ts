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

  const kpi = (title: string, figure: string, hint = '') => `<div class="kpi"><div class="muted">${title}</div><div class="figure">${figure}</div>${hint ? `<div class="muted">${hint}</div>` : ''}</div>`;
  const thisWeek = summary.activity.weekly[summary.activity.weekly.length - 1]?.installations ?? 0;
  const share = summary.activity.dailyShare;
  const kpis = [
    kpi(s('dailyShare'), share === null ? '—' : escapeHtml(percent.format(share)), summary.teamSize === null ? s('noTeamSize') : s('dailyShareHint', summary.activity.workingDays, summary.teamSize)),
    kpi(s('weeklyActive'), escapeHtml(integer.format(thisWeek)), `${s('periodInstallations')}: ${escapeHtml(integer.format(summary.activity.periodInstallations))}`),
    kpi(s('runs'), orHidden(summary.runs.total, (v) => integer.format(v))),
    kpi(s('averageRating'), orHidden(summary.satisfaction.averageRating, (v) => decimal.format(v)), summary.satisfaction.ratings === null ? '' : s('ratings', integer.format(summary.satisfaction.ratings))),
    kpi(s('timeSaved'), orHidden(summary.satisfaction.minutesSaved, (v) => t(lang, 'hours', decimal.format(v / 60)))),
    kpi(s('cost'), orHidden(summary.cost.total, (v) => `≈\u00a0${money.format(v)}`), s('costHint')),
    kpi(s('blocks'), orHidden(summary.blocks.total, (v) => integer.format(v))),
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
    section(title, columns(points.map((p) => ({ ...p, text: p.value === null ? hidden : format(p.value) })), t(lang, title), hidden, (max) => format(max)));

  const trend = summary.trend;
  const charts = [
    series('dailyActive', summary.activity.daily.map((d) => ({ label: d.day, value: d.installations })), (v) => integer.format(v)),
    series('weeklyActiveChart', trend.map((w) => ({ label: w.week, value: w.activeInstallations })), (v) => integer.format(v)),
    series('runsPerWeek', trend.map((w) => ({ label: w.week, value: w.runs })), (v) => integer.format(v)),
    series('ratingPerWeek', trend.map((w) => ({ label: w.week, value: w.averageRating })), (v) => decimal.format(v)),
    series('minutesPerWeek', trend.map((w) => ({ label: w.week, value: w.minutesSaved })), (v) => integer.format(v)),
    series('costPerWeek', trend.map((w) => ({ label: w.week, value: w.cost })), (v) => money.format(v)),
    bars('runsByTemplate', summary.runs.byTemplate, (g) => g.events, (v) => integer.format(v)),
    bars('runsByProfile', summary.runs.byProfile, (g) => g.events, (v) => integer.format(v), 'profile'),
    bars('costByProvider', summary.cost.byProvider, (g) => g.cost, (v) => `≈\u00a0${money.format(v)}`),
    bars('blocksByReason', summary.blocks.byReason, (g) => g.events, (v) => integer.format(v), 'reason'),
    bars('ratingByTemplate', summary.satisfaction.byTemplate, (g) => g.averageRating, (v) => decimal.format(v)),
    bars('teams', summary.teams, (g) => g.installations ?? null, (v) => integer.format(v), undefined, t(lang, 'noTeam')),
    bars('runsByLevel', summary.runs.byLevel, (g) => g.events, (v) => integer.format(v)),
    bars('runsByOutcome', summary.runs.byOutcome, (g) => g.events, (v) => integer.format(v), 'outcome'),
  ];

  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const chosen = summary.period.id;
  const recent = recentPeriods(now, { weeks: 12, months: 12 });
  const option = (id: string) => `<option value="${escapeHtml(id)}"${id === chosen ? ' selected' : ''}>${escapeHtml(id)}</option>`;
  const listed = [...recent.months, ...recent.weeks].includes(chosen) ? '' : option(chosen);
  const options = [listed, `<optgroup label="${s('monthsGroup')}">${recent.months.map(option).join('')}</optgroup>`, `<optgroup label="${s('weeksGroup')}">${recent.weeks.map(option).join('')}</optgroup>`];
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
<nav><a href="?period=${escapeHtml(chosen)}&amp;lang=${other}" hreflang="${other}">${s('otherLanguage')}</a> · <a href="api/summary?period=${escapeHtml(chosen)}">${s('api')}</a></nav>
</header>
<main>
<div class="kpis">${kpis.join('\n')}</div>
<div class="grid2">${charts.join('\n')}</div>
</main>
<footer><p class="muted">${s('kNote', k)}</p><p class="muted">${s('generated', summary.generatedAt.slice(0, 16).replace('T', ' '))}</p></footer>
</body>
</html>
`;
}

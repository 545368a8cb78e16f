import type { AuditFlagKind, AuditSummary } from '../auditStore';
import { escapeHtml } from './charts';
import type { Lang } from './strings';

/** The dashboard's section on forwarded audit trails: how many are checked, and every flag found. */

const STRINGS = {
  en: {
    title: 'Audit trails checked here',
    totals: '{0} installation(s), {1} log(s), {2} record(s) received.',
    none: 'No audit trail has been forwarded yet (audit.forward in the organisation policy).',
    clean: 'No log shows a fork, a gap, a restart or a truncation.',
    installation: 'Installation',
    log: 'Log',
    records: 'Records',
    head: 'Ends at',
    flags: 'Flags',
    fork: 'fork',
    gap: 'gap',
    restart: 'restart',
    truncation: 'truncation',
    ok: 'intact',
  },
  fr: {
    title: "Journaux d'audit vérifiés ici",
    totals: '{0} installation(s), {1} journal(aux), {2} enregistrement(s) reçu(s).',
    none: "Aucun journal d'audit n'a encore été transmis (audit.forward dans la politique de l'organisation).",
    clean: 'Aucun journal ne montre de bifurcation, de trou, de redémarrage ni de troncature.',
    installation: 'Installation',
    log: 'Journal',
    records: 'Enregistrements',
    head: 'Finit à',
    flags: 'Alertes',
    fork: 'bifurcation',
    gap: 'trou',
    restart: 'redémarrage',
    truncation: 'troncature',
    ok: 'intact',
  },
} as const;

export function renderAuditSection(summary: AuditSummary, lang: Lang): string {
  const s = STRINGS[lang];
  const fill = (text: string, ...args: Array<string | number>) => escapeHtml(text.replace(/\{(\d)\}/g, (_, index: string) => String(args[Number(index)])));
  if (summary.streams === 0) return `<section id="audit"><h2>${escapeHtml(s.title)}</h2><p class="muted">${escapeHtml(s.none)}</p></section>`;
  const flagged = (Object.entries(summary.flagged) as Array<[AuditFlagKind, number]>).filter(([, count]) => count > 0);
  const rows = summary.list
    .map((stream) => {
      const flags = stream.flags.map((flag) => `<li><strong>${escapeHtml(s[flag.kind])}</strong> (${flag.seq}): ${escapeHtml(flag.detail)}</li>`).join('');
      return `<tr><td><code>${escapeHtml(stream.installation.slice(0, 12))}</code></td><td><code>${escapeHtml(stream.stream.slice(0, 12))}</code></td><td>${stream.records}</td><td>${stream.headSeq}</td><td>${flags ? `<ul>${flags}</ul>` : escapeHtml(s.ok)}</td></tr>`;
    })
    .join('');
  return (
    `<section id="audit"><h2>${escapeHtml(s.title)}</h2><p>${fill(s.totals, summary.installations, summary.streams, summary.records)}</p>` +
    `<p>${flagged.length === 0 ? escapeHtml(s.clean) : flagged.map(([kind, count]) => `<strong>${escapeHtml(s[kind])}</strong>: ${count}`).join(' · ')}</p>` +
    `<table><thead><tr><th>${escapeHtml(s.installation)}</th><th>${escapeHtml(s.log)}</th><th>${escapeHtml(s.records)}</th><th>${escapeHtml(s.head)}</th><th>${escapeHtml(s.flags)}</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

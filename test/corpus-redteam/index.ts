/**
 * The red-team corpus: realistic files of a French IT services company's projects, hard
 * negatives and placeholders, written by someone other than the detectors' author and without
 * reading them (README.md). It shares only the labelling (`Doc`) and the scoring (`evaluate`)
 * with test/corpus-eval, so that the two are measured the same way.
 *
 * Run it alone: `node --import tsx test/corpus-redteam/index.ts` (per-family recall, format-only
 * recall, full coverage, hard negatives and placeholders flagged, through the real engine);
 * `npm run bench` prints the same report beside the other two corpora.
 */
import { Scanner } from '../../src/core/redaction';
import type { Category } from '../../src/core/redaction/kinds';
import { assembleCorpus, type EvalCorpus } from '../corpus-eval';
import { type EvalReport, evaluate, fullCoverage, rate } from '../corpus-eval/evaluate';
import { TEMPLATES } from './files';
import { hardNegatives, placeholders } from './negatives';

export { TEMPLATES } from './files';
export { TOKEN_FORMATS, CONTEXTUAL_SECRETS } from './tokens';

export const REDTEAM_CORPUS_NAME = 'test/corpus-redteam (held out: realistic project files and provider formats, written without reading the detectors)';

/** The same shape as the evaluation corpus, so that both are scored by one `evaluate`. */
export type RedteamCorpus = EvalCorpus;

/** `rounds` files of every template (each from its own stream), and the snippets. */
export function buildRedteamCorpus(options: { seed: number; rounds: number }): RedteamCorpus {
  return assembleCorpus({ templates: TEMPLATES, hardNegatives, placeholders }, options);
}

const pct = (value: number) => `${(100 * value).toFixed(1)} %`;
const pad = (text: string, width: number) => text.padEnd(width);

/** The engine as `npm run bench` runs it on the evaluation corpora: secrets and personal data. */
export function redteamEngine(): Scanner {
  // A generous budget: on a loaded machine the default made scans fail closed rather than give a figure.
  return new Scanner({ categories: new Set<Category>(['secret', 'pii']), timeBudget: { baseMs: 60_000, perMegabyteMs: 0 } });
}

export async function evaluateRedteam(options: { seed?: number; rounds?: number } = {}): Promise<{ corpus: RedteamCorpus; report: EvalReport }> {
  const corpus = buildRedteamCorpus({ seed: options.seed ?? 20261202, rounds: options.rounds ?? 4 });
  const engine = redteamEngine();
  const report = await evaluate(corpus, async (content, path) => engine.scan(content, { path }));
  return { corpus, report };
}

/** Prints the report: per family, then the totals against the targets, then the misses. */
export function printRedteamReport(corpus: RedteamCorpus, report: EvalReport, options: { misses?: number } = {}): void {
  const labels = corpus.files.reduce((sum, file) => sum + file.labels.length, 0);
  const bytes = corpus.files.reduce((sum, file) => sum + file.content.length, 0);
  console.log(`\nCorpus: ${REDTEAM_CORPUS_NAME}`);
  console.log(`  ${corpus.files.length} files (${(bytes / 1024).toFixed(0)} KB), ${labels} labels, ${corpus.hardNegatives.length} hard negatives, ${corpus.placeholders.length} placeholders`);
  console.log(`\n  ${pad('family', 28)}${pad('category', 10)}${pad('labels', 8)}${pad('found', 10)}partial`);
  for (const [family, tally] of [...report.families].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${pad(family, 28)}${pad(tally.category, 10)}${pad(String(tally.total), 8)}${pad(pct(rate(tally)), 10)}${tally.partial}`);
  }
  const row = (label: string, value: string) => console.log(`  ${pad(label, 46)}${value}`);
  row('ALL secret (target ≥ 99 %)', pct(rate(report.byCategory.secret)));
  row('ALL pii (target ≥ 98 %)', pct(rate(report.byCategory.pii)));
  row('format-only recall, no telling key (≥ 95 %)', pct(rate(report.formatOnly)));
  const found = report.byCategory.secret.found + report.byCategory.pii.found;
  const partial = report.byCategory.secret.partial + report.byCategory.pii.partial;
  row('full coverage of the labels touched (100 %)', pct(fullCoverage({ found, partial, total: 0 })));
  row('hard negatives flagged (≤ 0.5 %)', `${pct(report.hardNegatives.flagged / report.hardNegatives.total)} (${report.hardNegatives.flagged} of ${report.hardNegatives.total})`);
  row('placeholders flagged (≤ 1 %)', `${pct(report.placeholders.flagged / report.placeholders.total)} (${report.placeholders.flagged} of ${report.placeholders.total})`);
  row('findings in files outside any label', String(report.unlabelledFindings));
  const limit = options.misses ?? 12;
  if (limit > 0 && report.misses.length > 0) {
    // One line per kind of miss (family and file type), the value's middle hidden.
    const seen = new Map<string, number>();
    for (const miss of report.misses) {
      const key = `${miss.family} in ${miss.type}${miss.partial ? ' (partial)' : ''}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const lines = [...seen]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, count]) => `${key} ×${count}`);
    console.log(`  engine misses (${report.misses.length}), most frequent: ${lines.join('; ')}`);
  }
  if (report.hardNegatives.examples.length > 0) console.log(`  hard negatives flagged: ${report.hardNegatives.examples.join('; ')}`);
  if (report.placeholders.examples.length > 0) console.log(`  placeholders flagged: ${report.placeholders.examples.join('; ')}`);
}

async function main(): Promise<void> {
  const misses = Number(process.env.REDTEAM_MISSES || 40);
  const { corpus, report } = await evaluateRedteam({ rounds: Number(process.env.REDTEAM_ROUNDS || 4) });
  printRedteamReport(corpus, report, { misses });
}

if (process.argv[1] && /corpus-redteam[\\/]index\.ts$/.test(process.argv[1])) void main();

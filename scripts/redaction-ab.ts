// The redaction engine of two builds side by side, in one process (see redaction-ab.mjs): the
// digest of every finding each reports on every corpus, which must be equal when a change is
// meant to make the engine faster and find the same, and each one's CPU time on the same inputs,
// passes alternating between them, so that the load other processes put on a shared machine
// weighs on both alike.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Category, Finding, Scanner as ScannerClass } from '../src/core/redaction';
import { corpusDictionary, generateCorpus, generateLogFile, hardNegatives } from '../test/corpus';
import { buildEvalCorpus } from '../test/corpus-eval';
import { buildRedteamCorpus } from '../test/corpus-redteam';

type Engine = { Scanner: typeof ScannerClass };
type Item = { path: string | undefined; content: string };

const MB = 1024 * 1024;
const PASSES = Number(process.env.AB_PASSES || 5);
const engines = (process.env.AB_ENGINES ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [name, file] = entry.split('=') as [string, string];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { name, engine: require(file) as Engine };
  });
const onlyDigest = process.argv.includes('--digest');

const dictionary = { clients: corpusDictionary.clients, codenames: corpusDictionary.codenames, people: corpusDictionary.people, internalHosts: corpusDictionary.internalHosts };
const ALL = new Set<Category>(['secret', 'pii', 'network', 'dictionary']);
const SECRET_PII = new Set<Category>(['secret', 'pii']);

const corpus = generateCorpus({ seed: 20261124, targetBytes: 5 * MB });
const log = generateLogFile({ seed: 7, targetBytes: 10 * MB });
const negatives = hardNegatives({ seed: 11, count: 2000 });
const evalCorpus = buildEvalCorpus({ seed: 20261202, rounds: 8 });
// The held-out corpus as `npm run bench` builds it.
const heldOut = buildRedteamCorpus({ seed: 20261202, rounds: 4 });
const mixed: Item[] = corpus.map((file) => ({ path: file.path, content: file.content }));
const logItem: Item = { path: log.path, content: log.content };
const evalFiles: Item[] = evalCorpus.files.map((file) => ({ path: file.path, content: file.content }));
const heldOutFiles: Item[] = heldOut.files.map((file) => ({ path: file.path, content: file.content }));
const prompt = corpus
  .map((file) => file.content)
  .join('\n')
  .slice(0, 100 * 1024);
const bytes = (items: readonly Item[]) => items.reduce((sum, item) => sum + item.content.length, 0);

function line(finding: Finding): string {
  return `${finding.kind} ${finding.category} ${finding.start}-${finding.end} ${finding.line}:${finding.column} ${finding.rule} ${finding.confidence}`;
}

/** The digest of everything a scanner reports on a list of items, and the count of findings. */
async function digest(scanner: ScannerClass, items: readonly Item[]): Promise<{ hash: string; findings: number; lines: string[] }> {
  const hash = createHash('sha256');
  let findings = 0;
  const lines: string[] = [];
  for (const [index, item] of items.entries()) {
    const found = await scanner.scan(item.content, item.path === undefined ? {} : { path: item.path });
    findings += found.length;
    for (const finding of found) {
      const text = `${index} ${line(finding)}`;
      hash.update(`${text}\n`);
      lines.push(text);
    }
  }
  return { hash: hash.digest('hex').slice(0, 16), findings, lines };
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function cpuOf(scanner: ScannerClass, items: readonly Item[], repeat = 1): Promise<number> {
  const started = cpuMs();
  for (let i = 0; i < repeat; i++) for (const item of items) await scanner.scan(item.content, item.path === undefined ? {} : { path: item.path });
  return (cpuMs() - started) / repeat;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const UNBOUNDED = { baseMs: 30 * 60_000, perMegabyteMs: 0 };
  const built = engines.map(({ name, engine }) => ({
    name,
    old: new engine.Scanner({ categories: ALL, dictionary, timeBudget: UNBOUNDED }),
    evalScanner: new engine.Scanner({ categories: SECRET_PII, timeBudget: UNBOUNDED }),
  }));
  const sets: Array<{ name: string; items: Item[]; scanner: 'old' | 'evalScanner' }> = [
    { name: 'old corpus (mixed + log + hard negatives)', items: [...mixed, logItem, ...negatives.map((negative) => ({ path: 'negative.txt', content: negative.content }))], scanner: 'old' },
    {
      name: 'eval corpus (files + hard negatives + placeholders)',
      items: [...evalFiles, ...evalCorpus.hardNegatives, ...evalCorpus.placeholders].map((item) => ({ path: item.path, content: item.content })),
      scanner: 'evalScanner',
    },
    {
      name: 'held-out corpus (files + hard negatives + placeholders)',
      items: [...heldOutFiles, ...heldOut.hardNegatives, ...heldOut.placeholders].map((item) => ({ path: item.path, content: item.content })),
      scanner: 'evalScanner',
    },
    { name: '100 KB prompt', items: [{ path: undefined, content: prompt }], scanner: 'old' },
  ];
  let same = true;
  for (const set of sets) {
    const results: Array<{ hash: string; findings: number; lines: string[] }> = [];
    for (const engine of built) results.push(await digest(engine[set.scanner], set.items));
    console.log(`digest ${set.name}: ${built.map((engine, index) => `${engine.name} ${results[index]?.hash} (${results[index]?.findings} findings)`).join('   ')}`);
    const first = results[0];
    for (const [index, result] of results.entries()) {
      if (first === undefined || result.hash === first.hash) continue;
      same = false;
      const theirs = new Set(result.lines);
      const ours = new Set(first.lines);
      const lost = first.lines.filter((entry) => !theirs.has(entry)).slice(0, 10);
      const gained = result.lines.filter((entry) => !ours.has(entry)).slice(0, 10);
      console.log(`  ${built[index]?.name} differs; only in ${built[0]?.name}: ${JSON.stringify(lost)}; only in ${built[index]?.name}: ${JSON.stringify(gained)}`);
    }
  }
  console.log(same ? 'findings: identical' : 'findings: DIFFERENT');
  if (onlyDigest) {
    process.exitCode = same ? 0 : 1;
    return;
  }

  const figures = new Map<string, Record<string, number[]>>(built.map((engine) => [engine.name, { mixed: [], log: [], eval: [], heldOut: [], prompt: [] }]));
  for (let pass = 0; pass < PASSES; pass++) {
    // Alternating which engine goes first, so neither always follows the other's garbage.
    const order = pass % 2 === 0 ? built : [...built].reverse();
    for (const engine of order) {
      const record = figures.get(engine.name) as Record<string, number[]>;
      record.mixed?.push(await cpuOf(engine.old, mixed));
      record.log?.push(await cpuOf(engine.old, [logItem]));
      record.eval?.push(await cpuOf(engine.evalScanner, evalFiles, 4));
      record.heldOut?.push(await cpuOf(engine.evalScanner, heldOutFiles, 8));
      record.prompt?.push(await cpuOf(engine.old, [{ path: undefined, content: prompt }], 50));
    }
  }
  // The median, and the fastest pass: other processes' load only ever adds time.
  for (const [label, pick] of [
    ['median', median],
    ['fastest', (values: number[]) => Math.min(...values)],
  ] as const) {
    console.log(
      `\nCPU time, ${label} of ${PASSES} alternating passes (load ${loadavg()
        .map((load) => load.toFixed(2))
        .join(', ')})`,
    );
    for (const [name, record] of figures) {
      const rate = (items: readonly Item[], ms: number) => (bytes(items) / MB / (ms / 1000)).toFixed(1);
      const m = (key: string) => pick(record[key] ?? []);
      console.log(
        `  ${name.padEnd(6)} mixed ${m('mixed').toFixed(0).padStart(5)} ms ${rate(mixed, m('mixed')).padStart(6)} MB/s   log ${m('log').toFixed(0).padStart(5)} ms ${rate([logItem], m('log')).padStart(6)} MB/s   eval ${m('eval').toFixed(0).padStart(5)} ms ${rate(evalFiles, m('eval')).padStart(6)} MB/s   held-out ${m('heldOut').toFixed(0).padStart(4)} ms ${rate(heldOutFiles, m('heldOut')).padStart(6)} MB/s   100 KB prompt ${m('prompt').toFixed(2)} ms`,
      );
    }
  }
}

void main();

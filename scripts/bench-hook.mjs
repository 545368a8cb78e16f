// @ts-check
// `npm run bench` (part): the whole-process time of `ai-guard hook`, as an AI tool pays it on
// every prompt and file read: spawn, read the payload, load the policy, classify, scan, write
// the audit record, answer. Measured for a 2 KB prompt and for a Read of a 200 KB file, and
// `ai-guard scan` of one small file (dist/cli.js, which starts it from the lean bundle, and the
// full CLI), through the lean hook bundle (dist/hook.js, with its code cache) and through the full
// CLI (dist/cli.js hook), beside
// `node -e 0` in the same run: the process start is the floor. Target: p95 <= 1.5 x the median
// of `node -e 0`. Run after a production build (scripts/bench.mjs builds one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS || 20);
for (const file of ['dist/hook.js', 'dist/cli.js', 'dist/cli-main.js']) if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run node scripts/build.mjs --production first`);

const work = mkdtempSync(join(tmpdir(), 'ai-guard-bench-hook-'));
try {
  const repo = join(work, 'repo');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(join(repo, 'src'), { recursive: true });
  mkdirSync(join(repo, '.aiguard'), { recursive: true });
  writeFileSync(join(repo, '.aiguard', 'policy.json'), JSON.stringify({ version: 1, rules: [{ pattern: 'vault/**', level: 'restricted', reason: 'Keys.' }] }));
  // Ordinary code, with the words the detectors start from (keys, tokens, e-mail-like text) so that they do run.
  /** @param {number} i */
  const line = (i) => `export function handler${i}(request: Request, token = process.env.API_TOKEN): Response { return respond(request.user?.email ?? 'n/a', ${i}); }\n`;
  let big = '';
  for (let i = 0; big.length < 200 * 1024; i++) big += line(i);
  writeFileSync(join(repo, 'src', 'big.ts'), big);
  const prompt = 'Refactor the request handlers in src/ so that they share one error path, and explain the change. '.repeat(21).slice(0, 2048);
  const payloads = {
    'prompt 2 KB': JSON.stringify({ session_id: 'bench', transcript_path: '/dev/null', cwd: repo, hook_event_name: 'UserPromptSubmit', prompt }),
    'Read 200 KB': JSON.stringify({
      session_id: 'bench',
      transcript_path: '/dev/null',
      cwd: repo,
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: join(repo, 'src', 'big.ts') },
    }),
  };
  const env = { ...process.env, XDG_DATA_HOME: join(work, 'data'), XDG_CACHE_HOME: join(work, 'cache'), LANG: 'en_US.UTF-8' };

  /** @param {string[]} args @param {string} input */
  const time = (args, input) => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { input, env, cwd: repo, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // A hook that allows says nothing; `ai-guard scan` of a clean file exits 0 (its output is a report).
    if (result.status !== 0 || (args.includes('hook') || args.includes('claude-code') ? result.stdout !== '' : false))
      throw new Error(`${args.join(' ')} did not allow (${result.status}): ${result.stdout}${result.stderr}`);
    return ms;
  };
  /** @param {number[]} values @param {number} q */
  const quantile = (values, q) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  };

  /** @type {Array<[string, string[], string]>} */
  const cases = [['node -e 0', ['-e', '0'], '']];
  // `ai-guard scan` of one small file, as a pre-commit hook or an editor-less tool calls it.
  writeFileSync(join(repo, 'src', 'small.ts'), line(1) + line(2));
  // dist/cli.js starts scan from the lean bundle and its code cache; dist/cli-main.js is the full CLI, for comparison.
  cases.push(['dist/cli.js scan, small file', [join(root, 'dist', 'cli.js'), 'scan', join(repo, 'src', 'small.ts')], '']);
  cases.push(['dist/cli-main.js scan, small file', [join(root, 'dist', 'cli-main.js'), 'scan', join(repo, 'src', 'small.ts')], '']);
  for (const [name, input] of Object.entries(payloads)) {
    cases.push([`dist/hook.js, ${name}`, [join(root, 'dist', 'hook.js'), 'claude-code'], input]);
    cases.push([`dist/cli.js hook, ${name}`, [join(root, 'dist', 'cli.js'), 'hook', 'claude-code'], input]);
  }
  /** @type {Map<string, number[]>} */
  const samples = new Map(cases.map(([name]) => [name, []]));
  // Interleaved, so that a slow moment of the machine falls on every case alike.
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [name, args, input] of cases) {
      const ms = time(args, input);
      if (i >= 2) samples.get(name)?.push(ms);
    }
  }
  const floor = quantile(samples.get('node -e 0') ?? [], 0.5);
  console.log(`\nai-guard hook and scan, whole process, ${RUNS} runs each (Node ${process.version}); target p95 <= 1.5 x median of node -e 0 = ${(1.5 * floor).toFixed(1)} ms`);
  for (const [name, values] of samples) {
    const p50 = quantile(values, 0.5);
    const p95 = quantile(values, 0.95);
    console.log(`  ${name.padEnd(36)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   p95/floor ${(p95 / floor).toFixed(2)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

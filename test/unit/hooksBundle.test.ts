import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { readCodeCache } from '../../src/cli/codeCache';
import { loadBuild } from '../support/bundles';
import { repoRoot } from '../support/repo';

/**
 * The lean hook bundle, as AI tools run it: a real process reading a real payload. It is built
 * here as the build script builds it, so the test does not depend on an earlier build.
 */
describe('dist/hook.js and dist/hook-main.js, the hook bundles', function () {
  this.timeout(120_000);
  let work: string;
  let bundle: string;
  let inputs: Record<string, unknown>;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'ai-guard-hook-bundle-'));
    bundle = join(work, 'dist', 'hook.js');
    const build = await loadBuild();
    await esbuild.build({ entryPoints: [join(repoRoot, 'src', 'cli', 'hookLoader.ts')], outfile: bundle, bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent' });
    const result = await esbuild.build({
      entryPoints: [join(repoRoot, 'src', 'cli', 'hookMain.ts')],
      outfile: join(work, 'dist', 'hook-main.js'),
      bundle: true,
      minify: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      metafile: true,
      plugins: build.hookMainPlugins(),
    });
    inputs = result.metafile.inputs;
    for (const options of build.moduleBuilds({ outdir: join(work, 'dist'), production: true, absWorkingDir: repoRoot })) await esbuild.build({ ...options, logLevel: 'silent' });
    mkdirSync(join(work, 'repo', '.git'), { recursive: true });
    writeFileSync(join(work, 'repo', '.env'), 'AWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const run = (stdin: string, args = ['claude-code']) =>
    spawnSync(process.execPath, [bundle, ...args], {
      input: stdin,
      encoding: 'utf8',
      cwd: join(work, 'repo'),
      env: { ...process.env, XDG_DATA_HOME: join(work, 'data'), XDG_CACHE_HOME: join(work, 'cache'), LANG: 'C' },
    });

  it('carries no provider SDK, no other command and no editor code', () => {
    const sources = Object.keys(inputs);
    for (const unwanted of [
      /node_modules\/(?:openai|@anthropic-ai)\//,
      /src\/core\/providers\/(?:index|call|anthropicProvider|openaiProvider)/,
      /src\/core\/pipeline\/pipeline/,
      /src\/vscode\//,
      /src\/cli\/commands\/run/,
      /node_modules\/@secretlint\//,
      /secretlintEngine/,
    ]) {
      assert.ok(!sources.some((source) => unwanted.test(source)), `${unwanted} is bundled`);
    }
  });

  it('denies reading .env in a real process and records the decision', () => {
    const result = run(
      JSON.stringify({
        session_id: 's',
        transcript_path: '/dev/null',
        cwd: join(work, 'repo'),
        hook_event_name: 'PreToolUse',
        tool_name: 'Read',
        tool_input: { file_path: join(work, 'repo', '.env') },
      }),
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'deny');
    assert.ok(!result.stdout.includes('AKIA'));
    const audit = readFileSync(join(work, 'data', 'ai-guard', 'audit.jsonl'), 'utf8');
    assert.match(audit, /"type":"hook"/);
  });

  it('starts from its code cache, and answers the same when the cache is corrupt', () => {
    const input = JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'cat .env', cwd: join(work, 'repo'), workspace_roots: [join(work, 'repo')] });
    run(input, ['cursor']);
    const caches = readdirSync(join(work, 'cache', 'ai-guard')).filter((name) => name.endsWith('.v8'));
    assert.equal(caches.length, 1);
    assert.equal((JSON.parse(run(input, ['cursor']).stdout) as { permission: string }).permission, 'deny');
    const cache = join(work, 'cache', 'ai-guard', caches[0] as string);
    writeFileSync(cache, 'not a code cache');
    const corrupt = run(input, ['cursor']);
    assert.equal((JSON.parse(corrupt.stdout) as { permission: string }).permission, 'deny', corrupt.stderr);
    // A payload damaged behind an intact V8 header, which V8 itself would not notice: refused by
    // the digest, the hook answers the same, and the cache is written again.
    const intact = readFileSync(cache);
    assert.ok(readCodeCache(cache, process.getuid?.()) !== undefined, 'the corrupt cache was replaced');
    const damaged = Buffer.from(intact);
    for (let at = 4096; at < damaged.length; at += 4096) damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    writeFileSync(cache, damaged, { mode: 0o600 });
    const again = run(input, ['cursor']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { permission: string }).permission, 'deny', again.stderr);
    assert.ok(readCodeCache(cache, process.getuid?.()) !== undefined, 'the damaged cache was replaced');
  });

  it('reads and writes its files without the thread pool, and without loading fs/promises', () => {
    // What a one-shot process loads is what it pays for at every prompt: `fs/promises` brings the
    // readline and watcher modules, and each of its calls a round trip through the thread pool.
    const preload = join(work, 'modules.cjs');
    const list = join(work, 'modules.txt');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));`);
    const input = JSON.stringify({ session_id: 's', transcript_path: '/dev/null', cwd: join(work, 'repo'), hook_event_name: 'UserPromptSubmit', prompt: 'Explain the build.' });
    const result = spawnSync(process.execPath, ['--require', preload, bundle, 'claude-code'], {
      input,
      encoding: 'utf8',
      cwd: join(work, 'repo'),
      env: { ...process.env, XDG_DATA_HOME: join(work, 'data'), XDG_CACHE_HOME: join(work, 'cache'), LANG: 'C' },
    });
    assert.equal(result.status, 0, result.stderr);
    const loaded = readFileSync(list, 'utf8').split('\n');
    assert.ok(loaded.includes('NativeModule crypto'), 'the list is read (the audit record is sealed with crypto)');
    for (const unwanted of ['NativeModule fs/promises', 'NativeModule internal/fs/promises', 'NativeModule internal/readline/interface'])
      assert.ok(!loaded.includes(unwanted), `${unwanted} is loaded`);
    assert.match(readFileSync(join(work, 'data', 'ai-guard', 'audit.jsonl'), 'utf8'), /"event":"UserPromptSubmit"/);
  });

  it('reads a large payload, and refuses one past the limit', () => {
    const prompt = 'Explain the build. '.repeat(20_000);
    const result = run(JSON.stringify({ session_id: 's', transcript_path: '/dev/null', cwd: join(work, 'repo'), hook_event_name: 'UserPromptSubmit', prompt }));
    assert.equal(result.status, 0, result.stderr);
    const oversize = run(`{"prompt":"${'x'.repeat(8 * 1024 * 1024 + 16)}"}`);
    assert.equal(oversize.status, 2);
    assert.match(oversize.stderr, /more than/);
  });

  it('fails closed on malformed input, with exit 2', () => {
    const result = run('{"hook_event_name":');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /refused/);
  });

  it('accepts `hook <tool>` as tools sync writes it', () => {
    const result = run(JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'cat .env', cwd: join(work, 'repo'), workspace_roots: [join(work, 'repo')] }), ['hook', 'cursor']);
    assert.equal((JSON.parse(result.stdout) as { permission: string }).permission, 'deny');
  });
});

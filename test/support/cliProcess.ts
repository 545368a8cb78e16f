import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeAiServer } from './fakeAiServer';
import { TEST_KEY } from './providers';
import { repoRoot } from './repo';

/** How a spawned CLI process ended, and what it printed. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A workspace on disk for the built CLI (`node dist/cli.js`, after `node scripts/build.mjs
 * --tests`), with a provider `local` pointed at the fake server, and the spawned processes of
 * one test, every one of them killed by `cleanUp()` (call it in `afterEach`).
 */
export class CliWorkspace {
  readonly folder = mkdtempSync(join(tmpdir(), 'ai-guard-cli-'));
  readonly auditFile = join(this.folder, 'data', 'audit.jsonl');
  private readonly children = new Set<ChildProcess>();

  constructor(server: FakeAiServer, options: { policy?: Record<string, unknown>; provider?: Record<string, unknown> } = {}) {
    mkdirSync(join(this.folder, '.git'));
    mkdirSync(join(this.folder, '.aiguard'));
    mkdirSync(join(this.folder, 'src'));
    writeFileSync(join(this.folder, '.aiguard', 'policy.json'), JSON.stringify({ version: 1, providers: { local: { tags: ['local'] } }, ...options.policy }));
    writeFileSync(
      join(this.folder, '.aiguard', 'providers.json'),
      JSON.stringify({ providers: [{ id: 'local', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'test-model', ...options.provider }] }),
    );
    writeFileSync(join(this.folder, 'src', 'clean.ts'), 'export const answer = 42;\n');
  }

  /** `ai-guard run explain-code` on the clean file through `local`, with its output piped to the test. */
  run(extra: readonly string[] = []): { child: ChildProcess; exit: Promise<Exit> } {
    return this.spawn(['run', 'explain-code', '--file', 'src/clean.ts', '--provider', 'local', '--audit-file', this.auditFile, ...extra]);
  }

  spawn(args: readonly string[]): { child: ChildProcess; exit: Promise<Exit> } {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], {
      cwd: this.folder,
      env: { PATH: process.env.PATH ?? '', HOME: this.folder, XDG_DATA_HOME: join(this.folder, 'data'), XDG_CACHE_HOME: join(this.folder, 'cache'), LANG: 'C', AI_GUARD_API_KEY: TEST_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exit = new Promise<Exit>((resolve) =>
      child.on('close', (code, signal) => {
        this.children.delete(child);
        resolve({ code, signal, stdout, stderr });
      }),
    );
    return { child, exit };
  }

  cleanUp(): void {
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** Resolves with the first piece of a process's standard output. */
export function firstOutput(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
}

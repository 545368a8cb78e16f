import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How a real AI tool's headless run (or `ai-guard tools sync`) ended. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end (3 minutes at most, for a loaded machine) and resolves with its exit
 * code and output; never rejects. Standard input is closed at once: the AI tools read it in print
 * mode when it is not a terminal, and nothing comes.
 */
export function exec(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { ...options, timeout: 180_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** The `hook` records of one event in the audit log under `dataHome` (`$XDG_DATA_HOME`), none when there is no log yet. */
export function hookRecords(dataHome: string, event: string): Array<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(join(dataHome, 'ai-guard', 'audit.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.type === 'hook' && record.event === event);
}

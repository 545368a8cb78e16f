// @ts-check
// Small process helpers shared by the build, test, start and package scripts.
import { spawn } from 'node:child_process';

/** Removes colour escapes, so a coloured closing line is still recognised. @param {string} text */
const stripAnsi = (text) => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

/**
 * Runs a command, streaming its output through, and resolves with its exit code and the last
 * `N passed, N failed` line it printed (if any). Never rejects on a non-zero exit.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {Promise<{ code: number; summary: { passed: number; failed: number; skipped: number } | undefined }>}
 */
export function runStreaming(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    /** @type {{ passed: number; failed: number; skipped: number } | undefined} */
    let summary;
    let pending = '';
    /** @param {Buffer} chunk */
    const scan = (chunk) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(stripAnsi(line));
        if (match) summary = { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3] ?? 0) };
      }
    };
    child.stdout?.on('data', (chunk) => {
      process.stdout.write(chunk);
      scan(chunk);
    });
    child.stderr?.on('data', (chunk) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      scan(Buffer.from('\n'));
      resolve({ code: code ?? (signal ? 128 : 1), summary });
    });
  });
}

/**
 * Runs `npm run <script>` (or any command) and throws when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 */
export async function runOrThrow(command, args, options = {}) {
  const { code } = await new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ code: exitCode ?? 1 }));
  });
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

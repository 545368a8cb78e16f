// @ts-check
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Installs the AI tools the end-to-end tests drive (scripts/setup-ai-tools.sh, pinned versions
 * into a cache folder) and returns where each one is, or, for a tool that could not be
 * installed, why, so that its tests can skip with that message.
 * @returns {{ claudeCode: string | undefined; geminiCli: string | undefined; copilotCli: string | undefined; problem: string }}
 */
export function ensureAiTools() {
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'setup-ai-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const claudeCode = /^CLAUDE_CODE=(.+)$/m.exec(result.stdout ?? '')?.[1];
  const geminiCli = /^GEMINI_CLI=(.+)$/m.exec(result.stdout ?? '')?.[1];
  const copilotCli = /^COPILOT_CLI=(.+)$/m.exec(result.stdout ?? '')?.[1];
  const problem = `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  return { claudeCode, geminiCli, copilotCli, problem: problem || `scripts/setup-ai-tools.sh exited ${result.status}` };
}

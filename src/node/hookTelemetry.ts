import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { consentGiven, consentText, SPOOL_MAX_BYTES, spoolLine } from '../core/telemetry/spool';
import { defaultAuditFile } from './auditFiles';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the editor and `ai-guard hook` meet for telemetry: beside the CLI's audit log
 * (`$XDG_DATA_HOME/ai-guard`), a consent file the editor writes (the person opted in and the
 * editor's telemetry is on) and the spool the hook appends to (`src/core/telemetry/spool.ts`).
 */
export function hookConsentFile(env: Env): string {
  return join(dirname(defaultAuditFile(env)), 'telemetry-consent.json');
}

export function hookSpoolFile(env: Env): string {
  return join(dirname(defaultAuditFile(env)), 'telemetry-spool.jsonl');
}

/**
 * The hook's side, synchronous and small (a read of a few bytes, one append): the line is
 * appended only when the consent file says yes and the spool is under its size limit. It never
 * throws: telemetry never changes a decision.
 */
export function spoolHookEvent(env: Env, event: Record<string, unknown>, time = Date.now()): boolean {
  try {
    if (!consentGiven(readFileSync(hookConsentFile(env), 'utf8'))) return false;
    const spool = hookSpoolFile(env);
    let size = 0;
    try {
      size = statSync(spool).size;
    } catch {
      size = 0;
    }
    if (size > SPOOL_MAX_BYTES) return false;
    // One write of one short line with O_APPEND: concurrent hooks' lines do not interleave.
    appendFileSync(spool, spoolLine(time, event), { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}

/** The editor's side: says whether hooks may spool; a withdrawal also deletes what they spooled. */
export async function writeHookConsent(env: Env, enabled: boolean): Promise<void> {
  const file = hookConsentFile(env);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, consentText(enabled), { mode: 0o600 });
  if (!enabled) await rm(hookSpoolFile(env), { force: true });
}

/** The editor's side: takes the spool (renamed first, so a hook's next line starts a new one) and returns its text. */
export async function takeHookSpool(env: Env): Promise<string | undefined> {
  const spool = hookSpoolFile(env);
  const taken = `${spool}.${process.pid}.taken`;
  try {
    await rename(spool, taken);
  } catch {
    return undefined;
  }
  try {
    return await readFile(taken, 'utf8');
  } finally {
    await rm(taken, { force: true });
  }
}

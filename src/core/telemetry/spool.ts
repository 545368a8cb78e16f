/**
 * The hook's telemetry spool: `ai-guard hook`, which runs in another tool's process on every
 * prompt and file read, never sends anything and never takes the outbox's lock; when the person
 * opted in (the editor says so in a small consent file), it appends one line per decision to a
 * spool file, `{"time":…,"event":{…}}`. The editor takes the spool into its outbox and sends it
 * with its own events. The spool is external input: each line is checked against the schema,
 * and only hook decisions are taken from it (`spoolParse.ts`). This module has no schema, so
 * the hook's bundle does not build them at its start.
 */

/** The most lines taken from one spool: beyond, the rest is dropped (the outbox is bounded too). */
export const SPOOL_MAX_LINES = 5_000;
/** The spool's largest size: the hook stops appending past it, until the editor takes it. */
export const SPOOL_MAX_BYTES = 2 * 1024 * 1024;

/** The consent file's text: whether hooks may spool their decisions. */
export function consentText(enabled: boolean): string {
  return `${JSON.stringify({ version: 1, hookTelemetry: enabled })}\n`;
}

/** Whether a consent file's text says yes; anything else (absent, malformed) says no. */
export function consentGiven(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'version' in value && value.version === 1 && 'hookTelemetry' in value && value.hookTelemetry === true;
  } catch {
    return false;
  }
}

/** One spool line. */
export function spoolLine(time: number, event: Record<string, unknown>): string {
  return `${JSON.stringify({ time, event })}\n`;
}

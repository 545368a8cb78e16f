import { type TelemetryEvent, TelemetryEventSchema } from './events';
import { SPOOL_MAX_LINES } from './spool';

/** The valid hook decisions of a spool's text, with their times; how many lines were not. */
export function parseSpool(text: string): { events: Array<{ time: number; event: TelemetryEvent }>; invalid: number } {
  const events: Array<{ time: number; event: TelemetryEvent }> = [];
  let invalid = 0;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  for (const line of lines.slice(0, SPOOL_MAX_LINES)) {
    let value: { time?: unknown; event?: unknown } | null;
    try {
      value = JSON.parse(line) as { time?: unknown; event?: unknown } | null;
    } catch {
      invalid += 1;
      continue;
    }
    const parsed = TelemetryEventSchema.safeParse(value?.event);
    const time = value?.time;
    if (!parsed.success || parsed.data.name !== 'aiguard.tool_decision' || typeof time !== 'number' || !Number.isFinite(time) || time <= 0) invalid += 1;
    else events.push({ time, event: parsed.data });
  }
  return { events, invalid: invalid + Math.max(0, lines.length - SPOOL_MAX_LINES) };
}

import * as z from 'zod/mini';
import { parseJsonAs } from '../json';
import { type TelemetryEvent, TelemetryEventSchema } from './events';
import { SPOOL_MAX_LINES } from './spool';

const SpoolLineSchema = z.object({ time: z.number().check(z.positive()), event: TelemetryEventSchema });

/** The valid hook decisions of a spool's text, with their times; how many lines were not. */
export function parseSpool(text: string): { events: Array<{ time: number; event: TelemetryEvent }>; invalid: number } {
  const events: Array<{ time: number; event: TelemetryEvent }> = [];
  let invalid = 0;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  for (const line of lines.slice(0, SPOOL_MAX_LINES)) {
    const value = parseJsonAs(line, SpoolLineSchema);
    if (value === undefined || value.event.name !== 'aiguard.tool_decision') invalid += 1;
    else events.push(value);
  }
  return { events, invalid: invalid + Math.max(0, lines.length - SPOOL_MAX_LINES) };
}

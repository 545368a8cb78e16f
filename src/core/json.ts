import * as z from 'zod/mini';

/**
 * A JSON text read from outside the process (a file another process or a person may have
 * written, a server's answer), parsed and checked against its schema in one step. Undefined when
 * the text is not JSON or not of that shape: the caller decides what an unreadable file means
 * (untrusted, absent, start again), so no cast ever stands in for a check.
 */
export function parseJsonAs<S extends z.ZodMiniType>(text: string, schema: S): z.infer<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A count, an offset or a sequence number: a whole number, never negative. */
export const Natural = z.number().check(z.int(), z.minimum(0));

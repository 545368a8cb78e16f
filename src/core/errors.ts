/**
 * Turns anything thrown into one line a person can read. Stack traces stay in logs; messages
 * shown to people come from here, so an `Error` subclass, a string or a rejected non-error all
 * produce something useful instead of "[object Object]".
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const message = error.message.trim() || error.name;
    const cause = (error as { cause?: unknown }).cause;
    return cause === undefined ? message : `${message} (${describeError(cause)})`;
  }
  if (typeof error === 'string') {
    return error.trim() || 'unknown error';
  }
  try {
    const json = JSON.stringify(error);
    return json === undefined || json === '{}' ? String(error) : json;
  } catch {
    return String(error);
  }
}

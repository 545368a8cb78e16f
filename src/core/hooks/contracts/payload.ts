import { HookInputError } from '../types';

/** Helpers the contracts share to read a payload without trusting its shape. */

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HookInputError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** A string field, or undefined when absent; a field of another type is an error. */
export function optionalString(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HookInputError(`'${key}' is not a string`);
  return value;
}

export function requiredString(object: Record<string, unknown>, key: string): string {
  const value = optionalString(object, key);
  if (value === undefined) throw new HookInputError(`'${key}' is missing`);
  return value;
}

/** Tool arguments: an object, or a JSON string of one (Copilot CLI, Cursor's MCP input). */
export function toolArguments(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      return asObject(JSON.parse(value), 'the tool arguments');
    } catch (error) {
      if (error instanceof HookInputError) throw error;
      throw new HookInputError('the tool arguments are not valid JSON');
    }
  }
  return asObject(value, 'the tool arguments');
}

/** Every string in a JSON value, depth first: a tool's output or an MCP call's arguments. */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

/** The string values of the first of `keys` present, as a list (a key may hold a string or an array of them). */
export function pathsFrom(input: Record<string, unknown>, keys: readonly string[]): string[] {
  for (const key of keys) {
    const value = input[key];
    if (typeof value === 'string' && value !== '') return [value];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  }
  return [];
}

/** JSON on one line, as every tool reads its hook's standard output. */
export function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

import * as jsonc from 'jsonc-parser/lib/esm/main.js';
import type { HookTool } from '../hooks/types';

/** One file `ai-guard tools sync` writes, and how its text follows from what the file holds now. */
export interface ToolFile {
  /** Relative to the folder synced. */
  path: string;
  tool: HookTool;
  /** The file's text once synced, from what it holds now (undefined when absent). */
  render(existing: string | undefined, read: (path: string) => string | undefined): string;
}

/** Thrown when a file to merge into is not valid JSON: a person's file is never overwritten blindly. */
export class ToolFileError extends Error {}

/**
 * The files with those that share a path made one, whose renderings apply in turn (each
 * concern — hooks, MCP servers, … — adds its keys to what the one before left), so that every
 * path is written once and each concern stays its own function.
 */
export function mergedByPath(files: readonly ToolFile[]): ToolFile[] {
  const byPath = new Map<string, ToolFile>();
  for (const file of files) {
    const before = byPath.get(file.path);
    byPath.set(file.path, before === undefined ? file : { ...before, render: (existing, read) => file.render(before.render(existing, read), read) });
  }
  return [...byPath.values()];
}

export function parseObject(text: string | undefined, path: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  const errors: jsonc.ParseError[] = [];
  const value = jsonc.parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0 || typeof value !== 'object' || value === null || Array.isArray(value)) throw new ToolFileError(path);
  return value as Record<string, unknown>;
}

export function objectAt(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = object[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

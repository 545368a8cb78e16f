import type { JsonPath } from './jsonText';
import { PolicySchema } from './schema';

/**
 * Which unknown keys of a policy are probably mistakes rather than features of a newer AI Guard.
 * An unknown key is dropped, so a misspelt `"Rules"` or a `budgets` written at the top level
 * instead of under `cost` would leave the policy less strict than its author wrote: those are
 * errors (`parse.ts`), so the policy fails closed. A key close to a known key of the same object
 * (case aside, or a small edit away), or a key valid elsewhere in the schema, is such a mistake.
 */

/** Where a key is valid: the object's place, as people read it (`cost.budgets`, `rules[]`, '' for the top level). */
export interface KeySuggestion {
  key: string;
  place: string;
}

interface ObjectNode {
  place: string;
  keys: readonly string[];
}

/**
 * Keys that only change how a policy looks (a level's colour, a note for readers, the editor's
 * schema): a near miss of one of them cannot make a policy less strict, so it stays a warning.
 */
const PRESENTATIONAL = new Set(['color', 'description', '$schema']);

/** Every object of the policy schema, with its place: walked once, on first use. */
let objects: ObjectNode[] | undefined;

/** The suggestion for an unknown key at `parent` (the path of the object holding it), if it looks like a mistake. */
export function suspectKey(key: string, parent: JsonPath): KeySuggestion | undefined {
  objects ??= collectObjects(PolicySchema as unknown as Schema, '');
  const here = objectAt(PolicySchema as unknown as Schema, parent);
  const elsewhere = objects.filter((node) => here === undefined || !sameKeys(node.keys, here));
  // A key close to one of this object's is misspelt; then a key valid, as written, elsewhere is misplaced; then a close key elsewhere.
  const close = (keys: readonly string[]) => keys.find((known) => !PRESENTATIONAL.has(known) && isClose(key, known));
  const nearHere = here === undefined ? undefined : close(here);
  if (nearHere !== undefined) return { key: nearHere, place: placeOf(parent) };
  for (const node of elsewhere) if (node.keys.includes(key) && !PRESENTATIONAL.has(key)) return { key, place: node.place };
  for (const node of elsewhere) {
    const near = close(node.keys);
    if (near !== undefined) return { key: near, place: node.place };
  }
  return undefined;
}

/** Whether `written` is `known` with another case, or a small edit away (more edits allowed for longer keys). */
export function isClose(written: string, known: string): boolean {
  const a = written.toLowerCase();
  const b = known.toLowerCase();
  if (a === b) return true;
  const allowed = b.length <= 3 ? 0 : b.length <= 5 ? 1 : 2;
  return allowed > 0 && Math.abs(a.length - b.length) <= allowed && editDistance(a, b) <= allowed;
}

/** Edits (insertion, deletion, substitution, swap of neighbours) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** `['matrix', 'public']` → `matrix.public`; array indices as `[n]`. */
function placeOf(path: JsonPath): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** The parts of zod/mini's schema definitions the walk reads. */
interface Schema {
  _zod: { def: { type: string; shape?: Record<string, Schema>; innerType?: Schema; element?: Schema; valueType?: Schema } };
}

function unwrap(schema: Schema): Schema {
  let current = schema;
  while ((current._zod.def.type === 'optional' || current._zod.def.type === 'default') && current._zod.def.innerType !== undefined) current = current._zod.def.innerType;
  return current;
}

function collectObjects(schema: Schema, place: string, into: ObjectNode[] = []): ObjectNode[] {
  const def = unwrap(schema)._zod.def;
  if (def.type === 'object' && def.shape !== undefined) {
    into.push({ place, keys: Object.keys(def.shape) });
    for (const [key, child] of Object.entries(def.shape)) collectObjects(child, place === '' ? key : `${place}.${key}`, into);
  } else if (def.type === 'array' && def.element !== undefined) {
    collectObjects(def.element, `${place}[]`, into);
  } else if (def.type === 'record' && def.valueType !== undefined) {
    collectObjects(def.valueType, `${place}.<id>`, into);
  }
  return into;
}

/** The keys of the object schema at a concrete path, or undefined when none is there. */
function objectAt(schema: Schema, path: JsonPath): readonly string[] | undefined {
  let current = unwrap(schema);
  for (const part of path) {
    const def = current._zod.def;
    const next = def.type === 'object' ? def.shape?.[String(part)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
    if (next === undefined) return undefined;
    current = unwrap(next);
  }
  return current._zod.def.type === 'object' ? Object.keys(current._zod.def.shape ?? {}) : undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

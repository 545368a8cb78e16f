import * as z from 'zod/mini';
import { CATEGORIES, type Category } from '../../redaction/kinds';
import { CategorySchema, LevelIdSchema, ProviderRef } from '../idSchemas';
import type { Declared, PolicySection } from './section';

export const MatrixEntrySchema = z.strictObject({
  aiAllowed: z.boolean().check(z.describe('Whether files of this level may be sent to an AI provider at all.')),
  providers: z.optional(z.array(ProviderRef).check(z.describe('The providers allowed for this level: ids, `tag:<tag>`, or `*`. Absent: this policy sets no provider limit.'))),
  redact: z.optional(z.array(CategorySchema).check(z.describe('The detection categories masked before any AI call: secret, pii, network, dictionary.'))),
});

export type MatrixEntry = z.infer<typeof MatrixEntrySchema>;

export const MatrixSchema = z
  .record(LevelIdSchema, MatrixEntrySchema)
  .check(z.describe('Per level: whether AI is allowed, which providers, and what is masked. Combined with outer policies, the most restrictive wins.'));

/** The built-in matrix, what the built-in policy declares for its four levels. */
export const BUILT_IN_MATRIX: Record<string, MatrixEntry> = {
  public: { aiAllowed: true, providers: ['*'], redact: ['secret'] },
  internal: { aiAllowed: true, providers: ['*'], redact: ['secret', 'pii'] },
  confidential: {
    aiAllowed: true,
    providers: ['tag:eu-hosted', 'tag:client-tenant', 'tag:local'],
    redact: ['secret', 'pii', 'network', 'dictionary'],
  },
  restricted: { aiAllowed: false, providers: [], redact: ['secret', 'pii', 'network', 'dictionary'] },
};

/** What the chain declared, each matrix value per level with the policy that declared it, outermost first. */
export interface MatrixDeclarations {
  /** Whether a policy is in force yet: until one is, the built-in matrix answers. */
  inForce: boolean;
  aiAllowed: ReadonlyMap<string, ReadonlyArray<Declared<boolean>>>;
  providerLists: ReadonlyMap<string, ReadonlyArray<Declared<readonly string[]>>>;
  redactions: ReadonlyMap<string, ReadonlyArray<Declared<readonly Category[]>>>;
}

/** What the matrix says of one level, all policies combined. */
export interface LevelRule {
  /** Whether AI may see files of the level, and which policies say no (undefined: the built-in one). */
  aiAllowed: { allowed: boolean; deniedBy: ReadonlyArray<string | undefined> };
  /** Every provider list that applies: a provider must satisfy each of them. */
  providerLists: ReadonlyArray<Declared<readonly string[]>>;
  /** The categories masked, in `CATEGORIES` order (before `network` adds its own). */
  redact: readonly Category[];
}

/** Per level, what the matrix says; a level it does not cover is `UNCOVERED`. */
export type CombinedMatrix = ReadonlyMap<string, LevelRule>;

/** A level nothing covers is closed: no AI, no provider, everything masked. */
export const UNCOVERED: LevelRule = { aiAllowed: { allowed: false, deniedBy: [undefined] }, providerLists: [{ value: [], file: undefined }], redact: CATEGORIES };

/** What the outermost policy is taken to declare for one of its own levels it leaves out: closed, as `UNCOVERED`. */
const CLOSED_ENTRY: MatrixEntry = { aiAllowed: false, providers: [], redact: [...CATEGORIES] };

/**
 * `matrix`: every policy's entries, user settings included, outermost first. Per level, AI is
 * allowed only when every policy that says says yes (AND); a provider must be in every list
 * declared (an intersection, `EffectivePolicy.allowedBy`); what is masked is the union of every
 * list. A value no policy declares for a level is closed (no AI, no provider, everything masked);
 * until a policy is in force, the built-in matrix answers.
 */
export const matrixSection: PolicySection<Record<string, MatrixEntry>, MatrixDeclarations, CombinedMatrix> = {
  schema: MatrixSchema,
  builtIn: BUILT_IN_MATRIX,
  none: { inForce: false, aiAllowed: new Map(), providerLists: new Map(), redactions: new Map() },
  declare: (declared, matrix, { file }) => {
    const aiAllowed = new Map(declared.aiAllowed);
    const providerLists = new Map(declared.providerLists);
    const redactions = new Map(declared.redactions);
    for (const [level, entry] of Object.entries(matrix ?? {}) as Array<[string, Partial<MatrixEntry>]>) {
      if (entry.aiAllowed !== undefined) append(aiAllowed, level, { value: entry.aiAllowed, file });
      if (entry.providers !== undefined) append(providerLists, level, { value: entry.providers, file });
      if (entry.redact !== undefined) append(redactions, level, { value: entry.redact, file });
    }
    return { inForce: true, aiAllowed, providerLists, redactions };
  },
  combine: (declared) => {
    let combined = combinedMatrices.get(declared);
    if (combined === undefined) {
      combined = combineMatrix(declared.inForce ? declared : matrixSection.declare(declared, BUILT_IN_MATRIX, { file: undefined, outermost: true, fromUser: false }));
      combinedMatrices.set(declared, combined);
    }
    return combined;
  },
  // Per level of the chain the built-in matrix covers, each value the outermost policy leaves out
  // (AI permission only when it has no entry for the level at all).
  remainder: (matrix, levels) => leftOut(matrix, levels, (id) => BUILT_IN_MATRIX[id]),
  // The same for its own levels, which no built-in covers: closed (no AI, no provider, everything
  // masked), as `UNCOVERED` answers for the outermost alone, so that no policy inside it opens them.
  closedRemainder: (matrix, levels) => leftOut(matrix, levels, (id) => (BUILT_IN_MATRIX[id] === undefined ? CLOSED_ENTRY : undefined)),
};

/** Per level of `levels` that `fallback` covers, the values of `fallback` that `matrix` leaves out. */
function leftOut(matrix: Record<string, MatrixEntry> | undefined, levels: readonly string[], fallback: (id: string) => MatrixEntry | undefined): Record<string, MatrixEntry> {
  const remainder: Record<string, Partial<MatrixEntry>> = {};
  for (const id of levels) {
    const builtIn = fallback(id);
    const declared = matrix?.[id];
    if (builtIn === undefined) continue;
    const entry: Partial<MatrixEntry> = {};
    if (declared === undefined) entry.aiAllowed = builtIn.aiAllowed;
    if (declared?.providers === undefined && builtIn.providers !== undefined) entry.providers = builtIn.providers;
    if (declared?.redact === undefined && builtIn.redact !== undefined) entry.redact = builtIn.redact;
    remainder[id] = entry;
  }
  return remainder as Record<string, MatrixEntry>;
}

/** Each chain's combined matrix, built on first use (declarations are never changed). */
const combinedMatrices = new WeakMap<MatrixDeclarations, CombinedMatrix>();

function combineMatrix(declared: MatrixDeclarations): CombinedMatrix {
  const levels = new Set([...declared.aiAllowed.keys(), ...declared.providerLists.keys(), ...declared.redactions.keys()]);
  const rules = new Map<string, LevelRule>();
  for (const level of levels) {
    const allowed = declared.aiAllowed.get(level);
    const lists = declared.providerLists.get(level);
    const redactions = declared.redactions.get(level);
    const deniedBy = allowed === undefined || allowed.length === 0 ? UNCOVERED.aiAllowed.deniedBy : allowed.filter((d) => !d.value).map((d) => d.file);
    const categories = new Set<Category>(redactions === undefined || redactions.length === 0 ? UNCOVERED.redact : redactions.flatMap((d) => d.value));
    rules.set(level, {
      aiAllowed: { allowed: deniedBy.length === 0, deniedBy },
      providerLists: lists === undefined || lists.length === 0 ? UNCOVERED.providerLists : lists,
      redact: CATEGORIES.filter((category) => categories.has(category)),
    });
  }
  return rules;
}

function append<K, V>(map: Map<K, ReadonlyArray<V>>, key: K, value: V): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

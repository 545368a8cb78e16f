import type * as z from 'zod/mini';

/**
 * A value and the policy that declared it, so reasons and warnings can name the file;
 * `file` is undefined for a value of the built-in policy.
 */
export interface Declared<T> {
  value: T;
  file: string | undefined;
}

/**
 * Where a policy stands in the chain of policies in force: its file (undefined: the built-in
 * policy), whether it is the outermost one, and whether it is the user's settings.
 */
export interface Origin {
  file: string | undefined;
  outermost: boolean;
  fromUser: boolean;
  /**
   * The chain's level ids, least sensitive first, for the sections that rank levels: fixed by
   * the outermost policy (absent: no level outranks another).
   */
  levels?: readonly string[];
}

/**
 * One section of the policy, in one place: the format of its key in `.aiguard/policy.json`
 * (`schema`), its built-in value (what the built-in policy declares), what each policy in force
 * adds to the chain's declarations (`declare`, outermost first), and how those combine, **the
 * most restrictive way** (`combine`). `EffectivePolicy` keeps every section's declarations and
 * answers from `combine`; adding a section is one module and its line in `sections/index.ts`.
 */
export interface PolicySection<Raw, Declared, Value> {
  readonly schema: z.ZodMiniType<Raw>;
  readonly builtIn: Raw;
  /** The declarations of a chain no policy has declared anything in yet. */
  readonly none: Declared;
  declare(declared: Declared, section: Raw | undefined, origin: Origin): Declared;
  combine(declared: Declared): Value;
  /**
   * The built-in values the outermost policy adopts for what it does not declare itself (`section`:
   * what it declares; `levels`: the chain's level ids), declared right after it as the built-in
   * policy's (undefined: nothing to adopt). Absent: the section needs none, its `none` or its
   * `combine` already giving the built-in value.
   */
  remainder?(section: Raw | undefined, levels: readonly string[]): Raw | undefined;
  /**
   * What the outermost policy is taken to declare, closed, for what it leaves out of values no
   * built-in covers (a level of its own without providers, say), declared right after it under
   * its own file, so reasons name it. A value left out is closed for the outermost alone; without
   * this, a policy inside it that declares the value would be the only one to, and would open
   * what the outermost kept shut. Absent: the section needs none.
   */
  closedRemainder?(section: Raw | undefined, levels: readonly string[]): Raw | undefined;
}

import * as z from 'zod/mini';
import type { PolicySection } from './section';

export const CacheSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .check(
        z.describe(
          'Reuse the answer to an identical redacted prompt sent to the same model, instead of paying for it again (kept in memory only). Off unless a policy turns it on; any policy can turn it off.',
        ),
      ),
    ttlMinutes: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10_080), z.describe('How long an answer may be reused, in minutes (default 60). The shortest any policy sets wins.'))),
  })
  .check(z.describe('The response cache for identical prompts, counted as saved cost.'));

export type CachePolicy = z.infer<typeof CacheSchema>;

/** How long a cached answer may be reused when no policy says (minutes). */
export const DEFAULT_CACHE_TTL_MINUTES = 60;

/**
 * `cache`: every policy's section but the user's, outermost first. A cached answer is data kept
 * longer, so the cache is on only when some policy turns it on and none turns it off, for the
 * shortest TTL any sets.
 */
export const cacheSection: PolicySection<CachePolicy, readonly CachePolicy[], { enabled: boolean; ttlMinutes: number }> = {
  schema: CacheSchema,
  builtIn: { enabled: false },
  none: [],
  declare: (declared, cache, { fromUser }) => (cache !== undefined && !fromUser ? [...declared, cache] : declared),
  combine: (caches) => ({
    enabled: caches.some((cache) => cache.enabled) && !caches.some((cache) => !cache.enabled),
    ttlMinutes: Math.min(DEFAULT_CACHE_TTL_MINUTES, ...caches.map((cache) => cache.ttlMinutes ?? DEFAULT_CACHE_TTL_MINUTES)),
  }),
};

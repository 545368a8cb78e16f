import * as z from 'zod/mini';

/**
 * The envelope every policy file has: a format version and an optional `$schema` pointer for
 * editors. The classification matrix itself (levels, rules, clients, providers) is added by the
 * policy issue; until then, other keys are kept as they are rather than rejected, so a policy
 * written for a newer build is not refused by an older one.
 */
export const POLICY_FORMAT_VERSION = 1;

export const PolicyEnvelopeSchema = z
  .looseObject({
    $schema: z.optional(z.string().check(z.describe('The JSON Schema this file follows, for editors.'))),
    version: z
      .literal(POLICY_FORMAT_VERSION)
      .check(z.describe('The policy format version. Only 1 exists today.')),
  })
  .check(z.describe('Etech AI Guard policy: which data may go to which AI provider.'));
export type PolicyEnvelope = z.infer<typeof PolicyEnvelopeSchema>;

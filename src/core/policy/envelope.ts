import * as z from 'zod/mini';

/**
 * The envelope every policy file has: a format version and an optional `$schema` pointer for
 * editors. The parser reads it before the full schema (`schema.ts`), so that a file written
 * for another format version gets one clear message ("version 2 is not supported") rather
 * than a list of schema errors; other keys are kept here and checked by the full schema.
 */
export const POLICY_FORMAT_VERSION = 1;

export const PolicyEnvelopeSchema = z
  .looseObject({
    $schema: z.optional(z.string().check(z.describe('The JSON Schema this file follows, for editors.'))),
    version: z.literal(POLICY_FORMAT_VERSION).check(z.describe('The policy format version. Only 1 exists today.')),
  })
  .check(z.describe('Etech AI Guard policy: which data may go to which AI provider.'));
export type PolicyEnvelope = z.infer<typeof PolicyEnvelopeSchema>;

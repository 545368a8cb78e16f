import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import type { PolicySection } from './section';

export const AuditSchema = z
  .strictObject({
    retentionDays: z.optional(
      z
        .number()
        .check(
          z.int(),
          z.gte(1),
          z.describe('How many days audit records are kept; older ones are replaced by a checkpoint that keeps the log verifiable. The outermost policy that sets it decides.'),
        ),
    ),
    required: z.optional(
      z
        .boolean()
        .check(
          z.describe(
            'Whether an AI call is blocked when its audit record cannot be written (a full disk, a read-only folder). Default true. Only the outermost policy in force may set it to false (an inner policy that does is in error); any policy can set it to true.',
          ),
        ),
    ),
    forward: z.optional(
      z
        .strictObject({
          endpoint: z
            .string()
            .check(
              z.regex(/^https?:\/\/\S+$/, { error: () => l10n.t('The audit endpoint is an https URL (http only on this machine).') }),
              z.describe(
                "The collector that receives each audit record's digest-only form (its chain fields, outcome, cost and digests: never a text, a path or a client) and checks every installation's chain on its side ('/v1/audit' is added when missing).",
              ),
            ),
          token: z.optional(
            z
              .string()
              .check(
                z.regex(/^[\x21-\x7e]{8,512}$/, { error: () => l10n.t('The audit token is 8 to 512 visible ASCII characters.') }),
                z.describe("The collector's ingest token (its --token), sent as a bearer token, only to this endpoint."),
              ),
          ),
        })
        .check(z.describe('Where the audit trail is forwarded, so that tampering on the machine itself shows at the organisation. Read from the organisation policy only.')),
    ),
  })
  .check(z.describe('The audit trail of AI calls.'));

export type AuditPolicy = z.infer<typeof AuditSchema>;

/**
 * `audit`: every policy's section but the user's, outermost first, an inner one without a waiver
 * (`required: false`, which only the outermost policy may give). Records are kept as long as the
 * outermost policy that says decides (none: for ever); a call is blocked when its record cannot be
 * written unless the outermost policy waives it, and any policy can require it.
 */
export const auditSection: PolicySection<AuditPolicy, readonly AuditPolicy[], { retentionDays: number | undefined; required: boolean }> = {
  schema: AuditSchema,
  builtIn: {},
  none: [],
  declare: (declared, audit, { outermost, fromUser }) => (audit !== undefined && !fromUser ? [...declared, outermost ? audit : withoutWaiver(audit)] : declared),
  combine: (audits) => ({
    retentionDays: audits.find((audit) => audit.retentionDays !== undefined)?.retentionDays,
    required: audits.some((audit) => audit.required === true) || (audits.find((audit) => audit.required !== undefined)?.required ?? true),
  }),
};

/** An inner policy's audit section without a waiver, which only the outermost policy may give. */
function withoutWaiver(audit: AuditPolicy): AuditPolicy {
  const { required, ...rest } = audit;
  return required === false ? rest : audit;
}

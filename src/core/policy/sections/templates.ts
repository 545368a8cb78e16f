import * as z from 'zod/mini';
import type { Declared, PolicySection } from './section';

const TemplateApprovalSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/), z.describe('The template id (its front-matter `id`).')),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/), z.describe('The sha256 of the approved file (`ai-guard templates list --json` prints it); any change to the file needs a new approval.')),
});

export const TemplatesSchema = z.strictObject({
  approved: z.optional(z.array(TemplateApprovalSchema).check(z.describe('Approved prompt templates: id and content hash. Approvals from every policy in force count (user settings excepted).'))),
  allowUnapproved: z.optional(
    z.boolean().check(z.describe('Whether templates that are not approved (or were changed since) may run. Any policy in force can forbid it (default: allowed, shown as unapproved).')),
  ),
});

export type TemplateApproval = z.infer<typeof TemplateApprovalSchema>;
export type TemplatesPolicy = z.infer<typeof TemplatesSchema>;

/** What the chain declared: every approval (the user's excepted) and each `allowUnapproved`. */
export interface TemplateDeclarations {
  approved: readonly TemplateApproval[];
  allowUnapproved: ReadonlyArray<Declared<boolean>>;
}

/**
 * `templates`: approvals from every policy in force but the user's settings (an approval allows
 * something, and they only restrict); unapproved templates may run unless any policy says no.
 */
export const templatesSection: PolicySection<TemplatesPolicy, TemplateDeclarations, { approved: readonly TemplateApproval[]; allowUnapproved: boolean }> = {
  schema: TemplatesSchema,
  builtIn: { approved: [], allowUnapproved: true },
  none: { approved: [], allowUnapproved: [] },
  declare: (declared, templates, { file, fromUser }) => ({
    approved: fromUser ? declared.approved : [...declared.approved, ...(templates?.approved ?? [])],
    allowUnapproved: templates?.allowUnapproved !== undefined ? [...declared.allowUnapproved, { value: templates.allowUnapproved, file }] : declared.allowUnapproved,
  }),
  combine: (declared) => ({ approved: declared.approved, allowUnapproved: declared.allowUnapproved.every((each) => each.value) }),
};

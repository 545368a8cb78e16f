import * as z from 'zod/mini';
import { WebviewStringsSchema } from './messages';

/**
 * The protocol between the audit log page (a webview panel) and the extension host, declared
 * once. Like the sidebar's, both sides validate what they receive: the page is untrusted, so a
 * message that does not parse is dropped and logged, and a filter it asks for is checked again
 * against the choices it was offered. The handshake is the sidebar's: `ready` from the page, then
 * `init` (the static strings) and `state` (the rows, again after every change of filter).
 */

/** A filter value as the page may send it: a plain id (outcome, provider, template) or a month. */
const FilterValue = z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,79}$/));
const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));

export const AuditFilterSchema = z.strictObject({
  outcome: z.optional(FilterValue),
  provider: z.optional(FilterValue),
  template: z.optional(FilterValue),
  month: z.optional(Month),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
export const AUDIT_FILTER_KEYS = ['outcome', 'provider', 'template', 'month'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

export const FromAuditPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** The page drew `rows` rows of the state it was sent last (for the tests and the count check). */
  z.strictObject({ type: z.literal('painted'), rows: z.int().check(z.minimum(0), z.maximum(100_000)) }),
  z.strictObject({ type: z.literal('filter'), filter: AuditFilterSchema }),
  z.strictObject({ type: z.literal('export') }),
  z.strictObject({ type: z.literal('verify') }),
]);
export type FromAuditPage = z.infer<typeof FromAuditPageSchema>;

const Text = z.string().check(z.maxLength(2000));
const Option = z.strictObject({ value: z.string().check(z.maxLength(80)), label: Text });

const RowSchema = z.strictObject({
  seq: z.number(),
  /** The call's local time, already formatted (`YYYY-MM-DD HH:MM:SS`). */
  time: Text,
  template: Text,
  provider: Text,
  levels: Text,
  outcome: z.enum(['ok', 'blocked', 'error', 'cancelled', 'dry-run', 'copied', 'other']),
  outcomeLabel: Text,
  masked: Text,
  tokens: Text,
  cost: Text,
});
export type AuditRow = z.infer<typeof RowSchema>;

/** Everything the audit page shows, already in the person's language: the page only lays it out. */
export const AuditModelSchema = z.strictObject({
  language: z.string().check(z.maxLength(20)),
  /** Whether the hash chain verified, and what to say about it. */
  chainOk: z.boolean(),
  status: Text,
  /** "3 calls shown of 6": its first number is always `rows.length`. */
  count: Text,
  /** Which time zone the times are in. */
  timeNote: Text,
  rows: z.array(RowSchema),
  filters: z.strictObject({ outcome: z.array(Option), provider: z.array(Option), template: z.array(Option), month: z.array(Option) }),
  selected: AuditFilterSchema,
  /** Nothing to show: no call yet, or none that the filters keep. */
  empty: z.optional(Text),
});
export type AuditModel = z.infer<typeof AuditModelSchema>;

export const ToAuditPageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), strings: WebviewStringsSchema }),
  z.strictObject({ type: z.literal('state'), model: AuditModelSchema }),
]);
export type ToAuditPage = z.infer<typeof ToAuditPageSchema>;

import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { POLICY_FORMAT_VERSION } from './envelope';
import { ClientId, LevelIdSchema, text } from './idSchemas';
import { AuditSchema } from './sections/audit';
import { CacheSchema } from './sections/cache';
import { CatalogueSchema, type ProviderDefinition } from './sections/catalogue';
import { type ClientDefinition, clientsSection } from './sections/clients';
import { ContentLevelsSchema, ContentThresholdsSchema } from './sections/contentLevels';
import { CostSchema, type CostPolicy } from './sections/cost';
import { DetectorsSchema, DictionarySchema, type PolicyDictionary } from './sections/dictionary';
import { type MatrixEntry, MatrixSchema } from './sections/matrix';
import { NetworkSchema } from './sections/network';
import { type TemplateApproval, TemplatesSchema } from './sections/templates';

export { KNOWN_TAGS } from './sections/catalogue';

/**
 * The policy file format (`.aiguard/policy.json`), as a zod schema. The JSON Schema in
 * `schemas/policy.schema.json` is generated from it, so every `describe` below is what the
 * editor shows on completion and hover.
 *
 * Objects are strict: a key the schema does not know is reported. `parse.ts` turns those
 * reports into warnings and drops the keys, so a policy written for a newer AI Guard is not
 * refused by an older one; every other schema violation is an error, and a file with an error
 * is not used (classification fails closed).
 *
 * Messages are phrased here through `l10n.t` at parse time, because zod/mini only says
 * "Invalid input".
 */

const COLOR = /^(?:#[0-9a-fA-F]{6}|[a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+)*)$/;

const LevelSchema = z.strictObject({
  id: LevelIdSchema.check(z.describe('The level id, used in the matrix, rules, defaultLevel and contentLevels.')),
  label: z
    .strictObject({
      en: text().check(z.describe('The English label.')),
      fr: text().check(z.describe('The French label.')),
    })
    .check(z.describe('What the level is called, in English and French.')),
  color: z.optional(
    z
      .string()
      .check(
        z.regex(COLOR, { error: () => l10n.t('Expected a theme colour id (such as charts.red) or #rrggbb.') }),
        z.describe('The colour of the level in the editor: a theme colour id such as `charts.orange`, or `#rrggbb`.'),
      ),
  ),
});

const RuleSchema = z.strictObject({
  pattern: z.optional(z.string().check(z.describe('A gitignore-style pattern, relative to the folder that holds `.aiguard/` (for the organisation policy: to each workspace folder).'))),
  patterns: z.optional(z.array(z.string()).check(z.minLength(1), z.describe('Several gitignore-style patterns, `!` negations allowed, read like one .gitignore file.'))),
  level: LevelIdSchema.check(z.describe('The level of the matching files.')),
  client: z.optional(ClientId.check(z.describe('The client the matching files belong to (an id from `clients`).'))),
  reason: text().check(z.describe('Why: shown to people when they ask why a file has its level.')),
});

export const PolicySchema = z
  .strictObject({
    $schema: z.optional(z.string().check(z.describe('The JSON Schema this file follows, for editors.'))),
    version: z.literal(POLICY_FORMAT_VERSION).check(z.describe('The policy format version. Only 1 exists today.')),
    levels: z.optional(
      z
        .array(LevelSchema)
        .check(
          z.minLength(1),
          z.describe(
            'The sensitivity levels, least sensitive first. The outermost policy in force fixes them (these, or the built-in four when it declares none); policies inside it may repeat them but not change them.',
          ),
        ),
    ),
    defaultLevel: z.optional(LevelIdSchema.check(z.describe('The level of files no rule of this policy matches.'))),
    matrix: z.optional(MatrixSchema),
    providers: z.optional(CatalogueSchema),
    rules: z.optional(z.array(RuleSchema).check(z.describe('Path rules. Every matching rule counts and the highest level wins; a file no rule matches gets defaultLevel.'))),
    clients: z.optional(clientsSection.schema),
    contentLevels: z.optional(ContentLevelsSchema),
    contentThresholds: z.optional(ContentThresholdsSchema),
    dictionary: z.optional(DictionarySchema),
    detectors: z.optional(DetectorsSchema),
    network: z.optional(NetworkSchema),
    templates: z.optional(TemplatesSchema.check(z.describe('Which prompt templates are approved, and whether others may run.'))),
    cost: z.optional(CostSchema.check(z.describe('Prices and budgets for AI calls.'))),
    cache: z.optional(CacheSchema),
    audit: z.optional(AuditSchema),
    telemetry: z.optional(
      z
        .strictObject({
          endpoint: z.optional(
            z
              .string()
              .check(
                z.regex(/^https?:\/\/\S+$/, { error: () => l10n.t('The telemetry endpoint is an https URL (http only on this machine).') }),
                z.describe(
                  "The OpenTelemetry collector that receives the opt-in adoption telemetry (OTLP/HTTP; '/v1/logs' is added when missing). It wins over the aiGuard.telemetry.endpoint setting, but never turns telemetry on: each person opts in.",
                ),
              ),
          ),
          team: z.optional(
            z
              .string()
              .check(
                z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { error: () => l10n.t('A team label is made of lowercase letters, digits and - (32 at most).') }),
                z.describe('A team label sent with the telemetry, so the dashboard can show figures per team (a team, never a person).'),
              ),
          ),
          token: z.optional(
            z
              .string()
              .check(
                z.regex(/^[\x21-\x7e]{8,512}$/, { error: () => l10n.t('The telemetry token is 8 to 512 visible ASCII characters.') }),
                z.describe(
                  "The collector's ingest token (its --token), sent as a bearer token, only to the endpoint this policy names. It lets the collector refuse posts from elsewhere; it is not a secret from the people who read this policy.",
                ),
              ),
          ),
        })
        .check(z.describe('Where the opt-in adoption telemetry goes. Read from the organisation policy only.')),
    ),
  })
  .check(z.describe('Etech AI Guard policy: which data may go to which AI provider.'));

export type PolicyDocument = z.infer<typeof PolicySchema>;
/** A sensitivity level's id (`public`, `confidential`…), as the matrix, rules and classifications name it. */
export type LevelId = z.infer<typeof LevelIdSchema>;
/** A sensitivity level's definition: its id, labels and colour. */
export type SensitivityLevel = z.infer<typeof LevelSchema>;
export type RuleDefinition = z.infer<typeof RuleSchema>;
export type { ClientDefinition, ProviderDefinition, MatrixEntry, CostPolicy, PolicyDictionary, TemplateApproval };
export type TelemetryPolicy = NonNullable<PolicyDocument['telemetry']>;
export type AuditForwardPolicy = NonNullable<NonNullable<PolicyDocument['audit']>['forward']>;

/** Whether a provider reference is a tag (`tag:eu-hosted`) rather than an id or `*`. */
export function tagOf(reference: string): string | undefined {
  return reference.startsWith('tag:') ? reference.slice(4) : undefined;
}

/** Whether a provider with this id and these tags satisfies one provider-list entry: `*`, its id, or `tag:` one of its tags. */
export function entryAllows(entry: string, id: string, hasTag: (tag: string) => boolean): boolean {
  if (entry === '*') return true;
  const tag = tagOf(entry);
  return tag === undefined ? entry === id : hasTag(tag);
}

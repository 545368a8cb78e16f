import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { INPUT_NAMES, INPUT_SPEC } from './inputs';

/**
 * The front-matter of a template (`---` YAML `---` at the top of a `.prompt.md` file), as a zod
 * schema. Messages are phrased here through `l10n.t`, lazily (at parse time, in the language
 * in force then), because zod/mini only says "Invalid input". Keys the schema does not know
 * are not errors: `parse.ts` reports them as warnings, so files shared with other AI tools
 * (whose `.prompt.md` front-matter has keys such as `mode` or `tools`) still load.
 */

/** Who a template is for, from the use cases of Etech's note (§2.3), in display order. */
export const PROFILES = ['dev', 'test', 'devops', 'archi', 'ops', 'project'] as const;
export type Profile = (typeof PROFILES)[number];

/**
 * What the answer is: prose (`markdown`), a replacement for the selection (`code`: the answer
 * holds one fenced block the editor can apply as a diff), or a unified diff (`diff`).
 */
export const OUTPUTS = ['markdown', 'code', 'diff'] as const;
export type OutputKind = (typeof OUTPUTS)[number];

/** How capable a model the template needs; the provider settings map each tier to a model. */
export const MODEL_TIERS = ['fast', 'standard', 'advanced'] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

/** The language a template is written in (and asks the model to answer in). */
export const TEMPLATE_LANGUAGES = ['en', 'fr'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/** The same shape as a level id in the policy; whether the level exists is checked at run time. */
const LEVEL_ID = /^[a-z][a-z0-9_-]*$/;

const text = () => z.string().check(z.trim(), z.minLength(1));

export const FrontMatterSchema = z.object({
  id: z.string().check(z.regex(ID, { error: () => l10n.t('A template id is kebab-case: lowercase letters and digits separated by single hyphens, such as code-review.') })),
  title: text(),
  description: text(),
  profile: z.enum(PROFILES),
  version: z.string().check(z.regex(VERSION, { error: () => l10n.t('A version is written major.minor.patch, such as 1.0.0 (in quotes if YAML reads it as a number).') })),
  inputs: z.array(
    z.string().check(
      z.regex(INPUT_SPEC, {
        error: (issue) => l10n.t('Unknown input {0}. Inputs are: {1}; add ? to make one optional.', JSON.stringify(issue.input), INPUT_NAMES.join(', ')),
      }),
    ),
  ),
  output: z.enum(OUTPUTS),
  maxLevel: z.optional(z.string().check(z.regex(LEVEL_ID, { error: () => l10n.t('A level id is made of lowercase letters, digits, - and _, and starts with a letter.') }))),
  modelTier: z.optional(z.enum(MODEL_TIERS)),
  language: z.optional(z.enum(TEMPLATE_LANGUAGES)),
});

export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** The keys the front-matter understands, for reporting the others. */
export const FRONT_MATTER_KEYS: ReadonlySet<string> = new Set(Object.keys(FrontMatterSchema.shape));

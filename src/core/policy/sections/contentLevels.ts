import * as z from 'zod/mini';
import { CATEGORIES, type Category } from '../../redaction/kinds';
import { CategorySchema, LevelIdSchema } from '../idSchemas';
import type { Declared, PolicySection } from './section';

export const ContentLevelsSchema = z
  .partialRecord(CategorySchema, LevelIdSchema)
  .check(z.describe('Per detection category: the minimum level of a file in which the redaction engine finds it (default: secret and pii → confidential).'));

export const ContentThresholdsSchema = z
  .partialRecord(CategorySchema, z.number().check(z.int(), z.gte(1), z.lte(1_000_000)))
  .check(
    z.describe(
      'Per detection category: how many findings make contentLevels apply (default: pii → 5, every other category → 1). A file of personal data (an export, a dump, a list) is not a file with one address, which redaction masks anyway. The lowest number any policy sets wins.',
    ),
  );

/** The two keys this section reads: `contentLevels` and `contentThresholds`. */
export const ContentInputSchema = z.strictObject({ contentLevels: z.optional(ContentLevelsSchema), contentThresholds: z.optional(ContentThresholdsSchema) });

export type ContentInput = z.infer<typeof ContentInputSchema>;

/** What the chain declared, per category, outermost first, and the chain's level ids to rank them. */
export interface ContentDeclarations {
  /** Whether a policy is in force yet: until one is, the built-in values answer. */
  inForce: boolean;
  /** The chain's level ids, least sensitive first (fixed by the outermost policy). */
  levelIds: readonly string[];
  byCategory: ReadonlyMap<Category, ReadonlyArray<Declared<string>>>;
  thresholds: ReadonlyMap<Category, ReadonlyArray<Declared<number>>>;
}

/** Per category: the content level in force with the policy that set it, and the threshold in force. */
export interface CombinedContent {
  levels: ReadonlyMap<Category, Declared<string>>;
  thresholds: ReadonlyMap<Category, number>;
}

/** The built-in content levels and thresholds, what the built-in policy declares. */
export const BUILT_IN_CONTENT: { contentLevels: Partial<Record<Category, string>>; contentThresholds: Partial<Record<Category, number>> } = {
  contentLevels: { secret: 'confidential', pii: 'confidential' },
  // A data-protection officer's reading: a file OF personal data (an export, a dump, a list: five
  // items or more) is confidential; a file WITH one address in a comment is not, since redaction
  // masks that address before any call anyway. One secret is enough.
  contentThresholds: { pii: 5 },
};

/**
 * `contentLevels` and `contentThresholds`: every policy's, user settings included, outermost
 * first. A file's content can only make it more sensitive: per category, the highest content
 * level any policy sets (a level the chain lacks counts as the highest: failing closed) and the
 * lowest threshold. Until a policy is in force, the built-in values answer.
 */
export const contentLevelsSection: PolicySection<ContentInput, ContentDeclarations, CombinedContent> = {
  schema: ContentInputSchema,
  builtIn: BUILT_IN_CONTENT,
  none: { inForce: false, levelIds: [], byCategory: new Map(), thresholds: new Map() },
  declare: (declared, input, origin) => {
    const byCategory = new Map(declared.byCategory);
    for (const [category, level] of Object.entries(input?.contentLevels ?? {}) as Array<[Category, string]>)
      byCategory.set(category, [...(byCategory.get(category) ?? []), { value: level, file: origin.file }]);
    const thresholds = new Map(declared.thresholds);
    for (const [category, count] of Object.entries(input?.contentThresholds ?? {}) as Array<[Category, number]>)
      thresholds.set(category, [...(thresholds.get(category) ?? []), { value: count, file: origin.file }]);
    return { inForce: true, levelIds: declared.inForce ? declared.levelIds : (origin.levels ?? []), byCategory, thresholds };
  },
  combine: (declared) => {
    if (!declared.inForce) {
      return {
        levels: new Map(Object.entries(BUILT_IN_CONTENT.contentLevels).map(([category, level]) => [category as Category, { value: level, file: undefined }])),
        thresholds: new Map(Object.entries(BUILT_IN_CONTENT.contentThresholds) as Array<[Category, number]>),
      };
    }
    const rank = (level: string) => {
      const index = declared.levelIds.indexOf(level);
      return index < 0 ? declared.levelIds.length - 1 : index;
    };
    const levels = new Map<Category, Declared<string>>();
    for (const [category, each] of declared.byCategory) {
      let best = each[0];
      for (const d of each) if (best === undefined || rank(d.value) > rank(best.value)) best = d;
      if (best !== undefined) levels.set(category, best);
    }
    const thresholds = new Map<Category, number>();
    for (const [category, each] of declared.thresholds) if (each.length > 0) thresholds.set(category, Math.min(...each.map((d) => d.value)));
    return { levels, thresholds };
  },
  // Each built-in content level and threshold whose category the outermost policy leaves out.
  remainder: (input) => {
    const contentLevels: Partial<Record<Category, string>> = {};
    for (const [category, level] of Object.entries(BUILT_IN_CONTENT.contentLevels) as Array<[Category, string]>) if (input?.contentLevels?.[category] === undefined) contentLevels[category] = level;
    const contentThresholds: Partial<Record<Category, number>> = {};
    // Every category's, the implicit 1 included: a threshold no policy declared answers 1, so one
    // the outermost leaves out is 1 for it, and a policy inside it that declares 1000 must not be
    // the only declaration, which would raise it (the lowest wins; inner policies only narrow).
    for (const category of CATEGORIES) if (input?.contentThresholds?.[category] === undefined) contentThresholds[category] = BUILT_IN_CONTENT.contentThresholds[category] ?? 1;
    return { contentLevels, contentThresholds };
  },
};

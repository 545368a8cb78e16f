import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { NAME_ID, TAG } from '../providers/kinds';
import { CATEGORIES } from '../redaction/kinds';

/**
 * The ids and references several policy sections use, in one place, so that each section module
 * (`sections/*.ts`) and the policy format (`schema.ts`) spell them the same way.
 */

const LEVEL_ID = /^[a-z][a-z0-9_-]*$/;
const PROVIDER_REF = /^(?:\*|tag:[a-z0-9][a-z0-9-]*|[a-z0-9][a-z0-9._-]*)$/;

/** A provider id, as the catalogue and every section that names a provider spell it. */
export const ProviderId = z.string().check(z.regex(NAME_ID, { error: () => l10n.t('A provider id is made of lowercase letters, digits, ., - and _.') }));

/** A text people read: trimmed, never empty. */
export const text = () => z.string().check(z.trim(), z.minLength(1));

export const LevelIdSchema = z.string().check(z.regex(LEVEL_ID, { error: () => l10n.t('A level id is made of lowercase letters, digits, - and _, and starts with a letter.') }));

export const ClientId = z.string().check(z.regex(NAME_ID, { error: () => l10n.t('A client id is made of lowercase letters, digits, ., - and _.') }));

export const Tag = z.string().check(z.regex(TAG, { error: () => l10n.t('A tag is made of lowercase letters, digits and -.') }));

export const ProviderRef = z
  .string()
  .check(
    z.regex(PROVIDER_REF, { error: () => l10n.t("Expected a provider id, 'tag:' followed by a tag (such as tag:eu-hosted), or * for any provider.") }),
    z.describe('A provider id from the catalogue, `tag:<tag>` for every provider carrying that tag, or `*` for any provider.'),
  );

export const CategorySchema = z.enum(CATEGORIES);

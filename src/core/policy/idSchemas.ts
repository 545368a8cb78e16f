import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { NAME_ID } from '../providers/kinds';

/** A provider id, as the catalogue and every section that names a provider spell it. */
export const ProviderId = z.string().check(z.regex(NAME_ID, { error: () => l10n.t('A provider id is made of lowercase letters, digits, ., - and _.') }));

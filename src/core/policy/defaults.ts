import type { PolicyDocument } from './schema';
import { SECTIONS } from './sections';
import { BUILT_IN_CATALOGUE } from './sections/catalogue';
import { BUILT_IN_CONTENT } from './sections/contentLevels';
import { BUILT_IN_MATRIX } from './sections/matrix';

/**
 * The built-in policy: what applies where no policy says otherwise. It is not a layer (a layer
 * could only tighten it); each of its values is used only when no policy in force declares
 * that value, key by key: a workspace that declares `defaultLevel` and nothing else keeps the
 * built-in levels, matrix, providers and content levels.
 *
 * The levels follow Annex B of Etech's note. The same policy, with comments, ships as
 * `schemas/default-policy.jsonc`; a unit test keeps the two equal.
 */
/** Every key of a policy, present and defined (zod infers optional keys as `?: T | undefined`). */
type Complete<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export const DEFAULT_POLICY: Complete<Omit<PolicyDocument, '$schema'>> = {
  version: 1,
  levels: [
    { id: 'public', label: { en: 'Public', fr: 'Public' }, color: 'charts.green' },
    { id: 'internal', label: { en: 'Internal', fr: 'Interne' }, color: 'charts.blue' },
    { id: 'confidential', label: { en: 'Confidential', fr: 'Confidentiel' }, color: 'charts.orange' },
    { id: 'restricted', label: { en: 'Restricted', fr: 'Restreint' }, color: 'charts.red' },
  ],
  defaultLevel: 'internal',
  rules: [],
  // Every section declares its own built-in value (`sections/`).
  matrix: BUILT_IN_MATRIX,
  providers: BUILT_IN_CATALOGUE,
  clients: SECTIONS.clients.builtIn,
  contentLevels: BUILT_IN_CONTENT.contentLevels,
  contentThresholds: BUILT_IN_CONTENT.contentThresholds,
  dictionary: {},
  detectors: {},
  network: SECTIONS.network.builtIn,
  templates: SECTIONS.templates.builtIn,
  cost: SECTIONS.cost.builtIn,
  audit: SECTIONS.audit.builtIn,
  cache: SECTIONS.cache.builtIn,
  telemetry: {},
};

/** The level built-in sensitive paths (private keys, `.env`, credentials) are given. */
export const SENSITIVE_PATH_LEVEL = 'restricted';

/** The level of environment templates (`.env.example`), which usually hold placeholders only. */
export const TEMPLATE_PATH_LEVEL = 'internal';

/**
 * The floor of every file under a policy that is invalid and has no earlier valid version:
 * classification fails closed rather than falling back to the default.
 */
export const INVALID_POLICY_LEVEL = 'confidential';

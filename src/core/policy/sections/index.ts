import type { PolicyDocument } from '../schema';
import { auditSection } from './audit';
import { cacheSection } from './cache';
import { catalogueSection } from './catalogue';
import { clientsSection } from './clients';
import { contentLevelsSection } from './contentLevels';
import { costSection } from './cost';
import { dictionarySection } from './dictionary';
import { matrixSection } from './matrix';
import { networkSection } from './network';
import type { Origin, PolicySection } from './section';
import { templatesSection } from './templates';

/**
 * The sections of the policy, one module each (`sections/*.ts`: schema, built-in value,
 * declarations, their most restrictive combination and what the outermost policy adopts), by
 * their key in the policy (`READS` below for a section that reads other keys). The levels and
 * the default level, which every section is read against, are the chain's own (`effective.ts`).
 */
export const SECTIONS = {
  templates: templatesSection,
  cost: costSection,
  cache: cacheSection,
  audit: auditSection,
  network: networkSection,
  dictionary: dictionarySection,
  clients: clientsSection,
  contentLevels: contentLevelsSection,
  matrix: matrixSection,
  catalogue: catalogueSection,
} as const;

type Sections = typeof SECTIONS;
export type SectionKey = keyof Sections;

/** What a chain declared, section by section. */
export type SectionDeclarations = { readonly [K in SectionKey]: Sections[K]['none'] };

/** Each section's combined value. */
export type SectionValues = { readonly [K in SectionKey]: ReturnType<Sections[K]['combine']> };

/** What each section reads of a policy: its own key, unless it reads several. */
type Input<K extends SectionKey> = Parameters<Sections[K]['declare']>[1];
const READS: { readonly [K in SectionKey]?: (policy: PolicyDocument) => Input<K> } = {
  catalogue: (policy) => policy.providers,
  contentLevels: (policy) => ({
    ...(policy.contentLevels === undefined ? {} : { contentLevels: policy.contentLevels }),
    ...(policy.contentThresholds === undefined ? {} : { contentThresholds: policy.contentThresholds }),
  }),
  dictionary: (policy) => ({
    ...(policy.dictionary === undefined ? {} : { dictionary: policy.dictionary }),
    ...(policy.detectors?.custom === undefined ? {} : { custom: policy.detectors.custom }),
    ...(policy.clients === undefined ? {} : { clients: policy.clients }),
  }),
};

/** A chain's declarations before any policy. */
export function noDeclarations(): SectionDeclarations {
  return Object.fromEntries(Object.entries(SECTIONS).map(([key, section]) => [key, section.none])) as unknown as SectionDeclarations;
}

/** The declarations with one more (inner) policy's sections. */
export function declareSections(declared: SectionDeclarations, policy: PolicyDocument, origin: Origin): SectionDeclarations {
  const next: Partial<Record<SectionKey, unknown>> = {};
  for (const key of Object.keys(SECTIONS) as SectionKey[]) {
    const section = SECTIONS[key] as PolicySection<unknown, unknown, unknown>;
    next[key] = section.declare(declared[key], read(key, policy), origin);
  }
  return next as SectionDeclarations;
}

/**
 * The declarations with the built-in values the outermost policy (`policy`, just declared) leaves
 * undeclared, as the built-in policy's: each section's `remainder`; and what it leaves out that no
 * built-in covers, closed, under its own `file` (each section's `closedRemainder`).
 */
export function adoptBuiltIns(declared: SectionDeclarations, policy: PolicyDocument, file: string | undefined, levels: readonly string[]): SectionDeclarations {
  const next: Partial<Record<SectionKey, unknown>> = { ...declared };
  for (const key of Object.keys(SECTIONS) as SectionKey[]) {
    const section = SECTIONS[key] as PolicySection<unknown, unknown, unknown>;
    const raw = read(key, policy);
    const remainder = section.remainder?.(raw, levels);
    if (remainder !== undefined) next[key] = section.declare(next[key], remainder, { file: undefined, outermost: false, fromUser: false, levels });
    const closed = section.closedRemainder?.(raw, levels);
    if (closed !== undefined) next[key] = section.declare(next[key], closed, { file, outermost: false, fromUser: false, levels });
  }
  return next as SectionDeclarations;
}

/** What one section reads of a policy. */
function read(key: SectionKey, policy: PolicyDocument): unknown {
  const reads = READS[key] as ((policy: PolicyDocument) => unknown) | undefined;
  return reads === undefined ? policy[key as keyof PolicyDocument] : reads(policy);
}

/** One section's combined value, the most restrictive way. */
export function combined<K extends SectionKey>(declared: SectionDeclarations, key: K): SectionValues[K] {
  return (SECTIONS[key] as PolicySection<unknown, unknown, unknown>).combine(declared[key]) as SectionValues[K];
}

import type { Classification } from '../classification/types';
import type { ProviderTrust } from '../policy/providerTrust';
import { entryAllows } from '../policy/schema';

/**
 * What the policy checks about a provider: its id and its tags, as the policy's `providers`
 * catalogue grants them. Callers must not take tags from the provider's own settings: a setting
 * that called any endpoint `eu-hosted` would get past the policy. `untrusted` marks a
 * configuration whose kind or address is not what the catalogue declares for its id: it is not
 * that provider, so only `*` admits it (see `identityOf`).
 */
export interface ProviderIdentity {
  id: string;
  tags: readonly string[];
  untrusted?: boolean;
}

/** A configured provider's identity for the matrix, from what the policy grants it (`PolicyStore.providerTrustFor`). */
export function identityOf(id: string, trust: ProviderTrust): ProviderIdentity {
  return { id, tags: trust.tags, ...(trust.mismatch === undefined ? {} : { untrusted: true }) };
}

/**
 * Whether a provider may see a file: AI is allowed for it, and the provider satisfies every
 * provider list that applies (each list is a disjunction of ids, `tag:…` and `*`).
 */
export function providerAllowed(classification: Classification, provider: ProviderIdentity): boolean {
  if (!classification.aiAllowed) return false;
  const allows = (entry: string) => (provider.untrusted === true ? entry === '*' : entryAllows(entry, provider.id, (tag) => provider.tags.includes(tag)));
  return classification.providerRules.every((rule) => rule.some(allows));
}

/** The providers, among `candidates`, that every source allows. */
export function providersAllowedForAll(classifications: readonly Classification[], candidates: readonly ProviderIdentity[]): ProviderIdentity[] {
  return candidates.filter((candidate) => classifications.every((classification) => providerAllowed(classification, candidate)));
}

/** The most sensitive of several classifications (the highest rank; the first on a tie). */
export function highest(classifications: readonly Classification[]): Classification | undefined {
  let top: Classification | undefined;
  for (const classification of classifications) if (!top || classification.levelRank > top.levelRank) top = classification;
  return top;
}

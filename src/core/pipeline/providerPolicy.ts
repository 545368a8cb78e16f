import * as l10n from '@vscode/l10n';
import type { Classification } from '../classification/types';
import { policyName } from '../policy/problems';
import type { ProviderTrust } from '../policy/providerTrust';
import { entryAllows, tagOf } from '../policy/schema';

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
export function providerAllowed(classification: Classification, provider: ProviderIdentity, rules: ReadonlyArray<readonly string[]> = classification.providerRules): boolean {
  if (!classification.aiAllowed) return false;
  const allows = (entry: string) => (provider.untrusted === true ? entry === '*' : entryAllows(entry, provider.id, (tag) => provider.tags.includes(tag)));
  return rules.every((rule) => rule.some(allows));
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

/** A configured provider the files' levels leave out, and why, in words that name the policy key to change. */
export interface ProviderExclusion {
  id: string;
  why: string;
}

/**
 * Why `provider` may not see every one of `classifications` (undefined when it may): the first
 * file and provider list it fails, what that list asks for, what the policy grants the provider,
 * and which key would change it. Every place that filters providers says this, so a configured
 * provider never disappears silently.
 */
export function whyNotAllowed(classifications: readonly Classification[], provider: ProviderIdentity, show: (path: string) => string = (path) => path): string | undefined {
  for (const classification of classifications) {
    const where = `${show(classification.path)} (${classification.levelLabel})`;
    if (!classification.aiAllowed) {
      return classification.excluded
        ? l10n.t("'{0}' is not allowed for {1}: an AI ignore file excludes it from every provider.", provider.id, where)
        : l10n.t("'{0}' is not allowed for {1}: the policy allows no AI at this level (matrix.{2}.aiAllowed).", provider.id, where, classification.level);
    }
    const failing = classification.providerRules.findIndex((rule) => !providerAllowed(classification, provider, [rule]));
    if (failing === -1) continue;
    const rule = classification.providerRules[failing] ?? [];
    const origin = classification.providerRuleOrigins?.[failing];
    const key = origin?.key ?? `matrix.${classification.level}.providers`;
    const declared = l10n.t('{0} in {1}', key, policyName(origin?.file));
    if (provider.untrusted === true) {
      return l10n.t(
        "'{0}' is not allowed for {1}: its kind or address is not what the policy's providers.{0} entry declares, so it counts as an unknown provider, which only \"*\" admits ({2}). Fix its configuration (see the AI Guard log), or the policy's providers.{0}.",
        provider.id,
        where,
        declared,
      );
    }
    if (rule.length === 0) return l10n.t("'{0}' is not allowed for {1}: {2} allows no provider.", provider.id, where, declared);
    const tags = rule.map(tagOf).filter((tag): tag is string => tag !== undefined);
    const ids = rule.filter((entry) => tagOf(entry) === undefined);
    const asks = [...(tags.length > 0 ? [l10n.t('a tag among {0}', tags.join(', '))] : []), ...(ids.length > 0 ? [l10n.t('one of the providers {0}', ids.join(', '))] : [])].join(l10n.t(' or '));
    const has = provider.tags.length > 0 ? provider.tags.join(', ') : l10n.t('none');
    return l10n.t(
      "'{0}' is not allowed for {1}: {2} asks for {3}, and the policy grants '{0}' none of them (its tags: {4}). To allow it, give it one of those tags in the outermost policy's providers.{0}.tags, or add \"{0}\" to {2}.",
      provider.id,
      where,
      declared,
      asks,
      has,
    );
  }
  return undefined;
}

/** The candidates that some file leaves out, each with why (see `whyNotAllowed`). */
export function providerExclusions(classifications: readonly Classification[], candidates: readonly ProviderIdentity[], show?: (path: string) => string): ProviderExclusion[] {
  const out: ProviderExclusion[] = [];
  for (const candidate of candidates) {
    const why = whyNotAllowed(classifications, candidate, show);
    if (why !== undefined) out.push({ id: candidate.id, why });
  }
  return out;
}

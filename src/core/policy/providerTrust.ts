import * as l10n from '@vscode/l10n';
import { addressOf } from '../providers/endpoints';
import type { ProviderKind } from '../providers/kinds';
import { atEndpoint, originOf } from '../providers/origins';
import { policyName } from './problems';

/**
 * What identifies a provider: its id, its kind and the address it is called at, together. The
 * policy's catalogue binds an id to a kind and to endpoints; a configured provider (an editor
 * setting, the CLI's providers file, `--kind`/`--base-url`) gets the id's tags only when it
 * matches them, so a setting that binds the trusted id `mistral` to another host or protocol
 * gets nothing from the policy.
 */

/**
 * A provider of the catalogue, with the policy that declared it (undefined: built in): what it
 * guarantees (tags) and what identifies it, the protocol it speaks and the origins it may be
 * called at. A configured provider gets the tags only when its kind and address match
 * (`trustOf` below).
 */
export interface CatalogueEntry {
  tags: ReadonlySet<string>;
  kind?: ProviderKind;
  endpoints?: readonly string[];
  file: string | undefined;
}

/** A provider as configured: what the catalogue is checked against. */
export interface ConfiguredProvider {
  id: string;
  kind: ProviderKind;
  baseUrl?: string | undefined;
  /** Bedrock's region and Vertex AI's location, which decide the address when there is no base URL. */
  region?: string | undefined;
  location?: string | undefined;
}

/** What the policy grants a configured provider. */
export interface ProviderTrust {
  /** The catalogue's tags for its id, when its kind and address match the entry (empty otherwise). */
  tags: string[];
  /**
   * Why it does not match its id's catalogue entry, naming the key to fix. Such a provider has no
   * tags and satisfies no provider list that names its id: only `*` admits it.
   */
  mismatch?: string;
  /** Whether the catalogue names its address for it, so its vendor's key may be sent there. */
  endpointNamed: boolean;
}

/** Checks a configured provider against the catalogue entry of its id (undefined: not in the catalogue). */
export function trustOf(entry: CatalogueEntry | undefined, config: ConfiguredProvider): ProviderTrust {
  if (entry === undefined) return { tags: [], endpointNamed: false };
  const declaredBy = policyName(entry.file);
  if (entry.kind !== undefined && entry.kind !== config.kind) {
    return {
      tags: [],
      endpointNamed: false,
      mismatch: l10n.t(
        "Provider '{0}' is configured with kind {1}, but {2} declares '{0}' as {3}: it gets none of the policy's tags for '{0}' and is allowed only where any provider is. Fix \"kind\" in its configuration, or give it another id.",
        config.id,
        config.kind,
        declaredBy,
        entry.kind,
      ),
    };
  }
  const address = addressOf(config);
  const endpointNamed = address !== undefined && entry.endpoints !== undefined && atEndpoint(entry.endpoints, address);
  if (entry.endpoints !== undefined && !endpointNamed) {
    const where = address === undefined ? l10n.t('no address') : (originOf(address) ?? l10n.t('an address that is not an http(s) URL'));
    return {
      tags: [],
      endpointNamed: false,
      mismatch: l10n.t(
        "Provider '{0}' is configured at {1}, which {2} does not list among the endpoints of '{0}' ({3}): it gets none of the policy's tags for '{0}' and is allowed only where any provider is. Fix \"baseUrl\" in its configuration, or the policy's providers.{0}.endpoints.",
        config.id,
        where,
        declaredBy,
        entry.endpoints.join(', ') || l10n.t('none'),
      ),
    };
  }
  return { tags: [...entry.tags], endpointNamed };
}

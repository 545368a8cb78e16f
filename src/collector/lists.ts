import { DEFAULT_POLICY } from '../core/policy/defaults';
import { CUSTOM_TEMPLATE, OTHER } from '../core/telemetry/builders';
import { BUILTIN_FILES } from '../core/templates/builtin.generated';
import type { CollectorConfig } from './config';
import type { ClosedLists } from './queries';

/**
 * The closed lists the dashboard names values from: what the product ships (built-in template
 * ids, the built-in levels, `custom` and `other`) and what the AI lead configured (approved
 * template ids, the policy's own levels, the teams). A value a client sends that is in none of
 * them is counted as "unlisted", so free text (a client's or a person's name posted as a
 * template, level or team) never reaches the page.
 */

const BUILTIN_TEMPLATE_IDS: readonly string[] = [...new Set(BUILTIN_FILES.flatMap((file) => /^id:\s*([a-z0-9][a-z0-9-]*)\s*$/m.exec(file.text)?.[1] ?? []))];

export function closedListsOf(config: Pick<CollectorConfig, 'templates' | 'levels' | 'teams'>): ClosedLists {
  return {
    templates: new Set([...BUILTIN_TEMPLATE_IDS, CUSTOM_TEMPLATE, ...(config.templates ?? [])]),
    levels: new Set([...DEFAULT_POLICY.levels.map((level) => level.id), OTHER, ...(config.levels ?? [])]),
    teams: new Set(config.teams ?? []),
  };
}

// The policy's public face: the format, parsing with positions, the organisation
// policy and the starter file. Classification (`../classification`) builds on it.
import { EffectivePolicy } from './effective';
import { checkAgainst } from './layers';
import { parsePolicyText } from './parse';
import { hasErrors, type Problem, sortProblems } from './problems';
import type { PolicyDocument } from './schema';

export { POLICY_FORMAT_VERSION } from './envelope';
export {
  PolicySchema,
  KNOWN_TAGS,
  type PolicyDocument,
  type LevelId,
  type SensitivityLevel,
  type MatrixEntry,
  type RuleDefinition,
  type ClientDefinition,
  type ProviderDefinition,
  type PolicyDictionary,
} from './schema';
export { DEFAULT_POLICY, SENSITIVE_PATH_LEVEL, TEMPLATE_PATH_LEVEL, INVALID_POLICY_LEVEL } from './defaults';
export { type Problem, type Span, formatProblem, sortProblems, hasErrors } from './problems';
export { type ParsedPolicy, parsePolicyText, parsePolicyValue, formatJsonPath } from './parse';
export { isUrlLocation, loadOrganisationPolicy, type OrganisationPolicyLoad, type OrganisationPolicyPorts } from './organisation';
export { renderStarterPolicy, clientId, type StarterOptions } from './starter';
export { trustOf, type CatalogueEntry, type ConfiguredProvider, type ProviderTrust } from './providerTrust';
export type { EffectivePolicy } from './effective';

/**
 * Checks one policy file on its own, as a workspace policy with no organisation policy around
 * it: syntax, schema, and references to levels, providers and clients. `policy` is set only
 * when there is no error. (Inside a workspace, `PolicyStore` checks each file in its context.)
 */
export function parsePolicyFile(path: string, text: string): { policy?: PolicyDocument; problems: Problem[] } {
  const parsed = parsePolicyText(path, text);
  if (parsed.document === undefined) return { problems: [...parsed.problems] };
  const problems = sortProblems([...parsed.problems, ...checkAgainst(parsed.document, parsed.report, EffectivePolicy.builtIn(), 'workspace', path)]);
  return hasErrors(problems) ? { problems } : { policy: parsed.document, problems };
}

// The governed AI call: one pipeline for the editor and the CLI.
export {
  cutByTokenLimit,
  maskedCount,
  promptText,
  runPipeline,
  type PipelineRequest,
  type PipelinePorts,
  type PipelineOutcome,
  type PipelineSource,
  type ProviderChoice,
  type RedactedPrompt,
  type BlockReason,
  type RunOptions,
} from './pipeline';
export { identityOf, providerAllowed, providerExclusions, providersAllowedForAll, highest, whyNotAllowed, type ProviderExclusion, type ProviderIdentity } from './providerPolicy';
export { callRecordOf, type CallRecord } from './record';
export { RunAudit } from './runAudit';

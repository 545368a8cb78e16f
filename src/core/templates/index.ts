// Prompt templates: the `.prompt.md` format (see README.md here), parsing with positions,
// approval by content hash, rendering, the built-in library and loading from workspace and
// organisation folders.
export { INPUT_NAMES, INPUT_PLACEHOLDERS, type InputName, type InputSpec, inputLabel } from './inputs';
export { PROFILES, OUTPUTS, MODEL_TIERS, TEMPLATE_LANGUAGES, type Profile, type OutputKind, type ModelTier, type TemplateLanguage } from './schema';
export type { Template, TemplateOrigin } from './types';
export type { TemplateContext } from './context';
export { parseTemplate, type ParsedTemplate } from './parse';
export { contentHash, approvalOf, type Approval, type ApprovalState } from './approval';
export { renderTemplate, describeMissing, type InsertedValue, type RenderedPrompt } from './render';
export { profileLabel, approvalLabel } from './labels';
export { builtinTemplates } from './builtin';
export {
  loadTemplates,
  ORGANISATION_PROMPTS_FOLDER,
  PROMPTS_FOLDER,
  templateSources,
  TEMPLATE_SUFFIX,
  type LoadOptions,
  type LoadedTemplate,
  type TemplateLibrary,
  type TemplateSource,
} from './loader';
export { describeTruncation, truncateScanned, type ScannedText, type Truncation } from './truncate';

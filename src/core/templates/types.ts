import type { InputSpec } from './inputs';
import type { ModelTier, OutputKind, Profile, TemplateLanguage } from './schema';

/**
 * Where a template comes from. Built-ins ship inside AI Guard and are approved by the product
 * itself (their text is reviewed with its source code and cannot change without a release);
 * organisation and workspace templates are files, approved by the policy.
 */
export type TemplateOrigin = 'built-in' | 'organisation' | 'workspace';

/** A template that parsed without error, ready to render. */
export interface Template {
  /** Stable kebab-case id; a French and an English version of one template share it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly profile: Profile;
  readonly version: string;
  readonly inputs: readonly InputSpec[];
  readonly output: OutputKind;
  /** A classification level id above which the template must not run (checked by the pipeline). */
  readonly maxLevel?: string;
  readonly modelTier?: ModelTier;
  /** `en` unless the front-matter says otherwise. */
  readonly language: TemplateLanguage;
  /** The system part of the body (the `## System` section), with its tags; empty when there is none. */
  readonly system: string;
  /** The user part of the body, with its tags. */
  readonly prompt: string;
  readonly origin: TemplateOrigin;
  /** The file it was read from; for a built-in, `built-in/<language>/<id>.prompt.md`. */
  readonly path: string;
  /** `contentHash` of the file's text: what an approval in the policy names. */
  readonly sha256: string;
}

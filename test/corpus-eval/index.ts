/**
 * The evaluation corpus: labelled files, hard negatives and placeholders, assembled at run time
 * from a seed (README.md says where each form comes from). It is kept apart from the detectors'
 * own examples (`tokenCatalogueExamples.ts`) and from `test/corpus`, which the detectors were
 * tuned on; nothing here imports a detector.
 */
import { Random } from '../corpus/random';
import type { EvalFile } from './doc';
import { ALL_TEMPLATES as TEMPLATES } from './documents';
import { hardNegativeSnippets, placeholderSnippets, type Snippet } from './negatives';

export type { EvalCategory, EvalFile, EvalLabel } from './doc';
export type { Snippet } from './negatives';
export { TOKEN_FORMATS } from './formats';

export const EVAL_CORPUS_NAME = "test/corpus-eval (independent: other scanners' fixtures and public format specifications)";

export interface EvalCorpus {
  readonly files: readonly EvalFile[];
  readonly hardNegatives: readonly Snippet[];
  readonly placeholders: readonly Snippet[];
}

/** What a corpus is made from: file templates, and its hard negatives and placeholders. */
export interface CorpusSources {
  readonly templates: ReadonlyArray<{ readonly build: (r: Random, index: number) => EvalFile }>;
  readonly hardNegatives: (r: Random, rounds: number) => readonly Snippet[];
  readonly placeholders: () => readonly Snippet[];
}

/** `rounds` files of every template (each from its own stream), and the snippets. */
export function assembleCorpus(sources: CorpusSources, options: { seed: number; rounds: number }): EvalCorpus {
  const r = new Random(options.seed);
  const files: EvalFile[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const template of sources.templates) files.push(template.build(r.fork(), files.length));
  }
  return { files, hardNegatives: sources.hardNegatives(r.fork(), Math.max(1, options.rounds)), placeholders: sources.placeholders() };
}

export function buildEvalCorpus(options: { seed: number; rounds: number }): EvalCorpus {
  return assembleCorpus({ templates: TEMPLATES, hardNegatives: hardNegativeSnippets, placeholders: placeholderSnippets }, options);
}

import type { Problem } from '../policy/problems';
import { BUILTIN_FILES } from './builtin.generated';
import { parseTemplate } from './parse';
import type { Template } from './types';

let parsed: { templates: readonly Template[]; problems: readonly Problem[] } | undefined;

/**
 * Every built-in template, in every language, parsed once on first use (about thirty small
 * files). A unit test proves they all parse without a problem; were one broken anyway, it
 * would be reported like any other template rather than crash the product.
 */
export function builtinTemplates(): { templates: readonly Template[]; problems: readonly Problem[] } {
  if (parsed === undefined) {
    const results = BUILTIN_FILES.map((file) => parseTemplate(`built-in/${file.path}`, file.text, 'built-in'));
    parsed = {
      templates: results.flatMap((result) => (result.template ? [result.template] : [])),
      problems: results.flatMap((result) => result.problems),
    };
  }
  return parsed;
}

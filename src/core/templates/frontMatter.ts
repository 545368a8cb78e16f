import * as l10n from '@vscode/l10n';
import { type Document, isMap, isNode, isPair, isScalar, parseDocument, type YAMLError } from 'yaml';

/** A template text cut in two: the YAML between the `---` lines and the Markdown body after. */
export interface Parts {
  yaml: string;
  /** Where the YAML starts in the text (just after the opening `---` line). */
  yamlOffset: number;
  body: string;
  bodyOffset: number;
}

const OPENING = /^---[ \t]*\n/;
const CLOSING = /^---[ \t]*$/m;

/**
 * Finds the front-matter: the text must open with a `---` line, and the front-matter ends at
 * the next `---` line. Returns a message instead when either line is missing. The text has
 * `\n` line ends (see `normaliseNewlines`).
 */
export function splitFrontMatter(text: string): Parts | { problem: string } {
  const opening = OPENING.exec(text);
  if (opening === null) return { problem: l10n.t('A template starts with its front-matter: a line ---, the fields (id, title…), and another line ---.') };
  const yamlOffset = opening[0].length;
  const closing = CLOSING.exec(text.slice(yamlOffset));
  if (closing === null) return { problem: l10n.t('The front-matter is not closed: add a line --- after its last field.') };
  const yamlEnd = yamlOffset + closing.index;
  const lineEnd = text.indexOf('\n', yamlEnd);
  const bodyOffset = lineEnd < 0 ? text.length : lineEnd + 1;
  return { yaml: text.slice(yamlOffset, yamlEnd), yamlOffset, body: text.slice(bodyOffset), bodyOffset };
}

/** Offsets relative to the YAML text: start inclusive, end exclusive. */
export type Range = readonly [start: number, end: number];

/** The parsed YAML: its value, its syntax errors and warnings, and where a path's node is. */
export interface YamlText {
  value: unknown;
  errors: Array<{ range: Range; message: string; severity: 'error' | 'warning' }>;
  /**
   * Where the node at `path` is: its value, or its key (for unknown keys). Undefined when the
   * path is not in the text (a missing field).
   */
  locate(path: ReadonlyArray<PropertyKey>, part?: 'value' | 'key'): Range | undefined;
}

export function readYaml(yaml: string): YamlText {
  const document = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  const errors = [
    ...document.errors.map((error) => ({ range: error.pos, message: yamlMessage(error), severity: 'error' as const })),
    ...document.warnings.map((warning) => ({ range: warning.pos, message: yamlMessage(warning), severity: 'warning' as const })),
  ];
  return {
    value: document.errors.length > 0 ? undefined : (document.toJS() as unknown),
    errors,
    locate: (path, part = 'value') => locate(document, path, part),
  };
}

function locate(document: Document, path: ReadonlyArray<PropertyKey>, part: 'value' | 'key'): Range | undefined {
  if (part === 'key') {
    const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === path[path.length - 1]);
    return isNode(pair?.key) && pair.key.range ? [pair.key.range[0], pair.key.range[1]] : undefined;
  }
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  return isNode(node) && node.range ? [node.range[0], node.range[1]] : undefined;
}

/** The `yaml` package's messages are English; the common mistakes get a translated one. */
function yamlMessage(error: YAMLError): string {
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return l10n.t('This field appears twice in the front-matter; keep one.');
    case 'TAB_AS_INDENT':
      return l10n.t('YAML does not allow tabs for indentation; use spaces.');
    default:
      return l10n.t('YAML syntax error: {0}', error.message);
  }
}

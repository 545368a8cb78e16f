import * as l10n from '@vscode/l10n';
import { findNodeAtLocation, getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import type { Span } from './problems';

/** A path into a JSON value, as zod reports it: `['rules', 2, 'level']`. */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * Finds where a JSON path is in the source, for a problem. `value` is the value's whole extent,
 * `key` the property name (for an unknown or duplicate key, an invalid record key), `open` the
 * first character of the value (for "this object lacks a property", so the mark stays short).
 * A path that does not exist (a missing property) falls back to its nearest existing parent.
 */
export type Locator = (path: JsonPath, part?: 'value' | 'key' | 'open') => Span;

/** A JSON-with-comments text, parsed: the value, the syntax tree, and its syntax errors. */
export interface JsonText {
  value: unknown;
  /** Undefined when the text holds no value at all (empty, or only comments). */
  tree: Node | undefined;
  syntaxErrors: Array<{ span: Span; message: string }>;
  locate: Locator;
  /** Properties repeated in one object (each repetition's name); JSON parsers keep the last silently, a policy must not. */
  duplicateKeys: Array<{ span: Span; key: string }>;
}

export function parseJsonText(text: string): JsonText {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const lines = lineStarts(text);
  const span = (offset: number, length: number): Span => {
    const start = positionAt(lines, offset);
    const end = positionAt(lines, offset + Math.max(length, 1));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  };
  const locate: Locator = (path, part = 'value') => {
    if (tree === undefined) return span(0, 0);
    let node: Node | undefined;
    let depth = path.length;
    while (depth >= 0 && node === undefined) {
      node = findNodeAtLocation(tree, path.slice(0, depth) as Array<string | number>);
      if (node === undefined) depth--;
    }
    if (node === undefined) return span(0, 0);
    const exact = depth === path.length;
    if (exact && part === 'key' && node.parent?.type === 'property') {
      const key = node.parent.children?.[0];
      if (key !== undefined) return span(key.offset, key.length);
    }
    if (!exact || part === 'open') return span(node.offset, 1);
    return span(node.offset, node.length);
  };
  return {
    value: tree === undefined ? undefined : (getNodeValue(tree) as unknown),
    tree,
    syntaxErrors: errors.map((error) => ({ span: span(error.offset, error.length), message: syntaxMessage(error) })),
    locate,
    duplicateKeys: tree === undefined ? [] : findDuplicateKeys(tree).map(({ node, key }) => ({ span: span(node.offset, node.length), key })),
  };
}

/** The offsets at which each line starts; `\r\n`, `\n` and `\r` all end a line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] as number) + 1 };
}

function findDuplicateKeys(root: Node): Array<{ node: Node; key: string }> {
  const found: Array<{ node: Node; key: string }> = [];
  const walk = (node: Node) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) found.push({ node: keyNode, key });
        seen.add(key);
        if (valueNode !== undefined) walk(valueNode);
      }
    } else if (node.type === 'array') {
      for (const child of node.children ?? []) walk(child);
    }
  };
  walk(root);
  return found;
}

function syntaxMessage(error: ParseError): string {
  switch (printParseErrorCode(error.error)) {
    case 'InvalidSymbol':
      return l10n.t('Unexpected character: this is not JSON.');
    case 'InvalidNumberFormat':
      return l10n.t('This number is not valid JSON.');
    case 'PropertyNameExpected':
      return l10n.t('A property name in double quotes is expected here.');
    case 'ValueExpected':
      return l10n.t('A value is expected here.');
    case 'ColonExpected':
      return l10n.t('A colon (:) is expected after the property name.');
    case 'CommaExpected':
      return l10n.t('A comma is expected here.');
    case 'CloseBraceExpected':
      return l10n.t('A closing brace (}) is expected here.');
    case 'CloseBracketExpected':
      return l10n.t('A closing bracket (]) is expected here.');
    case 'EndOfFileExpected':
      return l10n.t('Nothing may follow the policy object.');
    case 'InvalidCommentToken':
      return l10n.t('This comment is not valid.');
    case 'UnexpectedEndOfComment':
      return l10n.t('This comment is not closed (*/ is missing).');
    case 'UnexpectedEndOfString':
      return l10n.t('This string is not closed (" is missing).');
    case 'UnexpectedEndOfNumber':
      return l10n.t('This number is cut short.');
    case 'InvalidUnicode':
      return l10n.t('This Unicode escape is not valid.');
    case 'InvalidEscapeCharacter':
      return l10n.t('This escape sequence is not valid JSON.');
    case 'InvalidCharacter':
      return l10n.t('This character is not allowed in a JSON string.');
    default:
      return l10n.t('This is not valid JSON.');
  }
}

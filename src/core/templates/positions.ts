import { LineCounter } from 'yaml';
import type { Span } from '../policy/problems';

/**
 * Turns offsets in a text into 1-based lines and columns (UTF-16 units, as the editor counts),
 * with the `yaml` package's line index so front-matter and body positions agree.
 */
export function spanFinder(text: string): (start: number, end: number) => Span {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return (start, end) => {
    const from = lines.linePos(start);
    const to = lines.linePos(Math.max(end, start + 1));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };
}

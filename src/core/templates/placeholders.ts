/**
 * The tags of a template body. `{{name}}` inserts a placeholder's text; `{{#name}}…{{/name}}`
 * keeps its content only when the placeholder has a value, `{{^name}}…{{/name}}` only when it
 * has none (for optional inputs); `\{{` is a literal `{{`. Spaces inside the braces are allowed.
 * A tag never spans lines, so a stray `{{` in prose does not swallow the text after it.
 */
export type Token =
  | { kind: 'text'; text: string; offset: number }
  | { kind: 'value' | 'open' | 'inverse' | 'close'; name: string; offset: number; length: number }
  /** Between braces but not a placeholder name (`{{ two words }}`); kept as text, reported. */
  | { kind: 'invalid'; text: string; offset: number; length: number };

const TAG = /\\\{\{|\{\{([^{}\n]*)\}\}/g;
const NAME = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/;
const BLANK = /^[ \t]*$/;
const SIGILS = { '#': 'open', '^': 'inverse', '/': 'close' } as const;

/**
 * The tokens of `text`; offsets are counted from `base`, the position of `text` in its file.
 * As in Mustache, a section tag alone on its line (blanks aside) takes the whole line with it,
 * so sections can sit on lines of their own without leaving blank lines in the prompt.
 */
export function tokenize(text: string, base = 0): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const textUpTo = (end: number) => {
    if (end > last) tokens.push({ kind: 'text', text: text.slice(last, end), offset: base + last });
  };
  for (const match of text.matchAll(TAG)) {
    const start = match.index;
    const length = match[0].length;
    if (match[1] === undefined) {
      textUpTo(start);
      tokens.push({ kind: 'text', text: '{{', offset: base + start });
      last = start + length;
      continue;
    }
    const inner = match[1].trim();
    const sigil = SIGILS[inner.charAt(0) as keyof typeof SIGILS];
    const name = (sigil === undefined ? inner : inner.slice(1)).trim();
    const token: Token = NAME.test(name) ? { kind: sigil ?? 'value', name, offset: base + start, length } : { kind: 'invalid', text: match[0], offset: base + start, length };
    const line = sigil === undefined ? undefined : standaloneLine(text, start, start + length, last);
    textUpTo(line?.start ?? start);
    tokens.push(token);
    last = line?.end ?? start + length;
  }
  textUpTo(text.length);
  return tokens;
}

/** The line around a tag when nothing but blanks shares it: from its start to after its `\n`. */
function standaloneLine(text: string, tagStart: number, tagEnd: number, notBefore: number): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('\n', tagStart - 1) + 1;
  const newline = text.indexOf('\n', tagEnd);
  const end = newline < 0 ? text.length : newline;
  if (start < notBefore || !BLANK.test(text.slice(start, tagStart)) || !BLANK.test(text.slice(tagEnd, end))) return undefined;
  return { start, end: newline < 0 ? end : newline + 1 };
}

/**
 * Joins the tokens into text in one pass: each placeholder's value is looked up once and
 * appended as it is, never scanned again, so a `{{…}}` inside inserted code stays literal.
 * Sections must be balanced (the parser reports those that are not).
 */
export function renderTokens(
  tokens: readonly Token[],
  lookup: (name: string) => string | undefined,
  /** Told where each inserted value landed in the result, [start, end). */
  onValue?: (name: string, start: number, end: number) => void,
): string {
  let out = '';
  let active = true;
  const enclosing: boolean[] = [];
  for (const token of tokens) {
    switch (token.kind) {
      case 'text':
      case 'invalid':
        if (active) out += token.text;
        break;
      case 'value':
        if (active) {
          const start = out.length;
          out += lookup(token.name) ?? '';
          onValue?.(token.name, start, out.length);
        }
        break;
      case 'open':
      case 'inverse':
        enclosing.push(active);
        active = active && (lookup(token.name) !== undefined) === (token.kind === 'open');
        break;
      case 'close':
        active = enclosing.pop() ?? true;
        break;
    }
  }
  return out;
}

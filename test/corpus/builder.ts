/**
 * Builds a file's content and its labels together: text is appended piece by piece and a label is
 * recorded at the offset where its value is written, so labels never depend on searching the text.
 */
import { type Category, type Kind, categoryOf } from '../../src/core/redaction/kinds';

/** One expected finding: `content.slice(start, end) === value` (UTF-16 offsets, end exclusive). */
export interface Label {
  kind: Kind;
  category: Category;
  start: number;
  end: number;
  value: string;
}

export interface LabelledFile {
  path: string;
  content: string;
  labels: Label[];
}

/** A value the engine must find. */
export interface Marked {
  readonly kind: Kind;
  readonly value: string;
}

/** Text to write: plain text, a number, a marked value, or a sequence of those. */
export type Fragment = string | number | Marked | readonly Fragment[];

export function mark(kind: Kind, value: string): Marked {
  return { kind, value };
}

/** A tagged template: the literal text stays text, interpolated fragments keep their marks. */
export function f(strings: TemplateStringsArray, ...parts: Fragment[]): Fragment[] {
  const out: Fragment[] = [strings[0] ?? ''];
  parts.forEach((part, i) => out.push(part, strings[i + 1] ?? ''));
  return out;
}

/** `items` separated by `separator`. */
export function joined(items: readonly Fragment[], separator: Fragment): Fragment[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

/** The text of a fragment, marks dropped: for values that end up encoded (base64 of a config). */
export function plain(fragment: Fragment): string {
  if (typeof fragment === 'string') return fragment;
  if (typeof fragment === 'number') return String(fragment);
  if (isMarked(fragment)) return fragment.value;
  return fragment.map(plain).join('');
}

/**
 * The fragment with its text (not its marked values) transformed, e.g. escaped for a JSON string.
 * Marked values must already be valid where they go: they are written as they are.
 */
export function mapText(fragment: Fragment, transform: (text: string) => string): Fragment {
  if (typeof fragment === 'string') return transform(fragment);
  if (typeof fragment === 'number') return transform(String(fragment));
  if (isMarked(fragment)) return fragment;
  return fragment.map((part) => mapText(part, transform));
}

function isMarked(fragment: Fragment): fragment is Marked {
  return typeof fragment === 'object' && !Array.isArray(fragment);
}

export class ContentBuilder {
  private readonly chunks: string[] = [];
  private readonly labels: Label[] = [];
  private offset = 0;
  private utf8Bytes = 0;

  add(...fragments: Fragment[]): this {
    for (const fragment of fragments) this.append(fragment);
    return this;
  }

  /** The fragments, then a newline. */
  line(...fragments: Fragment[]): this {
    return this.add(...fragments, '\n');
  }

  /** The length so far in UTF-16 code units (the unit of label offsets). */
  get length(): number {
    return this.offset;
  }

  /** The size so far in UTF-8 bytes (the unit of the corpus' size targets). */
  get bytes(): number {
    return this.utf8Bytes;
  }

  build(path: string): LabelledFile {
    return { path, content: this.chunks.join(''), labels: [...this.labels] };
  }

  private append(fragment: Fragment): void {
    if (typeof fragment === 'string') this.write(fragment);
    else if (typeof fragment === 'number') this.write(String(fragment));
    else if (isMarked(fragment)) {
      const start = this.offset;
      this.write(fragment.value);
      this.labels.push({ kind: fragment.kind, category: categoryOf(fragment.kind), start, end: this.offset, value: fragment.value });
    } else for (const part of fragment) this.append(part);
  }

  private write(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.offset += text.length;
    this.utf8Bytes += Buffer.byteLength(text, 'utf8');
  }
}

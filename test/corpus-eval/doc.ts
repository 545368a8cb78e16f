/**
 * Builds one evaluation file and its labels together: text is appended piece by piece, and a
 * label is recorded at the offset where its value is written (never found by searching).
 */
export type EvalCategory = 'secret' | 'pii';

export interface EvalLabel {
  /** The family the benchmark reports it under (`github`, `password`, `siret`…). */
  readonly family: string;
  readonly category: EvalCategory;
  /** UTF-16 offsets, end exclusive: `content.slice(start, end)` is the value. */
  readonly start: number;
  readonly end: number;
  /** True when nothing but the value's own format says what it is (a neutral key, prose). */
  readonly formatOnly: boolean;
}

export interface EvalFile {
  readonly path: string;
  /** What kind of file or form it is, for the report (`json-log`, `k8s-list`…). */
  readonly type: string;
  readonly content: string;
  readonly labels: readonly EvalLabel[];
}

export class Doc {
  private readonly chunks: string[] = [];
  private readonly labels: EvalLabel[] = [];
  private offset = 0;

  /** Plain text (no finding expected). */
  t(...texts: string[]): this {
    for (const text of texts) {
      this.chunks.push(text);
      this.offset += text.length;
    }
    return this;
  }

  /** A secret that must be masked whole. */
  s(family: string, value: string, formatOnly = false): this {
    return this.mark(family, 'secret', value, formatOnly);
  }

  /** Personal data that must be masked whole. */
  p(family: string, value: string): this {
    return this.mark(family, 'pii', value, false);
  }

  get length(): number {
    return this.offset;
  }

  build(path: string, type: string): EvalFile {
    return { path, type, content: this.chunks.join(''), labels: [...this.labels] };
  }

  private mark(family: string, category: EvalCategory, value: string, formatOnly: boolean): this {
    if (value.length === 0) throw new Error(`empty value for ${family}`);
    const start = this.offset;
    this.t(value);
    this.labels.push({ family, category, start, end: this.offset, formatOnly });
    return this;
  }
}

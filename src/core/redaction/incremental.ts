import type { Finding } from './kinds';
import type { ScanOptions, Scanner } from './scanner';

/**
 * Scans a large document piece by piece, so that an edit rescans only the piece it touched.
 *
 * The pieces are content-defined: a piece ends after a line whose hash meets a condition (once
 * it is at least MIN_CHUNK long), so inserting text shifts the offsets of the pieces after it
 * but not their contents, and their cached findings are reused. Between pieces the scan yields
 * to the caller (the editor's event loop stays responsive) and can be cancelled.
 *
 * This serves live diagnostics. Redaction before an AI call always scans the whole text at once.
 */
const MIN_CHUNK = 64 * 1024;
const MAX_CHUNK = 512 * 1024;
/** A document smaller than this is scanned whole. */
export const INCREMENTAL_THRESHOLD = 1024 * 1024;
const CACHE_LIMIT = 256;

export interface Chunk {
  start: number;
  text: string;
}

/** Splits at line ends chosen by content, between MIN_CHUNK and MAX_CHUNK long. */
export function contentDefinedChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      const size = i + 1 - chunkStart;
      // A boundary when the line's FNV-1a hash ends in five zero bits (one line in 32), or at MAX.
      if ((size >= MIN_CHUNK && (hash & 0x1f) === 0) || size >= MAX_CHUNK) {
        chunks.push({ start: chunkStart, text: text.slice(chunkStart, i + 1) });
        chunkStart = i + 1;
      }
      hash = 0x811c9dc5;
    } else {
      hash = Math.imul(hash ^ code, 0x01000193) >>> 0;
    }
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

export class IncrementalScanner {
  private readonly cache = new Map<string, Finding[]>();

  constructor(private readonly scanner: Scanner) {}

  /**
   * Scans `text`, reusing the findings of unchanged pieces. `pause` is awaited between pieces
   * (pass `() => new Promise(setImmediate)` to yield); `signal` cancels.
   */
  async scan(text: string, options: ScanOptions & { pause?: () => Promise<void> } = {}): Promise<Finding[]> {
    const scanOptions: ScanOptions = { ...(options.path ? { path: options.path } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    if (text.length < INCREMENTAL_THRESHOLD) return this.scanner.scan(text, scanOptions);
    const findings: Finding[] = [];
    let linesBefore = 0;
    for (const chunk of contentDefinedChunks(text)) {
      let local = this.cache.get(chunk.text);
      if (local === undefined) {
        local = await this.scanner.scan(chunk.text, scanOptions);
        this.remember(chunk.text, local);
      }
      for (const finding of local) {
        findings.push({
          ...finding,
          start: finding.start + chunk.start,
          end: finding.end + chunk.start,
          line: finding.line + linesBefore,
        });
      }
      linesBefore += countLines(chunk.text);
      await options.pause?.();
    }
    return findings;
  }

  private remember(key: string, findings: Finding[]): void {
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, findings);
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

import { base62, crc32 } from '../../src/core/redaction/checks';
import { type Finding, type Kind, Scanner, type ScannerConfig } from '../../src/core/redaction';

/** Scans `text` and returns `kind: value` pairs, the easiest shape to assert on. */
export async function found(text: string, options: { path?: string; config?: ScannerConfig } = {}): Promise<string[]> {
  const scanner = new Scanner({ secretlint: false, ...options.config });
  const findings = await scanner.scan(text, options.path ? { path: options.path } : {});
  return findings.map((finding) => `${finding.kind}: ${text.slice(finding.start, finding.end)}`);
}

export async function findings(text: string, options: { path?: string; config?: ScannerConfig } = {}): Promise<Finding[]> {
  return new Scanner({ secretlint: false, ...options.config }).scan(text, options.path ? { path: options.path } : {});
}

export const only = (kind: Kind, value: string) => [`${kind}: ${value}`];

/** A GitHub classic token with a correct checksum, from 30 given characters. */
export function githubToken(prefix: 'ghp' | 'gho' | 'ghs', random30: string): string {
  return `${prefix}_${random30}${base62(crc32(random30), 6)}`;
}

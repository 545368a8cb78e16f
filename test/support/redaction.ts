import { strict as assert } from 'node:assert';
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

/** Fails unless `secret` is masked, whole, in `text` (read as the file at `path`). */
export async function assertMasks(text: string, secret: string, path?: string): Promise<void> {
  const findings = await found(text, path ? { path } : {});
  assert.ok(
    findings.some((finding) => finding.slice(finding.indexOf(': ') + 2) === secret),
    `${JSON.stringify(text)} (${path ?? 'no path'}): expected ${JSON.stringify(secret)} masked, got ${JSON.stringify(findings)}`,
  );
}

/** Fails when anything in `text` (read as the file at `path`) is masked. */
export async function assertClean(text: string, path?: string): Promise<void> {
  assert.deepEqual(await found(text, path ? { path } : {}), [], `${JSON.stringify(text)} (${path ?? 'no path'})`);
}

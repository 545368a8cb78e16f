import { createHash } from 'node:crypto';

/** The sha256 of a text's UTF-8 bytes, in hex: audit chain links, prompt and answer digests, template hashes, cache keys. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Binary files are skipped, not scanned: a NUL byte in the first 8 KB, or a large share of
 * control bytes, is how git and most editors tell.
 */
export function isProbablyBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 7 || (byte > 13 && byte < 32 && byte !== 27)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Fake keys and certificates whose base64 decodes to well-formed ASN.1 (or OpenSSH) structures
 * filled with random numbers, so that they start like real ones ("MIIEpAIBAAKCAQEA…",
 * "b3BlbnNzaC1rZXktdjEAAAAA…"). None of them is a usable key.
 */
import { type Random } from './random';

type Bytes = Uint8Array | readonly number[];

function concat(parts: readonly Bytes[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A DER element: tag, definite length, content. */
function der(tag: number, ...content: Bytes[]): Uint8Array {
  const body = concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat([[tag], length, body]);
}

const sequence = (...items: Bytes[]) => der(0x30, ...items);
const octets = (...content: Bytes[]) => der(0x04, ...content);
const bitString = (...content: Bytes[]) => der(0x03, [0x00], ...content);

/** A positive INTEGER: a leading zero byte when the high bit is set, as DER requires. */
function integer(value: Bytes): Uint8Array {
  return der(0x02, (value[0] ?? 0) & 0x80 ? [0x00] : [], value);
}

/** `length` random bytes with the top bit set, like the modulus or a prime of an RSA key. */
function big(r: Random, length: number): Uint8Array {
  const bytes = r.bytes(length);
  bytes[0] = (bytes[0] ?? 0) | 0x80;
  return bytes;
}

const OID = {
  rsaEncryption: [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
  sha256WithRSA: [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b],
  ecPublicKey: [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
  prime256v1: [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
  ed25519: [0x06, 0x03, 0x2b, 0x65, 0x70],
  null: [0x05, 0x00],
} as const;

const E_65537 = [0x01, 0x00, 0x01];

/** PKCS#1 RSAPrivateKey of a `bits`-bit key. */
function rsaPkcs1(r: Random, bits: number): Uint8Array {
  const n = bits / 8;
  return sequence(
    integer([0x00]),
    integer(big(r, n)),
    integer(E_65537),
    integer(r.bytes(n)),
    integer(big(r, n / 2)),
    integer(big(r, n / 2)),
    integer(r.bytes(n / 2)),
    integer(r.bytes(n / 2)),
    integer(r.bytes(n / 2)),
  );
}

function rsaPkcs8(r: Random, bits: number): Uint8Array {
  return sequence(integer([0x00]), sequence(OID.rsaEncryption, OID.null), octets(rsaPkcs1(r, bits)));
}

/** SEC 1 ECPrivateKey on P-256; PKCS#8 leaves the curve out of it (it is in the algorithm identifier). */
function ecSec1(r: Random, withCurve: boolean): Uint8Array {
  const publicPoint = bitString([0x04], r.bytes(64));
  return sequence(integer([0x01]), octets(r.bytes(32)), withCurve ? der(0xa0, OID.prime256v1) : [], der(0xa1, publicPoint));
}

function ecPkcs8(r: Random): Uint8Array {
  return sequence(integer([0x00]), sequence(OID.ecPublicKey, OID.prime256v1), octets(ecSec1(r, false)));
}

function ed25519Pkcs8(r: Random): Uint8Array {
  return sequence(integer([0x00]), sequence(OID.ed25519), octets(octets(r.bytes(32))));
}

/** An SSH wire-format string: a 32-bit big-endian length, then the bytes. */
function sshString(value: Bytes | string): Uint8Array {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  return concat([[(bytes.length >>> 24) & 0xff, (bytes.length >>> 16) & 0xff, (bytes.length >>> 8) & 0xff, bytes.length & 0xff], bytes]);
}

/** An SSH mpint: a string holding a positive big-endian number, with a zero byte if its high bit is set. */
function sshMpint(value: Bytes): Uint8Array {
  return sshString(concat([(value[0] ?? 0) & 0x80 ? [0x00] : [], value]));
}

function ed25519PublicBlob(publicKey: Uint8Array): Uint8Array {
  return concat([sshString('ssh-ed25519'), sshString(publicKey)]);
}

/** The `openssh-key-v1` container of an unencrypted Ed25519 key, as `ssh-keygen -t ed25519` writes it. */
function opensshEd25519(r: Random, comment: string): Uint8Array {
  const publicKey = r.bytes(32);
  const check = r.bytes(4);
  const privateSection = concat([check, check, ed25519PublicBlob(publicKey), sshString(publicKey), sshString(concat([r.bytes(32), publicKey])), sshString(comment)]);
  const padding: number[] = [];
  for (let i = 1; (privateSection.length + padding.length) % 8 !== 0; i++) padding.push(i);
  return concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    [0, 0, 0, 1],
    sshString(ed25519PublicBlob(publicKey)),
    sshString(concat([privateSection, padding])),
  ]);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\n');
}

/** A PEM block; OpenSSH wraps its base64 at 70 columns where OpenSSL uses 64. */
export function pem(label: string, body: Uint8Array, width = 64): string {
  return `-----BEGIN ${label}-----\n${wrap(Buffer.from(body).toString('base64'), width)}\n-----END ${label}-----`;
}

export type PrivateKeyFormat = 'rsa' | 'pkcs8-rsa' | 'pkcs8-ec' | 'pkcs8-ed25519' | 'ec' | 'openssh';

/** A private key PEM block, from its BEGIN line to the end of its END line (no trailing newline). */
export function privateKeyPem(r: Random, format: PrivateKeyFormat, comment = 'deploy@ci-runner'): string {
  switch (format) {
    case 'rsa':
      return pem('RSA PRIVATE KEY', rsaPkcs1(r, r.bool(0.85) ? 2048 : 4096));
    case 'pkcs8-rsa':
      return pem('PRIVATE KEY', rsaPkcs8(r, 2048));
    case 'pkcs8-ec':
      return pem('PRIVATE KEY', ecPkcs8(r));
    case 'pkcs8-ed25519':
      return pem('PRIVATE KEY', ed25519Pkcs8(r));
    case 'ec':
      return pem('EC PRIVATE KEY', ecSec1(r, true));
    case 'openssh':
      return pem('OPENSSH PRIVATE KEY', opensshEd25519(r, comment), 70);
  }
}

/** A SubjectPublicKeyInfo of an RSA key: public, so not a secret. */
export function rsaPublicKeyPem(r: Random): string {
  const rsaPublicKey = sequence(integer(big(r, 256)), integer(E_65537));
  return pem('PUBLIC KEY', sequence(sequence(OID.rsaEncryption, OID.null), bitString(rsaPublicKey)));
}

/** An `authorized_keys` line. */
export function sshPublicKeyLine(r: Random, comment: string): string {
  const type = r.pick(['ssh-rsa', 'ssh-ed25519'] as const);
  const blob = type === 'ssh-rsa' ? concat([sshString('ssh-rsa'), sshMpint(E_65537), sshMpint(big(r, 384))]) : ed25519PublicBlob(r.bytes(32));
  return `${type} ${Buffer.from(blob).toString('base64')} ${comment}`;
}

/** An X.509 certificate shape: to-be-signed part, signature algorithm, signature. */
export function certificatePem(r: Random): string {
  const tbs = sequence(der(0xa0, integer([0x02])), integer(r.bytes(16)), sequence(OID.sha256WithRSA, OID.null), r.bytes(r.int(500, 900)));
  return pem('CERTIFICATE', sequence(tbs, sequence(OID.sha256WithRSA, OID.null), bitString(r.bytes(256))));
}

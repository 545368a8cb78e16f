import { strict as assert } from 'node:assert';
import {
  asciiBase64,
  base62,
  crc32,
  decodedBase64,
  githubClassicTokenValid,
  ibanLength,
  ibanValid,
  luhnValid,
  nirValid,
  shannonEntropy,
  sirenValid,
  siretValid,
} from '../../../src/core/redaction/checks';
import { Random } from '../../corpus/random';
import { githubToken } from '../../support/redaction';

describe('redaction/checks', () => {
  it('computes CRC-32 like zlib and base62 like GitHub', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    assert.equal(crc32(''), 0);
    assert.equal(base62(61, 2), '0z');
    assert.equal(base62(62, 3), '010');
  });

  it('validates GitHub classic token checksums and rejects a one-character change', () => {
    const token = githubToken('ghp', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO');
    assert.ok(githubClassicTokenValid(token));
    assert.equal(githubClassicTokenValid(`${token.slice(0, 10)}X${token.slice(11)}`), false);
    assert.equal(githubClassicTokenValid('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), false);
  });

  it('runs Luhn on published test card numbers', () => {
    for (const card of ['4111111111111111', '5555555555554444', '378282246310005', '4970100000000055']) assert.ok(luhnValid(card), card);
    assert.equal(luhnValid('4111111111111112'), false);
    assert.equal(luhnValid(''), false);
  });

  it('checks IBANs with mod-97 and the country length', () => {
    for (const iban of ['FR1420041010050500013M02606', 'DE89370400440532013000', 'GB82WEST12345698765432', 'BE68539007547034']) assert.ok(ibanValid(iban), iban);
    assert.equal(ibanValid('FR1420041010050500013M02607'), false);
    assert.equal(ibanValid('FR142004101005050001'), false, 'wrong length');
    assert.equal(ibanValid('XX1420041010050500013M02606'), false, 'unknown country');
  });

  it('checks the NIR key, Corsican departments included', () => {
    const key = (body: string) => String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
    const body = '1850578006084';
    assert.ok(nirValid(body + key(body)));
    assert.equal(nirValid(body + String((Number(key(body)) % 97) + 1).padStart(2, '0')), false);
    const corsica = '269052A123456';
    assert.ok(nirValid(corsica + key(corsica.replace('2A', '19'))));
  });

  it('answers as the plain arithmetic for every NIR and IBAN key', () => {
    // The checks fold digit by digit rather than build a BigInt or a rearranged string; the
    // reference below does the arithmetic the plain way, over every key of random bodies.
    const random = new Random(97);
    const digits = (count: number) => Array.from({ length: count }, () => String(random.int(0, 9))).join('');
    for (let round = 0; round < 300; round++) {
      const body = `${random.pick(['1', '2'])}${digits(4)}${random.pick(['2A', '2B', digits(2)])}${digits(6)}`;
      const expected = 97 - Number(BigInt(body.replace('2A', '19').replace('2B', '18')) % 97n);
      for (let key = 0; key <= 99; key++) assert.equal(nirValid(body + String(key).padStart(2, '0')), key === expected, body);
    }
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const reference = (iban: string) => {
      const rearranged = iban.slice(4) + iban.slice(0, 4);
      const numeric = [...rearranged].map((char) => (char >= 'A' ? String(char.charCodeAt(0) - 55) : char)).join('');
      return BigInt(numeric) % 97n === 1n;
    };
    let valid = 0;
    for (let round = 0; round < 3000; round++) {
      const country = random.pick(['FR', 'DE', 'GB', 'MT', 'NO', 'XX', 'ZZ']);
      const length = ibanLength(country) ?? 20;
      const rest = Array.from({ length: length - 4 }, () => (random.bool(0.2) ? random.pick([...letters]) : String(random.int(0, 9)))).join('');
      for (let check = 2; check <= 98; check += 1 + random.int(0, 7)) {
        const iban = `${country}${String(check).padStart(2, '0')}${rest}`;
        const expected = ibanLength(country) !== undefined && reference(iban);
        assert.equal(ibanValid(iban), expected, iban);
        if (expected) valid++;
      }
    }
    assert.ok(valid > 100, 'valid IBANs among the cases');
    assert.equal(ibanLength('FR'), 27);
    assert.equal(ibanLength('fr'), undefined);
    assert.equal(ibanLength('F'), undefined);
    assert.equal(ibanLength('QQ'), undefined);
  });

  it('decodes base64 as Buffer does, ASCII by hand and anything else through Buffer', () => {
    const reference = (value: string) => {
      if (!/^[A-Za-z0-9+/]{4,}={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      return /^[\x20-\x7e\t\r\n\u00a0-\uffff]*$/.test(decoded) && !decoded.includes('\ufffd') ? decoded : undefined;
    };
    const random = new Random(64);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let decoded = 0;
    for (let round = 0; round < 5000; round++) {
      // Encoded texts (ASCII, accented, control characters), and strings of base64 digits with
      // every padding, stray bits in the last digit included.
      const text = Array.from({ length: random.int(1, 120) }, () => random.pick(['a', 'Z', '0', ':', ' ', '\t', 'é', '€', '~'])).join('') + (random.bool(0.1) ? '\u0001' : '');
      const candidates = [Buffer.from(text, 'utf8').toString('base64'), Array.from({ length: random.int(1, 300) }, () => random.pick([...alphabet])).join('') + random.pick(['', '=', '==', '==='])];
      for (const value of candidates) {
        const expected = reference(value);
        assert.equal(decodedBase64(value), expected, value);
        const wellFormed = /^[A-Za-z0-9+/]{4,}={0,2}$/.test(value) && value.length % 4 === 0 && value.length <= 256;
        const bytes = wellFormed ? Buffer.from(value, 'base64') : undefined;
        assert.equal(asciiBase64(value), bytes?.every((byte) => byte < 0x80) ? bytes.toString('latin1') : undefined, value);
        if (expected !== undefined) decoded++;
      }
    }
    assert.ok(decoded > 1000, 'most encoded texts decode');
    assert.equal(decodedBase64('dXNlcjpwYXNz'), 'user:pass');
  });

  it('checks SIREN and SIRET with Luhn, and La Poste SIRETs by digit sum', () => {
    assert.ok(sirenValid('732829320'));
    assert.equal(sirenValid('732829321'), false);
    assert.ok(siretValid('73282932000074'));
    assert.equal(siretValid('73282932000075'), false);
    assert.ok(siretValid('35600000000001'), 'La Poste: digit sum 15');
    assert.equal(siretValid('35600000000002'), false);
  });

  it('measures entropy', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy(''), 0);
    // Non-ASCII text takes another path; the answer must not depend on it.
    assert.equal(shannonEntropy('éèéè'), 1);
    assert.equal(shannonEntropy('aébé'), 1.5);
    // The ASCII counts are reused between calls: a previous call must not leak into the next.
    shannonEntropy('zzzzzzzz');
    assert.equal(shannonEntropy('zy'), 1);
  });
});

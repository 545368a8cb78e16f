import { strict as assert } from 'node:assert';
import { base62, crc32, githubClassicTokenValid, ibanValid, luhnValid, nirValid, shannonEntropy, sirenValid, siretValid } from '../../../src/core/redaction/checks';
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

/**
 * Personal data of the evaluation corpus, from the official specifications: INSEE for SIREN,
 * SIRET and NIR (Luhn on SIREN and SIRET, key = 97 − NIR mod 97), ISO 13616 and the French RIB
 * for IBAN FR, the ARCEP numbering plan for French phone numbers, ISO/IEC 7812 (Luhn) for cards,
 * RFC 5322 / RFC 6531 for (internationalised) e-mail addresses. Presidio's test data
 * (`presidio-analyzer/tests`) gave the ways they are written in prose.
 */
import { frenchRibKey, ibanCheckDigits, luhnCheckDigit, nirKey } from '../corpus/checksums';
import type { Random } from '../corpus/random';

const NBSP = '\u00a0';

export function siren(r: Random): string {
  const payload = r.digits(8, false);
  return payload + luhnCheckDigit(payload);
}

/** A SIRET: the SIREN, a 5-digit establishment number, the whole 14 digits passing Luhn. */
export function siret(r: Random): string {
  const payload = siren(r) + r.digits(4);
  return payload + luhnCheckDigit(payload);
}

export function sirenWritten(r: Random, value: string): string {
  return r.pick([value, `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`]);
}

export function siretWritten(r: Random, value: string): string {
  return r.pick([value, `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6, 9)} ${value.slice(9)}`]);
}

/** A NIR: sex, year, month, department, commune, order, then the key. */
export function nir(r: Random): string {
  const thirteen = `${r.pick(['1', '2'])}${r.digits(2)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 95)).padStart(2, '0')}${r.digits(3)}${r.digits(3)}`;
  return thirteen + nirKey(thirteen);
}

export function nirWritten(r: Random, value: string): string {
  const grouped = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7, 10), value.slice(10, 13), value.slice(13)];
  return r.weighted<string>([
    [value, 2],
    [grouped.join(' '), 3],
    [grouped.join(NBSP), 1],
    [grouped.join('.'), 1],
  ]);
}

export function ibanFr(r: Random): string {
  const bank = r.digits(5);
  const branch = r.digits(5);
  const account = r.digits(11);
  const bban = bank + branch + account + frenchRibKey(bank, branch, account);
  return `FR${ibanCheckDigits('FR', bban)}${bban}`;
}

export function ibanWritten(r: Random, value: string): string {
  const groups = value.match(/.{1,4}/g) ?? [value];
  return r.weighted<string>([
    [groups.join(' '), 4],
    [value, 2],
    [groups.join(NBSP), 1],
    [groups.join('-'), 1],
    [groups.join(' ').toLowerCase(), 1],
  ]);
}

/** A French number, mobile or landline, in one of the ways people write it. */
export function phoneFr(r: Random): string {
  const first = r.pick(['6', '7', '1', '2', '3', '4', '5', '9']);
  const rest = [r.digits(2), r.digits(2), r.digits(2), r.digits(2)];
  return r.weighted<string>([
    [`0${first} ${rest.join(' ')}`, 4],
    [`0${first}${rest.join('')}`, 2],
    [`0${first}.${rest.join('.')}`, 2],
    [`0${first}-${rest.join('-')}`, 1],
    [`+33 ${first} ${rest.join(' ')}`, 3],
    [`+33${first}${rest.join('')}`, 1],
    [`(+33) ${first} ${rest.join(' ')}`, 1],
    [`+33 (0)${first} ${rest.join(' ')}`, 1],
    [`0${first}${NBSP}${rest.join(NBSP)}`, 1],
  ]);
}

/** A card number (Visa, Mastercard, Amex) passing Luhn, grouped as printed or typed. */
export function card(r: Random): string {
  const brand = r.pick(['visa', 'mastercard', 'amex'] as const);
  const payload = brand === 'visa' ? `4${r.digits(14)}` : brand === 'mastercard' ? `5${r.int(1, 5)}${r.digits(13)}` : `3${r.pick(['4', '7'])}${r.digits(12)}`;
  const digits = payload + luhnCheckDigit(payload);
  const groups = brand === 'amex' ? [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)] : (digits.match(/.{4}/g) ?? [digits]);
  return r.weighted<string>([
    [groups.join(' '), 4],
    [digits, 2],
    [groups.join('-'), 2],
    [groups.join('.'), 1],
  ]);
}

const FIRST = ['jeanne', 'élodie', 'françois', 'chloé', 'mathis', 'inès', 'loïc', 'zoé', 'hervé', 'maëlys', 'jean-luc', 'noé'];
const LAST = ['martin', 'lefèvre', 'dupré', 'garnier', 'mercier', 'bénard', 'rousseau', 'fabre', 'gauthier', 'lemaître'];
const ASCII = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

export function email(r: Random): string {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  return r.weighted<string>([
    [`${ASCII(first)}.${ASCII(last)}@${r.pick(['orange.fr', 'gmail.com', 'laposte.net', 'free.fr', 'ardoise-banque.fr', 'client.co.uk'])}`, 6],
    [`${ASCII(first)[0]}${ASCII(last)}${r.digits(2)}@${r.pick(['hotmail.fr', 'yahoo.fr', 'sfr.fr'])}`, 2],
    [`${ASCII(first)}+${r.pick(['factures', 'news', 'ci'])}@${r.pick(['gmail.com', 'proton.me'])}`, 1],
    [`${first}.${last}@${r.pick(['exemple.fr', 'société-générale.fr', 'crédit-ouest.fr'])}`, 2],
    [`${ASCII(first).toUpperCase()}.${ASCII(last).toUpperCase()}@${r.pick(['ETECH.FR', 'MAIRIE-LYON.FR'])}`, 1],
  ]);
}

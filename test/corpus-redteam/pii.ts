/**
 * French personal data, valid by the official rules and written the ways people write it:
 * SIREN and SIRET (INSEE: Luhn), IBAN FR (ISO 13616 and the RIB key), NIR (INSEE: key 97 − n mod 97),
 * phone numbers (ARCEP numbering plan), payment cards (ISO/IEC 7812, Luhn) and e-mail addresses
 * (RFC 5322; accented and internationalised, RFC 6531).
 */
import { frenchRibKey, ibanCheckDigits, luhnCheckDigit, nirKey } from '../corpus/checksums';
import type { Random } from '../corpus/random';

export const NBSP = '\u00a0';
export const NNBSP = '\u202f';

export function siren(r: Random): string {
  const payload = r.digits(8, false);
  return payload + luhnCheckDigit(payload);
}

export function siret(r: Random, base = siren(r)): string {
  const payload = base + r.pick(['0001', '0002', '0003', '0010', '0025']);
  return payload.slice(0, 13) + luhnCheckDigit(payload.slice(0, 13));
}

export type Grouping = 'compact' | 'spaces' | 'nbsp' | 'dots' | 'dashes' | 'double';

const SEPARATOR: Record<Grouping, string> = { compact: '', spaces: ' ', nbsp: NBSP, dots: '.', dashes: '-', double: '  ' };

/** SIRET as written on invoices: `123 456 789 00012`, or compact. */
export function writeSiret(value: string, grouping: Grouping): string {
  const sep = SEPARATOR[grouping];
  return [value.slice(0, 3), value.slice(3, 6), value.slice(6, 9), value.slice(9)].join(sep);
}

export function writeSiren(value: string, grouping: Grouping): string {
  const sep = SEPARATOR[grouping];
  return [value.slice(0, 3), value.slice(3, 6), value.slice(6)].join(sep);
}

export function ibanFr(r: Random): string {
  const bank = r.pick(['30004', '30003', '10278', '20041', '30002', '11315', '16006', '18206']);
  const branch = r.digits(5);
  const account = r.digits(11);
  const bban = bank + branch + account + frenchRibKey(bank, branch, account);
  return `FR${ibanCheckDigits('FR', bban)}${bban}`;
}

/** An IBAN in groups of four (or compact), possibly in lower case. */
export function writeIban(value: string, grouping: Grouping, lower = false): string {
  const groups = value.match(/.{1,4}/g) ?? [value];
  const text = groups.join(SEPARATOR[grouping]);
  return lower ? text.toLowerCase() : text;
}

export function nir(r: Random): string {
  const sex = r.pick(['1', '2']);
  const year = r.digits(2);
  const month = String(r.int(1, 12)).padStart(2, '0');
  const department = r.pick(['75', '69', '13', '33', '44', '59', '2A', '35', '31', '67']);
  const commune = r.digits(3);
  const order = r.digits(3);
  const thirteen = sex + year + month + department + commune + order;
  return thirteen + nirKey(thirteen);
}

/** NIR as on a carte Vitale: `1 85 05 75 123 456 78`. */
export function writeNir(value: string, grouping: Grouping): string {
  const parts = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7, 10), value.slice(10, 13), value.slice(13)];
  return parts.join(SEPARATOR[grouping]);
}

export type PhoneForm = 'national' | 'dots' | 'dashes' | 'compact' | 'intl' | 'intl-compact' | 'intl-paren' | 'intl-zero' | 'double-zero' | 'nbsp' | 'nnbsp' | 'double-space';

/** Ten national digits: mobiles (06, 07) and geographic numbers (01-05) or 09. */
export function phoneDigits(r: Random): string {
  return `0${r.pick(['6', '7', '6', '1', '2', '3', '4', '5', '9'])}${r.digits(8)}`;
}

/**
 * A number written in one of the forms the issue names. `intl-paren` is returned without its
 * opening parenthesis (`+33) 6 …`): the corpus writes the `(` before the label.
 */
export function writePhone(digits: string, form: PhoneForm): string {
  const pairs = digits.match(/.{2}/g) ?? [digits];
  const rest = digits.slice(1);
  const restPairs = [rest.slice(0, 1), ...(rest.slice(1).match(/.{2}/g) ?? [])];
  switch (form) {
    case 'national':
      return pairs.join(' ');
    case 'dots':
      return pairs.join('.');
    case 'dashes':
      return pairs.join('-');
    case 'compact':
      return digits;
    case 'intl':
      return `+33 ${restPairs.join(' ')}`;
    case 'intl-compact':
      return `+33${rest}`;
    case 'intl-paren':
      return `+33) ${restPairs.join(' ')}`;
    case 'intl-zero':
      return `+33 (0)${restPairs.join(' ')}`;
    case 'double-zero':
      return `0033 ${restPairs.join(' ')}`;
    case 'nbsp':
      return pairs.join(NBSP);
    case 'nnbsp':
      return `+33${NNBSP}${restPairs.join(NNBSP)}`;
    case 'double-space':
      return pairs.join('  ');
  }
}

export const PHONE_FORMS: readonly PhoneForm[] = ['national', 'dots', 'dashes', 'compact', 'intl', 'intl-compact', 'intl-paren', 'intl-zero', 'double-zero', 'nbsp', 'nnbsp', 'double-space'];

const FIRST = ['Élodie', 'François', 'Jérôme', 'Chloé', 'Noël', 'Hélène', 'Loïc', 'Maëlle', 'Thibault', 'Camille', 'Inès', 'Benoît', 'Zoé', 'Gaëtan', 'Amélie', 'Mathéo'];
const LAST = ['Lefèvre', 'Dupont', 'Garçon', 'Moreau', 'Bénard', 'Rousseau', 'Girard', 'Lemaître', 'Chevalier', 'Faure', 'Mercier', 'Boucher', 'Nguyen', 'Da Silva', 'Le Goff'];
const DOMAINS = ['orange.fr', 'free.fr', 'gmail.com', 'laposte.net', 'wanadoo.fr', 'client-assur.fr', 'mutuelle-ouest.fr', 'sfr.fr', 'etech-it.fr', 'hotmail.fr'];
const IDN_DOMAINS = ['société-générale-conseil.fr', 'crédit-ouest.fr', 'épicerie-fine.fr', 'maïs-bio.fr'];

export function person(r: Random): { first: string; last: string } {
  return { first: r.pick(FIRST), last: r.pick(LAST) };
}

/** An address, ASCII or accented in the local part, sometimes in an internationalised domain. */
export function email(r: Random, who = person(r)): string {
  const strip = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const kind = r.pick(['ascii', 'ascii', 'accented', 'idn', 'plus'] as const);
  const first = who.first.toLowerCase();
  const last = who.last.toLowerCase().replace(/ /g, '');
  switch (kind) {
    case 'ascii':
      return `${strip(first)}.${strip(last)}@${r.pick(DOMAINS)}`;
    case 'accented':
      return `${first}.${last}@${r.pick(DOMAINS)}`;
    case 'idn':
      return `${strip(first)}@${r.pick(IDN_DOMAINS)}`;
    case 'plus':
      return `${strip(first)}.${strip(last)}+factures@${r.pick(DOMAINS)}`;
  }
}

export function card(r: Random): string {
  const payload = r.pick(['4', '51', '53', '55', '4970']);
  const body = payload + r.digits(15 - payload.length);
  return body + luhnCheckDigit(body);
}

export function writeCard(value: string, grouping: 'spaces' | 'dashes' | 'dots' | 'compact'): string {
  const groups = value.match(/.{4}/g) ?? [value];
  return groups.join({ spaces: ' ', dashes: '-', dots: '.', compact: '' }[grouping]);
}

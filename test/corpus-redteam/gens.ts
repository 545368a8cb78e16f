/**
 * Value generators of the red-team corpus: passwords as people choose them, and the small
 * helpers the token formats need. Every token-shaped value is assembled at run time from a seed,
 * its prefix written in pieces (`cat`), so the sources hold no value a scanner would flag.
 */
import { ALPHABET, type Random } from '../corpus/random';

export const A = ALPHABET;
export const ALNUM = A.upper + A.lower + A.digits;
export const LOWNUM = A.lower + A.digits;
export const UPNUM = A.upper + A.digits;
export const HEX_UPPER = '0123456789ABCDEF';
/** Bech32's data alphabet, upper case (age secret keys). */
export const BECH32_UPPER = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';

/** Joins pieces: prefixes are written split so that no committed line looks like a token. */
export const cat = (...parts: string[]): string => parts.join('');

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

export function uuid(r: Random): string {
  return `${r.chars(A.hex, 8)}-${r.chars(A.hex, 4)}-4${r.chars(A.hex, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(A.hex, 3)}-${r.chars(A.hex, 12)}`;
}

const WORDS = ['Soleil', 'Marseille', 'Bretagne', 'Chocolat', 'Printemps', 'Azerty', 'Camembert', 'Baguette', 'Liberte', 'Montagne', 'Papillon', 'Grenoble', 'Tartiflette', 'Nantes', 'Lutece'];
const PHRASE_WORDS = ['cheval', 'agrafe', 'batterie', 'correct', 'nuage', 'pomme', 'velo', 'riviere', 'lampe', 'orange', 'piano', 'tigre', 'fenetre', 'jardin'];
/** Characters that survive every context the corpus writes a password in (no quotes, `$`, `\`, backtick, space). */
const SAFE_SYMBOLS = '!#%&*-_=+.?@~^';
/** For URLs' user information and unquoted shell words. */
const URL_SYMBOLS = '-_.~';

export type PasswordStyle = 'word' | 'random' | 'phrase' | 'url' | 'shell';

/** A password as a person or a generator writes it; it always starts with a letter. */
export function password(r: Random, style: PasswordStyle = r.pick(['word', 'random', 'random', 'phrase'] as const)): string {
  switch (style) {
    case 'word':
      return `${r.pick(WORDS)}${r.digits(r.int(2, 4))}${r.pick([...SAFE_SYMBOLS])}${r.chars(ALNUM, r.int(0, 3))}`;
    case 'random':
      return r.chars(A.upper + A.lower, 1) + r.chars(ALNUM + SAFE_SYMBOLS, r.int(13, 23));
    case 'phrase':
      return r.sample(PHRASE_WORDS, 4).join(r.pick(['-', '.', '_'])) + r.digits(2);
    case 'url':
      return r.chars(A.upper + A.lower, 1) + r.chars(ALNUM + URL_SYMBOLS, r.int(11, 19));
    case 'shell':
      return r.chars(A.upper + A.lower, 1) + r.chars(ALNUM + '-_.+=%^', r.int(11, 19));
  }
}

/** A user name as they appear in configuration files. */
export function username(r: Random): string {
  return r.pick(['deploy', 'admin', 'app_user', 'ci-bot', 'svc-backup', 'jenkins', 'postgres', 'root', 'sa', 'gitlab-ci', 'etech_app']);
}

/** A host of a client project. */
export function host(r: Random): string {
  return r.pick([
    'db-prod-01.client-assur.fr',
    'pg.internal.etech.local',
    '10.12.4.21',
    'mysql.recette.mutuelle-ouest.fr',
    'sql-azure-prod.database.windows.net',
    'redis.k8s.svc.cluster.local',
    'nexus.etech-it.fr',
    'gitlab.etech-it.fr',
  ]);
}

/** An ISO date-time in December 2026, for log lines. */
export function timestamp(r: Random): string {
  return `2026-12-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.${r.digits(3)}Z`;
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who a record counts for, without knowing who it is.
 *
 * - **Enrolled installation ids.** The collector issues installation ids (`POST /v1/enrol`):
 *   version-4 UUIDs whose last 48 bits are a keyed hash (HMAC-SHA256 under the collector's
 *   secret) of the rest, so any id can be checked without a table and none can be invented
 *   without the secret. Only enrolled ids count towards k-anonymity: four invented ids cannot
 *   lift a small group to k.
 * - **Pseudonyms.** Other tools identify a person by an account id or an e-mail address
 *   (`user.account_uuid`, `user.email`…). Those are replaced at ingest by a keyed hash under a
 *   key derived from the same secret; the address itself is never stored, and the hash cannot
 *   be reversed, nor recomputed, without the secret.
 */

const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-4([0-9a-f]{3})-([89ab][0-9a-f]{3})-([0-9a-f]{12})$/;

export class IdentityKeys {
  private readonly enrolKey: Buffer;
  private readonly pseudonymKey: Buffer;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('the collector secret must be at least 16 characters');
    // Two keys derived from one secret, so that a pseudonym can never be mistaken for an id tag.
    this.enrolKey = createHmac('sha256', secret).update('aiguard-collector/enrol/v1').digest();
    this.pseudonymKey = createHmac('sha256', secret).update('aiguard-collector/pseudonym/v1').digest();
  }

  /** A new enrolled installation id (random, with its tag). */
  issue(): string {
    const random = randomBytes(10).toString('hex');
    const variant = '89ab'[Number.parseInt(random.slice(19, 20), 16) % 4] as string;
    return this.idFor(`${random.slice(0, 8)}-${random.slice(8, 12)}-4${random.slice(12, 15)}-${variant}${random.slice(15, 18)}`);
  }

  /** The enrolled id whose first 23 characters are `head` (`xxxxxxxx-xxxx-4xxx-[89ab]xxx`). */
  idFor(head: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}$/.test(head)) throw new Error('not the head of a version-4 UUID');
    return `${head}-${this.tag(head)}`;
  }

  /** Whether `id` is one this collector (or another with the same secret) issued. */
  isEnrolled(id: unknown): boolean {
    if (typeof id !== 'string') return false;
    const match = UUID.exec(id);
    if (match === null) return false;
    const head = id.slice(0, 23);
    return timingSafeEqual(Buffer.from(this.tag(head)), Buffer.from(match[5] as string));
  }

  /** The keyed hash standing for a personal identifier (`kind` keeps e-mails and account ids apart). */
  pseudonym(kind: string, value: string): string {
    return createHmac('sha256', this.pseudonymKey).update(`${kind}\u0000${value.trim().toLowerCase()}`).digest('base64url').slice(0, 27);
  }

  private tag(head: string): string {
    return createHmac('sha256', this.enrolKey).update(head).digest('hex').slice(0, 12);
  }
}

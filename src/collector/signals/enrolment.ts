/**
 * How fast installation ids are issued: a token bucket overall (`perHour` ids an hour, a burst
 * of as many) and a smaller one per client address (a tenth of it, at least 3), so that one
 * machine cannot draw many ids, and many cannot draw more than the team would. Kept in memory:
 * a restart refills the buckets, which only ever allows one more hour's worth.
 */
export class EnrolmentLimiter {
  private overall: Bucket;
  private readonly byAddress = new Map<string, Bucket>();

  constructor(private readonly perHour: number) {
    this.overall = { tokens: perHour, at: 0 };
  }

  /** 0 when an id may be issued now (and counts it), otherwise the milliseconds to wait. */
  take(address: string, now: number): number {
    const perAddress = Math.max(3, Math.floor(this.perHour / 10));
    if (this.byAddress.size > 10_000) this.byAddress.clear();
    const own = this.byAddress.get(address) ?? { tokens: perAddress, at: now };
    const waitOwn = refill(own, perAddress, now);
    const waitAll = refill(this.overall, this.perHour, now);
    if (waitOwn > 0 || waitAll > 0) {
      this.byAddress.set(address, own);
      return Math.max(waitOwn, waitAll);
    }
    own.tokens -= 1;
    this.overall.tokens -= 1;
    this.byAddress.set(address, own);
    return 0;
  }
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Refills `bucket` (capacity `perHour`, refilled over an hour); the wait for one token, or 0. */
function refill(bucket: Bucket, perHour: number, now: number): number {
  const rate = perHour / 3_600_000;
  if (bucket.at === 0) bucket.at = now;
  bucket.tokens = Math.min(perHour, bucket.tokens + (now - bucket.at) * rate);
  bucket.at = now;
  return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / rate);
}

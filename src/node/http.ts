import type { Http } from '../core/ports';

/**
 * The one HTTP GET adapter of the core's `Http` port, for the organisation policy, used by the
 * CLI and the editor alike. It follows redirects (a policy served from a file host or an
 * intranet often sits behind one) but never onto a weaker scheme: a policy asked for over
 * https: and answered from http: could have been altered on the way, so it is refused and says
 * where it was sent. It rejects on network failure and on timeout.
 */
export function fetchHttp(fetchImpl: typeof fetch = fetch): Http {
  return {
    get: async (url, { timeoutMs }) => {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      const asked = new URL(url).protocol;
      const answered = response.url ? new URL(response.url).protocol : asked;
      if (asked === 'https:' && answered !== 'https:') {
        await response.body?.cancel();
        throw new Error(`redirected from https: to ${answered} (${response.url}); the policy is only read over https:`);
      }
      return { status: response.status, text: await response.text() };
    },
  };
}

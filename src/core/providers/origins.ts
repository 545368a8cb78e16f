/**
 * Endpoints as the policy names them, and the addresses providers are called at, compared by
 * origin (scheme, host and port): a path, a query or a user name never makes an address another
 * company's. This module imports nothing, so the policy and the providers can both use it.
 *
 * A policy endpoint is `scheme://host[:port]`; the host may start with `*.` (any name below that
 * domain, never the domain itself) and the port may be `*` (any port, for services on this
 * machine whose port is chosen locally).
 */

/** The form of a policy endpoint. */
export const ENDPOINT_FORM = /^https?:\/\/(?:\*\.)?(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(?:\d{1,5}|\*))?$/;

const DEFAULT_PORT: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** The origin of an address (`https://api.openai.com`), or undefined when it is not an http(s) URL. */
export function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `address` is at the endpoint `pattern` names (see the form above). */
export function endpointMatches(pattern: string, address: string): boolean {
  const match = /^(https?:)\/\/(\*\.)?([^:/]+|\[[^\]]+\])(?::(\d+|\*))?$/.exec(pattern.toLowerCase());
  if (match === null) return false;
  const [, scheme, wildcard, host, port] = match as unknown as [string, string, string | undefined, string, string | undefined];
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.protocol !== scheme) return false;
  const hostname = url.hostname.toLowerCase();
  if (wildcard !== undefined ? !(hostname.endsWith(`.${host}`) && hostname.length > host.length + 1) : hostname !== host) return false;
  if (port === '*') return true;
  return (url.port || DEFAULT_PORT[url.protocol]) === (port ?? DEFAULT_PORT[scheme]);
}

/** Whether `address` is at one of `patterns`. */
export function atEndpoint(patterns: readonly string[], address: string): boolean {
  return patterns.some((pattern) => endpointMatches(pattern, address));
}

import { type Detector, emitMatches, type RawFinding, tick } from '../detector';

/**
 * Addresses (the policy decides whether the network category is redacted). Dotted versions are
 * told apart by what surrounds them: `v1.2.3.4`, `1.2.3.4.5` and `1.2.3.4-beta` are not addresses.
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.-])${OCTET}(?:\\.${OCTET}){3}(?![\\w-]|\\.\\d)`, 'g');

const H = '[0-9A-Fa-f]{1,4}';
/** Full, compressed (`::`) and IPv4-suffixed IPv6 forms; a MAC address or a time is not one. */
const IPV6 = new RegExp(
  `^(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:|(?:${H}:){1,6}:${H}|(?:${H}:){1,5}(?::${H}){1,2}|(?:${H}:){1,4}(?::${H}){1,3}|(?:${H}:){1,3}(?::${H}){1,4}|(?:${H}:){1,2}(?::${H}){1,5}|${H}:(?::${H}){1,6}|::(?:${H}:){0,5}${H}|::ffff:(?:\\d{1,3}\\.){3}\\d{1,3})$`,
);
/** The longest run of hex digits, colons and dots that can be an address (`::ffff:255.255.255.255` and more). */
const MAX_IPV6_RUN = 45;
const WORD = /\w/;

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function inAddressRun(code: number): boolean {
  return isHexDigit(code) || code === 58 /* : */ || code === 46; /* . */
}

/**
 * IPv6 addresses, found from each colon followed by a hex digit or another colon: the run of hex
 * digits, colons and dots around it is tried against the full pattern. Most colons (`key: value`,
 * `http://`, `"a":1`) are rejected on the next character; a regex for such runs, tried at every
 * position, was the slowest part of a scan.
 */
function detectIpv6(text: string, emit: (finding: RawFinding) => void): void {
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    tick();
    const next = text.charCodeAt(colon + 1);
    if (!isHexDigit(next) && next !== 58) continue;
    let start = colon;
    while (start > 0 && inAddressRun(text.charCodeAt(start - 1))) start--;
    let end = colon + 1;
    while (end < text.length && inAddressRun(text.charCodeAt(end))) end++;
    colon = end - 1;
    // A sentence's full stop is not part of the address.
    while (end > start && text.charCodeAt(end - 1) === 46) end--;
    if (text.charCodeAt(start) === 46 || end - start > MAX_IPV6_RUN || end - start < 6) continue;
    if (WORD.test(text[start - 1] ?? '') || WORD.test(text[end] ?? '')) continue;
    const value = text.slice(start, end);
    if (value.indexOf(':', value.indexOf(':') + 1) === -1) continue;
    // `::` alone, C++ scopes (`std::vector` needs letters beyond a-f) and short hex pairs are not addresses.
    if (!IPV6.test(value) || (value.includes('::') && !/[0-9A-Fa-f]{2,}/.test(value))) continue;
    emit({ kind: 'ipv6', start, end, rule: 'aiguard/ipv6', confidence: 0.85 });
  }
}

export const networkDetector: Detector = {
  id: 'network',
  categories: ['network'],
  detect({ text }, emit) {
    emitMatches(text, IPV4, emit, { kind: 'ipv4', rule: 'aiguard/ipv4', confidence: 0.9 });
    if (text.includes(':')) detectIpv6(text, emit);
  },
};

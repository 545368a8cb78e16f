import { type Detector, emitMatches, type RawFinding } from '../detector';

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
/**
 * Where an IPv6 address could be: a run of hex digits and colons (dots for the IPv4 suffix). The
 * full pattern is tried only on runs with two colons; trying it at every position was the
 * slowest part of a scan.
 */
const IPV6_CANDIDATE = /[0-9A-Fa-f:][0-9A-Fa-f:.]{2,44}/g;

function detectIpv6(text: string, emit: (finding: RawFinding) => void): void {
  IPV6_CANDIDATE.lastIndex = 0;
  for (let match = IPV6_CANDIDATE.exec(text); match !== null; match = IPV6_CANDIDATE.exec(text)) {
    let value = match[0];
    const first = value.indexOf(':');
    if (first === -1 || value.indexOf(':', first + 1) === -1) continue;
    // A sentence's full stop or a port's colon is not part of the address.
    value = value.replace(/\.+$/, '');
    const start = match.index;
    const before = text[start - 1] ?? '';
    const after = text[start + value.length] ?? '';
    if (/[\w:.]/.test(before) || /[\w]/.test(after)) continue;
    // `::` alone, C++ scopes (`std::vector` needs letters beyond a-f) and short hex pairs are not addresses.
    if (value.length < 6 || !IPV6.test(value) || (value.includes('::') && !/[0-9A-Fa-f]{2,}/.test(value))) continue;
    emit({ kind: 'ipv6', start, end: start + value.length, rule: 'aiguard/ipv6', confidence: 0.85 });
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

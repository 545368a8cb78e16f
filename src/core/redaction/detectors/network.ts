import { type Detector, emitMatches } from '../detector';

/**
 * Addresses (the policy decides whether the network category is redacted). Dotted versions are
 * told apart by what surrounds them: `v1.2.3.4`, `1.2.3.4.5` and `1.2.3.4-beta` are not addresses.
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.-])${OCTET}(?:\\.${OCTET}){3}(?![\\w-]|\\.\\d)`, 'g');

const H = '[0-9A-Fa-f]{1,4}';
/** Full, compressed (`::`) and IPv4-suffixed IPv6 forms; a MAC address or a time is not one. */
const IPV6 = new RegExp(
  `(?<![\\w:.])(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:|(?:${H}:){1,6}:${H}|(?:${H}:){1,5}(?::${H}){1,2}|(?:${H}:){1,4}(?::${H}){1,3}|(?:${H}:){1,3}(?::${H}){1,4}|(?:${H}:){1,2}(?::${H}){1,5}|${H}:(?::${H}){1,6}|::(?:${H}:){0,5}${H}|::ffff:(?:\\d{1,3}\\.){3}\\d{1,3})(?![\\w:.])`,
  'g',
);

export const networkDetector: Detector = {
  id: 'network',
  detect({ text }, emit) {
    emitMatches(text, IPV4, emit, { kind: 'ipv4', rule: 'aiguard/ipv4', confidence: 0.9 });
    if (text.includes(':')) {
      emitMatches(text, IPV6, emit, {
        kind: 'ipv6',
        rule: 'aiguard/ipv6',
        confidence: 0.85,
        // `::` alone, C++ scopes (`std::vector` needs letters beyond a-f) and short hex pairs are not addresses.
        accept: (value) => value.length >= 6 && (value.includes('::') ? /[0-9A-Fa-f]{2,}/.test(value) : true),
      });
    }
  },
};

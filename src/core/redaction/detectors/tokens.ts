import { githubClassicTokenValid } from '../checks';
import { type Detector, emitMatchAt, type RawFinding } from '../detector';
import { notPlaceholder } from '../filters';
import type { Kind } from '../kinds';

/**
 * Provider tokens recognisable by their own shape (a fixed prefix, a length, an alphabet).
 * These are the most reliable detections. Each rule names the prefixes it starts with; the
 * scanner finds all of them in one pass, and the rule's pattern is tried only there (sticky), so
 * sixteen rules cost one pass rather than sixteen. A validator removes look-alikes where the
 * format allows.
 *
 * Every repetition in a pattern has an upper bound: tried at each hit, an unbounded run (`sk-`
 * repeated over 200 kB is one long run of token characters) made the detector quadratic.
 */
interface TokenRule {
  kind: Kind;
  id: string;
  /** The literals a match starts with (found ignoring case; the pattern decides). */
  prefixes: readonly string[];
  pattern: RegExp;
  confidence: number;
  accept?: (value: string) => boolean;
  /** A marker the token holds within so many characters of its start, looked up before the pattern. */
  holds?: { marker: string; within: number };
}

const RULES: readonly TokenRule[] = [
  { kind: 'aws-access-key-id', id: 'aws-access-key-id', prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AROA', 'ANPA', 'ANVA', 'AIPA'], pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b/g, confidence: 0.9, accept: notPlaceholder },
  { kind: 'gcp-api-key', id: 'gcp-api-key', prefixes: ['AIza'], pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'anthropic-api-key', id: 'anthropic-api-key', prefixes: ['sk-ant-'], pattern: /\bsk-ant-(?:api|admin|oat|ort)\d{2}-[A-Za-z0-9_-]{40,400}(?![A-Za-z0-9_-])/g, confidence: 0.99 },
  { kind: 'openai-api-key', id: 'openai-api-key', prefixes: ['sk-'], pattern: /\bsk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,400}T3BlbkFJ[A-Za-z0-9_-]{16,400}(?![A-Za-z0-9_-])/g, confidence: 0.99, holds: { marker: 'T3BlbkFJ', within: 420 } },
  { kind: 'openai-api-key', id: 'openai-project-key', prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,400}(?![A-Za-z0-9_-])/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'openai-api-key', id: 'openai-legacy-key', prefixes: ['sk-'], pattern: /\bsk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g, confidence: 0.8, accept: (value) => notPlaceholder(value) && /\d/.test(value) && /[A-Z]/.test(value) },
  { kind: 'github-token', id: 'github-classic-token', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g, confidence: 0.99, accept: githubClassicTokenValid },
  { kind: 'github-fine-grained-token', id: 'github-fine-grained-token', prefixes: ['github_pat_'], pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g, confidence: 0.99 },
  { kind: 'gitlab-token', id: 'gitlab-token', prefixes: ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'glsoat-', 'glcbt-', 'glffct-', 'glimt-', 'glagent-', 'gloas-'], pattern: /\b(?:glpat|glptt|gldt|glrt|glsoat|glcbt|glffct|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'npm-token', id: 'npm-token', prefixes: ['npm_'], pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'slack-token', id: 'slack-token', prefixes: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-'], pattern: /\bxox[abposre]-(?:[0-9]{1,20}-){1,4}[A-Za-z0-9-]{8,200}\b/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'slack-token', id: 'slack-app-token', prefixes: ['xapp-'], pattern: /\bxapp-\d-[A-Z0-9]{1,40}-\d{1,20}-[a-f0-9]{32,200}\b/g, confidence: 0.95 },
  { kind: 'slack-webhook', id: 'slack-webhook', prefixes: ['https://hooks.slack.com/'], pattern: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{1,64}\/[A-Za-z0-9_]{1,64}(?:\/[A-Za-z0-9_]{1,64})?/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'stripe-key', id: 'stripe-key', prefixes: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'], pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,256}\b/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'sendgrid-key', id: 'sendgrid-key', prefixes: ['SG.'], pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, confidence: 0.99 },
  { kind: 'twilio-key', id: 'twilio-api-key', prefixes: ['SK'], pattern: /\bSK[0-9a-f]{32}\b/g, confidence: 0.85 },
];

const LITERALS = RULES.flatMap((rule) => rule.prefixes);
const RULE_OF_LITERAL = RULES.flatMap((rule) => rule.prefixes.map(() => rule));
const STICKY = new Map(RULES.map((rule) => [rule, new RegExp(rule.pattern.source, 'y')]));

/**
 * The next occurrence of a marker at or after an offset, for hits in increasing order: each
 * marker's position is searched again only once the hits have passed it, so all look-ups of a
 * scan together read the text once per marker.
 */
class MarkerLookup {
  private readonly found = new Map<string, number>();

  constructor(private readonly text: string) {}

  next(marker: string, from: number): number {
    const known = this.found.get(marker);
    if (known !== undefined && known >= from) return known;
    const at = this.text.indexOf(marker, from);
    const position = at === -1 ? Number.POSITIVE_INFINITY : at;
    this.found.set(marker, position);
    return position;
  }
}

export const tokenDetector: Detector = {
  id: 'tokens',
  categories: ['secret'],
  literals: LITERALS,
  detect({ text, hits }, emit) {
    // A hit inside a token already found is part of it (`sk-…sk-…`), not the start of another.
    let coveredTo = 0;
    const record = (finding: RawFinding) => {
      coveredTo = Math.max(coveredTo, finding.end);
      emit(finding);
    };
    const markers = new MarkerLookup(text);
    for (const hit of [...hits].sort((a, b) => a.start - b.start)) {
      if (hit.start < coveredTo) continue;
      const rule = RULE_OF_LITERAL[hit.literal] as TokenRule;
      if (rule.holds && markers.next(rule.holds.marker, hit.start) - hit.start > rule.holds.within) continue;
      emitMatchAt(text, hit.start, STICKY.get(rule) as RegExp, record, {
        kind: rule.kind,
        rule: `aiguard/${rule.id}`,
        confidence: rule.confidence,
        ...(rule.accept ? { accept: rule.accept } : {}),
      });
    }
  },
};

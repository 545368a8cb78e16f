import { githubClassicTokenValid } from '../checks';
import { type Detector, emitMatches } from '../detector';
import { notPlaceholder } from '../filters';
import type { Kind } from '../kinds';

/**
 * Provider tokens recognisable by their own shape (a fixed prefix, a length, an alphabet).
 * These are the most reliable detections: each pattern starts with a literal, so the regex
 * engine skips ahead quickly, and a validator removes look-alikes where the format allows.
 */
interface TokenRule {
  kind: Kind;
  id: string;
  pattern: RegExp;
  confidence: number;
  accept?: (value: string) => boolean;
}

const RULES: readonly TokenRule[] = [
  { kind: 'aws-access-key-id', id: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b/g, confidence: 0.9, accept: notPlaceholder },
  { kind: 'gcp-api-key', id: 'gcp-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'anthropic-api-key', id: 'anthropic-api-key', pattern: /\bsk-ant-(?:api|admin|oat|ort)\d{2}-[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g, confidence: 0.99 },
  { kind: 'openai-api-key', id: 'openai-api-key', pattern: /\bsk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g, confidence: 0.99 },
  { kind: 'openai-api-key', id: 'openai-project-key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'openai-api-key', id: 'openai-legacy-key', pattern: /\bsk-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g, confidence: 0.8, accept: (value) => notPlaceholder(value) && /\d/.test(value) && /[A-Z]/.test(value) },
  { kind: 'github-token', id: 'github-classic-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/g, confidence: 0.99, accept: githubClassicTokenValid },
  { kind: 'github-fine-grained-token', id: 'github-fine-grained-token', pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g, confidence: 0.99 },
  { kind: 'gitlab-token', id: 'gitlab-token', pattern: /\b(?:glpat|glptt|gldt|glrt|glsoat|glcbt|glffct|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'npm-token', id: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'slack-token', id: 'slack-token', pattern: /\bxox[abposre]-(?:[0-9]+-)+[A-Za-z0-9-]{8,}\b/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'slack-token', id: 'slack-app-token', pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,}\b/g, confidence: 0.95 },
  { kind: 'slack-webhook', id: 'slack-webhook', pattern: /\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]+\/[A-Za-z0-9_]+(?:\/[A-Za-z0-9_]+)?/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'stripe-key', id: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, confidence: 0.95, accept: notPlaceholder },
  { kind: 'sendgrid-key', id: 'sendgrid-key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, confidence: 0.99 },
  { kind: 'twilio-key', id: 'twilio-api-key', pattern: /\bSK[0-9a-f]{32}\b/g, confidence: 0.85 },
];

export const tokenDetector: Detector = {
  id: 'tokens',
  categories: ['secret'],
  detect({ text }, emit) {
    for (const rule of RULES) {
      emitMatches(text, rule.pattern, emit, {
        kind: rule.kind,
        rule: `aiguard/${rule.id}`,
        confidence: rule.confidence,
        ...(rule.accept ? { accept: rule.accept } : {}),
      });
    }
  },
};

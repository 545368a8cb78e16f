import { sha256Hex } from '../hash';
import type { Template } from './types';

/**
 * Line ends as `\n`: a template checked out with CRLF (git's autocrlf on Windows) is the same
 * template, so it keeps its hash and its positions. Lone `\r` are left as they are.
 */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/**
 * The sha256 (lowercase hex) of a template file's text, after CRLF → LF, encoded as UTF-8.
 * This is what an approval names. For a file saved with LF and without a byte-order mark it
 * equals `sha256sum file`; `ai-guard templates list --json` prints it for every template.
 */
export function contentHash(text: string): string {
  return sha256Hex(normaliseNewlines(text));
}

/** One approval from the policy: this id is approved with exactly this content. */
export interface Approval {
  id: string;
  sha256: string;
}

/**
 * - `built-in`: shipped with AI Guard, approved by the product (reviewed with its source code,
 *   unchangeable without a release), so the policy need not list it.
 * - `approved`: the policy lists this id with this content's hash.
 * - `modified`: the policy lists this id, but with other hashes: the file changed since.
 * - `unapproved`: the policy does not list this id.
 *
 * An id may be listed several times (its English and French versions, or two versions in use
 * during a roll-out); any matching hash approves. Whether an unapproved or modified template may
 * run is the policy's decision, not this function's.
 */
export type ApprovalState = 'built-in' | 'approved' | 'modified' | 'unapproved';

export function approvalOf(template: Pick<Template, 'id' | 'origin' | 'sha256'>, approvals: ReadonlyArray<Approval>): ApprovalState {
  if (template.origin === 'built-in') return 'built-in';
  const listed = approvals.filter((approval) => approval.id === template.id);
  if (listed.length === 0) return 'unapproved';
  return listed.some((approval) => approval.sha256.toLowerCase() === template.sha256) ? 'approved' : 'modified';
}

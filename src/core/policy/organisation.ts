import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { describeError } from '../errors';
import { parseJsonAs } from '../json';
import type { Http, TextCache } from '../ports';
import { INVALID_POLICY_LEVEL } from './defaults';
import { isUrlLocation } from './location';
import { parsePolicyText } from './parse';
import { FILE_START, hasErrors, type Problem } from './problems';

/** What `loadOrganisationPolicy` needs from its caller; a missing port means "not available". */
export interface OrganisationPolicyPorts {
  readFile?: (path: string) => Promise<Uint8Array>;
  http?: Http;
  cache?: TextCache;
  timeoutMs?: number;
}

/**
 * The organisation policy as loaded, for `PolicyStore.setOrganisationPolicy`: the text to use
 * (undefined when there is none, which makes classification fail closed) and what went wrong
 * on the way (an unreachable server, an invalid download replaced by the cached copy).
 */
export interface OrganisationPolicyLoad {
  file: string;
  text: string | undefined;
  fromCache: boolean;
  problems: Problem[];
}

const CachedCopySchema = z.object({ text: z.string(), savedAt: z.string() });
type CachedCopy = z.infer<typeof CachedCopySchema>;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Loads the organisation policy (the machine-scoped setting `aiGuard.orgPolicy`) from a file
 * path or an `https:` URL (`http:` only for this machine: localhost, 127.0.0.1, [::1]).
 *
 * Every valid copy is cached, so the policy still applies offline: when the source cannot be
 * read, or what it returns is not a valid policy, the last valid copy is used and a warning
 * says why. With no copy the result has no text and an error: the caller must then treat the
 * organisation policy as invalid (files fail closed), never as absent.
 */
export async function loadOrganisationPolicy(location: string, ports: OrganisationPolicyPorts): Promise<OrganisationPolicyLoad> {
  const file = location.trim();
  const problem = (severity: Problem['severity'], message: string): Problem => ({ file, ...FILE_START, severity, message });
  const cacheKey = `aiGuard.orgPolicy:${file}`;

  let fetched: string;
  try {
    fetched = await read(file, ports);
  } catch (error) {
    return fromCache(file, cacheKey, ports.cache, problem, describeError(error));
  }
  const parsed = parsePolicyText(file, fetched);
  if (hasErrors(parsed.problems)) {
    const first = parsed.problems.find((p) => p.severity === 'error') as Problem;
    const cached = await fromCache(file, cacheKey, ports.cache, problem, l10n.t('it is not a valid policy: line {0}, column {1}: {2}', first.line, first.column, first.message));
    // Without a cached copy, the invalid text itself is handed on, so its errors show in place.
    return cached.text !== undefined ? cached : { file, text: fetched, fromCache: false, problems: [] };
  }
  try {
    await ports.cache?.set(cacheKey, JSON.stringify({ text: fetched, savedAt: new Date().toISOString() } satisfies CachedCopy));
  } catch {
    // A cache that cannot be written only costs the offline copy; the policy itself is fine.
  }
  return { file, text: fetched, fromCache: false, problems: [] };
}

export { isUrlLocation } from './location';

async function read(location: string, ports: OrganisationPolicyPorts): Promise<string> {
  if (location === '') throw new Error(l10n.t('the setting is empty'));
  if (isUrlLocation(location)) {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw new Error(l10n.t('{0} is not a valid URL', location));
    }
    const local = LOCAL_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
      throw new Error(l10n.t('only https: URLs are allowed (http: only for localhost), so that the policy cannot be altered on the way'));
    }
    if (ports.http === undefined) throw new Error(l10n.t('no network access here'));
    const response = await ports.http.get(url.toString(), { timeoutMs: ports.timeoutMs ?? 10_000 });
    if (response.status < 200 || response.status > 299) throw new Error(l10n.t('the server answered HTTP {0}', response.status));
    return response.text;
  }
  if (ports.readFile === undefined) throw new Error(l10n.t('no file access here'));
  return new TextDecoder().decode(await ports.readFile(location));
}

async function fromCache(file: string, key: string, cache: TextCache | undefined, problem: (severity: Problem['severity'], message: string) => Problem, why: string): Promise<OrganisationPolicyLoad> {
  let copy: CachedCopy | undefined;
  try {
    const raw = await cache?.get(key);
    copy = raw === undefined ? undefined : parseJsonAs(raw, CachedCopySchema);
  } catch {
    copy = undefined;
  }
  if (copy !== undefined) {
    return {
      file,
      text: copy.text,
      fromCache: true,
      problems: [problem('warning', l10n.t('The organisation policy could not be loaded ({0}); the copy saved on {1} applies.', why, String(copy.savedAt)))],
    };
  }
  return {
    file,
    text: undefined,
    fromCache: false,
    problems: [problem('error', l10n.t('The organisation policy could not be loaded ({0}) and no copy is saved: every file is treated as at least {1}.', why, INVALID_POLICY_LEVEL))],
  };
}

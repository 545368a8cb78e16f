import * as l10n from '@vscode/l10n';
import { SENSITIVE_PATH_LEVEL, TEMPLATE_PATH_LEVEL } from '../policy/defaults';
import { type MatchResult, PathMatcher } from '../policy/patterns';

/**
 * File names that hold credentials wherever they are, whatever the policy says: they are at
 * least `restricted`. A policy cannot lower them; it can only add rules. (Like every built-in
 * reference to a level, a level the policy's own `levels` lack means the highest one.)
 *
 * Choices:
 * - `.env`, `.env.*`, `*.env` (Docker Compose's `env_file: app.env`) and `.envrc` are restricted, but environment *templates* (`.env.example`,
 *   `.env.sample`, `.env.template`, `.env.dist`, also as `.env.local.example`) are `internal`:
 *   they are committed precisely because they hold placeholders. If one holds a real secret the
 *   content scan raises it like any file.
 * - Private keys and keystores by extension (`*.pem`, `*.key`, `*.p8`, `*.p12`, `*.pfx`,
 *   `*.jks`, `*.keystore`, `*.ppk`, `*.kdbx`); `*.pem` also catches public certificates, which
 *   is the safe side. SSH keys by name (`id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519` and
 *   variants), but not their `.pub` halves.
 * - Cluster and cloud credentials: `kubeconfig`, `.kube/config`, Terraform state (which stores
 *   every secret the infrastructure was created with), `.aws/credentials`,
 *   `.docker/config.json`, `.git-credentials`, `.netrc`, `.pgpass`, `.pypirc`, `.htpasswd`,
 *   Google OAuth `credentials.json` / `client_secret*.json`, and `secrets.{json,yml,yaml,toml}`.
 * - Not listed: `.npmrc` (most only name a registry; tokens in it are found by the content
 *   scan), `*.tfvars`, `*.pub`, source files named like secrets (`secrets.ts`).
 */
interface BuiltInGroup {
  patterns: readonly string[];
  what: () => string;
}

const SENSITIVE: readonly BuiltInGroup[] = [
  { patterns: ['*.env', '.env', '.env.*', '.envrc', '!.env*.example', '!.env*.sample', '!.env*.template', '!.env*.dist'], what: () => l10n.t('an environment file') },
  { patterns: ['*.pem', '*.key', '*.p8', '*.p12', '*.pfx', '*.jks', '*.keystore', '*.ppk', '*.kdbx'], what: () => l10n.t('a private key or keystore') },
  { patterns: ['id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '!id_*.pub'], what: () => l10n.t('an SSH private key') },
  { patterns: ['kubeconfig', '**/.kube/config', '*.tfstate', '*.tfstate.backup'], what: () => l10n.t('cluster or infrastructure credentials') },
  {
    patterns: [
      '**/.aws/credentials',
      '**/.docker/config.json',
      '.git-credentials',
      '.netrc',
      '_netrc',
      '.pgpass',
      '.pypirc',
      '.htpasswd',
      'credentials.json',
      'client_secret*.json',
      'secrets.json',
      'secrets.yml',
      'secrets.yaml',
      'secrets.toml',
    ],
    what: () => l10n.t('a credentials file'),
  },
];

const TEMPLATES: readonly BuiltInGroup[] = [{ patterns: ['.env*.example', '.env*.sample', '.env*.template', '.env*.dist'], what: () => l10n.t('an environment template (usually placeholders)') }];

/** The built-in sensitive patterns, negations included, in order: for AI tools' own ignore files (`ai-guard tools sync`). */
export function sensitivePatterns(): string[] {
  return SENSITIVE.flatMap((group) => group.patterns);
}

/** What a built-in pattern says about a path. */
export interface BuiltInMatch {
  /** The built-in level id it asks for (resolved against the policy's levels by the caller). */
  level: string;
  pattern: string;
  /** What such files are, in words (translated when asked). */
  what: () => string;
}

/**
 * One pattern set: the sensitive patterns (their negations included), then the templates,
 * which the negations have just re-included and which now match with their own level. Each
 * pattern's mark says which group it belongs to.
 */
const GROUPS = [...SENSITIVE.map((group) => ({ group, level: SENSITIVE_PATH_LEVEL })), ...TEMPLATES.map((group) => ({ group, level: TEMPLATE_PATH_LEVEL }))];
let compiled: PathMatcher | undefined;

/** The built-in patterns, governing every workspace folder from its top. */
export function builtInMatcher(): PathMatcher {
  compiled ??= new PathMatcher(GROUPS.flatMap(({ group }, index) => group.patterns.map((pattern) => ({ pattern, mark: String(index) }))));
  return compiled;
}

/** What the built-in patterns' answer for a file means, if they matched it. */
export function describeBuiltIn(result: MatchResult): BuiltInMatch | undefined {
  if (result.state !== 'matched') return undefined;
  const { group, level } = GROUPS[Number(result.mark)] as (typeof GROUPS)[number];
  return { level, pattern: result.pattern, what: group.what };
}

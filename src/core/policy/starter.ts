import * as l10n from '@vscode/l10n';
import { foldName } from '../redaction/fold';
import { DEFAULT_POLICY } from './defaults';

export interface StarterOptions {
  /** The client the folder's files belong to, as people write it ("Crédit Agricole"). */
  clientName?: string;
  /** The level of files no rule matches; one of the levels in force (default: the built-in default). */
  defaultLevel?: string;
}

/**
 * The text of a new `.aiguard/policy.json` ("AI Guard: Create Policy"): short, commented in
 * the user's language, and valid as written. With a client, every file of the folder belongs
 * to it and its name is masked before any AI call.
 */
export function renderStarterPolicy(options: StarterOptions = {}): string {
  const defaultLevel = options.defaultLevel ?? DEFAULT_POLICY.defaultLevel;
  if (!/^[a-z][a-z0-9_-]*$/.test(defaultLevel)) throw new Error(l10n.t("'{0}' is not a level id.", defaultLevel));
  const name = options.clientName?.trim() ?? '';
  const lines = [
    '{',
    `  // ${l10n.t('Etech AI Guard policy for this folder and everything below it.')}`,
    `  // ${l10n.t('Hover over a key, or press Ctrl+Space, for what each one means.')}`,
    '  "version": 1,',
    `  // ${l10n.t('The level of files no rule matches.')}`,
    `  "defaultLevel": ${JSON.stringify(defaultLevel)},`,
  ];
  if (name === '') {
    lines.push(
      `  // ${l10n.t('Path rules (gitignore patterns, relative to this folder); the highest matching level wins.')}`,
      '  "rules": [',
      `    // { "pattern": "contracts/", "level": "confidential", "reason": "${l10n.t('Signed contracts.')}" }`,
      '  ]',
    );
  } else {
    const id = clientId(name);
    lines.push(
      `  // ${l10n.t('The clients whose data this folder holds.')}`,
      `  "clients": [{ "id": ${JSON.stringify(id)}, "name": ${JSON.stringify(name)} }],`,
      `  // ${l10n.t('Path rules (gitignore patterns, relative to this folder); the highest matching level wins.')}`,
      '  "rules": [',
      `    { "pattern": "*", "level": ${JSON.stringify(defaultLevel)}, "client": ${JSON.stringify(id)}, "reason": ${JSON.stringify(l10n.t('Work for {0}.', name))} }`,
      '  ],',
      `  // ${l10n.t('Names masked before any AI call.')}`,
      `  "dictionary": { "clients": [${JSON.stringify(name)}] }`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** A client id from a name: `Crédit Agricole` → `credit-agricole`. */
export function clientId(name: string): string {
  const slug = foldName(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'client' : slug;
}

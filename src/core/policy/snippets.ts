/**
 * The policy file's snippets, offered by the JSON Schema (`defaultSnippets`, which VS Code's JSON
 * editor reads) where each belongs: the skeleton in an empty `.aiguard/policy.json`, a rule in
 * `rules`, and so on. Never as editor snippets of the `jsonc` language, which every JSON file with
 * comments is, `settings.json` included. `npm run generate` writes them into `schemas/policy.schema.json`.
 */
export interface PolicySnippet {
  /** What a person types to find it, kept from the editor snippets it replaces. */
  prefix: string;
  label: string;
  description: string;
  /** Where in the policy it is offered: the whole file, an item of an array, or the matrix's value. */
  at: 'root' | 'rules' | 'clients' | 'levels' | 'matrix';
  /** The snippet's text, with VS Code's tab stops (`${1:…}`, `${1|a,b|}`). */
  body: readonly string[];
}

export const POLICY_SNIPPETS: readonly PolicySnippet[] = [
  {
    prefix: 'aiguard-policy',
    label: 'AI Guard policy skeleton',
    description: 'A new Etech AI Guard policy file (.aiguard/policy.json).',
    at: 'root',
    body: ['{', '\t// The policy format version.', '\t"version": 1,', '\t// The level of files no rule matches.', '\t"defaultLevel": "${1|internal,public,confidential,restricted|}"$0', '}'],
  },
  {
    prefix: 'aiguard-rule',
    label: 'AI Guard path rule',
    description: 'A rule in "rules": files matching a gitignore pattern (relative to the policy\'s folder) get a level, optionally a client, and a reason people will read.',
    at: 'rules',
    body: ['{ "pattern": "${1:clients/acme/}", "level": "${2|confidential,internal,public,restricted|}", "reason": "${3:Why these files have this level.}" }$0'],
  },
  {
    prefix: 'aiguard-client',
    label: 'AI Guard client',
    description: 'A client in "clients": its id (used by rules), its name (masked before AI calls), and the only providers its files may go to.',
    at: 'clients',
    body: ['{ "id": "${1:acme}", "name": "${2:Acme}", "providers": ["${3:tag:local}"] }$0'],
  },
  {
    prefix: 'aiguard-level',
    label: 'AI Guard level',
    description: 'A level in "levels" (least sensitive first), with its English and French labels and an optional theme colour.',
    at: 'levels',
    body: ['{ "id": "${1:secret}", "label": { "en": "${2:Secret}", "fr": "${3:Secret}" }, "color": "${4:charts.red}" }$0'],
  },
  {
    prefix: 'aiguard-matrix',
    label: 'AI Guard matrix entry',
    description: 'One level\'s line of the classification matrix in "matrix": whether AI is allowed, which providers (ids or tag:…), what is masked.',
    at: 'matrix',
    body: ['{ "${1:confidential}": { "aiAllowed": ${2|true,false|}, "providers": ["${3:tag:eu-hosted}"], "redact": ["secret", "pii", "dictionary"] } }$0'],
  },
];

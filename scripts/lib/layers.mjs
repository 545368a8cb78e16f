// @ts-check
// The layer table: which folder of src/ holds what, and which other folders it may import.
// It is the one source of the import boundaries: eslint.config.mjs turns it into a lint rule
// (scripts/lib/layerRule.mjs), `npm run generate` writes it into ARCHITECTURE.md, and
// test/unit/architecture.test.ts checks every file of src/ against it, import cycles included.
// Every folder of src/ must be listed here: a new one is refused until it has a row.

/**
 * @typedef {object} Layer
 * @property {string} id           the folder (or file) under src/, without `src/`
 * @property {string} holds        what it holds (Markdown, one line)
 * @property {string[]} mayImport  the other layers it may import
 * @property {'yes' | 'types' | 'no'} vscode  whether it may import the `vscode` module
 */

/** @type {readonly Layer[]} */
export const layers = [
  {
    id: 'extension.ts',
    holds: '`activate`: lazy-imports the adapter, reports its own failure',
    mayImport: ['vscode'],
    vscode: 'types',
  },
  {
    id: 'shared',
    holds: 'ids (commands, views, settings), webview message schemas, settings schema, version',
    mayImport: [],
    vscode: 'no',
  },
  {
    id: 'core',
    holds: 'the product: policy, classification, redaction, templates, providers, pipeline, audit, cost, telemetry, hooks, tools, MCP; ports in `core/ports.ts`',
    mayImport: ['shared'],
    vscode: 'no',
  },
  {
    id: 'node',
    holds: "Node adapters of the core's ports shared by the CLI, the extension host and the collector (files, locks, git, processes)",
    mayImport: ['core', 'shared'],
    vscode: 'no',
  },
  {
    id: 'vscode',
    holds: 'the editor adapter: composition root (`container.ts`), one file per command, sidebar provider, port adapters',
    mayImport: ['core', 'shared', 'node'],
    vscode: 'yes',
  },
  {
    id: 'webview',
    holds: 'the sidebar page, bundled for the browser',
    mayImport: ['shared'],
    vscode: 'no',
  },
  {
    id: 'cli',
    holds: "`ai-guard`, the core from a terminal, a git hook, an AI tool's hook or CI",
    mayImport: ['core', 'shared', 'node'],
    vscode: 'no',
  },
  {
    id: 'collector',
    holds:
      'the reference telemetry collector (`dist/collector.js`, not in the `.vsix`, Node ≥ 22.16): OTLP/HTTP in, a store over one async `Driver` (SQLite through `node:sqlite`, or PostgreSQL through `pg`; one schema in `storage/schema.ts`), k-anonymous summary API and dashboard for the AI lead; see `docs/telemetry-collector.md`',
    mayImport: ['core', 'shared', 'node'],
    vscode: 'no',
  },
];

/**
 * The layer a path under src/ belongs to, or undefined.
 * @param {string} relativeToSrc a path relative to src/, with forward slashes
 */
export function layerOf(relativeToSrc) {
  const first = relativeToSrc.split('/')[0] ?? '';
  return layers.find((layer) => layer.id === first);
}

/** The Markdown table that ARCHITECTURE.md shows, generated from the rows above. */
export function layerTableMarkdown() {
  const rows = layers.map((layer) => {
    const path = layer.id.endsWith('.ts') ? `src/${layer.id}` : `src/${layer.id}/`;
    const imports = layer.mayImport.map((id) => `\`src/${id}\``);
    if (layer.vscode === 'yes') imports.push('the `vscode` module');
    if (layer.vscode === 'types') imports.push("the `vscode` module's types");
    return `| \`${path}\` | ${layer.holds} | ${imports.length ? imports.join(', ') : 'nothing of ours'} |`;
  });
  return ['| folder | what it holds | may import |', '|---|---|---|', ...rows].join('\n');
}

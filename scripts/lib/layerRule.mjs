// @ts-check
// An ESLint rule generated from the layer table (scripts/lib/layers.mjs): a file under src/ may
// import another folder of src/ only if its layer's row allows it. Relative imports are resolved
// against the importing file, so a subfolder that happens to share a layer's name is not mistaken
// for it; static, type-only, re-exported, dynamic and require() imports are all checked.
import { dirname, relative, resolve } from 'node:path';
import { layerOf } from './layers.mjs';

/** @param {string} root the repository's root @returns {import('eslint').Rule.RuleModule} */
export function layerRule(root) {
  const src = resolve(root, 'src');
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Imports between src/ folders follow the layer table of ARCHITECTURE.md.' },
      schema: [],
    },
    create(context) {
      const file = context.filename;
      const from = relative(src, file).split('\\').join('/');
      if (from.startsWith('..')) return {};
      const layer = layerOf(from);
      /** @param {import('estree').Node} node @param {unknown} value */
      const check = (node, value) => {
        if (typeof value !== 'string' || !value.startsWith('.')) return;
        const target = relative(src, resolve(dirname(file), value))
          .split('\\')
          .join('/');
        if (target.startsWith('..')) return; // package.json, l10n bundles: not a layer
        const to = layerOf(target);
        if (!layer) {
          context.report({ node, message: `src/${from.split('/')[0]} is not in the layer table (scripts/lib/layers.mjs): add its row before importing from it.` });
          return;
        }
        if (!to) {
          context.report({ node, message: `'${value}' reaches src/${target.split('/')[0]}, which is not in the layer table (scripts/lib/layers.mjs).` });
          return;
        }
        if (to.id === layer.id || layer.mayImport.includes(to.id)) return;
        context.report({
          node,
          message: `Do not import from src/${to.id} in src/${layer.id}: the layer table (ARCHITECTURE.md, scripts/lib/layers.mjs) lets it import ${layer.mayImport.length ? layer.mayImport.map((id) => `src/${id}`).join(', ') : 'nothing of ours'}.`,
        });
      };
      return {
        ImportDeclaration: (node) => check(node, node.source.value),
        ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
        ExportAllDeclaration: (node) => check(node, node.source.value),
        ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        CallExpression: (node) => {
          const [first] = node.arguments;
          if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal') check(node, first.value);
        },
        /** @param {any} node */
        TSImportType: (node) => {
          const literal = node.argument?.literal ?? node.argument;
          if (literal?.type === 'Literal') check(node, literal.value);
        },
      };
    },
  };
}

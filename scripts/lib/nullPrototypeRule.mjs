// @ts-check
// An ESLint rule for the code that reads what clients send (the collector, the OTLP decoder):
// an object written under a key that is not a closed list must be a Map or an object without a
// prototype. On a plain object, `object[key] = value` with a key such as `__proto__` sets the
// object's prototype (and `object[a][b] = value` can reach Object.prototype itself): one request
// then corrupts a shared object for every later one. The rule is type-aware: a key whose type is
// a number or a union of literals (a closed list the code chose), and an array, are fine; so is
// an object made by `Object.create(null)`, directly or by a function of the same file that
// returns one.

/** @typedef {import('estree').Node} Node */

/** The expression without TypeScript's casts and non-null assertions. @param {any} node @returns {any} */
function bare(node) {
  while (node && (node.type === 'TSAsExpression' || node.type === 'TSTypeAssertion' || node.type === 'TSNonNullExpression' || node.type === 'TSSatisfiesExpression')) node = node.expression;
  return node;
}

/** Whether `node` is `Object.create(null)`. @param {any} node */
function isNullCreate(node) {
  const call = bare(node);
  return (
    call?.type === 'CallExpression' &&
    call.callee.type === 'MemberExpression' &&
    call.callee.object.type === 'Identifier' &&
    call.callee.object.name === 'Object' &&
    call.callee.property.type === 'Identifier' &&
    call.callee.property.name === 'create' &&
    call.arguments.length === 1 &&
    call.arguments[0].type === 'Literal' &&
    call.arguments[0].value === null
  );
}

/** @type {import('eslint').Rule.RuleModule} */
export const nullPrototypeRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Objects keyed by client input are Maps or have no prototype (Object.create(null)).' },
    schema: [],
  },
  create(context) {
    const services = /** @type {any} */ (context.sourceCode.parserServices);
    const checker = services?.program?.getTypeChecker();

    /** Functions of this file that return `Object.create(null)`, by name. @type {Set<string>} */
    const makers = new Set();
    /** @param {any} fn */
    const returnsNullObject = (fn) => {
      if (fn.body?.type !== 'BlockStatement') return isNullCreate(fn.body);
      return fn.body.body.some((/** @type {any} */ statement) => statement.type === 'ReturnStatement' && isNullCreate(statement.argument));
    };

    /** Whether an expression is known to make an object without a prototype. @param {any} node @returns {boolean} */
    const makesNullObject = (node) => {
      const value = bare(node);
      if (value?.type === 'ParenthesizedExpression') return makesNullObject(value.expression);
      if (isNullCreate(value)) return true;
      if (value?.type === 'CallExpression' && value.callee.type === 'Identifier' && makers.has(value.callee.name)) return true;
      // `a ?? (a = Object.create(null))`: either a value put there by this very pattern, or a new one.
      if (value?.type === 'LogicalExpression' && value.operator === '??') return bare(value.right)?.type === 'AssignmentExpression' && makesNullObject(bare(value.right).right);
      return false;
    };

    /** Whether the object `node` names was declared as one without a prototype. @param {any} node */
    const declaredNull = (node) => {
      const object = bare(node);
      if (object?.type !== 'Identifier') return false;
      let scope = context.sourceCode.getScope(object);
      while (scope) {
        const variable = scope.set.get(object.name);
        if (variable) return variable.defs.some((/** @type {any} */ def) => def.type === 'Variable' && def.node.init && makesNullObject(def.node.init));
        scope = /** @type {any} */ (scope.upper);
      }
      return false;
    };

    /** Whether a type is a closed set of keys: numbers, or literals the code chose. @param {any} type @returns {boolean} */
    const closed = (type) => {
      if (type.isUnion()) return type.types.every(closed);
      // TypeFlags: NumberLike (296), StringLiteral (128), NumberLiteral (256), BooleanLiteral (512), EnumLiteral (1024), Never (131072).
      return (type.flags & (296 | 128 | 256 | 512 | 1024 | 131072)) !== 0;
    };

    /** @param {any} node */
    const isArrayLike = (node) => {
      if (!checker) return false;
      const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      return checker.isArrayType(type) || checker.isTupleType(type) || /^(Uint8Array|Buffer|Float64Array|Int32Array)\b/.test(checker.typeToString(type));
    };

    return {
      // The file's own makers of objects without a prototype, wherever they are declared in it.
      Program(/** @type {any} */ program) {
        for (const statement of program.body) {
          const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
          if (declaration.type === 'FunctionDeclaration' && declaration.id && returnsNullObject(declaration)) makers.add(declaration.id.name);
          if (declaration.type === 'VariableDeclaration')
            for (const declarator of declaration.declarations) {
              const init = bare(declarator.init);
              if (declarator.id.type === 'Identifier' && (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression') && returnsNullObject(init)) makers.add(declarator.id.name);
            }
        }
      },
      'AssignmentExpression:exit'(/** @type {any} */ node) {
        const target = bare(node.left);
        if (target.type !== 'MemberExpression' || !target.computed) return;
        const key = target.property;
        if (key.type === 'Literal' || (key.type === 'TemplateLiteral' && key.expressions.length === 0)) return;
        if (checker && closed(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(key)))) return;
        if (isArrayLike(target.object) || declaredNull(target.object)) return;
        context.report({
          node: target,
          message:
            'An object written under a key that is not a closed list must be a Map or made by Object.create(null): a key such as `__proto__` would change its prototype (and a client chooses the keys here).',
        });
      },
    };
  },
};

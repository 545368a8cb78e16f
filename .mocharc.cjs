// @ts-check
'use strict';
// Read by every mocha command run from the repository (unit and e2e). The collector needs
// Node ≥ 22.16: on an older Node, current-node.cjs runs the command again under Node 24.
module.exports = { require: ['test/support/current-node.cjs'] };

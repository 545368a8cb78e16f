// @ts-check
'use strict';
// Mocha's defaults for every command run from the repository (unit and e2e).
// - The 2-core machines that run the tests are shared and often loaded: a unit test that needs
//   more than 2 s there is slow, not broken, so the default timeout is generous; tests that wait
//   on a process or a server set their own.
// - The collector needs Node ≥ 22.16: on an older Node, current-node.cjs runs the command again
//   under Node 24.
module.exports = {
  timeout: 30_000,
  slow: 2_000,
  require: ['test/support/current-node.cjs'],
};

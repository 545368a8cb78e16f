// Mocha's defaults for every layer run from this folder. The 2-core machines that run the tests
// are shared and often loaded: a unit test that needs more than 2 s there is slow, not broken, so
// the default timeout is generous; tests that wait on a process or a server set their own.
module.exports = {
  timeout: 30_000,
  slow: 2_000,
};

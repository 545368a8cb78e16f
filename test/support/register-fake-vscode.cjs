// @ts-check
'use strict';
// Makes `require('vscode')` resolve to the in-memory fake, for code run outside an editor.
const Module = require('node:module');
const path = require('node:path');

const fakePath = path.join(__dirname, 'fake-vscode.cjs');
/** @type {any} */
const mod = Module;
const original = mod._resolveFilename;
mod._resolveFilename = function (/** @type {string} */ request, /** @type {unknown[]} */ ...rest) {
  return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
};

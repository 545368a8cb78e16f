import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as presetRecommend } from '@secretlint/secretlint-rule-preset-recommend';

/*
 * secretlint itself, apart from the detector that decides when to call it (`secretlint.ts`):
 * the largest piece of the engine (about 330 KiB minified, a third of the extension), needed only
 * when a scan finds one of its triggers. The extension and the CLI bundle it into a file of its
 * own (`dist/secretlint.js`, see scripts/build.mjs), required on first use, so activation does
 * not parse it.
 *
 * secretlint's core records a performance mark for every rule of every lint, and its profiler
 * keeps every entry in memory and searches them linearly on each new mark. In a long-lived
 * process (the extension host, a server) that is a leak and a slowdown that grows with every
 * scan: it was most of the scan time after a few thousand files. We do not use its profile, so
 * the shared profiler's `mark` does nothing.
 */
secretLintProfiler.mark = () => undefined;

export { lintSource, presetRecommend };

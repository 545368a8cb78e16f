import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type * as Providers from '../../src/core/providers';
import { bundleAsShipped, loadBuild } from '../support/bundles';
import { FakeAiServer } from '../support/fakeAiServer';
import { FakeBedrockServer, FakeGoogleServer } from '../support/fakeCloudServers';
import { repoRoot } from '../support/repo';
import { TEST_KEY } from '../support/providers';

/**
 * The SDK bundle split of scripts/build.mjs, end to end: the provider code bundled as the
 * extension and the CLI are (CommonJS, minified, with `sdkSplitPlugin`), the SDK bundles beside
 * it, then real calls through those files against the local server.
 */
describe('providers: the SDKs in bundles of their own', function () {
  this.timeout(60_000);
  let dir: string;
  let bundle: string;
  let server: FakeAiServer;

  before(async () => {
    const build = await loadBuild();
    dir = mkdtempSync(join(tmpdir(), 'ai-guard-bundle-'));
    bundle = join(dir, 'providers.js');
    await Promise.all([
      ...build.sdkBuilds({ outdir: dir, production: true, absWorkingDir: repoRoot }).map((options) => esbuild.build(options)),
      bundleAsShipped('src/core/providers/index.ts', bundle, [build.sdkSplitPlugin()]),
    ]);
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });

  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const loadedSdks = () => Object.keys(require.cache).filter((path) => path.startsWith(dir) && /sdk-[a-z]+\.js$/.test(path));

  it('leaves the SDKs out of the bundle that imports them', () => {
    const code = readFileSync(bundle, 'utf8');
    assert.match(code, /require\("\.\/sdk-openai\.js"\)/);
    assert.match(code, /require\("\.\/sdk-anthropic\.js"\)/);
    assert.match(code, /require\("\.\/sdk-bedrock\.js"\)/);
    assert.match(code, /require\("\.\/sdk-google\.js"\)/);
    assert.doesNotMatch(code, /BedrockRuntimeClient\s*=|class BedrockRuntimeClient|google-auth-library/, 'no cloud SDK code is inlined');
    assert.doesNotMatch(code, /X-Stainless/i, 'no SDK code is inlined');
    assert.ok(statSync(bundle).size < 120_000, `the provider code alone is ${statSync(bundle).size} bytes`);
  });

  it('loads no SDK when the bundle loads, and each SDK on its first call, which then streams', async () => {
    const providers = require(bundle) as typeof Providers;
    assert.deepEqual(loadedSdks(), []);
    const calls = [
      { id: 'o', kind: 'openai', baseUrl: server.openaiBaseUrl, model: 'gpt-4o-mini' },
      { id: 'a', kind: 'azure-openai', baseUrl: server.url, deployment: 'dep', apiVersion: '2024-10-21' },
      { id: 'c', kind: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'claude-test-1' },
    ];
    for (const raw of calls) {
      const provider = await providers.createProvider(providers.ProviderConfigSchema.parse(raw), { apiKey: TEST_KEY });
      const pieces: string[] = [];
      const result = await provider.stream({ messages: [{ role: 'user', content: 'Hi' }] }, { onText: (piece) => pieces.push(piece) });
      assert.equal(pieces.length, 4);
      assert.equal(result.text, 'Hello from the fake server.');
      assert.equal(result.usage.estimated, false);
    }
    assert.deepEqual(
      loadedSdks()
        .map((path) => path.slice(dir.length + 1))
        .sort(),
      ['sdk-anthropic.js', 'sdk-openai.js'],
    );
  });

  it('loads the Bedrock and Google SDK bundles only when those kinds are first called, which then stream', async () => {
    const providers = require(bundle) as typeof Providers;
    const bedrock = await FakeBedrockServer.start();
    const google = await FakeGoogleServer.start({ apiKey: 'AIza-bundle-test-key-0123456789' });
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, warning: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEBUNDLETEST01';
    process.env.AWS_SECRET_ACCESS_KEY = 'fake-bundle-secret-0123456789abcdefghijkl';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    try {
      const before = loadedSdks().filter((path) => /sdk-(bedrock|google)\.js$/.test(path));
      assert.deepEqual(before, []);
      for (const [raw, apiKey] of [
        [{ id: 'b', kind: 'bedrock', region: 'eu-west-3', baseUrl: bedrock.url, model: 'amazon.nova-lite-v1:0' }, undefined],
        [{ id: 'g', kind: 'gemini', baseUrl: google.url, model: 'gemini-2.5-flash' }, 'AIza-bundle-test-key-0123456789'],
      ] as const) {
        const provider = await providers.createProvider(providers.ProviderConfigSchema.parse(raw), { apiKey });
        const result = await provider.stream({ messages: [{ role: 'user', content: 'Hi' }] });
        assert.equal(result.text, 'Hello from the fake server.');
        assert.equal(result.usage.estimated, false);
      }
      const names = loadedSdks().map((path) => path.slice(dir.length + 1));
      assert.ok(names.includes('sdk-bedrock.js') && names.includes('sdk-google.js'), names.join(', '));
    } finally {
      for (const [name, value] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
        ['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', saved.warning],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await bedrock.close();
      await google.close();
    }
  });

  it("maps the bundled SDKs' errors (their classes are exported) to provider errors", async () => {
    const providers = require(bundle) as typeof Providers;
    for (const raw of [
      { id: 'o', kind: 'openai', baseUrl: server.openaiBaseUrl, model: 'gpt-4o-mini' },
      { id: 'c', kind: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'claude-test-1' },
    ]) {
      const provider = await providers.createProvider(providers.ProviderConfigSchema.parse(raw), { apiKey: 'sk-wrong' });
      await assert.rejects(provider.stream({ messages: [{ role: 'user', content: 'Hi' }] }), (error: { code?: string }) => error.code === 'unauthorized');
      const allowed = await providers.createProvider(providers.ProviderConfigSchema.parse(raw), { apiKey: TEST_KEY });
      server.enqueue({ fault: 'hang' });
      await assert.rejects(allowed.stream({ messages: [{ role: 'user', content: 'Hi' }] }, { signal: AbortSignal.timeout(200) }), (error: { code?: string }) => error.code === 'cancelled');
    }
  });

  it('refuses an SDK subpath import, which would copy part of the SDK into the bundle', async () => {
    const build = await loadBuild();
    await assert.rejects(
      esbuild.build({
        stdin: { contents: "export const load = () => import('openai/azure');", resolveDir: repoRoot, loader: 'ts' },
        bundle: true,
        write: false,
        format: 'cjs',
        platform: 'node',
        logLevel: 'silent',
        plugins: [build.sdkSplitPlugin()],
      }),
      /import 'openai\/azure' from the SDK's root instead: its bundle is dist\/sdk-openai\.js/,
    );
  });
});

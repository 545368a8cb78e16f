import { strict as assert } from 'node:assert';
import { type AiProvider, createProvider, type ProviderConfigInput, ProviderConfigSchema, ProviderError } from '../../src/core/providers';
import type { FakeAiServer, Protocol } from './fakeAiServer';

/** The key the fake server expects in provider tests. */
export const TEST_KEY = 'sk-test-4f9a1c2e7b3d5a6f8e0c1d2b';

/** A provider configuration of each protocol, pointed at the fake server. */
export function configFor(protocol: Protocol, server: FakeAiServer, overrides: Partial<ProviderConfigInput> = {}) {
  const base: ProviderConfigInput =
    protocol === 'openai'
      ? { id: 'openai-test', kind: 'openai', baseUrl: server.openaiBaseUrl, model: 'gpt-4o-mini' }
      : protocol === 'azure'
        ? { id: 'azure-test', kind: 'azure-openai', baseUrl: server.url, deployment: 'review-gpt4o', apiVersion: '2024-10-21' }
        : { id: 'anthropic-test', kind: 'anthropic', baseUrl: server.anthropicBaseUrl, model: 'claude-test-1' };
  return ProviderConfigSchema.parse({ ...base, ...overrides });
}

export function providerFor(protocol: Protocol, server: FakeAiServer, overrides: Partial<ProviderConfigInput> = {}, apiKey: string | undefined = TEST_KEY): Promise<AiProvider> {
  return createProvider(configFor(protocol, server, overrides), { apiKey });
}

/** The ProviderError a promise rejects with; fails the test when it resolves or rejects with something else. */
export async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Rejects when `promise` takes longer than `ms`, so a test fails instead of hanging. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export const PROTOCOLS: readonly Protocol[] = ['openai', 'azure', 'anthropic'];

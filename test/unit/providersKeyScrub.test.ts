import { strict as assert } from 'node:assert';
import { describeError } from '../../src/core/errors';
import { createProvider } from '../../src/core/providers';
import { keyForms, scrubKey } from '../../src/core/providers/scrub';
import { FakeAiServer } from '../support/fakeAiServer';
import { configFor, PROTOCOLS, providerErrorOf, providerFor, TEST_KEY } from '../support/providers';

const ask = { messages: [{ role: 'user' as const, content: 'Summarise the incident timeline of the payment outage last night.' }] };

const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** The key as servers and libraries have been seen to print it. */
const ECHOES: ReadonlyArray<[string, string]> = [
  ['whole', TEST_KEY],
  ['URL-encoded', encodeURIComponent(`${TEST_KEY}/+=`)],
  ['base64', base64(TEST_KEY)],
  ['base64url', base64url(TEST_KEY)],
  ['Basic user:key', base64(`apikey:${TEST_KEY}`)],
  ['Basic with a one-letter user', base64(`u:${TEST_KEY}`)],
  ['Basic key:', base64(`${TEST_KEY}:`)],
  ['base64url of user:key', base64url(`x:${TEST_KEY}`)],
  ['a prefix', `${TEST_KEY.slice(0, 12)}…`],
  ['a suffix', `…${TEST_KEY.slice(-9)}`],
  ['a truncated middle', `${TEST_KEY.slice(0, 10)}****${TEST_KEY.slice(-8)}`],
];

/** Every run of 8 characters of every form of the key: none may be in what is shown. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const form of [TEST_KEY, ...keyForms(TEST_KEY)]) {
    for (let i = 0; i + 8 <= form.length; i++) if (text.includes(form.slice(i, i + 8))) found.push(form.slice(i, i + 8));
  }
  return found;
}

describe('providers: no form of the key in any error message or cause', function () {
  this.timeout(10_000);
  let server: FakeAiServer;
  beforeEach(async () => {
    server = await FakeAiServer.start({ apiKey: TEST_KEY });
  });
  afterEach(() => server.close());

  it('scrubKey clears each form, and leaves ordinary text alone', () => {
    for (const [label, echo] of ECHOES) assert.deepEqual(leaks(scrubKey(`the key was ${echo} here`, TEST_KEY)), [], label);
    assert.equal(scrubKey('The model gpt-4o-mini-2024-07-18 is overloaded.', TEST_KEY), 'The model gpt-4o-mini-2024-07-18 is overloaded.');
  });

  for (const protocol of PROTOCOLS) {
    for (const [label, echo] of ECHOES) {
      it(`${protocol}: an error body echoing the key (${label}) is shown without it`, async () => {
        const provider = await providerFor(protocol, server, { maxRetries: 0 });
        server.enqueue({ fault: 'status', status: 422, message: `Invalid credentials ${echo} for this organisation` });
        const error = await providerErrorOf(provider.stream(ask));
        assert.equal(error.code, 'bad-request');
        assert.match(error.message, /Invalid credentials …?\*\*\*…? for this organisation/);
        const shown = `${describeError(error)}\n${error.detail ?? ''}\n${error.stack ?? ''}`;
        assert.deepEqual(leaks(shown), [], shown);
      });
    }
  }

  it('a runtime error quoting the request headers is kept as a cause without the key', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError(`Headers.append: "Bearer ${TEST_KEY}" is an invalid header value (basic ${base64(`user:${TEST_KEY}`)})`);
    };
    const provider = await createProvider(configFor('openai', server, { maxRetries: 0 }), { apiKey: TEST_KEY, fetch });
    const error = await providerErrorOf(provider.stream(ask));
    const shown = `${describeError(error)}\n${error.stack ?? ''}\n${String((error.cause as Error | undefined)?.stack ?? '')}`;
    assert.deepEqual(leaks(shown), [], shown);
    assert.equal(server.requests.length, 0);
  });
});

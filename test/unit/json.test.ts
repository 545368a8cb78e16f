import { strict as assert } from 'node:assert';
import * as z from 'zod/mini';
import { Natural, parseJsonAs } from '../../src/core/json';
import { parseCursor } from '../../src/core/audit/forward';
import { parseLedger, ledgerText } from '../../src/core/audit/ledger';
import { parseSpool } from '../../src/core/telemetry/spoolParse';

describe('parseJsonAs (external JSON, checked rather than cast)', () => {
  const Schema = z.object({ seq: Natural, hash: z.string() });

  it('returns the value when the text is JSON of the shape', () => {
    assert.deepEqual(parseJsonAs('{"seq":3,"hash":"ab","extra":1}', Schema), { seq: 3, hash: 'ab' });
  });

  it('returns undefined for a text that is not JSON, or not of the shape, without throwing', () => {
    for (const text of ['', '{', 'null', '[]', '"x"', '{"seq":-1,"hash":"ab"}', '{"seq":1.5,"hash":"ab"}', '{"seq":"3","hash":"ab"}', '{"hash":"ab"}', '{"seq":1e999,"hash":"ab"}']) {
      assert.equal(parseJsonAs(text, Schema), undefined, text);
    }
  });

  it('keeps a hostile __proto__ key from reaching a prototype', () => {
    const value = parseJsonAs('{"seq":1,"hash":"ab","__proto__":{"polluted":true}}', Schema);
    assert.deepEqual(value, { seq: 1, hash: 'ab' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('files of our own read back through their schema', () => {
  const mac = (body: string) => `mac(${body.length})`;

  it('a forward cursor of the wrong shape is no cursor (everything is sent again)', () => {
    assert.deepEqual(parseCursor('{"seq":2,"hash":"h","offset":10}'), { seq: 2, hash: 'h', offset: 10 });
    for (const text of ['{"seq":2,"hash":"h","offset":-1}', '{"seq":2,"offset":10}', 'nope', undefined]) assert.equal(parseCursor(text), undefined, String(text));
  });

  it('a ledger whose spending has another shape, or whose code does not match, is not trusted', () => {
    const spending = { '2026-12': { cost: 1.5, calls: 2, pending: { a: 0.25 } } };
    assert.deepEqual(parseLedger(ledgerText(spending, mac), mac), spending);
    const edited = ledgerText(spending, mac).replace('"calls":2', '"calls":"2"');
    assert.equal(parseLedger(edited, mac), undefined);
    const badMonth = ledgerText({ December: { cost: 1, calls: 1, pending: {} } }, mac);
    assert.equal(parseLedger(badMonth, mac), undefined);
  });

  it('a spool line must carry a positive time and a hook decision', () => {
    const event = { name: 'aiguard.tool_decision', tool: 'copilot', action: 'shell', outcome: 'allowed', enforced: true, redactions: { secret: 0, pii: 0, network: 0, dictionary: 0 } };
    const lines = [
      { time: 0, event },
      { time: '5', event },
      { time: 5, event: { ...event, name: 'aiguard.prompt_run' } },
      { time: 5, event },
    ].map((line) => JSON.stringify(line));
    const { events, invalid } = parseSpool([...lines, 'not json'].join('\n'));
    assert.deepEqual(events, [{ time: 5, event }]);
    assert.equal(invalid, 4);
  });
});

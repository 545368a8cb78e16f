import { strict as assert } from 'node:assert';
import { silentLogger } from '../../src/core/ports';
import { AiService, WINDOW_CLOSED } from '../../src/vscode/ai/service';
import { EventChannel } from '../../src/vscode/events';
import { fake } from '../support/fakeVscode';

describe('the editor adapter: calls in flight when the window closes', () => {
  beforeEach(() => fake.reset());

  it('aborts every call in flight, with the reason its audit record names', () => {
    const service = new AiService({ log: silentLogger, auditFile: () => undefined, events: new EventChannel() });
    const running = [new AbortController(), new AbortController()];
    for (const controller of running) service.runsInFlight.add(controller);
    const finished = new AbortController();
    service.dispose();
    assert.deepEqual(
      running.map((controller) => [controller.signal.aborted, controller.signal.reason]),
      [
        [true, WINDOW_CLOSED],
        [true, WINDOW_CLOSED],
      ],
    );
    assert.equal(finished.signal.aborted, false, 'only the calls in flight');
    assert.equal(service.runsInFlight.size, 0);
  });
});

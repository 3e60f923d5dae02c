import assert from 'node:assert/strict';
import { pWaitFor, TimeoutError } from '../../../kit/wait/poll.js';

describe('kit/wait/poll: p-wait-for without its listener leak', () => {
  it('a long poll prints no MaxListenersExceededWarning (p-wait-for 6.0.0 alone prints one after 10 intervals)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      let n = 0;
      await pWaitFor(() => ++n >= 40, { interval: 1, timeout: 10_000 });
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.map((w) => w.name), []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('times out with a TimeoutError carrying the message asked for, or the default one', async () => {
    await assert.rejects(pWaitFor(() => false, { interval: 5, timeout: { milliseconds: 50, message: 'db never came up' } }), (e: unknown) => e instanceof TimeoutError && e.message === 'db never came up');
    await assert.rejects(pWaitFor(() => false, { interval: 5, timeout: 30 }), (e: unknown) => e instanceof TimeoutError && /timed out after 30 milliseconds/.test(e.message));
  });

  it('a fallback replaces the timeout error; resolveWith hands back a value', async () => {
    assert.equal(await pWaitFor<string>(() => false, { interval: 5, timeout: { milliseconds: 30, fallback: () => 'late' } }), 'late');
    assert.equal(await pWaitFor<number>(() => pWaitFor.resolveWith(7)), 7);
  });

  it("the caller's abort rejects with the caller's reason, not a timeout", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run interrupted')), 20);
    await assert.rejects(pWaitFor(() => false, { interval: 5, timeout: 5000, signal: controller.signal }), /run interrupted/);
  });

  it("an error thrown by the condition is the caller's to see", async () => {
    await assert.rejects(pWaitFor(() => { throw new Error('boom'); }, { timeout: 1000 }), /boom/);
  });
});

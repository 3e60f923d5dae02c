/**
 * What the two backends used to do each in their own way, now once in the chaos engine: sweep order, how many events
 * an error quotes, when a Schedule counts as started. Runs against FakeChaosTransport (test-only fake).
 */
import assert from 'node:assert/strict';
import { NothingSelectedError } from '../../../chaos/engine/backend.js';
import { RUN_ID_LABEL } from '../../../chaos/model/kinds.js';
import type { ChaosObject } from '../../../chaos/model/types.js';
import { EXPLAINED_EVENTS, explain } from '../../../chaos/engine/explain.js';
import type { ChaosStatus } from '../../../chaos/engine/status.js';
import { FakeChaosTransport } from './fake-transport.js';
import { engineOver, podChaos } from './helpers.js';

function schedule(name: string): ChaosObject {
  return {
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'Schedule',
    metadata: { name, namespace: 'shop' },
    spec: { schedule: '@every 1s', type: 'PodChaos', historyLimit: 1, concurrencyPolicy: 'Forbid', podChaos: { action: 'pod-kill', mode: 'one', selector: { labelSelectors: { app: 'cart' } } } },
  } as ChaosObject;
}

describe('chaos engine: the behaviour both backends share', () => {
  it('sweep deletes Schedules and Workflows before the objects they may have spawned', async () => {
    const transport = new FakeChaosTransport();
    const backend = engineOver(transport);
    await backend.apply(podChaos('child-1'), { runId: 'r' });
    await backend.apply(schedule('every-second'), { runId: 'r' });
    await backend.apply(podChaos('child-2'), { runId: 'r' });
    transport.calls.length = 0;
    const swept = await backend.sweep({ runId: 'r' });
    assert.equal(swept.length, 3);
    assert.equal(transport.calls[0], 'delete every-second');
    assert.deepEqual(transport.calls.slice(1).sort(), ['delete child-1', 'delete child-2']);
  });

  it('an error quotes only the newest failed record events and warnings', () => {
    const failures = Array.from({ length: 6 }, (_, i) => ({ type: 'Failed' as const, operation: 'Apply' as const, message: `attempt ${i}`, timestamp: `2030-01-01T00:00:0${i}Z` }));
    const status: ChaosStatus = {
      conditions: [],
      experiment: { containerRecords: [{ id: 'shop/cart-1', phase: 'Not Injected', injectedCount: 0, recoveredCount: 0, events: failures }] },
      events: failures.map((f) => ({ type: 'Warning', reason: 'Failed', message: f.message!, timestamp: f.timestamp })),
    };
    const text = explain(status);
    assert.equal(EXPLAINED_EVENTS, 3);
    assert.doesNotMatch(text, /attempt 2/);
    assert.match(text, /Failed record events: shop\/cart-1: Apply failed: attempt 3 \| .*attempt 4 \| .*attempt 5\./);
    assert.match(text, /Events: Failed: attempt 3 \| Failed: attempt 4 \| Failed: attempt 5\./);
  });

  it('a Schedule counts as started at its first tick, with the controller time of that tick', async () => {
    const transport = new FakeChaosTransport();
    const backend = engineOver(transport);
    const handle = await backend.apply(schedule('ticks'), { runId: 'r' });
    let resolved = false;
    const waiting = backend.waitInjected(handle, 2000).then((r) => ((resolved = true), r));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(resolved, false, 'not started before its first tick');
    transport.update(handle, (o) => (o.status = { time: '2030-01-01T00:00:01Z', active: [{ name: 'ticks-abcde' }] }));
    const result = await waiting;
    assert.equal(result.injectedAt, '2030-01-01T00:00:01Z');
    assert.equal(result.oneShot, false);
  });

  it('render validates, labels and places an object without sending it; dry-run apply only records it', async () => {
    const transport = new FakeChaosTransport();
    const backend = engineOver(transport, { dryRun: true });
    const { manifest } = backend.render({ ...podChaos('dry'), metadata: { name: 'dry' } } as ChaosObject, { runId: 'r9' });
    assert.equal(manifest.metadata.namespace, 'shop');
    assert.equal(manifest.metadata.labels?.[RUN_ID_LABEL], 'r9');
    await backend.apply(podChaos('dry'), { runId: 'r9' });
    assert.equal(backend.dryRunManifests.length, 1);
    assert.deepEqual(transport.calls, []);
    assert.deepEqual(await backend.list(), []);
    await assert.rejects(backend.status({ backend: 'fake', kind: 'PodChaos', name: 'dry', namespace: 'shop', runId: 'r9', createdAt: '' }), /dry-run mode/);
  });

  it('the selection bound ends the wait even when the timer fires before Date.now() says the bound has passed', async () => {
    // Node fires a timer up to a millisecond before Date.now() shows its delay has passed (about 2 in 100 timers). A
    // clock that stands still plays that moment for every timer: the wait must end at the selection bound (300 ms,
    // "after 300 ms"), not at the full timeout ("within 5000 ms").
    const transport = new FakeChaosTransport();
    const backend = engineOver(transport);
    const handle = await backend.apply(podChaos('nobody', 'pod-kill'), { runId: 'r' });
    const realNow = Date.now;
    const frozen = realNow();
    Date.now = () => frozen;
    try {
      await assert.rejects(backend.waitInjected(handle, 5000), (err: Error) => {
        assert.ok(err instanceof NothingSelectedError, String(err));
        assert.match(err.message, /nothing selected after 300 ms/);
        return true;
      });
    } finally {
      Date.now = realNow;
    }
  });

  it('waitInjected fails fast when every record keeps failing to apply, only where that bound is set', async () => {
    const transport = new FakeChaosTransport();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const failing = (o: any) =>
      (o.status = {
        conditions: [{ type: 'Selected', status: 'True' }, { type: 'AllInjected', status: 'False' }],
        experiment: { desiredPhase: 'Run', containerRecords: [{ id: 'shop/cart-1', phase: 'Not Injected', events: [{ type: 'Failed', operation: 'Apply', message: 'boom', timestamp: '2030-01-01T00:00:00Z' }] }] },
      });
    const bounded = engineOver(transport, { applyFailureTimeoutMs: 100 });
    const h1 = await bounded.apply(podChaos('bounded'), { runId: 'r' });
    transport.update(h1, failing);
    const started = Date.now();
    await assert.rejects(bounded.waitInjected(h1, 5000), /injection keeps failing.*boom/);
    assert.ok(Date.now() - started < 1000);
    const unbounded = engineOver(transport);
    const h2 = await unbounded.apply(podChaos('unbounded'), { runId: 'r' });
    transport.update(h2, failing);
    await assert.rejects(unbounded.waitInjected(h2, 400), /not injected within 400 ms/);
  });
});

/** applyAllOrRollBack against FakeChaosTransport (test-only fake of a Chaos Mesh API) under the real chaos engine. */
import assert from 'node:assert/strict';
import { ApplyAllError, applyAllOrRollBack } from '../../../chaos/engine/apply-all.js';
import { FakeChaosTransport } from './fake-transport.js';
import { engineOver, podChaos } from './helpers.js';

describe('applyAllOrRollBack', () => {
  it('applies every object in order and hands back their handles', async () => {
    const transport = new FakeChaosTransport();
    const applied: string[] = [];
    const result = await applyAllOrRollBack(engineOver(transport), [podChaos('a'), podChaos('b')], { runId: 'r1', onApplied: (h) => applied.push(h.name) });
    assert.deepEqual(result.map((r) => r.handle.name), ['a', 'b']);
    assert.deepEqual(applied, ['a', 'b']);
    assert.equal(transport.objects.size, 2);
  });

  it('when one object is refused, deletes the ones applied before it and says which one failed', async () => {
    const transport = new FakeChaosTransport();
    transport.refuse.set('c', 'HTTP 422: refused');
    const err = await applyAllOrRollBack(engineOver(transport), [podChaos('a'), podChaos('b'), podChaos('c'), podChaos('d')], { runId: 'r2' }).then(
      () => assert.fail('should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplyAllError);
    assert.equal(err.index, 2);
    assert.equal(err.stage, 'apply');
    assert.equal(err.removed, 2);
    assert.match(err.message, /create PodChaos\/c in shop failed: HTTP 422: refused/);
    assert.equal(transport.objects.size, 0, 'nothing is left behind');
    assert.ok(!transport.calls.includes('create d'), 'stops at the first refusal');
  });

  it('with waitInjectedMs, an object that is not injected in time rolls back the whole set', async () => {
    const transport = new FakeChaosTransport();
    const backend = engineOver(transport);
    const err = await applyAllOrRollBack(backend, [podChaos('a'), podChaos('b')], { runId: 'r3', waitInjectedMs: 200 }).then(
      () => assert.fail('should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApplyAllError);
    assert.equal(err.stage, 'inject');
    assert.equal(err.index, 0);
    assert.match(err.cause.message, /nothing selected/);
    assert.equal(transport.objects.size, 0);
  });
});

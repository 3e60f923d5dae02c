/** Pure mappings of the local controller: selection and modes, NetworkChaos → mesh actions, stress-ng args, cron. */
import assert from 'node:assert/strict';
import { applyMode, matchPods } from '../../../cluster/chaos-controller/selector.js';
import { networkActions, rateToBytesPerSecond } from '../../../cluster/chaos-controller/injectors/network.js';
import { httpActions, ABORT_STATUS } from '../../../cluster/chaos-controller/injectors/http.js';
import { stressNgArgs, stressNgSize } from '../../../cluster/chaos-controller/injectors/stress.js';
import { nextTick } from '../../../cluster/chaos-controller/schedule.js';
import type { PodView } from '../../../cluster/chaos-controller/contracts/types.js';
import type { HTTPChaosSpec, NetworkChaosSpec, StressChaosSpec } from '../../../chaos/model/types.js';

const pod = (name: string, app: string, extra: Partial<PodView> = {}): PodView => ({
  namespace: 'shop',
  name,
  labels: { app },
  phase: 'Running',
  container: 'server',
  rolePort: 8080,
  ...extra,
});
const pods = [pod('web-1', 'web'), pod('api-1', 'api'), pod('api-2', 'api'), pod('db-1', 'db', { phase: 'Pending' }), pod('x-1', 'x', { namespace: 'other' }), pod('api-3', 'api', { phase: 'Terminating' })];
const names = (ps: PodView[]) => ps.map((p) => p.name).sort();

describe('local chaos mapping: selectors', () => {
  it('namespaces default to the object namespace; labels, expressions, fields, phases, nodes', () => {
    assert.deepEqual(names(matchPods({ labelSelectors: { app: 'api' } }, 'shop', pods)), ['api-1', 'api-2']);
    assert.deepEqual(names(matchPods({}, 'other', pods)), ['x-1']);
    assert.deepEqual(names(matchPods({ expressionSelectors: [{ key: 'app', operator: 'NotIn', values: ['api', 'web'] }] }, 'shop', pods)), ['db-1']);
    assert.deepEqual(names(matchPods({ expressionSelectors: [{ key: 'tier', operator: 'DoesNotExist' }], fieldSelectors: { 'metadata.name': 'web-1' } }, 'shop', pods)), ['web-1']);
    assert.deepEqual(names(matchPods({ podPhaseSelectors: ['Pending'] }, 'shop', pods)), ['db-1']);
    assert.deepEqual(names(matchPods({ nodes: ['local'], labelSelectors: { app: 'web' } }, 'shop', pods)), ['web-1']);
    assert.deepEqual(matchPods({ nodes: ['worker-2'] }, 'shop', pods), []);
    assert.deepEqual(matchPods({ annotationSelectors: { a: 'b' } }, 'shop', pods), [], 'pods carry no annotations');
    assert.deepEqual(names(matchPods({ pods: { shop: ['api-2'], other: ['x-1'] }, labelSelectors: { app: 'web' } }, 'shop', pods)), ['api-2', 'x-1'], 'pods{} ignores the rest');
    assert.throws(() => matchPods({ fieldSelectors: { 'spec.foo': 'x' } }, 'shop', pods), /field selector "spec.foo" is not supported/);
  });

  it('modes: one, all, fixed (capped), fixed-percent rounds down, random-max-percent stays within its bound', () => {
    const c = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(applyMode(c, 'one', undefined).length, 1);
    assert.equal(applyMode(c, 'all', undefined).length, 10);
    assert.equal(applyMode(c, 'fixed', '3').length, 3);
    assert.equal(applyMode(c, 'fixed', '30').length, 10);
    assert.equal(applyMode([1, 2, 3], 'fixed-percent', '50').length, 1);
    for (let i = 0; i < 20; i++) assert.ok(applyMode(c, 'random-max-percent', '30').length <= 3);
    assert.equal(new Set(applyMode(c, 'fixed', '10')).size, 10);
  });
});

describe('local chaos mapping: NetworkChaos and HTTPChaos actions', () => {
  const spec = (s: Partial<NetworkChaosSpec>) => ({ mode: 'all', selector: {}, ...s }) as NetworkChaosSpec;
  it('tc rates: bit units are bits, bps units are BYTES per second', () => {
    assert.equal(rateToBytesPerSecond('1mbps'), 1e6);
    assert.equal(rateToBytesPerSecond('8mbit'), 1e6);
    assert.equal(rateToBytesPerSecond('100kbit'), 12_500);
    assert.equal(rateToBytesPerSecond('10bps'), 10);
    assert.throws(() => rateToBytesPerSecond('10 MB'), /not a tc rate/);
  });
  it('netem with delay and loss adds both; corrupt acts as loss; duplicate is only noted', () => {
    const { actions, notes } = networkActions(spec({ action: 'netem', delay: { latency: '150ms', jitter: '10ms' }, loss: { loss: '20' }, duplicate: { duplicate: '5' } }));
    assert.deepEqual(actions, [
      ['delay', { kind: 'delay', latencyMs: 150, jitterMs: 10 }],
      ['loss', { kind: 'loss', percent: 20 }],
    ]);
    assert.match(notes.join(), /duplicate has no visible effect over TCP/);
    assert.deepEqual(networkActions(spec({ action: 'corrupt', corrupt: { corrupt: '40' } })).actions, [['loss', { kind: 'loss', percent: 40 }]]);
    assert.deepEqual(networkActions(spec({ action: 'duplicate', duplicate: { duplicate: '40' } })).actions, []);
    assert.deepEqual(networkActions(spec({ action: 'bandwidth', bandwidth: { rate: '1mbps', limit: 100, buffer: 10_000 } })).actions, [
      ['bandwidth', { kind: 'bandwidth', bytesPerSecond: 1e6, bufferBytes: 10_000 }],
    ]);
  });
  it('a netem-family action without its struct fails at injection', () => {
    assert.throws(() => networkActions(spec({ action: 'delay' })), /action delay needs spec.delay/);
    assert.throws(() => networkActions(spec({ action: 'netem' })), /needs one of delay, loss, duplicate, corrupt/);
  });
  it('HTTP: abort → mesh abort with the documented status; replace.code → that code; patch refused with the reason', () => {
    const h = (s: Partial<HTTPChaosSpec>) => ({ mode: 'all', selector: {}, target: 'Request', ...s }) as HTTPChaosSpec;
    assert.deepEqual(httpActions(h({ abort: true })), [['abort', { kind: 'http-abort', status: ABORT_STATUS }]]);
    assert.deepEqual(httpActions(h({ target: 'Response', replace: { code: 503 }, delay: '1s' })), [
      ['delay', { kind: 'http-delay', delayMs: 1000 }],
      ['abort', { kind: 'http-abort', status: 503 }],
    ]);
    assert.throws(() => httpActions(h({ patch: { headers: [['a', 'b']] } })), /patch is not emulated by the local cluster's mesh/);
  });
});

describe('local chaos mapping: stress-ng and cron', () => {
  it('stress-ng arguments: cpu workers/load, memory --vm-bytes in bytes or percent, --timeout from the deadline', () => {
    const spec = { mode: 'one', selector: {}, stressors: { cpu: { workers: 2, load: 30 }, memory: { workers: 1, size: '256MB' } } } as StressChaosSpec;
    assert.deepEqual(stressNgArgs(spec, 42), ['--cpu', '2', '--cpu-load', '30', '--vm', '1', '--vm-keep', '--vm-bytes', String(256 * 1024 ** 2), '--timeout', '42s', '--quiet']);
    assert.equal(stressNgSize('10%'), '10%');
    assert.equal(stressNgSize('1GiB'), String(1024 ** 3));
    assert.throws(() => stressNgArgs({ mode: 'one', selector: {} } as StressChaosSpec, 10), /needs stressors.cpu, stressors.memory or stressngStressors/);
  });
  it('stress-ng arguments: stressngStressors, split on whitespace, wins over stressors (as in Chaos Mesh)', () => {
    const spec = { mode: 'one', selector: {}, stressngStressors: ' --hdd 1  --hdd-bytes 32m ', stressors: { cpu: { workers: 2 } } } as StressChaosSpec;
    assert.deepEqual(stressNgArgs(spec, 7), ['--hdd', '1', '--hdd-bytes', '32m', '--timeout', '7s', '--quiet']);
  });
  it('schedules: @every, 5-field and 6-field (seconds first) cron', () => {
    const t0 = Date.parse('2026-01-01T00:00:00.500Z');
    assert.equal(nextTick('@every 2s', t0), t0 + 2000);
    assert.equal(new Date(nextTick('*/5 * * * *', t0)).toISOString(), '2026-01-01T00:05:00.000Z');
    assert.equal(new Date(nextTick('*/10 * * * * *', t0)).toISOString(), '2026-01-01T00:00:10.000Z');
  });
});

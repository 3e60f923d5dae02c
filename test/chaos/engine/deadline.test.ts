/** The dead man's switch as objects: what each kind becomes when it must end within a bound. */
import assert from 'node:assert/strict';
import { UnboundableError, boundObject, describeBound, faultDeadline, ownDurationMs } from '../../../chaos/engine/deadline.js';
import type { ChaosObject } from '../../../chaos/model/types.js';
import { formatGoDuration } from '../../../chaos/validate/duration.js';
import { validateChaosObject } from '../../../chaos/validate/validate.js';

const meta = { name: 'x', namespace: 'shop' };
const delay = (duration?: string): ChaosObject =>
  ({ apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'NetworkChaos', metadata: meta, spec: { action: 'delay', mode: 'all', selector: { labelSelectors: { app: 'cart' } }, delay: { latency: '100ms' }, ...(duration ? { duration } : {}) } }) as ChaosObject;
const schedule = (type = 'PodChaos'): ChaosObject =>
  ({
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'Schedule',
    metadata: { ...meta, labels: { team: 'sre' } },
    spec: type === 'Workflow'
      ? { schedule: '@every 1m', type, historyLimit: 1, concurrencyPolicy: 'Forbid', workflow: { entry: 'e', templates: [{ name: 'e', templateType: 'Suspend', deadline: '1s' }] } }
      : { schedule: '@every 1m', type, historyLimit: 1, concurrencyPolicy: 'Forbid', podChaos: { action: 'pod-kill', mode: 'one', selector: { labelSelectors: { app: 'cart' } } } },
  }) as ChaosObject;
const workflow = (deadline?: string): ChaosObject =>
  ({
    apiVersion: 'chaos-mesh.org/v1alpha1',
    kind: 'Workflow',
    metadata: meta,
    spec: { entry: 'main', templates: [{ name: 'main', templateType: 'Serial', children: ['wait'], ...(deadline ? { deadline } : {}) }, { name: 'wait', templateType: 'Suspend', deadline: '5m' }] },
  }) as ChaosObject;

describe("chaos/engine/deadline: the dead man's switch", () => {
  it('a chaos kind longer than the bound gets spec.duration = the bound (whole seconds, rounded down), the original untouched', () => {
    const obj = delay('60s');
    const b = boundObject(obj, 38_700);
    assert.equal((b.object.spec as { duration: string }).duration, '38s');
    assert.deepEqual({ ...b, object: undefined }, { object: undefined, method: 'duration', plannedDuration: '60s', effectiveDuration: '38s', clamped: true });
    assert.equal((obj.spec as { duration: string }).duration, '60s');
  });

  it('a chaos kind within the bound keeps its own duration; one without any gets the bound', () => {
    assert.deepEqual(boundObject(delay('20s'), 38_000).effectiveDuration, '20s');
    assert.equal(boundObject(delay('20s'), 38_000).clamped, false);
    const none = boundObject(delay(), 90_000);
    assert.equal((none.object.spec as { duration: string }).duration, '1m30s');
    assert.equal(none.plannedDuration, null);
    assert.equal(none.clamped, true);
  });

  it('a one-shot action (pod-kill) has nothing to bound', () => {
    const kill = { apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'PodChaos', metadata: meta, spec: { action: 'pod-kill', mode: 'one', selector: { labelSelectors: { app: 'cart' } } } } as ChaosObject;
    const b = boundObject(kill, 10_000);
    assert.equal(b.method, 'one-shot');
    assert.equal(b.effectiveDuration, null);
    assert.deepEqual(b.object, kill);
  });

  it("a Workflow's entry template gets deadline = min(its deadline, the bound)", () => {
    const b = boundObject(workflow('10m'), 120_000);
    assert.equal(b.method, 'workflow-deadline');
    assert.equal((b.object.spec as { templates: Array<{ deadline?: string }> }).templates[0]!.deadline, '2m');
    assert.equal(boundObject(workflow(), 120_000).plannedDuration, null);
    assert.equal(boundObject(workflow('30s'), 120_000).clamped, false);
  });

  it('a Schedule is wrapped in a Workflow whose one Schedule template has the bound as deadline; metadata kept', () => {
    const b = boundObject(schedule(), 45_000);
    assert.equal(b.object.kind, 'Workflow');
    assert.equal(b.originalKind, 'Schedule');
    assert.deepEqual(b.object.metadata, { ...meta, labels: { team: 'sre' } });
    const [template] = (b.object.spec as { templates: Array<Record<string, unknown>> }).templates;
    assert.equal(template!.templateType, 'Schedule');
    assert.equal(template!.deadline, '45s');
    assert.deepEqual(template!.schedule, (schedule().spec as Record<string, unknown>));
    assert.ok(validateChaosObject(b.object).ok, 'the wrapper is a valid Workflow');
  });

  it('a Schedule of Workflows cannot be bounded, and says why', () => {
    assert.throws(() => boundObject(schedule('Workflow'), 45_000), (e: unknown) => e instanceof UnboundableError && /cannot be bounded by Chaos Mesh/.test(e.message));
  });

  it('the journal view puts the planned end next to the enforced one; the description is one line', () => {
    const bound = boundObject(delay('60s'), 38_000);
    const d = faultDeadline(bound, Date.parse('2030-01-01T00:00:00Z'), Date.parse('2030-01-01T00:00:33Z'), 5000);
    assert.equal(d.plannedEnd, '2030-01-01T00:00:33.000Z');
    assert.equal(d.effectiveEndBy, '2030-01-01T00:00:38.000Z');
    assert.equal(describeBound(bound), 'duration 60s clamped to 38s');
    assert.equal(ownDurationMs(delay('1m30s')), 90_000);
    assert.equal(ownDurationMs(schedule()), undefined);
  });

  it('Go durations are written in the largest exact units', () => {
    assert.deepEqual([90_000, 3_600_000, 3_661_000, 1500, 250, 0].map(formatGoDuration), ['1m30s', '1h', '1h1m1s', '1.5s', '250ms', '0s']);
  });
});

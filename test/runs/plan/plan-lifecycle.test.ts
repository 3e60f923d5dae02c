// The bundled plans are sized for the pod lifecycle model (cluster/README.md, "Pod lifecycle"), at real time (scale 1,
// as `resilience run` and `npm start` run them): every pod fault's predicted outage, from the app manifest's real
// probes, ends inside its fault phase, so the next phase starts in a steady state, and every time-to-recover limit on
// that phase allows the predicted outage plus the recovery check's measurement lag. A plan that kills a Sock Shop
// catalogue/payment/user pod (readiness initialDelaySeconds 180) in a short phase fails here, not after a 15-minute run.
import assert from 'node:assert/strict';
import { appManifestPath } from '../../../cluster/lib/paths.js';
import { loadManifest } from '../../../cluster/manifest/load.js';
import type { AppManifest, ServiceSpec } from '../../../cluster/manifest/schema.js';
import { podTiming, predictReadyMs } from '../../../cluster/supervisor/lifecycle.js';
import { parseGoDuration } from '../../../chaos/validate/duration.js';
import { loadPlan, resolvePlanFile, type Phase, type Plan } from '../../../runs/plan/load-plan.js';

/** The embedded apps answer their probe within this long of their process start (measured: well under a second). */
const BOOT_S = 2;
/** A fault is injected up to this long after its phase starts. */
const INJECT_S = 1;
/** Time to recover is read from a 10 s rate window over 5 s scrapes: a clean window shows up to 15 s after recovery. */
const RECOVERY_LAG_S = 15;

interface PodFault {
  phase: Phase;
  action: string;
  service: string;
  /** Predicted seconds from the phase start until the faulted pod is Ready again. */
  readyAtS: number;
  /** Predicted seconds of outage after the fault itself ends (what time to recover counts). */
  afterFaultS: number;
}

function servicesSelected(manifest: AppManifest, labels: Record<string, string>): ServiceSpec[] {
  return manifest.services.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

function podFaults(plan: Plan, manifest: AppManifest): PodFault[] {
  const out: PodFault[] = [];
  for (const phase of plan.phases) {
    for (const { object } of phase.experimentObjects) {
      const spec = object.spec as { action?: string; duration?: string; selector?: { labelSelectors?: Record<string, string> } };
      if (object.kind !== 'PodChaos' || !spec.action) continue;
      const selected = servicesSelected(manifest, spec.selector?.labelSelectors ?? {});
      assert.ok(selected.length > 0, `${plan.name}/${phase.name}: ${object.metadata.name} selects a service of ${manifest.app}`);
      for (const svc of selected) {
        const t = podTiming(manifest, svc, 1);
        const boot = t.readiness ? 0 : BOOT_S; // without a readiness probe the boot shows as 503 UF after "Ready"
        let faultEndS: number;
        let afterFaultS: number;
        if (spec.action === 'pod-kill') {
          // A new pod: scheduling, container start, then the probe grid from the bind (predictReadyMs).
          faultEndS = INJECT_S;
          afterFaultS = predictReadyMs(t, BOOT_S * 1000) / 1000 + boot;
        } else {
          // pod-failure (when its duration ends, else at the phase end) or container-kill: the container restarts
          // in the same pod, no scheduling or container start; Ready at a probe tick after max(initialDelay, boot).
          const duration = spec.action === 'pod-failure' && spec.duration ? parseGoDuration(spec.duration) : null;
          faultEndS = spec.action === 'pod-failure' ? INJECT_S + (duration && 'ms' in duration ? duration.ms / 1000 : phase.duration) : INJECT_S;
          const r = t.readiness;
          afterFaultS = r ? Math.max(r.initialDelayMs / 1000, BOOT_S) + (r.periodMs / 1000) * r.successThreshold : BOOT_S;
        }
        out.push({ phase, action: spec.action, service: svc.name, readyAtS: faultEndS + afterFaultS, afterFaultS });
      }
    }
  }
  return out;
}

describe('run plans: sized for the pod lifecycle model (real time)', () => {
  const PLANS = ['smoke', 'demo', 'nightly-boutique', 'kube-boutique', 'smoke-sockshop', 'nightly-sockshop'];

  it('every pod fault of a bundled plan is predicted to be over inside its fault phase, and its recovery limit allows it', async () => {
    const seen: string[] = [];
    for (const name of PLANS) {
      const plan = await loadPlan(resolvePlanFile(name));
      // kube-boutique runs the same Online Boutique manifests on a real cluster: the same probes, the same prediction.
      const app = plan.target.kind === 'local' ? plan.target.app : 'boutique';
      const manifest = loadManifest(appManifestPath(app));
      for (const f of podFaults(plan, manifest)) {
        const where = `${name}/${f.phase.name} (${f.action} ${f.service})`;
        seen.push(`${where}: ready ${f.readyAtS.toFixed(1)} s into a ${f.phase.duration} s phase`);
        assert.ok(f.readyAtS <= f.phase.duration, `${where}: predicted Ready again ${f.readyAtS} s after the phase start, after the phase ends (${f.phase.duration} s)`);
        for (const h of plan.hypotheses) {
          if (!('recovery' in h.def) || !h.def.phases.includes(f.phase.name)) continue;
          const needed = f.afterFaultS + RECOVERY_LAG_S;
          assert.ok(h.def.recovery.maxSeconds >= needed, `${where}: "${h.def.name}" allows ${h.def.recovery.maxSeconds} s, the model predicts ${f.afterFaultS} s + ${RECOVERY_LAG_S} s of lag`);
        }
      }
    }
    // The faults this guards, with the model's numbers (a plan that drops its pod faults would make this vacuous).
    assert.ok(seen.some((s) => s.startsWith('demo/pod-kill-catalog (pod-kill productcatalogservice): ready 12.0 s')), seen.join('\n'));
    assert.ok(seen.some((s) => s.startsWith('nightly-sockshop/pod-failure-payment (pod-failure payment): ready 214.0 s')), seen.join('\n'));
    assert.ok(seen.some((s) => s.startsWith('smoke-sockshop/pod-kill (pod-kill orders)')), seen.join('\n'));
  });

  it('would refuse a one-minute plan that kills a Sock Shop pod with a 180 s readiness delay', async () => {
    const manifest = loadManifest(appManifestPath('sockshop'));
    const smoke = await loadPlan(resolvePlanFile('smoke-sockshop'));
    const payment = manifest.services.find((s) => s.name === 'payment')!;
    const t = podTiming(manifest, payment, 1);
    // pod-kill of payment: 1 s scheduling + the first probe tick after 2 s container start + 180 s = 184 s.
    assert.equal(predictReadyMs(t, BOOT_S * 1000), 184_000);
    assert.ok(INJECT_S + 184 > smoke.phases.find((p) => p.kind === 'fault')!.duration);
  });
});

/**
 * The pod lifecycle model in milliseconds: a manifest's probes, scheduling and container-start times, scaled by the
 * time scale. Pure functions, shared by the supervisor, the tests and the docs (cluster/README.md, "Pod lifecycle").
 */
import type { AppManifest, ProbeSpec, ServiceSpec } from '../manifest/schema.js';

export const TIME_SCALE_ENV = 'RESILIENCE_POD_TIME_SCALE';

/**
 * Scaled probe periods never go below this: at a test scale of 0.01 a 10 s period would be 100 ms, which costs CPU (about 1 ms per probe in the supervisor and as much in the pod)
 * (every pod probed 10 times a second) without making anything more faithful.
 */
export const MIN_PERIOD_MS = 300;

/** In a fast initial rollout, how often readiness is probed until the pod is first Ready. */
export const FAST_ROLLOUT_PROBE_MS = 100;

export type ProbeAction = { kind: 'http'; path: string; headers: Record<string, string> } | { kind: 'tcp' };

export interface ProbeTiming {
  action: ProbeAction;
  initialDelayMs: number;
  periodMs: number;
  /** Not scaled: how long the app may take to answer is the app's property, not the cluster's clock. */
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
}

export interface PodTiming {
  schedulingMs: number;
  containerStartMs: number;
  terminationGraceMs: number;
  readiness: ProbeTiming | null;
  liveness: ProbeTiming | null;
}

export class TimeScaleError extends Error {}

/** The manifest's lifecycle.timeScale, else $RESILIENCE_POD_TIME_SCALE, else 1. */
export function resolveTimeScale(manifest: AppManifest, env: NodeJS.ProcessEnv = process.env, override?: number): number {
  if (override !== undefined) return checkScale(override, '--pod-time-scale');
  if (manifest.lifecycle.timeScale !== undefined) return manifest.lifecycle.timeScale;
  const raw = env[TIME_SCALE_ENV];
  if (raw === undefined || raw === '') return 1;
  return checkScale(Number(raw), `$${TIME_SCALE_ENV}`);
}

function checkScale(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0 || value > 100) throw new TimeScaleError(`${what} must be a number in (0, 100], got ${value}`);
  return value;
}

function probeTiming(probe: ProbeSpec | undefined, grpcHealthPath: string, scale: number): ProbeTiming | null {
  if (!probe) return null;
  let action: ProbeAction;
  if (probe.httpGet) {
    action = { kind: 'http', path: probe.httpGet.path, headers: Object.fromEntries((probe.httpGet.httpHeaders ?? []).map((h) => [h.name, h.value])) };
  } else if (probe.grpc) {
    const q = probe.grpc.service ? `?service=${encodeURIComponent(probe.grpc.service)}` : '';
    action = { kind: 'http', path: `${grpcHealthPath}${q}`, headers: {} };
  } else {
    action = { kind: 'tcp' };
  }
  return {
    action,
    initialDelayMs: probe.initialDelaySeconds * 1000 * scale,
    periodMs: Math.max(MIN_PERIOD_MS, probe.periodSeconds * 1000 * scale),
    timeoutMs: probe.timeoutSeconds * 1000,
    failureThreshold: probe.failureThreshold,
    successThreshold: probe.successThreshold,
  };
}

export function podTiming(manifest: AppManifest, spec: ServiceSpec, scale: number): PodTiming {
  const lc = manifest.lifecycle;
  return {
    schedulingMs: (spec.schedulingSeconds ?? lc.schedulingSeconds) * 1000 * scale,
    containerStartMs: (spec.containerStartSeconds ?? lc.containerStartSeconds) * 1000 * scale,
    terminationGraceMs: spec.terminationGracePeriodSeconds * 1000 * scale,
    readiness: probeTiming(spec.readinessProbe, lc.grpcHealthPath, scale),
    // Liveness timings are never sped up: they bound how long the app itself may take to boot or stall before it is
    // killed, and the app runs at real speed (at scale 0.01, cartservice's 15 s initial delay would be 0.15 s, less
    // than its real boot, and every start would end in a liveness kill).
    liveness: probeTiming(spec.livenessProbe, lc.grpcHealthPath, Math.max(1, scale)),
  };
}

/**
 * When a new pod becomes Ready, in ms after its creation, given the app needs `bootMs` after its process starts to
 * answer the probe. The kubelet's probe worker starts when the pod is bound (after scheduling) and ticks every
 * period from then; a probe counts once the container has run initialDelay; a readiness probe is also run at once
 * when the container starts (the kubelet's manual trigger for a not-yet-ready container). Ready after
 * successThreshold successes in a row. Without a readiness probe: Ready when the container starts.
 */
export function predictReadyMs(t: PodTiming, bootMs = 0): number {
  const bound = t.schedulingMs;
  const started = bound + t.containerStartMs;
  const r = t.readiness;
  if (!r) return started;
  const answerable = started + Math.max(r.initialDelayMs, bootMs);
  // The manual trigger at container start succeeds only if nothing holds it back.
  if (r.initialDelayMs === 0 && bootMs === 0 && r.successThreshold === 1) return started;
  const k = Math.ceil((answerable - bound) / r.periodMs - 1e-9);
  return bound + (k + r.successThreshold - 1) * r.periodMs;
}

/** The bounds of the documented formula: scheduling + container start + initialDelay + [0, period × successThreshold]. */
export function readyWindowBounds(t: PodTiming): { minMs: number; maxMs: number } {
  const base = t.schedulingMs + t.containerStartMs + (t.readiness?.initialDelayMs ?? 0);
  const r = t.readiness;
  return { minMs: base + (r ? (r.successThreshold - 1) * r.periodMs : 0), maxMs: base + (r ? r.periodMs * r.successThreshold : 0) };
}

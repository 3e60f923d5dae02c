// Hand-made fault cases with known answers for the ranker tests: six services of a shop on a 5 s step, 40 normal and
// 20 anomalous samples of seeded noise around realistic levels; at injectTime the root cause's CPU and latency jump
// and the frontend's latency follows with a smaller jump (or, for an error fault, the frontend's availability drops).
import type { AnalysisCase } from '../../analysis/contract/case.js';
import { seededRandom } from '../../kit/random/seeded.js';

export const STEP_MS = 5000;
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const SERVICES = ['frontend', 'cartservice', 'checkoutservice', 'currencyservice', 'productcatalogservice', 'recommendationservice'];

export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export interface ShopCaseOptions {
  id?: string;
  rootCause?: string;
  seed?: number;
  normal?: number;
  anomalous?: number;
  /** Samples after the fault, back to normal (faultEnd is their start). Default 0. */
  recovery?: number;
  /** 'slow': CPU + latency of the root cause, frontend latency follows; 'errors': frontend availability drops. */
  kind?: 'slow' | 'errors';
}

export function shopCase(o: ShopCaseOptions = {}): AnalysisCase {
  const normal = o.normal ?? 40;
  const anomalous = o.anomalous ?? 20;
  const rootCause = o.rootCause ?? 'cartservice';
  const kind = o.kind ?? 'slow';
  const noise = gaussian(seededRandom(o.seed ?? 11));
  const n = normal + anomalous + (o.recovery ?? 0);
  const times = Array.from({ length: n }, (_, i) => T0 + i * STEP_MS);
  const faulty = (i: number) => i >= normal && i < normal + anomalous;
  // A load that drifts slowly and moves every service's throughput together.
  const load = Array.from({ length: n }, (_, i) => 20 + 0.5 * Math.sin(i / 7));
  const columns: Record<string, Array<number | null>> = {};
  SERVICES.forEach((s, k) => {
    const isRoot = s === rootCause;
    const baseLatency = s === 'frontend' ? 50 : 5 + 2 * k;
    const baseCpu = 0.05 + 0.01 * k;
    const latency: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < n; i++) {
      let lat = baseLatency + 0.05 * baseLatency * noise();
      let c = baseCpu + 0.005 * noise();
      if (faulty(i) && kind === 'slow' && isRoot) {
        lat += 30;
        c += 0.7;
      }
      latency.push(lat);
      cpu.push(c);
    }
    columns[`${s}_latency`] = latency;
    columns[`${s}_cpu`] = cpu;
    columns[`${s}_throughput`] = load.map((l) => l * (s === 'frontend' ? 1 : 0.5) + 0.5 * noise());
    columns[`${s}_mem`] = times.map(() => (100 + 10 * k) * 1e6 + 0.5e6 * noise());
    columns[`${s}_availability`] = times.map((_, i) => {
      if (kind === 'errors' && faulty(i) && (isRoot || s === 'frontend')) return 0.7 + 0.02 * noise();
      return Math.min(1, 0.998 + 0.002 * noise());
    });
  });
  // The frontend's latency follows the root cause's with a smaller jump (it waits on it for part of its requests).
  if (kind === 'slow' && rootCause !== 'frontend') {
    const fe = columns.frontend_latency as number[];
    const rc = columns[`${rootCause}_latency`] as number[];
    const rcBase = rc.slice(0, normal).reduce((a, b) => a + b, 0) / normal;
    columns.frontend_latency = fe.map((v, i) => v + 0.4 * (rc[i] - rcBase));
  }
  // Derived as monitor/automap.ts derives them: Mcon = Mthr / Mlat, Mcon_inflight = Mthr × Mlat / 1000.
  for (const s of SERVICES) {
    const thr = columns[`${s}_throughput`] as number[];
    const lat = columns[`${s}_latency`] as number[];
    columns[`${s}_congestion`] = thr.map((t, i) => t / lat[i]);
    columns[`${s}_inflight`] = thr.map((t, i) => (t * lat[i]) / 1000);
  }
  return {
    id: o.id ?? `shop-${rootCause}-${o.seed ?? 11}`,
    faultType: kind === 'slow' ? 'cpu' : 'http-abort',
    faultKind: kind === 'slow' ? 'StressChaos' : 'HTTPChaos',
    rootCause,
    frontend: 'frontend',
    stepSeconds: STEP_MS / 1000,
    times,
    columns,
    injectTime: times[normal],
    faultEnd: times[normal + anomalous - 1] + STEP_MS,
    sliMoved: true,
  };
}

/** A case from explicit columns: `normal` samples before injectTime, the rest after it. */
export function toyCase(columns: Record<string, Array<number | null>>, normal: number, id = 'toy'): AnalysisCase {
  const n = Object.values(columns)[0].length;
  const times = Array.from({ length: n }, (_, i) => T0 + i * STEP_MS);
  return {
    id,
    faultType: 'cpu',
    faultKind: 'StressChaos',
    rootCause: Object.keys(columns)[0].split('_')[0],
    frontend: Object.keys(columns)[0].split('_')[0],
    stepSeconds: STEP_MS / 1000,
    times,
    columns,
    injectTime: normal < n ? times[normal] : times[n - 1] + STEP_MS,
    faultEnd: times[n - 1] + STEP_MS,
    sliMoved: null,
  };
}

/**
 * NetworkChaos as mesh faults on each selected pod, scoped to the peers chosen by `target` / `externalTargets`,
 * each carrying the object's deadline as expiresAt so the mesh removes it even if nobody else does.
 */
import type { FaultAction, FaultRequest, PodRef } from '../../mesh/api.js';
import { parseGoDuration } from '../../../chaos/validate/duration.js';
import type { NetworkChaosSpec } from '../../../chaos/model/types.js';
import type { InjectionContext, Injector, Target } from '../contracts/types.js';
import { meshFaultLabels } from './labels.js';

const RATE_UNITS: Record<string, number> = {
  bit: 1 / 8,
  kbit: 1e3 / 8,
  mbit: 1e6 / 8,
  gbit: 1e9 / 8,
  tbit: 1e12 / 8,
  // tc's "bps" is BYTES per second.
  bps: 1,
  kbps: 1e3,
  mbps: 1e6,
  gbps: 1e9,
  tbps: 1e12,
};

/** tc rate ("1mbps", "100kbit") → bytes per second. */
export function rateToBytesPerSecond(rate: string): number {
  const m = /^([0-9]+)(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps|tbps)$/i.exec(rate.trim());
  if (!m) throw new Error(`bandwidth.rate "${rate}" is not a tc rate (e.g. 1mbps, 100kbit)`);
  return Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!;
}

function durationMs(text: string, field: string): number {
  const d = parseGoDuration(text);
  if ('error' in d) throw new Error(`${field}: ${d.error}`);
  return d.ms;
}

function percent(text: string | undefined, field: string): number {
  const n = Number(text ?? '0');
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new Error(`${field} "${text}" is not a percentage in [0,100]`);
  return n;
}

/** The mesh actions of a NetworkChaos, each with an id suffix; a note for what has no visible effect on TCP. */
export function networkActions(spec: NetworkChaosSpec): { actions: Array<[string, FaultAction]>; notes: string[] } {
  const actions: Array<[string, FaultAction]> = [];
  const notes: string[] = [];
  const netemFamily = spec.action === 'netem' ? ['delay', 'loss', 'duplicate', 'corrupt'] : [spec.action];
  const want = (k: string) => netemFamily.includes(k);
  if (['netem', 'delay', 'loss', 'duplicate', 'corrupt'].includes(spec.action)) {
    const present = ['delay', 'loss', 'duplicate', 'corrupt'].filter((k) => want(k) && spec[k as 'delay'] !== undefined);
    if (present.length === 0) throw new Error(`action ${spec.action} needs ${spec.action === 'netem' ? 'one of delay, loss, duplicate, corrupt' : `spec.${spec.action}`}`);
  }
  if (want('delay') && spec.delay) {
    const d = spec.delay;
    actions.push([
      'delay',
      {
        kind: 'delay',
        latencyMs: durationMs(d.latency, 'delay.latency'),
        ...(d.jitter ? { jitterMs: durationMs(d.jitter, 'delay.jitter') } : {}),
        ...(d.correlation ? { correlation: percent(d.correlation, 'delay.correlation') } : {}),
      },
    ]);
    if (d.reorder) notes.push('delay.reorder has no visible effect over TCP on loopback (segments are re-ordered by the receiver)');
  }
  let lossPercent = 0;
  if (want('loss') && spec.loss) lossPercent = percent(spec.loss.loss, 'loss.loss');
  // A corrupted packet fails its checksum and is dropped by the receiver: TCP sees it as loss and retransmits.
  if (want('corrupt') && spec.corrupt) lossPercent = 100 - ((100 - lossPercent) * (100 - percent(spec.corrupt.corrupt, 'corrupt.corrupt'))) / 100;
  if (lossPercent > 0 || (want('loss') && spec.loss) || (want('corrupt') && spec.corrupt)) {
    const correlation = spec.loss?.correlation ?? spec.corrupt?.correlation;
    actions.push(['loss', { kind: 'loss', percent: lossPercent, ...(correlation ? { correlation: percent(correlation, 'loss.correlation') } : {}) }]);
  }
  if (want('duplicate') && spec.duplicate) notes.push('duplicate has no visible effect over TCP (the receiver discards duplicated segments); recorded as injected');
  if (spec.action === 'partition') actions.push(['partition', { kind: 'partition' }]);
  if (spec.action === 'bandwidth') {
    if (!spec.bandwidth) throw new Error('action bandwidth needs spec.bandwidth');
    actions.push(['bandwidth', { kind: 'bandwidth', bytesPerSecond: rateToBytesPerSecond(spec.bandwidth.rate), bufferBytes: spec.bandwidth.buffer }]);
  }
  return { actions, notes };
}

export function faultId(uid: string, target: Target, suffix: string): string {
  return `${uid}/${target.namespace}/${target.pod}#${suffix}`;
}

function peersOf(spec: NetworkChaosSpec, ctx: InjectionContext): FaultRequest['peers'] {
  const hasTarget = spec.target !== undefined;
  const external = (spec.externalTargets ?? []).length > 0;
  if (!hasTarget && !external) return undefined;
  const peers: Array<PodRef | { external: true }> = (ctx.peers ?? []).map((p) => ({ namespace: p.namespace, pod: p.pod }));
  if (external) peers.push({ external: true });
  return peers;
}

export const networkInjector: Injector = {
  async apply(target, ctx) {
    const spec = ctx.object.spec as NetworkChaosSpec;
    const { actions, notes } = networkActions(spec);
    const peers = peersOf(spec, ctx);
    for (const [suffix, action] of actions) {
      await ctx.ops.mesh().addFault({
        id: faultId(ctx.object.metadata.uid, target, suffix),
        target: { namespace: target.namespace, pod: target.pod },
        direction: spec.direction ?? 'to',
        ...(peers ? { peers } : {}),
        action,
        expiresAt: ctx.deadline,
        labels: meshFaultLabels(ctx.object),
      });
    }
    const what = actions.map(([s]) => s).join('+') || 'nothing';
    return [`mesh fault ${what} on ${target.id} until ${new Date(ctx.deadline).toISOString()}`, ...notes].join('; ');
  },

  meshFaultIds(target, ctx) {
    return networkActions(ctx.object.spec as NetworkChaosSpec).actions.map(([suffix]) => faultId(ctx.object.metadata.uid, target, suffix));
  },

  async recover(target, ctx) {
    for (const suffix of ['delay', 'loss', 'partition', 'bandwidth']) await ctx.ops.mesh().removeFault(faultId(ctx.object.metadata.uid, target, suffix));
  },
};

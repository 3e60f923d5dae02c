/**
 * HTTPChaos as mesh HTTP faults on each selected pod (the server side of the exchange, like Chaos Mesh's proxy in
 * the pod's namespace), matched on target Request|Response, port, path glob, method and code.
 *
 * Mapping (documented choice): `replace.code: N` → the mesh answers N with response_flags "FI"; `abort: true`
 * drops the exchange in Chaos Mesh, which the caller's sidecar reports as a failed request — the mesh has no
 * "drop" fault, so it answers ABORT_STATUS with response_flags "FI", the closest thing Istio metrics can show.
 * `delay` → the exchange is held (response_flags "DI"). replace of path/method/body/headers/queries and patch are
 * not emulated: injection fails with a Failed event saying so.
 */
import type { FaultAction } from '../../mesh/api.js';
import { parseGoDuration } from '../../../chaos/validate/duration.js';
import type { HTTPChaosSpec } from '../../../chaos/model/types.js';
import type { Injector, Target } from '../contracts/types.js';
import { meshFaultLabels } from './labels.js';

export const ABORT_STATUS = 500;

export function httpActions(spec: HTTPChaosSpec): Array<[string, FaultAction]> {
  const actions: Array<[string, FaultAction]> = [];
  if (spec.delay) {
    const d = parseGoDuration(spec.delay);
    if ('error' in d) throw new Error(`delay: ${d.error}`);
    actions.push(['delay', { kind: 'http-delay', delayMs: d.ms }]);
  }
  if (spec.abort) actions.push(['abort', { kind: 'http-abort', status: ABORT_STATUS }]);
  else if (spec.replace?.code !== undefined) actions.push(['abort', { kind: 'http-abort', status: spec.replace.code }]);
  const replaced = Object.keys(spec.replace ?? {}).filter((k) => k !== 'code');
  if (replaced.length > 0 || spec.patch) {
    const what = [...replaced.map((k) => `replace.${k}`), ...(spec.patch ? ['patch'] : [])].join(', ');
    throw new Error(`${what} is not emulated by the local cluster's mesh (abort, delay and replace.code are); use the kube backend`);
  }
  if (actions.length === 0) throw new Error('no HTTP action: set abort, delay, replace or patch');
  return actions;
}

const faultId = (uid: string, t: Target, suffix: string) => `${uid}/${t.namespace}/${t.pod}#http-${suffix}`;

export const httpInjector: Injector = {
  async apply(target, ctx) {
    const spec = ctx.object.spec as HTTPChaosSpec;
    const actions = httpActions(spec);
    for (const [suffix, action] of actions) {
      await ctx.ops.mesh().addFault({
        id: faultId(ctx.object.metadata.uid, target, suffix),
        target: { namespace: target.namespace, pod: target.pod },
        http: {
          target: spec.target,
          ...(spec.port !== undefined ? { port: spec.port } : {}),
          ...(spec.path !== undefined ? { path: spec.path } : {}),
          ...(spec.method !== undefined ? { method: spec.method } : {}),
          ...(spec.code !== undefined ? { code: spec.code } : {}),
        },
        action,
        expiresAt: ctx.deadline,
        labels: meshFaultLabels(ctx.object),
      });
    }
    return `mesh HTTP fault ${actions.map(([s]) => s).join('+')} on ${target.id} until ${new Date(ctx.deadline).toISOString()}`;
  },

  meshFaultIds(target, ctx) {
    return httpActions(ctx.object.spec as HTTPChaosSpec).map(([suffix]) => faultId(ctx.object.metadata.uid, target, suffix));
  },

  async recover(target, ctx) {
    for (const suffix of ['delay', 'abort']) await ctx.ops.mesh().removeFault(faultId(ctx.object.metadata.uid, target, suffix));
  },
};

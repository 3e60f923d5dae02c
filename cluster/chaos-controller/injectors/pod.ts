/** PodChaos on the embedded cluster: the supervisor deletes the pod, SIGKILLs its container, or holds it down. */
import type { PodChaosSpec } from '../../../chaos/model/types.js';
import type { InjectionContext, Injector, Target } from '../contracts/types.js';

function isNotFound(err: unknown): boolean {
  return err instanceof Error && /not found/i.test(err.message);
}

export const podInjector: Injector = {
  async apply(target: Target, ctx: InjectionContext) {
    const spec = ctx.object.spec as PodChaosSpec;
    switch (spec.action) {
      case 'pod-kill': {
        // gracePeriod is in seconds (0 = SIGKILL at once); the supervisor takes milliseconds.
        const graceMs = spec.gracePeriod === undefined ? undefined : spec.gracePeriod * 1000;
        const result = (await ctx.ops.deletePod(target.namespace, target.pod, graceMs)) as { replacement?: string | null };
        return `pod deleted${result?.replacement ? `; replaced by ${result.replacement}` : ''}`;
      }
      case 'container-kill':
        ctx.ops.killContainer(target.namespace, target.pod, target.container);
        return `container ${target.container ?? ''} killed with SIGKILL`.replace('  ', ' ');
      case 'pod-failure':
        await ctx.ops.failPod(target.namespace, target.pod, ctx.object.metadata.uid, ctx.deadline);
        return `pod held down until ${new Date(ctx.deadline).toISOString()} at the latest`;
    }
  },

  async recover(target: Target, ctx: InjectionContext) {
    const spec = ctx.object.spec as PodChaosSpec;
    if (spec.action !== 'pod-failure') return 'one-shot action: nothing to recover';
    try {
      await ctx.ops.recoverPod(target.namespace, target.pod, ctx.object.metadata.uid);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return 'pod is gone';
    }
  },
};

/**
 * Workflow: runs the entry template's tree — Serial (children one after another), Parallel (together), Suspend
 * (waits its deadline), chaos templates (an object of that kind whose duration is the template's deadline, deleted
 * when the node ends) and Schedule templates (a Schedule that runs until the template's or a parent's deadline, then
 * is deleted with what it spawned: how the suite bounds a Schedule, chaos/engine/deadline.ts). Node states are in
 * status.nodes; status.conditions Accomplished says it is over.
 * Task and StatusCheck templates are not run locally: their node fails with a message.
 */
import { CHAOS_API_VERSION, EMBEDDED_KEYS, isChaosKind } from '../../chaos/model/kinds.js';
import type { WorkflowSpec, WorkflowTemplate } from '../../chaos/model/types.js';
import { parseGoDuration } from '../../chaos/validate/duration.js';
import { sleep, type FlowHost } from './flow-host.js';
import { randomSuffix } from './store.js';
import type { StoredObject } from './contracts/types.js';

export const WORKFLOW_LABEL = 'chaos-mesh.org/workflow';

interface NodeStatus {
  name: string;
  templateName: string;
  templateType: string;
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Aborted';
  startTime: string;
  endTime?: string;
  message?: string;
  parent?: string;
  chaos?: { kind: string; name: string };
  schedule?: { name: string };
}

function deadlineMs(t: WorkflowTemplate): number | undefined {
  if (!t.deadline) return undefined;
  const d = parseGoDuration(t.deadline);
  return 'ms' in d ? d.ms : undefined;
}

export class WorkflowRunner {
  private readonly abort = new AbortController();
  private readonly spawned = new Set<StoredObject>();
  private done = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly obj: StoredObject,
    private readonly host: FlowHost,
  ) {}

  private get spec(): WorkflowSpec {
    return this.obj.spec as WorkflowSpec;
  }

  start(): void {
    const entryNode = `${this.obj.metadata.name}-${this.spec.entry}-${randomSuffix()}`;
    this.obj.status = { entryNode, startTime: new Date().toISOString(), nodes: [] as NodeStatus[], conditions: [{ type: 'Accomplished', status: 'False' }] };
    this.host.save(this.obj);
    this.host.store.record(this.obj, 'Normal', 'Started', 'Workflow has started');
    this.running = this.run(this.spec.entry, this.abort.signal, undefined, entryNode).then((ok) => {
      this.done = true;
      this.obj.status.endTime = new Date().toISOString();
      this.obj.status.conditions = [{ type: 'Accomplished', status: 'True' }];
      this.host.save(this.obj);
      this.host.store.record(this.obj, ok ? 'Normal' : 'Warning', ok ? 'WorkflowAccomplished' : 'Failed', ok ? 'Workflow accomplished' : 'Workflow ended with a failed node');
    });
  }

  onUpdate(): void {
    /* nothing in metadata changes a running workflow */
  }

  async delete(): Promise<void> {
    this.abort.abort();
    await this.running;
    await Promise.all([...this.spawned].map((c) => this.host.remove(c)));
  }

  finished(): boolean {
    return this.done;
  }

  private node(templateName: string, templateType: string, parent: string | undefined, name?: string): NodeStatus {
    const node: NodeStatus = {
      name: name ?? `${this.obj.metadata.name}-${templateName}-${randomSuffix()}`,
      templateName,
      templateType,
      phase: 'Running',
      startTime: new Date().toISOString(),
      ...(parent ? { parent } : {}),
    };
    (this.obj.status.nodes as NodeStatus[]).push(node);
    this.host.save(this.obj);
    return node;
  }

  private end(node: NodeStatus, phase: NodeStatus['phase'], message?: string): boolean {
    node.phase = phase;
    node.endTime = new Date().toISOString();
    if (message) node.message = message;
    this.host.save(this.obj);
    return phase === 'Succeeded';
  }

  /** Runs one template; resolves true when it succeeded. A deadline on Serial/Parallel bounds the children. */
  private async run(templateName: string, parentSignal: AbortSignal, parent?: string, nodeName?: string): Promise<boolean> {
    const t = this.spec.templates.find((x) => x.name === templateName);
    if (!t) return false;
    const node = this.node(t.name, t.templateType, parent, nodeName);
    const scope = new AbortController();
    const relay = () => scope.abort();
    parentSignal.addEventListener('abort', relay, { once: true });
    const limit = deadlineMs(t);
    const bounds = t.templateType === 'Serial' || t.templateType === 'Parallel' || t.templateType === 'Schedule';
    const timer = limit !== undefined && bounds ? setTimeout(() => scope.abort(), limit) : undefined;
    try {
      if (t.templateType === 'Serial') {
        for (const child of t.children ?? []) {
          if (scope.signal.aborted) break;
          if (!(await this.run(child, scope.signal, node.name))) return this.end(node, parentSignal.aborted ? 'Aborted' : 'Failed', `child ${child} did not succeed`);
        }
        return this.end(node, parentSignal.aborted ? 'Aborted' : 'Succeeded');
      }
      if (t.templateType === 'Parallel') {
        const results = await Promise.all((t.children ?? []).map((c) => this.run(c, scope.signal, node.name)));
        return this.end(node, parentSignal.aborted ? 'Aborted' : results.every(Boolean) ? 'Succeeded' : 'Failed');
      }
      if (t.templateType === 'Suspend') {
        const completed = await sleep(limit ?? 0, scope.signal);
        return this.end(node, completed ? 'Succeeded' : 'Aborted');
      }
      if (isChaosKind(t.templateType)) return await this.runChaos(t, node, scope.signal);
      if (t.templateType === 'Schedule') return await this.runSchedule(t, node, scope.signal, parentSignal);
      return this.end(node, 'Failed', `template type ${t.templateType} is not run by the local cluster (Serial, Parallel, Suspend, Schedule and chaos templates are)`);
    } finally {
      if (timer) clearTimeout(timer);
      parentSignal.removeEventListener('abort', relay);
    }
  }

  /** A Schedule child that ticks until the deadline (or the workflow's end); deleting it deletes its children. */
  private async runSchedule(t: WorkflowTemplate, node: NodeStatus, signal: AbortSignal, parentSignal: AbortSignal): Promise<boolean> {
    if (!t.schedule) return this.end(node, 'Failed', `Schedule template ${t.name} has no schedule`);
    const child = this.spawn('Schedule', t.name, structuredClone(t.schedule));
    if ('error' in child) return this.end(node, 'Failed', child.error);
    node.schedule = { name: child.metadata.name };
    this.host.save(this.obj);
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await this.host.remove(child);
    this.spawned.delete(child);
    return this.end(node, parentSignal.aborted ? 'Aborted' : 'Succeeded', parentSignal.aborted ? undefined : `deadline ${t.deadline} exceeded: the schedule was deleted`);
  }

  private spawn(kind: string, templateName: string, spec: unknown): StoredObject | { error: string } {
    try {
      const child = this.host.create({
        apiVersion: CHAOS_API_VERSION,
        kind,
        metadata: { name: `${this.obj.metadata.name}-${templateName}-${randomSuffix()}`.slice(0, 63), namespace: this.obj.metadata.namespace, labels: { ...this.obj.metadata.labels, [WORKFLOW_LABEL]: this.obj.metadata.name } },
        spec,
      });
      this.spawned.add(child);
      return child;
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  private async runChaos(t: WorkflowTemplate, node: NodeStatus, signal: AbortSignal): Promise<boolean> {
    const kind = t.templateType as keyof typeof EMBEDDED_KEYS;
    const spec = structuredClone((t as Record<string, unknown>)[EMBEDDED_KEYS[kind]]) as Record<string, unknown>;
    if (t.deadline) spec.duration = t.deadline;
    const child = this.spawn(kind, t.name, spec);
    if ('error' in child) return this.end(node, 'Failed', child.error);
    node.chaos = { kind, name: child.metadata.name };
    this.host.save(this.obj);
    while (!signal.aborted && this.host.current(child) && !this.host.isFinished(child)) await sleep(100, signal);
    await this.host.remove(child);
    this.spawned.delete(child);
    return this.end(node, signal.aborted ? 'Aborted' : 'Succeeded');
  }
}

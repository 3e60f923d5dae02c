/**
 * The one chaos interface both backends offer (kube: Chaos Mesh on Kubernetes; local: the embedded cluster's
 * controller), what it hands back, and its errors.
 */
import type { AnyKind } from '../model/kinds.js';
import type { ChaosObject } from '../model/types.js';
import type { ChaosStatus } from './status.js';

export interface ChaosHandle {
  backend: string;
  kind: AnyKind;
  name: string;
  namespace: string;
  runId: string;
  uid?: string;
  /** Action of a PodChaos etc., used for the one-shot semantics. */
  action?: string;
  /** ISO time the backend accepted the object (creationTimestamp). */
  createdAt: string;
  /** The dead man's switch it was applied with (apply with endWithinMs), as Chaos Mesh enforces it. */
  bound?: FaultBound;
}

export interface ApplyOptions {
  runId: string;
  /**
   * The fault must end within this many ms of being applied, whatever happens to the caller afterwards: the object
   * is bounded with Chaos Mesh's own mechanisms (chaos/engine/deadline.ts) before it is sent.
   */
  endWithinMs?: number;
}

/** How an applied object was bounded: the object's own duration next to the one Chaos Mesh enforces. */
export interface FaultBound {
  method: 'duration' | 'workflow-deadline' | 'wrapped-in-workflow' | 'one-shot';
  /** The object's own duration (a Workflow: its entry template's deadline); null when it had none. */
  plannedDuration: string | null;
  /** The duration Chaos Mesh enforces from the moment it accepts the object; null for a one-shot action. */
  effectiveDuration: string | null;
  /** The bound is shorter than the object's own duration, or the object had none. */
  clamped: boolean;
  /** The kind as written, when what is sent differs (a Schedule wrapped in a Workflow). */
  originalKind?: AnyKind;
}

export interface InjectionResult {
  /** Time of the injection as reported by the backend (latest Apply success among the records). */
  injectedAt: string;
  /** One-shot action (pod-kill, container-kill): done, there is nothing to recover. */
  oneShot: boolean;
  status: ChaosStatus;
}

export interface RecoverOptions {
  /** pause: annotate and wait until the targets are recovered, the object stays; delete: delete and wait until gone. */
  method?: 'pause' | 'delete';
  timeoutMs?: number;
}

export interface RecoveryResult {
  /** Time of the recovery as reported by the backend (latest Recover success), or the time the object was gone. */
  recoveredAt: string;
  status: ChaosStatus;
}

export interface ListFilter {
  /** Only objects of this run. */
  runId?: string;
  /** Every chaos object in the backend's scope, also those the suite did not create (no run label). */
  everything?: boolean;
}

/** What apply sends: the validated object, labelled with the run id, in its namespace. */
export interface RenderedManifest {
  namespace: string;
  plural: string;
  manifest: ChaosObject;
  /** Present when rendered with endWithinMs. */
  bound?: FaultBound;
}

export interface SweepOptions {
  /** Only objects of this run; absent = every object carrying the suite's run label. */
  runId?: string;
  timeoutMs?: number;
}

export interface ChaosBackend {
  readonly name: string;
  /** Validates, guards and labels an object without sending it (what a dry run prints). Throws if invalid. */
  render(obj: ChaosObject, opts: ApplyOptions): RenderedManifest;
  /** Creates the object, labelled with the run id. Rejects invalid objects. */
  apply(obj: ChaosObject, opts: ApplyOptions): Promise<ChaosHandle>;
  /** Resolves once injected (or a one-shot action is done); rejects with a clear error on timeout or failure. */
  waitInjected(handle: ChaosHandle, timeoutMs: number): Promise<InjectionResult>;
  /** Resolves once the controller recovered the targets by itself (e.g. at the end of the object's duration). */
  waitRecovered(handle: ChaosHandle, timeoutMs: number): Promise<ChaosStatus>;
  /** Stops the fault and waits until the targets are recovered (and, for delete, the object is gone). */
  recover(handle: ChaosHandle, opts?: RecoverOptions): Promise<RecoveryResult>;
  status(handle: ChaosHandle): Promise<ChaosStatus>;
  /** Objects carrying the suite's run label (optionally of one run), or every chaos object in scope. */
  list(filter?: ListFilter): Promise<ChaosHandle[]>;
  /** Deletes leftovers carrying the run label, Schedules and Workflows first; returns what was deleted. */
  sweep(opts?: SweepOptions): Promise<ChaosHandle[]>;
  close?(): Promise<void>;
}

export class ChaosTimeoutError extends Error {
  constructor(
    message: string,
    readonly status?: ChaosStatus,
  ) {
    super(message);
    this.name = 'ChaosTimeoutError';
  }
}

export class NothingSelectedError extends Error {
  constructor(
    message: string,
    readonly status?: ChaosStatus,
  ) {
    super(message);
    this.name = 'NothingSelectedError';
  }
}

export class BlastRadiusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlastRadiusError';
  }
}

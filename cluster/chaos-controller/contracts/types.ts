/**
 * Shapes shared by the local Chaos Mesh controller: the stored objects (Kubernetes-like), the view of the embedded
 * cluster the controller acts on (ClusterOps), and the injector contract every chaos kind implements.
 */
import type { MeshControlClient } from '../../mesh/control-client.js';
import type { AnyKind } from '../../../chaos/model/kinds.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- object specs are validated JSON */

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  creationTimestamp: string;
  resourceVersion: string;
  generation: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  finalizers: string[];
  deletionTimestamp?: string;
}

export interface StoredObject {
  apiVersion: string;
  kind: AnyKind;
  metadata: ObjectMeta;
  spec: any;
  status: any;
}

/** A pod as the selector sees it (phase is the Kubernetes pod phase). */
export interface PodView {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  phase: 'Pending' | 'Running' | 'Failed' | 'Terminating';
  container: string;
  /** The service's role port (e.g. 8080 frontend), what HTTPChaos `port` names. */
  rolePort: number;
}

/** What the controller needs from the embedded cluster (the supervisor implements it). */
export interface ClusterOps {
  pods(): PodView[];
  deletePod(namespace: string, name: string, gracePeriodMs?: number): Promise<unknown>;
  killContainer(namespace: string, name: string, container?: string): unknown;
  failPod(namespace: string, name: string, id: string, until: number): Promise<unknown>;
  recoverPod(namespace: string, name: string, id: string): Promise<unknown>;
  attachProcess(namespace: string, name: string, pid: number): unknown;
  /** The current mesh control client (the mesh may have been restarted). */
  mesh(): MeshControlClient;
}

/** One target of an experiment: a pod, or a container of it. */
export interface Target {
  namespace: string;
  pod: string;
  container?: string;
  /** Record id: "<ns>/<pod>" or "<ns>/<pod>/<container>". */
  id: string;
}

export interface InjectionContext {
  object: StoredObject;
  /** Epoch ms when every fault of this object must be gone, enforced where the fault lives. */
  deadline: number;
  ops: ClusterOps;
  /** Targets of the NetworkChaos `target` selector (peers), resolved once with the main selection. */
  peers?: Target[];
}

export interface Injector {
  /** Applies the fault to one target; resolves to an optional message for the record event. */
  apply(target: Target, ctx: InjectionContext): Promise<string | void>;
  /** Removes it; must be idempotent (a fault that expired or a pod that is gone counts as recovered). */
  recover(target: Target, ctx: InjectionContext): Promise<string | void>;
  /** Ids of the mesh faults an injected target must have (mesh-backed kinds), to re-apply them if the mesh lost them. */
  meshFaultIds?(target: Target, ctx: InjectionContext): string[];
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

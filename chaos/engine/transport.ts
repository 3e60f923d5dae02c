/**
 * What a chaos backend supplies: how to reach the objects of a Chaos Mesh API (Kubernetes' API server, or the embedded
 * cluster's controller). Everything else (render, wait, recover, sweep) is the engine's, once for both.
 * Errors carry the server's reason ("HTTP 422: …"); the engine says what was being done.
 */
import type { AnyKind } from '../model/kinds.js';
import type { ChaosObject } from '../model/types.js';
import type { ObjectEvent } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export interface ObjectRef {
  kind: AnyKind;
  namespace: string;
  name: string;
  uid?: string;
}

export interface ChaosTransport {
  /** Creates the object; resolves to it as stored (name, uid, creationTimestamp). */
  create(namespace: string, plural: string, manifest: ChaosObject): Promise<any>;
  /** The stored object, or undefined when there is none. */
  get(ref: ObjectRef): Promise<any | undefined>;
  /** Objects of one kind, in the transport's scope, matching a label selector ('' = every object). */
  list(kind: AnyKind, labelSelector: string): Promise<any[]>;
  /** JSON merge patch. */
  patch(ref: ObjectRef, mergePatch: object): Promise<void>;
  /** Asks for deletion; resolves to the object as the server answered, or undefined when there was none. */
  delete(ref: ObjectRef): Promise<any | undefined>;
  /** Follows one object: onObject(raw) for each state seen, onObject(undefined) once it is gone. Returns "stop". */
  watch(ref: ObjectRef, onObject: (raw: any | undefined) => void, onError: (err: Error) => void): () => void;
  /** Events about the object (only this uid's, when given), oldest first. */
  events(ref: ObjectRef): Promise<ObjectEvent[]>;
  close?(): Promise<void>;
}

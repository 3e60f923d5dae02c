/**
 * FakeChaosTransport: a test-only, in-memory stand-in for a Chaos Mesh API, for unit tests of the chaos engine.
 * Tests play the controller by editing stored objects (update) and can make creation fail (refuse).
 */
import type { AnyKind } from '../../../chaos/model/kinds.js';
import type { ChaosObject } from '../../../chaos/model/types.js';
import type { ObjectEvent } from '../../../chaos/engine/status.js';
import type { ChaosTransport, ObjectRef } from '../../../chaos/engine/transport.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

export class FakeChaosTransport implements ChaosTransport {
  readonly objects = new Map<string, any>();
  readonly eventsByName = new Map<string, ObjectEvent[]>();
  /** Every call, as "create <name>", "delete <name>"… in order. */
  readonly calls: string[] = [];
  /** Names whose creation is refused with this message. */
  readonly refuse = new Map<string, string>();
  private readonly watchers = new Set<{ key: string; onObject: (raw: any | undefined) => void }>();
  private uid = 0;

  async create(namespace: string, _plural: string, manifest: ChaosObject): Promise<any> {
    const name = manifest.metadata.name!;
    this.calls.push(`create ${name}`);
    const refused = this.refuse.get(name);
    if (refused) throw new Error(refused);
    const stored = { ...structuredClone(manifest), metadata: { ...manifest.metadata, namespace, uid: `uid-${++this.uid}`, creationTimestamp: new Date().toISOString() } };
    this.objects.set(key(manifest.kind, namespace, name), stored);
    return structuredClone(stored);
  }

  async get(ref: ObjectRef): Promise<any | undefined> {
    const found = this.objects.get(key(ref.kind, ref.namespace, ref.name));
    return found && structuredClone(found);
  }

  async list(kind: AnyKind, labelSelector: string): Promise<any[]> {
    const [label, value] = labelSelector.split('=');
    return [...this.objects.values()].filter(
      (o) => o.kind === kind && (!label || (value === undefined ? label in (o.metadata.labels ?? {}) : o.metadata.labels?.[label] === value)),
    );
  }

  async patch(ref: ObjectRef, mergePatch: any): Promise<void> {
    this.calls.push(`patch ${ref.name}`);
    this.update(ref, (o) => (o.metadata.annotations = { ...o.metadata.annotations, ...mergePatch.metadata?.annotations }));
  }

  async delete(ref: ObjectRef): Promise<any | undefined> {
    this.calls.push(`delete ${ref.name}`);
    const k = key(ref.kind, ref.namespace, ref.name);
    const found = this.objects.get(k);
    this.objects.delete(k);
    this.notify(k);
    return found;
  }

  watch(ref: ObjectRef, onObject: (raw: any | undefined) => void): () => void {
    const watcher = { key: key(ref.kind, ref.namespace, ref.name), onObject };
    this.watchers.add(watcher);
    setImmediate(() => this.watchers.has(watcher) && onObject(this.objects.get(watcher.key)));
    return () => this.watchers.delete(watcher);
  }

  async events(ref: ObjectRef): Promise<ObjectEvent[]> {
    return this.eventsByName.get(ref.name) ?? [];
  }

  /** Plays the controller: changes a stored object and tells its watchers. */
  update(ref: { kind: AnyKind; namespace: string; name: string }, change: (o: any) => void): void {
    const k = key(ref.kind, ref.namespace, ref.name);
    const found = this.objects.get(k);
    if (!found) throw new Error(`no ${k}`);
    change(found);
    this.notify(k);
  }

  private notify(k: string): void {
    for (const w of this.watchers) if (w.key === k) setImmediate(() => w.onObject(this.objects.get(k) && structuredClone(this.objects.get(k))));
  }
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

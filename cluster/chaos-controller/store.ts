/** In-memory object store with resource versions, label selection, and the Events kept about objects. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ObjectEvent } from '../../chaos/engine/status.js';
import type { StoredObject } from './contracts/types.js';

const MAX_EVENTS = 5000;

export interface StoredEvent extends ObjectEvent {
  involvedObject: { kind: string; namespace: string; name: string; uid: string };
}

export function randomSuffix(length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(length);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export function newUid(): string {
  return randomUUID();
}

/** Kubernetes equality-based label selector: "a=b,c!=d,e" (presence) and "!e" (absence). */
export function matchesLabelSelector(labels: Record<string, string>, selector: string | null | undefined): boolean {
  if (!selector) return true;
  for (const raw of selector.split(',')) {
    const term = raw.trim();
    if (!term) continue;
    const ne = term.indexOf('!=');
    const eq = term.indexOf('=');
    if (ne > 0) {
      if (labels[term.slice(0, ne).trim()] === term.slice(ne + 2).trim()) return false;
    } else if (eq > 0) {
      const key = term.slice(0, eq).trim();
      const value = term.slice(eq + (term[eq + 1] === '=' ? 2 : 1)).trim();
      if (labels[key] !== value) return false;
    } else if (term.startsWith('!')) {
      if (term.slice(1) in labels) return false;
    } else if (!(term in labels)) return false;
  }
  return true;
}

export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly events: StoredEvent[] = [];
  private version = 0;

  static key(plural: string, namespace: string, name: string): string {
    return `${plural}/${namespace}/${name}`;
  }

  nextVersion(): string {
    return String(++this.version);
  }

  get(plural: string, namespace: string, name: string): StoredObject | undefined {
    return this.objects.get(ObjectStore.key(plural, namespace, name));
  }

  put(plural: string, obj: StoredObject): void {
    obj.metadata.resourceVersion = this.nextVersion();
    this.objects.set(ObjectStore.key(plural, obj.metadata.namespace, obj.metadata.name), obj);
  }

  remove(plural: string, namespace: string, name: string): void {
    this.objects.delete(ObjectStore.key(plural, namespace, name));
  }

  list(plural: string, namespace?: string, labelSelector?: string | null): StoredObject[] {
    const prefix = namespace === undefined ? `${plural}/` : `${plural}/${namespace}/`;
    return [...this.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && matchesLabelSelector(o.metadata.labels, labelSelector))
      .map(([, o]) => o)
      .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
  }

  all(): StoredObject[] {
    return [...this.objects.values()];
  }

  record(obj: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push({
      type,
      reason,
      message,
      timestamp: new Date().toISOString(),
      involvedObject: { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid },
    });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  eventsOf(namespace: string, name?: string, uid?: string): StoredEvent[] {
    return this.events.filter(
      (e) =>
        e.involvedObject.namespace === namespace &&
        (name === undefined || e.involvedObject.name === name) &&
        (uid === undefined || e.involvedObject.uid === uid),
    );
  }
}

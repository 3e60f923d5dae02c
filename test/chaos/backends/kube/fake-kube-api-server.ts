/**
 * FakeKubeApiServer (test-only): a node:http server on 127.0.0.1 implementing just the Kubernetes API endpoints the
 * kube chaos backend uses — list/watch/create/get/merge-patch/delete of chaos-mesh.org custom objects (with
 * finalizer semantics) and listing core/v1 Events. Tests play the Chaos Mesh controller by mutating objects.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

interface WatchEvent {
  rv: number;
  key: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: any;
}

interface Watcher {
  collection: string;
  name?: string;
  res: ServerResponse;
}

const CUSTOM = /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/;
const EVENTS = /^\/api\/v1\/namespaces\/([^/]+)\/events$/;

export class FakeKubeApiServer extends EventEmitter {
  readonly requests: Array<{ method: string; path: string; watch: boolean }> = [];
  private readonly objects = new Map<string, any>();
  private readonly history: WatchEvent[] = [];
  private readonly kubeEvents: any[] = [];
  private readonly watchers = new Set<Watcher>();
  private server: Server | undefined;
  private rv = 100;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => this.send(res, 500, status(500, 'InternalError', String(err))));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  kubeConfig(contextName = 'fake-context', namespace = 'boutique'): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'fake-user', token: 'fake-token' }],
      contexts: [{ name: contextName, cluster: 'fake', user: 'fake-user', namespace }],
      currentContext: contextName,
    });
    return kc;
  }

  // ---- test controls (the test plays Chaos Mesh) ----------------------------------------------------------------

  get(namespace: string, plural: string, name: string): any | undefined {
    return this.objects.get(key(namespace, plural, name));
  }

  all(): any[] {
    return [...this.objects.values()];
  }

  /** Inserts an object directly, as if created earlier (e.g. a leftover of an older run). */
  seed(namespace: string, plural: string, obj: any): any {
    return this.store(namespace, plural, obj, 'ADDED');
  }

  /** Mutates a stored object like a controller would and emits MODIFIED (or DELETED once finalizers are gone). */
  update(namespace: string, plural: string, name: string, mutate: (obj: any) => void): void {
    const k = key(namespace, plural, name);
    const obj = this.objects.get(k);
    if (!obj) throw new Error(`FakeKubeApiServer: no ${k}`);
    mutate(obj);
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers?.length > 0)) this.remove(k);
    else this.bump(k, obj, 'MODIFIED');
  }

  addKubeEvent(namespace: string, involved: { kind: string; name: string; uid?: string }, type: string, reason: string, message: string): void {
    const now = new Date().toISOString();
    this.kubeEvents.push({
      metadata: { name: `${involved.name}.${this.rv++}`, namespace, creationTimestamp: now },
      involvedObject: { ...involved, namespace },
      type,
      reason,
      message,
      firstTimestamp: now,
      lastTimestamp: now,
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const isWatch = url.searchParams.get('watch') === 'true';
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, watch: isWatch });
    const body = await readBody(req);

    const ev = EVENTS.exec(url.pathname);
    if (ev && req.method === 'GET') {
      const [fieldKey, fieldValue] = (url.searchParams.get('fieldSelector') ?? '=').split('=');
      const items = this.kubeEvents.filter(
        (e) => e.metadata.namespace === ev[1] && (fieldKey !== 'involvedObject.name' || e.involvedObject.name === fieldValue),
      );
      return this.send(res, 200, { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) }, items });
    }

    const m = CUSTOM.exec(url.pathname);
    if (!m) return this.send(res, 404, status(404, 'NotFound', `no route ${url.pathname}`));
    const [, group, version, namespace, plural, name] = m;
    const collection = `${group}/${version}|${namespace}|${plural}`;
    const k = name ? key(namespace, plural, name) : '';

    if (req.method === 'GET' && !name) {
      const fieldName = nameFromFieldSelector(url.searchParams.get('fieldSelector'));
      const labels = url.searchParams.get('labelSelector');
      if (isWatch) return this.openWatch(res, collection, fieldName, Number(url.searchParams.get('resourceVersion') ?? 0), labels);
      const items = [...this.objects.entries()]
        .filter(([ok, o]) => ok.startsWith(`${namespace}|${plural}|`) && (!fieldName || o.metadata.name === fieldName) && matchesLabels(o, labels))
        .map(([, o]) => o);
      return this.send(res, 200, { apiVersion: `${group}/${version}`, kind: 'List', metadata: { resourceVersion: String(this.rv) }, items });
    }
    if (req.method === 'GET') {
      const obj = this.objects.get(k);
      return obj ? this.send(res, 200, obj) : this.send(res, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
    }
    if (req.method === 'POST') {
      const obj = JSON.parse(body);
      if (obj.status !== undefined) return this.send(res, 422, status(422, 'Invalid', 'status must not be set on create'));
      if (this.objects.has(key(namespace, plural, obj.metadata.name))) {
        return this.send(res, 409, status(409, 'AlreadyExists', `${plural} "${obj.metadata.name}" already exists`));
      }
      const stored = this.store(namespace, plural, obj, 'ADDED');
      this.emit('create', stored);
      return this.send(res, 201, stored);
    }
    if (req.method === 'PATCH') {
      const obj = this.objects.get(k);
      if (!obj) return this.send(res, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
      if (!String(req.headers['content-type']).includes('merge-patch')) {
        return this.send(res, 415, status(415, 'UnsupportedMediaType', `fake supports merge-patch only, got ${req.headers['content-type']}`));
      }
      mergePatch(obj, JSON.parse(body));
      this.bump(k, obj, 'MODIFIED');
      this.emit('patch', obj);
      return this.send(res, 200, obj);
    }
    if (req.method === 'DELETE') {
      const obj = this.objects.get(k);
      if (!obj) return this.send(res, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
      if (obj.metadata.finalizers?.length > 0) {
        obj.metadata.deletionTimestamp ??= new Date().toISOString();
        this.bump(k, obj, 'MODIFIED');
      } else {
        this.remove(k);
      }
      this.emit('delete', obj);
      return this.send(res, 200, obj);
    }
    return this.send(res, 405, status(405, 'MethodNotAllowed', `${req.method} not supported`));
  }

  private openWatch(res: ServerResponse, collection: string, name: string | undefined, sinceRv: number, labels: string | null): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const watcher: Watcher = { collection, name, res };
    const [, namespace, plural] = collection.split('|');
    for (const e of this.history) {
      if (e.rv > sinceRv && e.key.startsWith(`${namespace}|${plural}|`) && (!name || e.obj.metadata.name === name) && matchesLabels(e.obj, labels)) {
        res.write(JSON.stringify({ type: e.type, object: e.obj }) + '\n');
      }
    }
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  private store(namespace: string, plural: string, obj: any, type: 'ADDED'): any {
    const stored = structuredClone(obj);
    stored.metadata = {
      ...stored.metadata,
      namespace,
      uid: stored.metadata.uid ?? `uid-${this.rv}`,
      creationTimestamp: stored.metadata.creationTimestamp ?? new Date().toISOString(),
    };
    const k = key(namespace, plural, stored.metadata.name);
    this.bump(k, stored, type);
    return stored;
  }

  private remove(k: string): void {
    const obj = this.objects.get(k);
    this.objects.delete(k);
    this.publish(k, 'DELETED', obj);
  }

  private bump(k: string, obj: any, type: 'ADDED' | 'MODIFIED'): void {
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, obj);
    this.publish(k, type, obj);
  }

  private publish(k: string, type: WatchEvent['type'], obj: any): void {
    const snapshot = structuredClone(obj);
    if (type === 'DELETED') snapshot.metadata.resourceVersion = String(++this.rv);
    this.history.push({ rv: Number(snapshot.metadata.resourceVersion), key: k, type, obj: snapshot });
    const [namespace, plural] = k.split('|');
    for (const w of this.watchers) {
      const [, wns, wplural] = w.collection.split('|');
      if (wns === namespace && wplural === plural && (!w.name || w.name === snapshot.metadata.name)) {
        w.res.write(JSON.stringify({ type, object: snapshot }) + '\n');
      }
    }
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

function key(namespace: string, plural: string, name: string): string {
  return `${namespace}|${plural}|${name}`;
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

function nameFromFieldSelector(sel: string | null): string | undefined {
  const m = /^metadata\.name=(.+)$/.exec(sel ?? '');
  return m?.[1];
}

function matchesLabels(obj: any, selector: string | null): boolean {
  if (!selector) return true;
  const labels = obj.metadata?.labels ?? {};
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return v === undefined ? k in labels : labels[k] === v;
  });
}

function mergePatch(target: any, patch: any): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (typeof v === 'object' && !Array.isArray(v) && typeof target[k] === 'object' && target[k] !== null) mergePatch(target[k], v);
    else target[k] = structuredClone(v);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

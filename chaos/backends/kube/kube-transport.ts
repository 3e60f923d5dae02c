/**
 * Chaos Mesh's custom resources through the Kubernetes API (@kubernetes/client-node): CRUD in the allowed namespaces,
 * a list-then-watch that re-lists when the server ends the stream, and core/v1 Events.
 */
import { CoreV1Api, CustomObjectsApi, PatchStrategy, Watch, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { CHAOS_GROUP, CHAOS_VERSION, PLURALS, type AnyKind } from '../../model/kinds.js';
import type { ChaosObject } from '../../model/types.js';
import { objectEventFromKube } from '../../engine/resource-status.js';
import type { ObjectEvent } from '../../engine/status.js';
import type { ChaosTransport, ObjectRef } from '../../engine/transport.js';
import { errorBody } from '../../../kit/http/error-body.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export class KubeTransport implements ChaosTransport {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(
    private readonly kc: KubeConfig,
    /** Where list looks: the allow-listed namespaces. */
    private readonly namespaces: readonly string[],
    /** Delay before re-opening a watch the server closed. */
    private readonly rewatchDelayMs: number,
    /** How long the server keeps one watch open before ending it (timeoutSeconds); the watch is then re-opened. */
    private readonly watchTimeoutSeconds = 300,
  ) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  private context(plural?: string): CallContext {
    return { server: this.kc.getCurrentCluster()?.server ?? '(no server in the kubeconfig)', context: this.kc.getCurrentContext(), plural };
  }

  create(namespace: string, plural: string, manifest: ChaosObject): Promise<any> {
    return kubeCall(
      () => this.custom.createNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace, plural, body: manifest, fieldValidation: 'Strict' }),
      this.context(plural),
    );
  }

  get(ref: ObjectRef): Promise<any | undefined> {
    return kubeCall(() => this.custom.getNamespacedCustomObject({ ...coords(ref), name: ref.name }), this.context(PLURALS[ref.kind]), { notFound: undefined });
  }

  async list(kind: AnyKind, labelSelector: string): Promise<any[]> {
    const items: any[] = [];
    for (const namespace of this.namespaces) {
      const list = await kubeCall(
        () => this.custom.listNamespacedCustomObject({ group: CHAOS_GROUP, version: CHAOS_VERSION, namespace, plural: PLURALS[kind], ...(labelSelector ? { labelSelector } : {}) }),
        this.context(PLURALS[kind]),
      );
      items.push(...(list.items ?? []));
    }
    return items;
  }

  async patch(ref: ObjectRef, mergePatch: object): Promise<void> {
    await kubeCall(
      () => this.custom.patchNamespacedCustomObject({ ...coords(ref), name: ref.name, body: mergePatch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
      this.context(PLURALS[ref.kind]),
    );
  }

  delete(ref: ObjectRef): Promise<any | undefined> {
    return kubeCall(() => this.custom.deleteNamespacedCustomObject({ ...coords(ref), name: ref.name }), this.context(PLURALS[ref.kind]), { notFound: undefined });
  }

  /** Lists the object once, then watches it from that resourceVersion; re-lists and re-watches if the stream ends. */
  watch(ref: ObjectRef, onObject: (raw: any | undefined) => void, onError: (err: Error) => void): () => void {
    const watch = new Watch(this.kc);
    const path = `/apis/${CHAOS_GROUP}/${CHAOS_VERSION}/namespaces/${ref.namespace}/${PLURALS[ref.kind]}`;
    const fieldSelector = `metadata.name=${ref.name}`;
    let stopped = false;
    let controller: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    const start = async (): Promise<void> => {
      const list = await this.custom.listNamespacedCustomObject({ ...coords(ref), fieldSelector });
      if (stopped) return;
      onObject(list.items?.[0]);
      if (stopped) return;
      controller = await watch.watch(
        path,
        { fieldSelector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.watchTimeoutSeconds },
        (type, obj) => {
          if (type === 'BOOKMARK') return;
          if (type === 'ERROR') return controller?.abort(); // e.g. 410 Gone: done() below re-lists
          onObject(type === 'DELETED' ? undefined : obj);
        },
        () => {
          if (!stopped) timer = setTimeout(() => start().catch(fail), this.rewatchDelayMs);
        },
      );
      if (stopped) controller.abort();
    };
    const fail = (err: unknown) => {
      if (!stopped) onError(new Error(apiMessage(err, this.context(PLURALS[ref.kind]))));
    };
    start().catch(fail);
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
    };
  }

  async events(ref: ObjectRef): Promise<ObjectEvent[]> {
    const list = await kubeCall(() => this.core.listNamespacedEvent({ namespace: ref.namespace, fieldSelector: `involvedObject.name=${ref.name}` }), this.context());
    return (list.items ?? [])
      .filter((e: any) => !ref.uid || !e.involvedObject?.uid || e.involvedObject.uid === ref.uid)
      .map(objectEventFromKube)
      .sort((a: ObjectEvent, b: ObjectEvent) => a.timestamp.localeCompare(b.timestamp));
  }
}

function coords(ref: ObjectRef) {
  return { group: CHAOS_GROUP, version: CHAOS_VERSION, namespace: ref.namespace, plural: PLURALS[ref.kind] };
}

interface CallContext {
  server: string;
  context: string;
  /** The chaos resource the call is about, if any: a 404 for it means the CRD is missing. */
  plural?: string;
}

/** Runs one API call; its error becomes one clear sentence (see apiMessage), and a 404 the given value if asked. */
async function kubeCall<T, N = never>(fn: () => Promise<T>, ctx: CallContext, on404?: { notFound: N }): Promise<T | N> {
  try {
    return await fn();
  } catch (err) {
    if (on404 && httpCode(err) === 404 && !resourceTypeMissing(err)) return on404.notFound;
    throw new Error(apiMessage(err, ctx));
  }
}

function httpCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'number'
    ? (err as { code: number }).code
    : undefined;
}

/**
 * A 404 for the resource type itself (no CRD), not for one object: for an API group it does not serve the server
 * answers a plain "404 page not found", for an unknown resource of a served group its generic Status.
 */
function resourceTypeMissing(err: unknown): boolean {
  if (httpCode(err) !== 404) return false;
  const body = errorBody(err) as any;
  if (typeof body === 'string') return /404 page not found/.test(body);
  return typeof body === 'object' && body !== null && !body.details?.name && /could not find the requested resource/.test(body.message ?? '');
}

/**
 * "HTTP <code>: <server message>", or a sentence saying what to do: Chaos Mesh not installed (the CRD is missing),
 * the API server not reachable. A 403's server message already names the user, verb, resource and namespace.
 */
function apiMessage(err: unknown, ctx: CallContext): string {
  if (ctx.plural && resourceTypeMissing(err)) {
    return `Chaos Mesh is not installed in this cluster (${ctx.server}, context ${ctx.context}): the API server does not serve ${ctx.plural}.${CHAOS_GROUP}; check with: kubectl get crd ${ctx.plural}.${CHAOS_GROUP}`;
  }
  const body = errorBody(err) as any;
  if (body !== undefined) {
    const msg = typeof body === 'object' && body?.message ? body.message : String(body);
    return `HTTP ${httpCode(err) ?? '?'}: ${msg}`;
  }
  const text = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(text)) {
    return `cannot reach the Kubernetes API server at ${ctx.server} (context ${ctx.context}): ${text}`;
  }
  return text;
}

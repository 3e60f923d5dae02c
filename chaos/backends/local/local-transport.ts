/**
 * The embedded cluster's Chaos Mesh controller (cluster/chaos-controller/, served by the supervisor daemon) through
 * its Kubernetes-like HTTP routes under /apis/chaos-mesh.org/v1alpha1. It has no watch: following an object polls it.
 */
import http from 'node:http';
import { pWaitFor } from '../../../kit/wait/poll.js';
import { CHAOS_GROUP, CHAOS_VERSION, PLURALS, type AnyKind } from '../../model/kinds.js';
import type { ChaosObject } from '../../model/types.js';
import { objectEventFromKube } from '../../engine/resource-status.js';
import type { ObjectEvent } from '../../engine/status.js';
import type { ChaosTransport, ObjectRef } from '../../engine/transport.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects are untyped JSON */

export class LocalApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'LocalApiError';
  }
}

export class LocalTransport implements ChaosTransport {
  /**
   * @param api the supervisor's API (http://127.0.0.1:PORT); undefined for a backend that only renders
   * @param pollMs how often a followed object is read again
   */
  constructor(
    private readonly api: string | undefined,
    private readonly pollMs: number,
  ) {}

  create(namespace: string, plural: string, manifest: ChaosObject): Promise<any> {
    return this.call('POST', `${groupPath()}/namespaces/${encodeURIComponent(namespace)}/${plural}`, manifest);
  }

  get(ref: ObjectRef): Promise<any | undefined> {
    return this.call('GET', objectPath(ref)).catch(undefinedIfNotFound);
  }

  async list(kind: AnyKind, labelSelector: string): Promise<any[]> {
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    return (await this.call('GET', `${groupPath()}/${PLURALS[kind]}${query}`)).items ?? [];
  }

  async patch(ref: ObjectRef, mergePatch: object): Promise<void> {
    await this.call('PATCH', objectPath(ref), mergePatch);
  }

  delete(ref: ObjectRef): Promise<any | undefined> {
    return this.call('DELETE', objectPath(ref)).catch(undefinedIfNotFound);
  }

  watch(ref: ObjectRef, onObject: (raw: any | undefined) => void, onError: (err: Error) => void): () => void {
    let stopped = false;
    pWaitFor(
      async () => {
        if (!stopped) onObject(await this.get(ref));
        return stopped;
      },
      { interval: this.pollMs },
    ).catch((err: Error) => !stopped && onError(err));
    return () => {
      stopped = true;
    };
  }

  async events(ref: ObjectRef): Promise<ObjectEvent[]> {
    const fields = [`involvedObject.name=${ref.name}`, ...(ref.uid ? [`involvedObject.uid=${ref.uid}`] : [])].join(',');
    const list = await this.call('GET', `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/events?fieldSelector=${encodeURIComponent(fields)}`);
    return (list.items ?? []).map(objectEventFromKube);
  }

  /** One request on its own connection (no keep-alive: a CLI exits as soon as it is done). */
  private call(method: string, urlPath: string, body?: unknown): Promise<any> {
    if (this.api === undefined) return Promise.reject(new Error('no local cluster is running (this backend can only render)'));
    const api = this.api;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        api + urlPath,
        {
          method,
          agent: false,
          timeout: 15_000,
          headers: payload === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('error', reject);
          res.on('end', () => {
            let parsed: any = {};
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { message: text };
            }
            const code = res.statusCode ?? 0;
            if (code >= 200 && code < 300) resolve(parsed);
            else reject(new LocalApiError(code, `HTTP ${code}: ${parsed.message ?? parsed.error ?? res.statusMessage}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', (err) => reject(new Error(`the local cluster's supervisor at ${api} is unreachable: ${err.message}`)));
      req.end(payload);
    });
  }
}

function undefinedIfNotFound(err: unknown): undefined {
  if (err instanceof LocalApiError && err.code === 404) return undefined;
  throw err;
}

function groupPath(): string {
  return `/apis/${CHAOS_GROUP}/${CHAOS_VERSION}`;
}

function objectPath(ref: ObjectRef): string {
  return `${groupPath()}/namespaces/${encodeURIComponent(ref.namespace)}/${PLURALS[ref.kind]}/${encodeURIComponent(ref.name)}`;
}

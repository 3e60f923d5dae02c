/**
 * Kubernetes-like HTTP routes of the local Chaos Mesh controller, served by the supervisor's API:
 *
 *   POST   /apis/chaos-mesh.org/v1alpha1/namespaces/:ns/:plural                 create → 201
 *   GET    /apis/chaos-mesh.org/v1alpha1/namespaces/:ns/:plural[?labelSelector=] list
 *   GET    /apis/chaos-mesh.org/v1alpha1/:plural[?labelSelector=]                list across namespaces
 *   GET    /apis/chaos-mesh.org/v1alpha1/namespaces/:ns/:plural/:name            get
 *   PATCH  /apis/chaos-mesh.org/v1alpha1/namespaces/:ns/:plural/:name            merge patch of labels/annotations
 *   DELETE /apis/chaos-mesh.org/v1alpha1/namespaces/:ns/:plural/:name            delete (recovers, then gone)
 *   GET    /api/v1/namespaces/:ns/events[?fieldSelector=involvedObject.name=N,involvedObject.uid=U]
 *
 * Errors are Kubernetes Status objects ({kind: Status, code, reason, message}) plus `error` (the message).
 */
import { CHAOS_GROUP, CHAOS_VERSION, PLURALS, type AnyKind } from '../../chaos/model/kinds.js';
import { kindOfPlural, type ChaosController } from './controller.js';
import { ApiError } from './contracts/types.js';

export interface RouteAnswer {
  status: number;
  body: unknown;
}

function status(code: number, reason: string, message: string): RouteAnswer {
  return { status: code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, error: message } };
}

function parseFieldSelector(text: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const term of (text ?? '').split(',')) {
    const i = term.indexOf('=');
    if (i > 0) out[term.slice(0, i).trim()] = term.slice(i + (term[i + 1] === '=' ? 2 : 1)).trim();
  }
  return out;
}

/** Answers a request under /apis/chaos-mesh.org or /api/v1/.../events; undefined when the path is not ours. */
export async function handleChaosRequest(controller: ChaosController, method: string, url: URL, body: unknown): Promise<RouteAnswer | undefined> {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === 'api' && parts[1] === 'v1' && parts[2] === 'namespaces' && parts[4] === 'events' && parts.length === 5 && method === 'GET') {
      const fields = parseFieldSelector(url.searchParams.get('fieldSelector'));
      const items = controller.events(parts[3]!, fields['involvedObject.name'], fields['involvedObject.uid']).map((e) => ({
        kind: 'Event',
        type: e.type,
        reason: e.reason,
        message: e.message,
        eventTime: e.timestamp,
        involvedObject: { apiVersion: `${CHAOS_GROUP}/${CHAOS_VERSION}`, ...e.involvedObject },
      }));
      return { status: 200, body: { kind: 'EventList', apiVersion: 'v1', items } };
    }
    if (parts[0] !== 'apis' || parts[1] !== CHAOS_GROUP) return undefined;
    if (parts[2] !== CHAOS_VERSION) return status(404, 'NotFound', `no API version ${parts[2]} of ${CHAOS_GROUP} (${CHAOS_VERSION} is served)`);
    const labelSelector = url.searchParams.get('labelSelector');
    if (parts.length === 4 && method === 'GET') {
      const plural = parts[3]!;
      return { status: 200, body: listBody(plural, controller.list(plural, undefined, labelSelector)) };
    }
    if (parts[3] !== 'namespaces' || parts.length < 6) return status(404, 'NotFound', `no route ${method} ${url.pathname}`);
    const [ns, plural, name] = [parts[4]!, parts[5]!, parts[6]];
    if (!name) {
      if (method === 'POST') return { status: 201, body: controller.create(ns, plural, body) };
      if (method === 'GET') return { status: 200, body: listBody(plural, controller.list(plural, ns, labelSelector)) };
    } else if (parts.length === 7) {
      if (method === 'GET') return { status: 200, body: controller.get(ns, plural, name) };
      if (method === 'PATCH') return { status: 200, body: controller.patch(ns, plural, name, body) };
      if (method === 'DELETE') return { status: 200, body: controller.delete(ns, plural, name) };
    }
    return status(405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}`);
  } catch (err) {
    if (err instanceof ApiError) return status(err.code, err.reason, err.message);
    throw err;
  }
}

function listBody(plural: string, items: unknown[]) {
  const kind: AnyKind = kindOfPlural(plural);
  return { apiVersion: `${CHAOS_GROUP}/${CHAOS_VERSION}`, kind: `${kind}List`, metadata: {}, items, plural: PLURALS[kind] };
}

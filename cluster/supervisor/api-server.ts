import http from 'node:http';
import { HttpError } from '../../kit/http/http-error.js';
import { readJsonBody } from '../../kit/http/request-body.js';
import { sendError, sendJson, sendText } from '../../kit/http/send.js';
import { CadvisorCollector } from '../exporter/cadvisor.js';
import { renderFamilies } from '../exporter/exposition.js';
import { kubeStateFamilies } from '../exporter/kube-state.js';
import { nodeFamilies } from '../exporter/node.js';
import { ProcScanner } from '../exporter/proc.js';
import type { Supervisor } from './supervisor.js';

/** Extra routes mounted under /apis and /api (the local Chaos Mesh controller); undefined = not handled. */
export type ExtraRoutes = (method: string, url: URL, body: unknown) => Promise<{ status: number; body: unknown } | undefined>;

/**
 * The supervisor's loopback API — the local stand-in for the Kubernetes API server and the kubelet's metrics:
 *
 *   GET    /v1/status                                        ClusterStatus
 *   DELETE /v1/namespaces/:ns/pods/:pod[?gracePeriod=ms]      pod-kill (replaced under a new name)
 *   POST   /v1/namespaces/:ns/pods/:pod/kill {container?}     container-kill (same pod, restarts+1)
 *   POST   /v1/namespaces/:ns/pods/:pod/failure {id, until}   pod-failure until `until` (epoch ms) or recovery
 *   DELETE /v1/namespaces/:ns/pods/:pod/failure[?id=]         recover a pod-failure
 *   POST   /v1/namespaces/:ns/pods/:pod/attach {pid}          count a process (and its children) in the pod
 *   POST   /v1/shutdown                                       stop the whole cluster
 *   GET    /metrics/cadvisor | /metrics/kube-state | /metrics/node
 *   GET    /healthz
 *   /apis/chaos-mesh.org/v1alpha1/…, /api/v1/namespaces/:ns/events   the local Chaos Mesh controller (extraRoutes)
 */
export function createApiServer(getSupervisor: () => Supervisor, onShutdown: () => void, extraRoutes?: ExtraRoutes): http.Server {
  const cadvisor = new CadvisorCollector(new ProcScanner());

  const readJson = async (req: http.IncomingMessage) => ((await readJsonBody(req, 64 * 1024)) ?? {}) as Record<string, unknown>;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const supervisor = getSupervisor();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const json = (status: number, body: unknown) => sendJson(res, status, body);
    const text = (body: string) => sendText(res, 200, body, 'text/plain; version=0.0.4');
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/healthz') return text('ok');
    if (method === 'GET' && url.pathname === '/v1/status') return json(200, supervisor.status());
    if (method === 'GET' && url.pathname === '/metrics/cadvisor') {
      const live = new Set(supervisor.pods().map((p) => `${p.namespace}/${p.name}`));
      return text(renderFamilies(cadvisor.collect(live, supervisor.processOwners())));
    }
    if (method === 'GET' && url.pathname === '/metrics/kube-state') {
      return text(renderFamilies(kubeStateFamilies(supervisor.status().pods, supervisor.deploymentViews())));
    }
    if (method === 'GET' && url.pathname === '/metrics/node') return text(renderFamilies(nodeFamilies()));
    if (method === 'POST' && url.pathname === '/v1/shutdown') {
      json(202, { stopping: true });
      onShutdown();
      return;
    }
    if (parts[0] === 'v1' && parts[1] === 'namespaces' && parts[3] === 'pods' && parts[4]) {
      const [ns, pod, action] = [parts[2]!, parts[4]!, parts[5]];
      if (method === 'DELETE' && !action) {
        const grace = url.searchParams.get('gracePeriod');
        return json(200, await supervisor.deletePod(ns, pod, grace === null ? undefined : Number(grace)));
      }
      if (method === 'POST' && action === 'kill') {
        const body = await readJson(req);
        return json(200, supervisor.killContainer(ns, pod, typeof body.container === 'string' ? body.container : undefined));
      }
      if (method === 'POST' && action === 'failure') {
        const body = await readJson(req);
        if (typeof body.id !== 'string' || typeof body.until !== 'number') throw new HttpError(400, 'failure needs {"id": string, "until": epoch ms}');
        return json(200, await supervisor.failPod(ns, pod, body.id, body.until));
      }
      if (method === 'POST' && action === 'attach') {
        const body = await readJson(req);
        if (typeof body.pid !== 'number') throw new HttpError(400, 'attach needs {"pid": number}');
        return json(200, supervisor.attachProcess(ns, pod, body.pid));
      }
      if (method === 'DELETE' && action === 'failure') {
        return json(200, await supervisor.recoverPod(ns, pod, url.searchParams.get('id') ?? undefined));
      }
    }
    // ---- local Chaos Mesh controller (chaos/backends/local/controller/routes.ts) ----
    if (extraRoutes && (parts[0] === 'apis' || parts[0] === 'api')) {
      const body = method === 'POST' || method === 'PATCH' || method === 'PUT' ? await readJson(req) : undefined;
      const answer = await extraRoutes(method, url, body);
      if (answer) return json(answer.status, answer.body);
    }
    // ---- end of local Chaos Mesh controller ----
    json(404, { error: `no route ${method} ${url.pathname}` });
  };

  return http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
}

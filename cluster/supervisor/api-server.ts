import http from 'node:http';
import { CadvisorCollector } from '../exporter/cadvisor.js';
import { renderFamilies } from '../exporter/exposition.js';
import { kubeStateFamilies } from '../exporter/kube-state.js';
import { nodeFamilies } from '../exporter/node.js';
import { ProcScanner } from '../exporter/proc.js';
import { ConflictError, NotFoundError, type Supervisor } from './supervisor.js';

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

  const readJson = (req: http.IncomingMessage): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
        if (body.length > 64 * 1024) req.destroy(new Error('body too large'));
      });
      req.on('end', () => {
        try {
          resolve(body ? (JSON.parse(body) as Record<string, unknown>) : {});
        } catch {
          reject(new BadRequest('body is not valid JSON'));
        }
      });
      req.on('error', reject);
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const supervisor = getSupervisor();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const text = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(body);
    };
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
        if (typeof body.id !== 'string' || typeof body.until !== 'number') throw new BadRequest('failure needs {"id": string, "until": epoch ms}');
        return json(200, await supervisor.failPod(ns, pod, body.id, body.until));
      }
      if (method === 'POST' && action === 'attach') {
        const body = await readJson(req);
        if (typeof body.pid !== 'number') throw new BadRequest('attach needs {"pid": number}');
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
    handle(req, res).catch((err: Error) => {
      const status = err instanceof NotFoundError ? 404 : err instanceof ConflictError ? 409 : err instanceof BadRequest ? 400 : 500;
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: err.message }));
    });
  });
}

class BadRequest extends Error {}

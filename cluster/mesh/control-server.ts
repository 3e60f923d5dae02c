/** The mesh's control API (see api.ts for the routes) and its /metrics endpoint. */
import http from 'node:http';
import { HttpError } from '../../kit/http/http-error.js';
import { parseJsonBody, readBody } from '../../kit/http/request-body.js';
import { sendError, sendJson, sendText } from '../../kit/http/send.js';
import type { Mesh } from './mesh.js';
import { parseFaultRequest, parseMeshConfig } from './validation.js';

const MAX_BODY = 16 * 1024 * 1024;

/** Every route that reads a body needs one. */
async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const body = parseJsonBody(await readBody(req, MAX_BODY));
  if (body === undefined) throw new HttpError(400, 'request body is empty: a JSON body is required');
  return body;
}

function send(res: http.ServerResponse, status: number, body?: unknown, contentType = 'application/json'): void {
  if (body === undefined) res.writeHead(status).end();
  else if (typeof body === 'string') sendText(res, status, body, contentType);
  else sendJson(res, status, body);
}

/** `?label=key=value` → [key, value]. */
function labelFilter(url: URL): [string, string] | undefined {
  const raw = url.searchParams.get('label');
  if (raw === null) return undefined;
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new HttpError(400, `query parameter label: expected key=value, got "${raw}"`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

export function createControlServer(mesh: Mesh): http.Server {
  return http.createServer((req, res) => {
    handle(mesh, req, res).catch((err: unknown) => sendError(res, err));
  });
}

async function handle(mesh: Mesh, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://mesh');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/healthz' && method === 'GET') return send(res, 200, 'ok', 'text/plain');
  if (path === '/metrics' && method === 'GET') return send(res, 200, mesh.metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
  if (path === '/v1/config') {
    if (method === 'GET') return send(res, 200, mesh.routes.config);
    if (method === 'PUT') {
      const config = parseMeshConfig(await readJson(req));
      await mesh.applyConfig(config);
      return send(res, 204);
    }
    throw new HttpError(405, `${method} ${path}: method not allowed`);
  }
  if (path === '/v1/faults') {
    if (method === 'POST') return send(res, 201, mesh.store.add(parseFaultRequest(await readJson(req))));
    if (method === 'GET') return send(res, 200, mesh.store.list({ label: labelFilter(url), all: ['1', 'true'].includes(url.searchParams.get('all') ?? '') }));
    if (method === 'DELETE') {
      const label = labelFilter(url);
      if (!label) throw new HttpError(400, 'DELETE /v1/faults needs ?label=key=value (sweep by label) or a fault id in the path');
      return send(res, 200, mesh.store.sweep(label));
    }
    throw new HttpError(405, `${method} ${path}: method not allowed`);
  }
  if (path.startsWith('/v1/faults/')) {
    // Ids may contain '/', e.g. "<chaos-uid>/<pod>": take the whole rest of the path.
    const id = decodeURIComponent(path.slice('/v1/faults/'.length));
    if (method === 'DELETE') {
      const removed = mesh.store.remove(id);
      return removed ? send(res, 200, removed) : send(res, 404, { error: `no active fault with id "${id}"` });
    }
    if (method === 'GET') {
      const fault = mesh.store.get(id) ?? mesh.store.list({ all: true }).find((f) => f.id === id);
      return fault ? send(res, 200, fault) : send(res, 404, { error: `no fault with id "${id}"` });
    }
    throw new HttpError(405, `${method} ${path}: method not allowed`);
  }
  throw new HttpError(404, `${method} ${path}: no such route`);
}

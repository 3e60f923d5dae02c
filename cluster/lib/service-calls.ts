/**
 * How an app's service calls another service through the mesh, as it would through an Istio sidecar:
 * the request goes to this pod's outbound listener (MESH_OUTBOUND) with `Host: <service>`.
 */
import http from 'node:http';
import { HttpError } from '../../kit/http/http-error.js';
import { keepAliveAgent } from '../../kit/http/keep-alive-agent.js';

const agent = keepAliveAgent();

/** A call that got no answer (503 unreachable, 504 deadline) or, from callService, a non-2xx or non-JSON one. */
export class ServiceCallError extends HttpError {
  constructor(
    readonly service: string,
    readonly path: string,
    status: number,
    message: string,
  ) {
    super(status, message);
    this.name = 'ServiceCallError';
  }
}

function outbound(): URL {
  const raw = process.env.MESH_OUTBOUND;
  if (!raw) throw new Error('MESH_OUTBOUND is not set: this process was not started as a pod of the local cluster');
  return new URL(raw);
}

export interface ServiceResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface ServiceRequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Give up after this many ms (like a gRPC deadline). Default 5000. */
  timeoutMs?: number;
}

/** `method http://<service><path>` through the mesh; any status and body. No answer: ServiceCallError 503 / 504. */
export function requestService(service: string, method: string, path: string, options: ServiceRequestOptions = {}): Promise<ServiceResponse> {
  const target = outbound();
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        agent,
        headers: {
          host: service,
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new ServiceCallError(service, path, 504, `${service}${path}: deadline exceeded after ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof ServiceCallError ? err : new ServiceCallError(service, path, 503, `${service}${path}: ${err.message}`)));
    req.end(payload);
  });
}

export interface CallOptions {
  /** Give up after this many ms (like a gRPC deadline). Default 5000. */
  timeoutMs?: number;
  /** HTTP method; default POST with a JSON body. */
  method?: string;
}

/** POST JSON to `http://<service><path>` through the mesh and parse the JSON answer. Non-2xx throws ServiceCallError. */
export async function callService<T = unknown>(service: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const res = await requestService(service, options.method ?? 'POST', path, {
    body,
    headers: { 'content-type': 'application/json' },
    timeoutMs: options.timeoutMs,
  });
  const text = res.body.toString('utf8');
  if (res.status < 200 || res.status >= 300) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      /* plain-text error body */
    }
    throw new ServiceCallError(service, path, res.status, `${service}${path}: ${res.status} ${message}`.trim());
  }
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    throw new ServiceCallError(service, path, res.status, `${service}${path}: invalid JSON answer`);
  }
}

/** host:port of the mesh's TCP listener for a TCP service this pod depends on (e.g. redis-cart). */
export function tcpServiceAddress(service: string): { host: string; port: number } {
  const key = `MESH_TCP_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const raw = process.env[key];
  if (!raw) throw new Error(`${key} is not set: declare ${service} as a dependency of this service in the app manifest`);
  const [host, port] = raw.split(':');
  return { host: host!, port: Number(port) };
}

/**
 * How an app's service calls another service through the mesh, as it would through an Istio sidecar:
 * the request goes to this pod's outbound listener (MESH_OUTBOUND) with `Host: <service>`.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export class ServiceCallError extends Error {
  constructor(
    readonly service: string,
    readonly path: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

function outbound(): URL {
  const raw = process.env.MESH_OUTBOUND;
  if (!raw) throw new Error('MESH_OUTBOUND is not set: this process was not started as a pod of the local cluster');
  return new URL(raw);
}

export interface CallOptions {
  /** Give up after this many ms (like a gRPC deadline). Default 5000. */
  timeoutMs?: number;
  /** HTTP method; default POST with a JSON body. */
  method?: string;
}

/** POST JSON to `http://<service><path>` through the mesh and parse the JSON answer. Non-2xx throws ServiceCallError. */
export function callService<T = unknown>(service: string, path: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const target = outbound();
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'POST',
        path,
        agent,
        headers: {
          host: service,
          'content-type': 'application/json',
          ...(payload ? { 'content-length': payload.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            let message = text;
            try {
              message = (JSON.parse(text) as { message?: string }).message ?? text;
            } catch {
              /* plain-text error body */
            }
            reject(new ServiceCallError(service, path, status, `${service}${path}: ${status} ${message}`.trim()));
            return;
          }
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch (err) {
            reject(new ServiceCallError(service, path, status, `${service}${path}: invalid JSON answer`));
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new ServiceCallError(service, path, 504, `${service}${path}: deadline exceeded after ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof ServiceCallError ? err : new ServiceCallError(service, path, 503, `${service}${path}: ${err.message}`)));
    if (payload) req.end(payload);
    else req.end();
  });
}

/** host:port of the mesh's TCP listener for a TCP service this pod depends on (e.g. redis-cart). */
export function tcpServiceAddress(service: string): { host: string; port: number } {
  const key = `MESH_TCP_${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const raw = process.env[key];
  if (!raw) throw new Error(`${key} is not set: declare ${service} as a dependency of this service in the app manifest`);
  const [host, port] = raw.split(':');
  return { host: host!, port: Number(port) };
}

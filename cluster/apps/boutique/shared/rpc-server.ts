/**
 * The HTTP/JSON server every boutique backend runs: `POST /hipstershop.<Service>/<Method>` routed to a handler,
 * `GET /_healthz` → ok, errors as `{code, message}` with api.ts's statuses, one JSON log line per call, and a
 * graceful stop on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rpc, type BoutiqueService } from './api.js';
import { RpcError } from './rpc-errors.js';

/** Largest request body accepted; the biggest real message (PlaceOrder, SendOrderConfirmation) is a few KiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type RpcHandler = (request: unknown) => unknown;

export type RpcMethods<S extends BoutiqueService> = { [M in keyof (typeof rpc)[S]]: RpcHandler };

export interface RpcServiceDefinition<S extends BoutiqueService> {
  service: S;
  methods: RpcMethods<S>;
  /** Runs on SIGTERM after the server stops accepting calls (close connections to stores, …). */
  onShutdown?: () => Promise<void> | void;
}

export function logLine(service: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service, ...fields })}\n`);
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonObject(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {}; // an empty message, like a proto with every field at its default
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RpcError('INVALID_ARGUMENT', `request body is not valid JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RpcError('INVALID_ARGUMENT', 'request body must be a JSON object');
  }
  return value;
}

function send(res: http.ServerResponse, status: number, body: unknown, extraHeaders: http.OutgoingHttpHeaders = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': payload.length, ...extraHeaders });
  res.end(payload);
}

/** The server for one service, not yet listening (tests and `runRpcService` listen on it). */
export function createRpcServer<S extends BoutiqueService>(definition: RpcServiceDefinition<S>): http.Server {
  const paths = rpc[definition.service] as Record<string, string>;
  const methodByPath = new Map<string, { name: string; handler: RpcHandler }>();
  for (const [name, path] of Object.entries(paths)) {
    methodByPath.set(path, { name, handler: (definition.methods as Record<string, RpcHandler>)[name]! });
  }

  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/_healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const method = methodByPath.get(path);
    const started = process.hrtime.bigint();
    const finish = (status: number, code: string, message?: string) =>
      logLine(definition.service, {
        rpc: method?.name ?? path,
        status,
        code,
        duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
        ...(message ? { message } : {}),
      });

    const fail = (err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof BodyTooLarge) {
        const error = new RpcError('RESOURCE_EXHAUSTED', `request body exceeds ${MAX_BODY_BYTES} bytes`);
        // Close the connection: the rest of the oversized body is not worth reading.
        send(res, error.httpStatus, { code: error.code, message: error.message }, { connection: 'close' });
        finish(error.httpStatus, error.code, error.message);
        return;
      }
      const error = err instanceof RpcError ? err : new RpcError('INTERNAL', (err as Error)?.message ?? String(err));
      send(res, error.httpStatus, { code: error.code, message: error.message });
      finish(error.httpStatus, error.code, error.message);
    };

    if (!method) {
      req.resume();
      fail(new RpcError('UNIMPLEMENTED', `no RPC ${req.method} ${path} on ${definition.service}`));
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      const error = new RpcError('UNIMPLEMENTED', `${method.name} takes POST, not ${req.method}`);
      send(res, 405, { code: error.code, message: error.message }, { allow: 'POST' });
      finish(405, error.code, error.message);
      return;
    }

    readBody(req)
      .then((body) => method.handler(parseJsonObject(body)))
      .then((answer) => {
        send(res, 200, answer ?? {});
        finish(200, 'OK');
      })
      .catch(fail);
  });
}

function portFromEnv(): number {
  const raw = process.env.PORT;
  const port = Number(raw);
  if (!raw || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be set to a TCP port (1-65535), got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`);
  }
  return port;
}

/** Runs a service as a pod's main process: listens on 127.0.0.1:$PORT, stops cleanly on SIGTERM/SIGINT. */
export async function runRpcService<S extends BoutiqueService>(definition: RpcServiceDefinition<S>): Promise<http.Server> {
  const port = portFromEnv();
  const server = createRpcServer(definition);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  logLine(definition.service, { event: 'listening', port: (server.address() as AddressInfo).port, pid: process.pid });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logLine(definition.service, { event: 'stopping', signal });
    setTimeout(() => process.exit(0), 5000).unref(); // in-flight calls get 5 s, then we go anyway
    server.close(() => {
      Promise.resolve(definition.onShutdown?.())
        .catch((err: unknown) => logLine(definition.service, { event: 'shutdown-error', message: String(err) }))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return server;
}

/**
 * The HTTP/JSON server every boutique backend runs: `POST /hipstershop.<Service>/<Method>` routed to a handler,
 * `GET /_healthz` → ok, errors as `{code, message}` with api.ts's statuses, one JSON log line per call, and a
 * graceful stop on SIGTERM.
 */
import http from 'node:http';
import { BodyTooLargeError, HttpError } from '../../../../kit/http/http-error.js';
import { listen, portFromEnv } from '../../../../kit/http/listen.js';
import { logLine, msSince } from '../../../../kit/http/log-line.js';
import { parseJsonBody, readBody } from '../../../../kit/http/request-body.js';
import { errorHeaders, sendJson } from '../../../../kit/http/send.js';
import { stopServiceOnSignals } from '../../../../kit/http/stop-on-signals.js';
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

/** A JSON object, as a proto message is: an empty body is a message with every field at its default. */
function parseJsonObject(body: Buffer): unknown {
  let value: unknown;
  try {
    value = parseJsonBody(body);
  } catch (err) {
    throw new RpcError('INVALID_ARGUMENT', (err as HttpError).message);
  }
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RpcError('INVALID_ARGUMENT', 'request body must be a JSON object');
  }
  return value;
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
        duration_ms: msSince(started),
        ...(message ? { message } : {}),
      });

    const fail = (err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const error =
        err instanceof RpcError
          ? err
          : err instanceof BodyTooLargeError
            ? new RpcError('RESOURCE_EXHAUSTED', err.message)
            : new RpcError('INTERNAL', (err as Error)?.message ?? String(err));
      sendJson(res, error.httpStatus, { code: error.code, message: error.message }, errorHeaders(err));
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
      sendJson(res, 405, { code: error.code, message: error.message }, { allow: 'POST' });
      finish(405, error.code, error.message);
      return;
    }

    readBody(req, MAX_BODY_BYTES)
      .then((body) => method.handler(parseJsonObject(body)))
      .then((answer) => {
        sendJson(res, 200, answer ?? {});
        finish(200, 'OK');
      })
      .catch(fail);
  });
}

/** Runs a service as a pod's main process: listens on 127.0.0.1:$PORT, stops cleanly on SIGTERM/SIGINT. */
export async function runRpcService<S extends BoutiqueService>(definition: RpcServiceDefinition<S>): Promise<http.Server> {
  const server = createRpcServer(definition);
  const address = await listen(server, portFromEnv());
  logLine(definition.service, { event: 'listening', port: address.port, pid: process.pid });
  stopServiceOnSignals(definition.service, server, definition.onShutdown);
  return server;
}

/**
 * The node-level proxy (Istio ambient "ztunnel" style): ONE process serves every pod of the local cluster. It was
 * chosen over a sidecar per pod because an exchange A→B then costs one proxy hop in one process instead of two
 * sidecars (client's outbound + server's inbound), halving the proxy cost; both Istio reporters are still recorded.
 *
 * This class owns the listeners, the routing table, the fault table, the metrics and the upstream connection pools.
 */
import http from 'node:http';
import net from 'node:net';
import type { Dispatcher } from 'undici';
import { listen } from '../../kit/http/listen.js';
import type { MeshConfig } from './api.js';
import { FaultStore } from './faults.js';
import { HttpProxy, type MeshState } from './http-proxy.js';
import { MeshMetrics } from './metrics.js';
import { RouteTable } from './routes.js';
import { TcpProxy } from './tcp-proxy.js';
import { UpstreamPools } from './upstream-pools.js';

interface Listener {
  /** What the listener serves; a port whose identity changes is closed and reopened. */
  identity: string;
  server: http.Server | net.Server;
}

type Handler = { kind: 'http'; onRequest: http.RequestListener } | { kind: 'tcp'; onConnection: (socket: net.Socket) => void };

export class Mesh implements MeshState {
  routes = new RouteTable({ services: [], pods: [] });
  readonly store = new FaultStore();
  readonly metrics = new MeshMetrics();
  private readonly upstreams = new UpstreamPools();
  private readonly listeners = new Map<number, Listener>();
  private readonly httpProxy = new HttpProxy(this);
  private readonly tcpProxy = new TcpProxy(this);
  private applying: Promise<void> = Promise.resolve();

  upstreamFor(port: number): Dispatcher {
    return this.upstreams.poolFor(port);
  }

  /** Swaps in a new desired state; resolves once every listener of it is listening. Calls are serialized. */
  applyConfig(config: MeshConfig): Promise<void> {
    const run = this.applying.then(() => this.apply(config));
    this.applying = run.catch(() => {});
    return run;
  }

  private async apply(config: MeshConfig): Promise<void> {
    this.routes = this.routes.next(config);
    const desired = new Map<number, { identity: string; handler: Handler }>();
    for (const s of config.services) {
      const { name, namespace } = s;
      const identity = `service ${namespace}/${name} (${s.protocol})`;
      const handler: Handler =
        s.protocol === 'http'
          ? { kind: 'http', onRequest: (req, res) => this.httpProxy.handle(req, res, undefined, this.routes.service(namespace, name)) }
          : {
              kind: 'tcp',
              onConnection: (socket) => {
                const service = this.routes.service(namespace, name);
                if (service) this.tcpProxy.handle(socket, undefined, service);
                else socket.destroy();
              },
            };
      desired.set(s.listenPort, { identity, handler });
    }
    for (const p of config.pods) {
      const { name, namespace } = p;
      desired.set(p.outboundPort, {
        identity: `pod ${namespace}/${name} outbound`,
        handler: { kind: 'http', onRequest: (req, res) => this.httpProxy.handle(req, res, this.routes.pod(namespace, name)) },
      });
      for (const [serviceName, port] of Object.entries(p.tcpOutbound)) {
        desired.set(port, {
          identity: `pod ${namespace}/${name} tcp ${serviceName}`,
          handler: {
            kind: 'tcp',
            onConnection: (socket) => {
              const pod = this.routes.pod(namespace, name);
              const service = this.routes.resolveHost(serviceName, namespace);
              if (pod && service && service.spec.protocol === 'tcp') this.tcpProxy.handle(socket, pod, service);
              else socket.destroy();
            },
          },
        });
      }
    }

    for (const [port, listener] of this.listeners) {
      if (desired.get(port)?.identity === listener.identity) continue;
      this.listeners.delete(port);
      await closeListener(listener.server);
    }
    const failures: string[] = [];
    await Promise.all(
      [...desired].map(async ([port, { identity, handler }]) => {
        if (this.listeners.has(port)) return;
        const server =
          handler.kind === 'http'
            ? http.createServer({ keepAliveTimeout: DOWNSTREAM_IDLE_MS, noDelay: true }, handler.onRequest)
            : net.createServer({ noDelay: true }, handler.onConnection);
        try {
          await listen(server, port);
          this.listeners.set(port, { identity, server });
        } catch (err) {
          failures.push(`${identity} on 127.0.0.1:${port}: ${(err as Error).message}`);
        }
      }),
    );

    this.upstreams.retainOnly(this.routes.endpointPorts());
    if (failures.length) throw new Error(`could not open listeners: ${failures.join('; ')}`);
  }

  listeningPorts(): number[] {
    return [...this.listeners.keys()];
  }

  async close(): Promise<void> {
    this.store.close();
    const servers = [...this.listeners.values()].map((l) => l.server);
    this.listeners.clear();
    for (const s of servers) if (s instanceof http.Server) s.closeAllConnections();
    await Promise.all(servers.map((s) => closeListener(s)));
    await this.upstreams.close();
  }
}

/**
 * How long an idle keep-alive connection from a caller (an app to its sidecar, k6, a browser) stays open: Envoy's
 * HTTP connection manager default idle_timeout, 1 h. Node's 5 s default made the mesh close a pod's idle connection
 * just as the pod reused it (ECONNRESET → the app answered 503: seen as a Sock Shop GET /cart failing after a 5 s
 * pause on slow-3g), which a real sidecar does not do.
 */
const DOWNSTREAM_IDLE_MS = 3_600_000;

/** Stops accepting at once; in-flight exchanges finish on their own connections. */
function closeListener(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {});
    if (server instanceof http.Server) server.closeIdleConnections();
    // The listening socket is released synchronously by close(); give the event loop one turn.
    setImmediate(resolve);
  });
}

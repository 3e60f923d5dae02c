#!/usr/bin/env node
// A loopback HTTP forward proxy that lets the REAL Sock Shop front-end reach the embedded cluster's services.
//
// The real front-end calls its backends by bare service name (http://catalogue/…, http://carts/carts/…,
// http://orders/…, http://user/…) with the `request` library, which honours HTTP_PROXY. Started with
// HTTP_PROXY=http://127.0.0.1:<this port>, every such call arrives here in absolute form ("GET http://catalogue/x");
// this proxy looks the service up in the local cluster's mesh (GET <mesh control>/v1/config → services[].listenPort,
// the listener the mesh keeps for callers outside the mesh) and forwards the request there, Host header unchanged.
// Only service names the mesh knows are forwarded, always to 127.0.0.1; anything else is answered 502, so nothing
// leaves the machine.
//
// usage: node service-proxy.mjs --state-dir <cluster state dir> [--port 0] [--port-file <file>]
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const stateDir = arg('state-dir', process.env.RESILIENCE_HOME);
if (!stateDir) {
  console.error('service-proxy: --state-dir <local cluster state dir> is required');
  process.exit(2);
}
const listenPort = Number(arg('port', '0'));
const portFile = arg('port-file', '');
const CACHE_MS = 2000;

let cached = { at: 0, ports: new Map() };

/** service name → the mesh's listener port for outside callers, re-read every few seconds (a restarted mesh). */
async function servicePorts(force = false) {
  if (!force && Date.now() - cached.at < CACHE_MS && cached.ports.size) return cached.ports;
  const state = JSON.parse(readFileSync(path.join(stateDir, 'state.json'), 'utf8'));
  const control = state?.mesh?.control;
  if (!control) throw new Error(`no mesh control URL in ${path.join(stateDir, 'state.json')}`);
  const res = await fetch(new URL('/v1/config', control));
  if (!res.ok) throw new Error(`mesh ${control}/v1/config answered ${res.status}`);
  const config = await res.json();
  const ports = new Map();
  for (const s of config.services ?? []) if (s.protocol !== 'tcp') ports.set(s.name, s.listenPort);
  cached = { at: Date.now(), ports };
  return ports;
}

/** "catalogue", "catalogue.sock-shop", "catalogue.sock-shop.svc.cluster.local" → "catalogue". */
const serviceOf = (hostname) => hostname.split('.')[0];

const HOP_BY_HOP = new Set(['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade']);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer(async (req, res) => {
  let target;
  try {
    target = new URL(req.url);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('service-proxy: only absolute-form proxy requests (http://<service>/path)\n');
    return;
  }
  if (target.protocol !== 'http:') {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(`service-proxy: ${target.protocol} is not proxied\n`);
    return;
  }
  const service = serviceOf(target.hostname);
  let port;
  try {
    port = (await servicePorts()).get(service) ?? (await servicePorts(true)).get(service);
  } catch (err) {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(`service-proxy: the local cluster's mesh is unreachable: ${err.message}\n`);
    return;
  }
  if (!port) {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(`service-proxy: no service "${service}" in the local cluster\n`);
    return;
  }
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
  headers.host = target.host;
  const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search, headers, agent }, (up) => {
    const out = {};
    for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
    res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
    up.pipe(res);
  });
  upstream.on('error', (err) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`service-proxy: ${service}: ${err.message}\n`);
    else res.destroy(err);
  });
  req.pipe(upstream);
});

server.on('connect', (req, socket) => {
  socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
});

server.listen(listenPort, '127.0.0.1', () => {
  const { port } = server.address();
  if (portFile) writeFileSync(portFile, `${port}\n`);
  console.log(`service-proxy: listening on http://127.0.0.1:${port}, forwarding to the services of the cluster in ${stateDir}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)).closeAllConnections());

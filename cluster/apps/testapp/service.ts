/**
 * The runtime's small test app: three services (web → api → db) that call each other through the mesh.
 *   GET /            calls every service in CALLS and returns who answered
 *   GET /burn?ms=N   uses N ms of CPU time (exporter tests)
 *   GET /bytes?n=N   answers N bytes (bandwidth tests)
 *   GET /_healthz    ok
 */
import http from 'node:http';
import { listen, portFromEnv } from '../../../kit/http/listen.js';
import { sendJson, sendText } from '../../../kit/http/send.js';
import { stopOnSignals } from '../../../kit/http/stop-on-signals.js';
import { callService } from '../../lib/service-calls.js';

const calls = (process.env.CALLS ?? '').split(',').filter(Boolean);
const service = process.env.SERVICE_NAME ?? 'unknown';
const pod = process.env.POD_NAME ?? 'unknown';

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (status: number, body: unknown) => (typeof body === 'string' ? sendText(res, status, body) : sendJson(res, status, body));
  if (url.pathname === '/_healthz') return send(200, 'ok');
  if (url.pathname === '/burn') {
    // CPU time, not wall time: on a busy machine the pod still uses exactly this much CPU.
    const micros = Number(url.searchParams.get('ms') ?? 100) * 1000;
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user + process.cpuUsage(start).system < micros) for (let i = 0; i < 1e5; i++) Math.sqrt(i);
    return send(200, { service, pod, burned: true });
  }
  if (url.pathname === '/bytes') return send(200, 'x'.repeat(Math.min(Number(url.searchParams.get('n') ?? 1000), 50_000_000)));
  if (url.pathname === '/') {
    Promise.all(calls.map((c) => callService(c, '/', undefined, { method: 'GET', timeoutMs: 10_000 })))
      .then((answers) => send(200, { service, pod, calls: answers }))
      .catch((err: Error) => send(502, { service, pod, error: err.message }));
    return;
  }
  send(404, { error: 'not found' });
});

await listen(server, portFromEnv());
stopOnSignals(server, { graceMs: 5000 });

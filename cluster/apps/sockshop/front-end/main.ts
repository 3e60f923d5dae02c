/**
 * Sock Shop front-end pod: `node dist/cluster/apps/sockshop/front-end/main.js`.
 * Env: PORT (required), MESH_OUTBOUND and MESH_TCP_SESSION_DB (set by the cluster), SESSION_SECRET (cookie signing).
 */
import { listen, logLine, stopOnSignals } from '../shared/http-service.js';
import { closeStore, connectStore } from '../shared/redis.js';
import { createFrontEnd } from './server.js';
import { SessionStore } from './session.js';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`front-end: PORT must be a TCP port number, got ${JSON.stringify(process.env.PORT)}\n`);
  process.exit(2);
}
const redis = connectStore('front-end', 'session-db');
const server = createFrontEnd(new SessionStore(redis, process.env.SESSION_SECRET ?? 'sooper secret'));
await listen(server, port);
logLine('front-end', { event: 'listening', port, pid: process.pid });
stopOnSignals('front-end', server, () => closeStore(redis));

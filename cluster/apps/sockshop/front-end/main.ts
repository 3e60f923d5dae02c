/**
 * Sock Shop front-end pod: `node dist/cluster/apps/sockshop/front-end/main.js`.
 * Env: PORT (required), MESH_OUTBOUND and MESH_TCP_SESSION_DB (set by the cluster), SESSION_SECRET (cookie signing),
 * CDN_URL (origin of the CDN stand-in the pages load Roboto from; the local cluster sets it; unset, this process starts
 * its own stand-in on another free 127.0.0.1 port, as the Online Boutique frontend does).
 */
import { startCdn } from '../../../cdn/server.js';
import { listen } from '../../../../kit/http/listen.js';
import { logLine } from '../../../../kit/http/log-line.js';
import { stopServiceOnSignals } from '../../../../kit/http/stop-on-signals.js';
import { closeStore, connectStore } from '../shared/redis.js';
import { createFrontEnd } from './server.js';
import { SessionStore } from './session.js';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`front-end: PORT must be a TCP port number, got ${JSON.stringify(process.env.PORT)}\n`);
  process.exit(2);
}
const redis = connectStore('front-end', 'session-db');
let cdnUrl = (process.env.CDN_URL ?? '').replace(/\/+$/, '');
if (!cdnUrl) {
  const cdn = await startCdn(0);
  cdnUrl = cdn.url;
  cdn.server.unref();
}
const server = createFrontEnd(new SessionStore(redis, process.env.SESSION_SECRET ?? 'sooper secret'), { cdnUrl });
await listen(server, port);
logLine('front-end', { event: 'listening', port, pid: process.pid, cdn: cdnUrl });
stopServiceOnSignals('front-end', server, () => closeStore(redis));

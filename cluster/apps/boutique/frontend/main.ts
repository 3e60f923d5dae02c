/**
 * Online Boutique frontend pod: `node dist/cluster/apps/boutique/frontend/main.js`.
 * Env: PORT (required), BASE_URL (optional path prefix), MESH_OUTBOUND (the mesh listener backends are called
 * through), RPC_TIMEOUT_MS (deadline of backend calls, default 5000), CDN_URL (origin of the CDN stand-in the pages
 * load Bootstrap and fonts from; the local cluster sets it; unset, this process starts its own stand-in on another
 * free 127.0.0.1 port), ENV_PLATFORM (platform flag, default local), FRONTEND_MESSAGE (banner), BOUTIQUE_PICTURE_CACHE.
 */
import { listen } from '../../../../kit/http/listen.js';
import { stopOnSignals } from '../../../../kit/http/stop-on-signals.js';
import { startCdn } from '../../../cdn/server.js';
import { pageSettings } from './context.js';
import { createFrontendServer, normalizeBaseUrl } from './server.js';
import { warmUpPictures } from './static/picture-store.js';

function fail(message: string): never {
  process.stderr.write(`frontend: ${message}\n`);
  process.exit(2);
}

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT: must be a TCP port number (got ${JSON.stringify(process.env.PORT)})`);
if (!process.env.MESH_OUTBOUND) fail('MESH_OUTBOUND: must be set to the mesh outbound listener URL, e.g. http://127.0.0.1:15001');
let baseUrl: string;
try {
  baseUrl = normalizeBaseUrl(process.env.BASE_URL);
} catch (err) {
  fail((err as Error).message);
}

if (!pageSettings.cdnUrl) {
  const cdn = await startCdn(0);
  pageSettings.cdnUrl = cdn.url;
  cdn.server.unref();
}

const server = createFrontendServer({ baseUrl });
await listen(server, port).catch((err: Error) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));
process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), severity: 'info', message: `frontend listening on 127.0.0.1:${port}`, baseUrl, cdn: pageSettings.cdnUrl })}\n`);
warmUpPictures();
stopOnSignals(server, { graceMs: 2000 });

/**
 * Online Boutique frontend pod: `node dist/cluster/apps/boutique/frontend/main.js`.
 * Env: PORT (required), BASE_URL (optional path prefix), MESH_OUTBOUND (the mesh listener backends are called
 * through), RPC_TIMEOUT_MS (deadline of backend calls, default 5000).
 */
import { createFrontendServer, normalizeBaseUrl } from './server.js';

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

const server = createFrontendServer({ baseUrl });
server.on('error', (err) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), severity: 'info', message: `frontend listening on 127.0.0.1:${port}`, baseUrl })}\n`);
});

function shutdown(): void {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

/**
 * Entry point of the node-level mesh proxy: `node dist/cluster/mesh/main.js --control-port <port>`
 * (or MESH_CONTROL_PORT). Serves the control API on 127.0.0.1:<port>; the supervisor then PUTs /v1/config.
 * Exits 0 on SIGTERM/SIGINT after closing its listeners.
 */
import { closeGracefully, listen } from '../../kit/http/listen.js';
import { createControlServer } from './control-server.js';
import { Mesh } from './mesh.js';

function controlPort(argv: string[]): number {
  const i = argv.indexOf('--control-port');
  const raw = i >= 0 ? argv[i + 1] : process.env.MESH_CONTROL_PORT;
  const source = i >= 0 ? '--control-port' : 'MESH_CONTROL_PORT';
  if (raw === undefined) throw new Error('mesh: no control port: pass --control-port <port> or set MESH_CONTROL_PORT');
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`mesh: ${source}: "${raw}" is not a port number (1-65535)`);
  return port;
}

async function main(): Promise<void> {
  const port = controlPort(process.argv.slice(2));
  const mesh = new Mesh();
  const control = createControlServer(mesh);
  await listen(control, port);
  process.stdout.write(`mesh: control API on http://127.0.0.1:${port}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`mesh: ${signal}, closing listeners\n`);
    // Whatever is still in flight after 2 s is cut off.
    setTimeout(() => process.exit(0), 2000).unref();
    void closeGracefully(control, { forceAfterMs: 0 });
    mesh.close().then(() => process.exit(0), () => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});

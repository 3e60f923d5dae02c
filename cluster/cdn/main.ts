/**
 * The CDN stand-in as a process: `node dist/cluster/cdn/main.js --port N [--watch-pid P] [--tls-dir DIR]`. With
 * --watch-pid it exits once that process (the cluster supervisor) is gone, so it never outlives its cluster. With
 * --tls-dir it serves HTTPS with a self-signed certificate kept in DIR (made with openssl when missing): a local mirror
 * a browser reaches under the real CDN host names (`--host-resolver-rules=MAP stackpath.bootstrapcdn.com
 * 127.0.0.1:N`, certificate errors ignored), as the fidelity check does for the real shops' pages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../lib/process-liveness.js';
import { startCdn, type CdnTls } from './server.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

const port = Number(arg('--port') ?? 0);
const watchPid = arg('--watch-pid') === undefined ? undefined : Number(arg('--watch-pid'));
const log = (fields: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), ...fields })}\n`);

function selfSignedTls(dir: string): CdnTls {
  const key = path.join(dir, 'cdn-mirror.key');
  const cert = path.join(dir, 'cdn-mirror.crt');
  if (!existsSync(key) || !existsSync(cert)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=cdn-mirror.local'], { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const tlsDir = arg('--tls-dir');
const cdn = await startCdn(port, log, tlsDir ? selfSignedTls(tlsDir) : undefined).catch((err: Error) => {
  process.stderr.write(`cdn: cannot listen on 127.0.0.1:${port}: ${err.message}\n`);
  process.exit(2);
});
log({ message: `CDN stand-in listening on ${cdn.url}` });

const stop = () => {
  void cdn.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (watchPid) {
  setInterval(() => {
    if (!isAlive(watchPid)) {
      log({ message: `process ${watchPid} is gone; stopping` });
      stop();
    }
  }, 500).unref();
}

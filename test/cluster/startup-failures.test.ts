import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { LocalCluster } from '../../cluster/local-cluster.js';
import { readState } from '../../cluster/supervisor/state.js';
import { pidAlive, tempStateDir } from '../helpers/cluster.js';

function manifest(dir: string, services: string): string {
  const file = path.join(dir, 'manifest.yaml');
  writeFileSync(file, `app: broken\nnamespace: broken\nfrontend: web\nservices:\n${services}`);
  return file;
}

describe('cluster up failing cleanly', function () {
  this.timeout(60_000);

  it('a pod that never becomes ready fails "up" in bounded time, naming the pod with its last log lines', async () => {
    const dir = tempStateDir();
    const file = manifest(
      dir,
      `  - name: web
    port: 8080
    command: [node, -e, "console.log('listening but never healthy'); require('http').createServer((q,s)=>{s.statusCode=503;s.end()}).listen(process.env.PORT,'127.0.0.1')"]
    readiness: { httpGet: /_healthz }
    startupTimeoutSeconds: 2
`,
    );
    const started = Date.now();
    await assert.rejects(LocalCluster.up({ app: file, stateDir: dir, noPrometheus: true }), (err: Error) => {
      assert.match(err.message, /pod web-\w+-\w+ \(web\) was not ready after 2 s/);
      assert.match(err.message, /listening but never healthy/);
      return true;
    });
    assert.ok(Date.now() - started < 15_000);
    const state = readState(dir)!;
    assert.equal(state.status, 'failed');
    assert.equal(pidAlive(state.supervisor.pid), false);
  });

  it('a port conflict makes "up" fail at once with the pod\'s error, and tears down what it started', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const busy = (blocker.address() as net.AddressInfo).port;
    const dir = tempStateDir();
    const file = manifest(
      dir,
      `  - name: web
    port: 8080
    command: [node, "-e", "require('http').createServer().listen(process.env.PORT,'127.0.0.1')"]
    dependencies: [db]
  - name: db
    port: 5432
    command: [node, "-e", "require('http').createServer().listen(${busy},'127.0.0.1')"]
`,
    );
    try {
      await assert.rejects(LocalCluster.up({ app: file, stateDir: dir, noPrometheus: true }), (err: Error) => {
        assert.match(err.message, /pod db-\w+-\w+ \(db\) exited before becoming ready \(code=1/);
        assert.match(err.message, /EADDRINUSE/);
        return true;
      });
      const state = readState(dir)!;
      assert.equal(state.status, 'failed');
      assert.deepEqual(state.pids, []);
    } finally {
      blocker.close();
    }
  });

  it('a bad manifest is refused before anything starts', async () => {
    const dir = tempStateDir();
    const file = manifest(dir, `  - name: web\n    port: 8080\n    command: [node]\n    dependencies: [nothere]\n`);
    await assert.rejects(LocalCluster.up({ app: file, stateDir: dir }), /manifest\.yaml: services\[0\]\.dependencies\[0\]: depends on "nothere"/);
    assert.equal(readState(dir), null);
  });
});

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { distRoot } from '../../cluster/lib/paths.js';
import { readState } from '../../cluster/supervisor/state.js';
import { pidAlive, tempStateDir, waitUntil } from '../helpers/cluster.js';

const cli = path.join(distRoot, 'cli', 'main.js');

function resilience(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('resilience CLI', function () {
  this.timeout(120_000);

  it('has --help on every command', () => {
    for (const args of [[], ['doctor'], ['cluster'], ['cluster', 'up'], ['cluster', 'status'], ['cluster', 'logs'], ['cluster', 'down'], ['load'], ['chaos']]) {
      const r = resilience([...args, '--help']);
      assert.equal(r.code, 0, `${args.join(' ')} --help`);
      assert.match(r.stdout, /Usage: resilience/);
    }
  });

  it('doctor lists each prerequisite with its version, and exits 1 naming the fix when one is missing', () => {
    const ok = resilience(['doctor', '--json']);
    const { platform, checks } = JSON.parse(ok.stdout) as { platform: { os: { id: string } }; checks: Array<{ name: string; version: string | null; required: boolean; fix: string }> };
    assert.equal(platform.os.id, 'debian', 'this machine is Debian (see kit/platform for the others)');
    for (const name of ['node', 'chromium', 'chromedriver', 'prometheus', 'redis-server', 'stress-ng', 'java', 'k6']) {
      assert.ok(checks.some((c) => c.name === name), `${name} is checked`);
    }
    const missing = resilience(['doctor'], { CHROME_PATH: '/nonexistent/chromium' });
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /MISSING\s+chromium\s+.*fix: CHROME_PATH=\/nonexistent\/chromium is not a file; apt-get install chromium/);
  });

  it('cluster up --detach, status --json, logs and down work from separate invocations', () => {
    const stateDir = tempStateDir();
    const up = resilience(['cluster', '--state-dir', stateDir, 'up', '--app', 'testapp', '--detach']);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /frontend:\s+http:\/\/127\.0\.0\.1:\d+/);
    try {
      const status = resilience(['cluster', '--state-dir', stateDir, 'status', '--json']);
      assert.equal(status.code, 0, status.stderr);
      const s = JSON.parse(status.stdout);
      assert.deepEqual(Object.keys(s).slice(0, 5), ['app', 'namespace', 'frontend', 'prometheus', 'pods']);
      for (const key of ['name', 'app', 'namespace', 'ready', 'restarts', 'pid']) assert.ok(key in s.pods[0], `pods[].${key}`);
      assert.equal(s.app, 'testapp');
      const logs = resilience(['cluster', '--state-dir', stateDir, 'logs', 'web']);
      assert.equal(logs.code, 0, logs.stderr);
      assert.match(logs.stdout, /container server start/);
      const unknown = resilience(['cluster', '--state-dir', stateDir, 'logs', 'nosuch']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no pod or service "nosuch"/);
      const again = resilience(['cluster', '--state-dir', stateDir, 'up', '--app', 'testapp', '--detach']);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already running/);
    } finally {
      const down = resilience(['cluster', '--state-dir', stateDir, 'down']);
      assert.match(down.stdout, /Stopped the local cluster \(app testapp\)/);
    }
    const after = resilience(['cluster', '--state-dir', stateDir, 'status']);
    assert.equal(after.code, 1);
    assert.match(after.stderr, /no local cluster is running/);
  });

  it('cluster up in the foreground stops everything on SIGINT', async () => {
    const stateDir = tempStateDir();
    const child = spawn(process.execPath, [cli, 'cluster', '--state-dir', stateDir, 'up', '--app', 'testapp'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await waitUntil('cluster ready', async () => out.includes('Press Ctrl-C'), 60_000);
    const state = readState(stateDir)!;
    const pids = [...state.pids, state.supervisor.pid];
    assert.ok(pids.every(pidAlive));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.deepEqual(pids.filter(pidAlive), []);
    assert.match(out, /Stopped\./);
  });

  it('a missing app or bad manifest is a clear error', () => {
    const r = resilience(['cluster', '--state-dir', tempStateDir(), 'up', '--app', 'nosuchapp']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no app manifest at .*cluster\/apps\/nosuchapp\/manifest\.yaml \(apps: .*boutique/);
  });
});

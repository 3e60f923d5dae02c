/**
 * The control plane as a user drives it: `resilience kube up | env | down` on real etcd, kube-apiserver, controllers
 * and kwok; a failed start that tears down what started and shows the failing component's last log lines; a plane
 * whose owner is killed stopping by itself; a missing binary named with the command that builds it.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { locateBinary } from '../../cluster/kube/binaries.js';
import { ControlPlane, type ControlPlaneState } from '../../cluster/kube/control-plane.js';
import { isAlive, waitGone } from '../../cluster/lib/process-liveness.js';
import { distRoot } from '../../cluster/lib/paths.js';

const run = promisify(execFile);
const CLI = path.join(distRoot, 'cli', 'main.js');

describe('resilience kube up | env | down (a real control plane)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'resilience-kube-cli-'));

  after(() => run(process.execPath, [CLI, 'kube', '--dir', dir, 'down']).catch(() => undefined));

  it('up prints the kubeconfig of a serving API server with Ready nodes; env exports it; down stops every process', async () => {
    const up = await run(process.execPath, [CLI, 'kube', '--dir', dir, 'up', '--nodes', '2', '--no-crds']);
    assert.match(up.stdout, /Control plane ready in [\d.]+ s: https:\/\/127\.0\.0\.1:\d+/);
    const kubeconfig = path.join(dir, 'kubeconfig');
    assert.ok(up.stdout.includes(`export KUBECONFIG=${kubeconfig}`));

    const env = await run(process.execPath, [CLI, 'kube', '--dir', dir, 'env']);
    assert.equal(env.stdout.trim(), `export KUBECONFIG=${kubeconfig}`);

    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    assert.deepEqual(nodes.items.map((n) => n.metadata!.name).sort(), ['kwok-node-0', 'kwok-node-1']);
    assert.ok(nodes.items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')));

    const pids = Object.values((JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as ControlPlaneState).pids);
    assert.equal(pids.length, 5, 'etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok');
    const down = await run(process.execPath, [CLI, 'kube', '--dir', dir, 'down']);
    assert.match(down.stdout, /Stopped the control plane/);
    assert.deepEqual(pids.filter((pid) => isAlive(pid)), [], 'no component left running');
    await assert.rejects(run(process.execPath, [CLI, 'kube', '--dir', dir, 'env']), /no control plane is running/);
  });

  it('a failed start stops what it started and shows the failing component\'s last log lines', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'resilience-kube-fail-'));
    // Test-only stand-in for a kube-apiserver that refuses its flags, as a wrong version would.
    const failing = path.join(work, 'failing-kube-apiserver.sh');
    writeFileSync(failing, '#!/bin/sh\necho "Error: unknown flag: --endpoint-reconciler-type" >&2\nexit 1\n');
    chmodSync(failing, 0o755);
    const planeDir = path.join(work, 'plane');
    await assert.rejects(ControlPlane.start({ dir: planeDir, nodes: 0, env: { ...process.env, KUBE_APISERVER_BIN: failing } }), (err: Error) => {
      assert.match(err.message, /the control plane did not start: kube-apiserver exited while starting/);
      assert.match(err.message, /--- kube-apiserver \(last lines of .*kube-apiserver\.log\) ---\nError: unknown flag: --endpoint-reconciler-type/);
      return true;
    });
    assert.equal(ControlPlane.find(planeDir), undefined, 'nothing of it still runs');
    assert.ok(!existsSync(path.join(planeDir, 'state.json')));
    assert.ok(existsSync(path.join(planeDir, 'logs', 'etcd.log')), 'the logs stay for the user to read');
    rmSync(work, { recursive: true, force: true });
  });

  it('a plane started for a process that is then killed stops by itself (stopWhenGone)', async () => {
    const planeDir = mkdtempSync(path.join(tmpdir(), 'resilience-kube-owner-'));
    const module = path.join(distRoot, 'cluster', 'kube', 'control-plane.js');
    const owner = spawn(process.execPath, ['--input-type=module', '-e', `const { ControlPlane } = await import(${JSON.stringify(module)}); await ControlPlane.start({ dir: ${JSON.stringify(planeDir)}, nodes: 0, stopWhenGone: process.pid }); console.log('up'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      owner.stdout!.on('data', (d) => String(d).includes('up') && resolve());
      owner.once('exit', (code) => reject(new Error(`the owner exited (${code}) before the plane was up`)));
    });
    const pids = Object.values((JSON.parse(readFileSync(path.join(planeDir, 'state.json'), 'utf8')) as ControlPlaneState).pids);
    assert.ok(pids.every((pid) => isAlive(pid)));
    owner.kill('SIGKILL');
    assert.ok(await waitGone(pids, 15_000), `still running 15 s after the owner was killed: ${pids.filter((p) => isAlive(p)).join(', ')}`);
  });

  it('names the command that builds a missing component', () => {
    const env = { PATH: '/usr/bin:/bin', HOME: '/nonexistent', RESILIENCE_CACHE_DIR: '/nonexistent/cache' };
    assert.throws(() => locateBinary('kube-apiserver', env), /kube-apiserver not found \(looked at \$KUBE_APISERVER_BIN, PATH, \/nonexistent\/cache\/kube\/v1\.37\.2\/kube-apiserver\): build it with "bash scripts\/build-kube\.sh"/);
    assert.throws(() => locateBinary('kwok', { ...env, KWOK_BIN: '/nonexistent/kwok' }), /KWOK_BIN=\/nonexistent\/kwok: not an executable file/);
  });
});

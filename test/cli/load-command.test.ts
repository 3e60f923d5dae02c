// The `load` CLI command: defaults from the local cluster's state file, clear errors without one, a real k6 run.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parseDurationSeconds, registerLoadCommands, runLoadCommand } from '../../cli/commands/load.js';
import { locateK6 } from '../../load/runner/locate-k6.js';
import { StubShopServer } from '../load/runner/stub-shop-server.js';

describe('load command', function () {
  let work = '';
  const shop = new StubShopServer();
  let shopUrl = '';

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'load-command-'));
    shopUrl = await shop.start();
  });
  after(async () => {
    await shop.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('explains how to get a shop when the local cluster is not up and no --base-url is given', async () => {
    await assert.rejects(
      runLoadCommand('boutique-baseline', { env: {}, stateDir: path.join(work, 'no-cluster') }),
      /no-cluster\/state\.json not found \(is the local cluster up\?\).*--base-url/,
    );
  });

  it('names the state file and the problem when the state is malformed or the cluster not ready', async () => {
    const stateDir = path.join(work, 'bad');
    mkdirSync(stateDir);
    const state = path.join(stateDir, 'state.json');
    writeFileSync(state, JSON.stringify({ frontend: 'not a url' }));
    await assert.rejects(runLoadCommand('boutique-baseline', { env: {}, stateDir }), /bad\/state\.json: field frontend: must be an http\(s\) URL/);
    writeFileSync(state, '{"frontend":');
    await assert.rejects(runLoadCommand('boutique-baseline', { env: {}, stateDir }), /bad\/state\.json: not valid JSON/);
    writeFileSync(state, JSON.stringify({ status: 'failed', error: 'cartservice crashed', frontend: 'http://127.0.0.1:1', prometheus: '' }));
    await assert.rejects(runLoadCommand('boutique-baseline', { env: {}, stateDir }), /the local cluster is failed \(cartservice crashed\), not ready/);
    // A "ready" state left behind by a supervisor that died (pid 2^22+1 is above Linux's pid_max, so never alive).
    writeFileSync(state, JSON.stringify({ status: 'ready', frontend: 'http://127.0.0.1:1', prometheus: '', supervisor: { pid: 4194305 } }));
    await assert.rejects(runLoadCommand('boutique-baseline', { env: {}, stateDir }), /supervisor \(pid 4194305\) is not running/);
  });

  it('rejects an unknown script name with the list of bundled scripts', async () => {
    await assert.rejects(
      runLoadCommand('no-such-script', { env: {}, stateDir: work, baseUrl: shopUrl }),
      /no bundled k6 script named "no-such-script"; available: .*boutique-baseline.*boutique-fault-time/,
    );
  });

  it('parses durations with units', () => {
    assert.equal(parseDurationSeconds('90'), 90);
    assert.equal(parseDurationSeconds('2m'), 120);
    assert.throws(() => parseDurationSeconds('soon'), /not a duration/);
  });

  it('runs a bundled script against the frontend named in the state file', async function () {
    this.timeout(30_000);
    try {
      await locateK6();
    } catch (e) {
      console.log(`    skipping: ${(e as Error).message}`);
      this.skip();
    }
    // Shaped like the supervisor's ClusterState; "" means the cluster runs without Prometheus.
    writeFileSync(path.join(work, 'state.json'), JSON.stringify({ app: 'boutique', status: 'ready', frontend: shopUrl, prometheus: '', supervisor: { pid: process.pid } }));
    const out = path.join(work, 'out');
    const program = new Command().exitOverride();
    registerLoadCommands(program);
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await program.parseAsync(['load', 'boutique-fault-time', '--duration', '3s', '--rate', '5', '--out', out, '--state-dir', work], { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    const exitCode = process.exitCode;
    process.exitCode = undefined;
    assert.equal(exitCode, undefined, printed.join(''));
    assert.match(printed.join(''), /requests \d+ \([\d.]+\/s\), failed 0\.00%/);
    const result = JSON.parse(readFileSync(path.join(out, 'result.json'), 'utf8')) as { requests: number; remoteWriteUrl: string | null };
    assert.ok(result.requests >= 10, `only ${result.requests} requests`);
    assert.equal(result.remoteWriteUrl, null);
    assert.ok(existsSync(path.join(out, 'k6-summary.json')));
  });
});

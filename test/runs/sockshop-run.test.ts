// `resilience run smoke-sockshop` end to end on the embedded local Sock Shop, as a user runs it (the CLI as a
// subprocess): the orders pod is really killed under the Sock Shop load, and afterwards the data-loss hypothesis finds
// every order the load saw acknowledged still listed by the shop.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalCluster } from '../../cluster/local-cluster.js';
import { eventsOf, readJournal, type JournalEvent } from '../../record/journal.js';
import { WHOLE_RUN } from '../../runs/plan/schema.js';
import { tempStateDir } from '../helpers/cluster.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-cli.js');

describe('resilience run: the smoke-sockshop plan on the local cluster', function () {
  this.timeout(180_000);
  let child: ChildProcess | undefined;
  let stateDir: string;
  let scratch: string;
  let code: number | null;
  let output = '';
  let events: JournalEvent[];

  before(async () => {
    stateDir = tempStateDir('run-sockshop-');
    scratch = mkdtempSync(path.join(os.tmpdir(), 'run-sockshop-out-'));
    const outRoot = path.join(scratch, 'runs');
    child = spawn(process.execPath, [CLI, 'run', 'smoke-sockshop', '--out', outRoot, '--report-dir', path.join(scratch, 'report'), '--state-dir', stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    code = await new Promise((resolve) => child!.once('close', resolve));
    child = undefined;
    const runs = existsSync(outRoot) ? readdirSync(outRoot) : [];
    assert.equal(runs.length, 1, `one run folder in ${outRoot}\n${output}`);
    events = readJournal(path.join(outRoot, runs[0], 'journal.jsonl'));
  });

  after(async () => {
    child?.kill('SIGKILL');
    await LocalCluster.find(stateDir)?.down();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('exits 0 with every hypothesis holding', () => {
    assert.equal(code, 0, `exit code ${code}\n${output}`);
    const verdicts = eventsOf(events, 'hypothesis-evaluated');
    for (const v of verdicts) assert.equal(v.verdict, 'pass', `${v.name} [${v.phase}]: ${v.message}`);
    assert.equal(events[events.length - 1].type, 'run-ended');
  });

  it('really killed the orders pod during the fault phase', () => {
    const [injected, ...others] = eventsOf(events, 'chaos-injected');
    assert.equal(others.length, 0);
    assert.equal(injected.phase, 'pod-kill');
    assert.match(injected.name, /^pod-kill-orders-/);
    const records = (injected.status as { experiment?: { containerRecords?: Array<{ id: string; events?: Array<{ message: string }> }> } }).experiment?.containerRecords ?? [];
    assert.equal(records.length, 1, JSON.stringify(injected.status));
    assert.match(records[0].id, /^sock-shop\/orders-(?!db)/, 'the killed pod is an orders pod (not orders-db)');
    assert.ok(records[0].events?.some((e) => /pod deleted; replaced by orders-/.test(e.message)), JSON.stringify(records[0]));
  });

  it('finds every order acknowledged under load still listed afterwards (data-loss verdict pass)', () => {
    const dataLoss = eventsOf(events, 'hypothesis-evaluated').filter((v) => v.source.startsWith('orders:'));
    assert.equal(dataLoss.length, 1, 'judged once');
    const [verdict] = dataLoss;
    assert.equal(verdict.phase, WHOLE_RUN);
    assert.equal(verdict.verdict, 'pass', verdict.message);
    assert.equal(verdict.observed, 0, 'no order missing');
    const acknowledged = Number(/^(\d+) order\(s\) acknowledged to Eve_Berger/.exec(verdict.message)?.[1] ?? 0);
    assert.ok(acknowledged > 0, `orders were acknowledged during the run: ${verdict.message}`);
    const [load] = eventsOf(events, 'load-finished');
    assert.match(load.script, /sockshop-load/);
  });

  it('ran the Sock Shop http journey at every phase start', () => {
    assert.deepEqual(
      eventsOf(events, 'journey-result').map((j) => `${j.phase}:${j.driver}:${j.journey}:${j.status}`),
      ['baseline:http:browse-sock:passed', 'pod-kill:http:browse-sock:passed', 'recovery:http:browse-sock:passed'],
    );
  });
});

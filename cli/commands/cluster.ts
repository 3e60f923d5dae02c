import { Command } from 'commander';
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LocalCluster, ClusterError, stopCluster } from '../../cluster/local-cluster.js';
import { defaultStateDir } from '../../cluster/lib/paths.js';
import { readState } from '../../cluster/supervisor/state.js';
import type { PodStatus } from '../../cluster/status/types.js';

function podTable(pods: PodStatus[]): string {
  const rows = [['NAME', 'READY', 'STATUS', 'RESTARTS', 'PID'], ...pods.map((p) => [p.name, p.ready ? '1/1' : '0/1', p.failure ? 'PodFailure' : p.phase, String(p.restarts), String(p.pid ?? '-')])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('   ').trimEnd()).join('\n');
}

function requireCluster(stateDir: string): LocalCluster {
  const cluster = LocalCluster.find(stateDir);
  if (!cluster) throw new ClusterError(`no local cluster is running (state dir ${stateDir}); start one with "resilience cluster up"`);
  return cluster;
}

export function registerClusterCommands(program: Command): void {
  const cluster = program
    .command('cluster')
    .description('the embedded local cluster: real processes as pods, a sidecar mesh, Prometheus')
    .option('--state-dir <dir>', 'where the cluster keeps state, logs and volumes', defaultStateDir());

  const stateDirOf = (cmd: Command) => path.resolve((cmd.optsWithGlobals() as { stateDir: string }).stateDir);

  cluster
    .command('up')
    .description('start the local cluster and wait until every pod is ready')
    .option('--app <name>', 'app to run: boutique, testapp (or a manifest path)', 'boutique')
    .option('--detach', 'return once ready, leaving the cluster running in the background')
    .option('--prometheus-url <url>', 'use this Prometheus instead of starting the embedded one')
    .option('--timeout <seconds>', 'give up if the cluster is not ready by then', '90')
    .action(async (opts: { app: string; detach?: boolean; prometheusUrl?: string; timeout: string }, cmd: Command) => {
      const stateDir = stateDirOf(cmd);
      const started = Date.now();
      console.log(`Starting the local cluster (app ${opts.app}) …`);
      const c = await LocalCluster.up({ app: opts.app, stateDir, prometheusUrl: opts.prometheusUrl, timeoutMs: Number(opts.timeout) * 1000, onProgress: (l) => console.log(l) });
      const status = await c.status();
      console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s — app ${status.app}, namespace ${status.namespace}`);
      console.log(`  frontend:   ${status.frontend}`);
      console.log(`  prometheus: ${status.prometheus || '(none)'}`);
      console.log(`  state:      ${stateDir}`);
      console.log(podTable(status.pods));
      if (opts.detach) {
        console.log('Running in the background; stop it with "resilience cluster down".');
        return;
      }
      console.log('Press Ctrl-C to stop the cluster.');
      await new Promise<void>((resolve) => {
        const stop = () => {
          console.log('\nStopping the local cluster …');
          void stopCluster(stateDir).then(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const watch = setInterval(() => {
          if (!LocalCluster.find(stateDir)) {
            clearInterval(watch);
            console.error('The cluster supervisor stopped.');
            process.exitCode = 1;
            void stopCluster(stateDir).then(() => resolve());
          }
        }, 1000);
        process.once('exit', () => clearInterval(watch));
      });
      console.log('Stopped.');
      process.exit(process.exitCode ?? 0);
    });

  cluster
    .command('status')
    .description('show the running cluster and its pods')
    .option('--json', 'print {"app","namespace","frontend","prometheus","pods":[…]} as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const status = await requireCluster(stateDirOf(cmd)).status();
      if (opts.json) {
        console.log(JSON.stringify(status, null, 2));
        return;
      }
      console.log(`app ${status.app}   namespace ${status.namespace}\nfrontend   ${status.frontend}\nprometheus ${status.prometheus || '(none)'}\n`);
      console.log(podTable(status.pods));
    });

  cluster
    .command('logs')
    .description('print the logs of a pod (by pod name, or the first pod of a service)')
    .argument('<pod|service>')
    .option('-f, --follow', 'keep printing new lines')
    .action(async (target: string, opts: { follow?: boolean }, cmd: Command) => {
      const stateDir = stateDirOf(cmd);
      const logsDir = path.join(stateDir, 'logs');
      let file = path.join(logsDir, `${target}.log`);
      if (!existsSync(file)) {
        const live = LocalCluster.find(stateDir);
        const pod = live ? (await live.pods(target))[0] : undefined;
        const candidates = existsSync(logsDir) ? readdirSync(logsDir).filter((f) => f.startsWith(`${target}-`)) : [];
        if (pod) file = path.join(logsDir, `${pod.name}.log`);
        else if (candidates.length) file = path.join(logsDir, candidates.sort((a, b) => statSync(path.join(logsDir, b)).mtimeMs - statSync(path.join(logsDir, a)).mtimeMs)[0]!);
        else throw new ClusterError(`no pod or service "${target}" has logs in ${logsDir}`);
      }
      let offset = 0;
      const printNew = () => {
        const size = statSync(file).size;
        if (size <= offset) return;
        const fd = openSync(file, 'r');
        const buf = Buffer.alloc(size - offset);
        readSync(fd, buf, 0, buf.length, offset);
        closeSync(fd);
        offset = size;
        process.stdout.write(buf);
      };
      printNew();
      if (!opts.follow) return;
      await new Promise<void>((resolve) => {
        const timer = setInterval(printNew, 250);
        process.once('SIGINT', () => {
          clearInterval(timer);
          resolve();
        });
      });
    });

  cluster
    .command('down')
    .description('stop the cluster and every process it started')
    .action(async (_opts: unknown, cmd: Command) => {
      const stateDir = stateDirOf(cmd);
      const app = readState(stateDir)?.app;
      const stopped = await stopCluster(stateDir);
      console.log(stopped ? `Stopped the local cluster${app ? ` (app ${app})` : ''}.` : 'No local cluster was running.');
    });
}

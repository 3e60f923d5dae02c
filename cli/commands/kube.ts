import { Command } from 'commander';
import path from 'node:path';
import { deployApp } from '../../cluster/kube/app-deployments.js';
import { chaosCrdsDir, k6OperatorCrdsDir } from '../../cluster/kube/crd-sets.js';
import { ControlPlane, ControlPlaneError } from '../../cluster/kube/control-plane.js';
import { appManifestPath, defaultStateDir } from '../../cluster/lib/paths.js';
import { loadManifest } from '../../cluster/manifest/load.js';

function requirePlane(dir: string): ControlPlane {
  const plane = ControlPlane.find(dir);
  if (!plane) throw new ControlPlaneError(`no control plane is running in ${dir}; start one with "resilience kube up"`);
  return plane;
}

export function registerKubeCommands(program: Command): void {
  const kube = program
    .command('kube')
    .description('a real Kubernetes control plane on 127.0.0.1 (etcd, kube-apiserver, controllers, kwok nodes, the Chaos Mesh and k6-operator CRDs)')
    .option('--dir <dir>', 'where the control plane keeps certificates, logs and its kubeconfig', path.join(defaultStateDir(), 'kube'));
  const dirOf = (cmd: Command) => path.resolve((cmd.optsWithGlobals() as { dir: string }).dir);

  kube
    .command('up')
    .description('start the control plane in the background and print its kubeconfig')
    .option('--nodes <n>', 'simulated nodes (kwok)', '3')
    .option('--no-crds', 'do not install the Chaos Mesh and k6-operator CRDs')
    .option('--app <name>', 'also deploy an app\'s Deployments (boutique, sockshop) on the simulated nodes')
    .option('--namespace <ns>', 'namespace for --app (default: the app\'s own, e.g. boutique)')
    .option('--timeout <seconds>', 'give up if it is not ready by then', '120')
    .action(async (opts: { nodes: string; crds: boolean; timeout: string; app?: string; namespace?: string }, cmd: Command) => {
      const dir = dirOf(cmd);
      const started = Date.now();
      const plane = await ControlPlane.start({
        dir,
        nodes: Number(opts.nodes),
        crds: opts.crds ? [chaosCrdsDir(), k6OperatorCrdsDir()] : [],
        timeoutMs: Number(opts.timeout) * 1000,
        onProgress: (line) => console.log(`  ${line}`),
      });
      if (opts.app) {
        const manifest = loadManifest(appManifestPath(opts.app));
        const namespace = opts.namespace ?? manifest.namespace;
        const deployments = await deployApp(plane.kubeConfig(), manifest, namespace);
        console.log(`  ${manifest.app}: ${deployments.length} Deployments Ready in namespace ${namespace}`);
      }
      console.log(`Control plane ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${plane.server}`);
      console.log(`  kubeconfig: ${plane.kubeconfigPath} (context ${plane.state.context})`);
      console.log(`  logs:       ${path.join(dir, 'logs')}`);
      console.log(`Use it with: export KUBECONFIG=${plane.kubeconfigPath}   Stop it with: resilience kube down`);
    });

  kube
    .command('env')
    .description('print "export KUBECONFIG=…" for the running control plane (eval "$(resilience kube env)")')
    .action((_opts: unknown, cmd: Command) => {
      console.log(`export KUBECONFIG=${requirePlane(dirOf(cmd)).kubeconfigPath}`);
    });

  kube
    .command('down')
    .description('stop every component of the control plane and remove its data')
    .action(async (_opts: unknown, cmd: Command) => {
      const plane = ControlPlane.find(dirOf(cmd));
      if (!plane) {
        console.log('No control plane was running.');
        return;
      }
      await plane.stop();
      console.log('Stopped the control plane.');
    });
}

/** Installs CustomResourceDefinitions from YAML files (or folders of them) and waits until the server serves them. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiextensionsV1Api, loadAllYaml, type KubeConfig, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { pWaitFor } from '../../kit/wait/poll.js';
import { serverMessage } from '../../kit/http/error-body.js';

export function crdFiles(sources: readonly string[]): string[] {
  return sources.flatMap((src) =>
    statSync(src).isDirectory()
      ? readdirSync(src).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(src, f))
      : [src],
  );
}

/**
 * The client's typed model, not plain parsed YAML: the client serializes a request body through its model, and keys
 * it does not know by their model name (x-kubernetes-int-or-string, …) would be dropped from a plain object.
 */
export function readCrds(sources: readonly string[]): V1CustomResourceDefinition[] {
  return crdFiles(sources).flatMap((file) =>
    (loadAllYaml(readFileSync(file, 'utf8')) as Array<V1CustomResourceDefinition | null>).filter(
      (d): d is V1CustomResourceDefinition => d?.kind === 'CustomResourceDefinition',
    ),
  );
}

/**
 * Creates each CRD (replacing one of the same name), then waits until every one is Established. Create, not
 * client-side apply: the Schedule and Workflow CRDs are larger than the last-applied annotation may be.
 */
export async function installCrds(kc: KubeConfig, sources: readonly string[], timeoutMs: number): Promise<number> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const crds = readCrds(sources);
  for (const crd of crds) {
    const name = crd.metadata!.name!;
    try {
      await api.createCustomResourceDefinition({ body: crd });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw new Error(`CRD ${name}: ${serverMessage(err)}`);
      const current = await api.readCustomResourceDefinition({ name });
      await api.replaceCustomResourceDefinition({ name, body: { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata?.resourceVersion } } });
    }
  }
  const established = async (name: string) => {
    const crd = await api.readCustomResourceDefinition({ name });
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
  };
  await pWaitFor(async () => (await Promise.all(crds.map((c) => established(c.metadata!.name!)))).every(Boolean), {
    interval: 100,
    timeout: { milliseconds: timeoutMs, message: new Error(`CRDs not Established within ${timeoutMs / 1000} s`) },
  });
  return crds.length;
}

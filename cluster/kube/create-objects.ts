/** Creates every object of a multi-document YAML text (kubectl create -f), leaving ones that already exist. */
import { KubernetesObjectApi, loadAllYaml, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';

export async function createObjects(kc: KubeConfig, yamlText: string): Promise<KubernetesObject[]> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const objects = (loadAllYaml(yamlText) as Array<KubernetesObject | null>).filter((o): o is KubernetesObject => o !== null);
  for (const obj of objects) {
    try {
      await api.create(obj);
    } catch (err) {
      if ((err as { code?: number }).code !== 409) {
        throw new Error(`creating ${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name}: ${(err as Error).message}`);
      }
    }
  }
  return objects;
}

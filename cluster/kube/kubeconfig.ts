/** Kubeconfig files for the control plane: the admin's (client certificate) and a ServiceAccount's (bearer token). */
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';

export const CONTEXT_NAME = 'resilience-kube';
const CLUSTER_NAME = 'resilience-kube';

const b64 = (file: string) => readFileSync(file).toString('base64');

function kubeconfig(server: string, caCert: string, userName: string, user: Record<string, string>, namespace?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: CLUSTER_NAME, cluster: { server, 'certificate-authority-data': b64(caCert) } }],
    users: [{ name: userName, user }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CLUSTER_NAME, user: userName, ...(namespace ? { namespace } : {}) } }],
    'current-context': CONTEXT_NAME,
    preferences: {},
  });
}

export function adminKubeconfig(server: string, caCert: string, clientCert: string, clientKey: string): string {
  return kubeconfig(server, caCert, 'resilience-admin', { 'client-certificate-data': b64(clientCert), 'client-key-data': b64(clientKey) });
}

export function tokenKubeconfig(server: string, caCert: string, userName: string, token: string, namespace?: string): string {
  return kubeconfig(server, caCert, userName, { token }, namespace);
}

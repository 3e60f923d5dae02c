/** A kubeconfig as a user names it: a file (else $KUBECONFIG, then ~/.kube/config) and optionally one of its contexts. */
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConfigChoice {
  file?: string;
  context?: string;
}

export function loadKubeConfig(choice: KubeConfigChoice = {}): KubeConfig {
  const kc = new KubeConfig();
  if (choice.file) kc.loadFromFile(choice.file);
  else kc.loadFromDefault();
  if (choice.context) useContext(kc, choice.context);
  return kc;
}

/** Switches to a context, or says which contexts the kubeconfig has. */
export function useContext(kc: KubeConfig, context: string): void {
  const known = kc.getContexts().map((c) => c.name);
  if (!known.includes(context)) throw new Error(`kube context "${context}" is not in the kubeconfig (its contexts: ${known.join(', ') || 'none'})`);
  kc.setCurrentContext(context);
}

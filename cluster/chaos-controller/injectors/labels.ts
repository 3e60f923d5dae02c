/** Labels put on every mesh fault, so faults can be traced back to (and swept with) their chaos object. */
import { RUN_ID_LABEL } from '../../../chaos/model/kinds.js';
import type { StoredObject } from '../contracts/types.js';

export const UID_LABEL = 'chaos-mesh.org/uid';

export function meshFaultLabels(obj: StoredObject): Record<string, string> {
  const runId = obj.metadata.labels[RUN_ID_LABEL];
  return {
    [UID_LABEL]: obj.metadata.uid,
    'chaos-mesh.org/kind': obj.kind,
    'chaos-mesh.org/name': `${obj.metadata.namespace}/${obj.metadata.name}`,
    ...(runId ? { [RUN_ID_LABEL]: runId } : {}),
  };
}

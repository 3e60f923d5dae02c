import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { manifestSchema, probeSchema, type AppManifest, type ServiceSpec } from './schema.js';

export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${reason}`);
    this.name = 'ManifestError';
  }
}

/** Parse and validate a manifest; every problem is reported as "file: path: reason". */
export function parseManifest(text: string, file: string): AppManifest {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ManifestError(file, '', `invalid YAML: ${doc.errors[0]!.message}`);
  const parsed = manifestSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
    const reason = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    throw new ManifestError(file, path, reason);
  }
  const manifest = parsed.data;
  const index = new Map<string, number>();
  manifest.services.forEach((svc, i) => {
    if (index.has(svc.name)) throw new ManifestError(file, `services[${i}].name`, `duplicate service name "${svc.name}" (also services[${index.get(svc.name)}])`);
    index.set(svc.name, i);
    svc.labels = { app: svc.name, ...svc.labels };
    normalizeProbes(svc, `services[${i}]`, file);
  });
  manifest.services.forEach((svc, i) => {
    svc.dependencies.forEach((dep, j) => {
      if (!index.has(dep)) throw new ManifestError(file, `services[${i}].dependencies[${j}]`, `depends on "${dep}", which is not a service of this manifest`);
      if (dep === svc.name) throw new ManifestError(file, `services[${i}].dependencies[${j}]`, 'a service cannot depend on itself');
    });
  });
  if (!index.has(manifest.frontend)) throw new ManifestError(file, 'frontend', `"${manifest.frontend}" is not a service of this manifest`);
  return manifest;
}

/**
 * The `readiness` shorthand becomes a readinessProbe with Kubernetes' defaults; probe ports must be the service's
 * port (a pod listens on that one only); a liveness probe's successThreshold must be 1, as Kubernetes requires.
 */
function normalizeProbes(svc: ServiceSpec, at: string, file: string): void {
  if (svc.readiness) {
    if (svc.readinessProbe) throw new ManifestError(file, `${at}.readiness`, 'use either readiness (shorthand) or readinessProbe, not both');
    svc.readinessProbe = probeSchema.parse('tcp' in svc.readiness ? { tcpSocket: {} } : { httpGet: { path: svc.readiness.httpGet } });
    delete svc.readiness;
  }
  for (const kind of ['readinessProbe', 'livenessProbe'] as const) {
    const probe = svc[kind];
    if (!probe) continue;
    const handler = probe.httpGet ? 'httpGet' : probe.tcpSocket ? 'tcpSocket' : 'grpc';
    const p = probe[handler]?.port;
    if (p !== undefined && p !== svc.port) {
      throw new ManifestError(file, `${at}.${kind}.${handler}.port`, `${p} is not the service's port ${svc.port} (the pod serves that port only)`);
    }
    if (handler !== 'tcpSocket' && svc.protocol === 'tcp') throw new ManifestError(file, `${at}.${kind}.${handler}`, `a tcp service cannot answer a ${handler} probe; use tcpSocket`);
    if (kind === 'livenessProbe' && probe.successThreshold !== 1) {
      throw new ManifestError(file, `${at}.${kind}.successThreshold`, 'must be 1 for a liveness probe (as in Kubernetes)');
    }
  }
}

export function loadManifest(file: string): AppManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ManifestError(file, '', `cannot read: ${(err as Error).message}`);
  }
  return parseManifest(text, file);
}

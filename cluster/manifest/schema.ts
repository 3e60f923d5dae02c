/**
 * The app manifest: what the embedded cluster runs, in Kubernetes terms (a Deployment + Service per entry).
 * Strict: unknown fields are errors, so a typo never silently changes what runs.
 */
import { z } from 'zod';

const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits, "-")')
  .max(63);

export const serviceSchema = z
  .object({
    name,
    /** Pod labels; `app` defaults to the service name. */
    labels: z.record(z.string(), z.string()).default({}),
    /** The service's port by role (as in the real app); the process itself gets a free port in $PORT. */
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['http', 'tcp']).default('http'),
    /** Container name, as in the real Deployment (`server` for Online Boutique backends). */
    container: name.default('server'),
    /** argv; `${PORT}`, `${ROOT}` (the built project), `${VOLUME}` (a per-service dir that survives restarts) are substituted. */
    command: z.array(z.string()).min(1),
    env: z.record(z.string(), z.string()).default({}),
    /** Services this one calls: HTTP ones through the mesh by name, TCP ones through a mesh listener. */
    dependencies: z.array(name).default([]),
    replicas: z.number().int().min(0).max(20).default(1),
    readiness: z
      .union([z.object({ httpGet: z.string().startsWith('/') }).strict(), z.object({ tcp: z.literal(true) }).strict()])
      .default({ tcp: true }),
    /** Seconds a new container has to become ready before `cluster up` gives up on it. */
    startupTimeoutSeconds: z.number().positive().default(20),
  })
  .strict();

export const manifestSchema = z
  .object({
    app: name,
    namespace: name,
    /** The service users reach (Online Boutique's frontend-external). */
    frontend: name,
    services: z.array(serviceSchema).min(1),
  })
  .strict();

export type ServiceSpec = z.infer<typeof serviceSchema>;
export type AppManifest = z.infer<typeof manifestSchema>;

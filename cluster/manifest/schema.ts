/**
 * The app manifest: what the embedded cluster runs, in Kubernetes terms (a Deployment + Service per entry).
 * Strict: unknown fields are errors, so a typo never silently changes what runs.
 *
 * Pod lifecycle (see cluster/README.md, "Pod lifecycle"): `readinessProbe` / `livenessProbe` have the shape and
 * defaults of a Kubernetes container's probes; `schedulingSeconds` and `containerStartSeconds` model the time a new
 * pod spends Pending before its process starts; `lifecycle` holds the app-wide defaults and the time scale.
 */
import { z } from 'zod';

const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label (lowercase letters, digits, "-")')
  .max(63);

const port = z.number().int().min(1).max(65535);
const seconds = z.number().min(0).max(3600);

/** Kubernetes' HTTPGetAction (scheme HTTP only: the pods listen on loopback without TLS). */
const httpGetAction = z
  .object({
    path: z.string().startsWith('/'),
    port: port.optional(),
    scheme: z.literal('HTTP').optional(),
    httpHeaders: z.array(z.object({ name: z.string().min(1), value: z.string() }).strict()).optional(),
  })
  .strict();

const tcpSocketAction = z.object({ port: port.optional() }).strict();

/**
 * Kubernetes' GRPCAction. The embedded apps speak HTTP/JSON, so the gRPC health check (grpc.health.v1.Health/Check)
 * is carried out as `GET <lifecycle.grpcHealthPath>[?service=…]`; 2xx = SERVING.
 */
const grpcAction = z.object({ port: port.optional(), service: z.string().optional() }).strict();

/** A container probe with Kubernetes' field names and defaults (period 10, timeout 1, failure 3, success 1). */
export const probeSchema = z
  .object({
    httpGet: httpGetAction.optional(),
    tcpSocket: tcpSocketAction.optional(),
    grpc: grpcAction.optional(),
    initialDelaySeconds: z.number().int().min(0).default(0),
    periodSeconds: z.number().int().min(1).default(10),
    timeoutSeconds: z.number().int().min(1).default(1),
    failureThreshold: z.number().int().min(1).default(3),
    successThreshold: z.number().int().min(1).default(1),
  })
  .strict()
  .superRefine((probe, ctx) => {
    const handlers = (['httpGet', 'tcpSocket', 'grpc'] as const).filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          handlers.length === 0
            ? 'needs exactly one handler: httpGet, tcpSocket or grpc (exec is not supported)'
            : `needs exactly one handler, has ${handlers.join(' and ')}`,
      });
    }
  });

export const serviceSchema = z
  .object({
    name,
    /** Pod labels; `app` defaults to the service name. */
    labels: z.record(z.string(), z.string()).default({}),
    /** The service's port by role (as in the real app); the process itself gets a free port in $PORT. */
    port,
    protocol: z.enum(['http', 'tcp']).default('http'),
    /** Container name, as in the real Deployment (`server` for Online Boutique backends). */
    container: name.default('server'),
    /** argv; `${PORT}`, `${ROOT}` (the built project), `${VOLUME}` (a per-service dir that survives restarts) are substituted. */
    command: z.array(z.string()).min(1),
    env: z.record(z.string(), z.string()).default({}),
    /** Services this one calls: HTTP ones through the mesh by name, TCP ones through a mesh listener. */
    dependencies: z.array(name).default([]),
    replicas: z.number().int().min(0).max(20).default(1),
    /** Kubernetes readinessProbe. Absent = the pod is Ready as soon as its container has started (as in Kubernetes). */
    readinessProbe: probeSchema.optional(),
    /** Kubernetes livenessProbe: failureThreshold failures in a row restart the container (restarts+1). */
    livenessProbe: probeSchema.optional(),
    /**
     * The older shorthand: `{ httpGet: /path }` or `{ tcp: true }`, read as a readinessProbe with Kubernetes' defaults.
     * Cannot be combined with readinessProbe.
     */
    readiness: z.union([z.object({ httpGet: z.string().startsWith('/') }).strict(), z.object({ tcp: z.literal(true) }).strict()]).optional(),
    /** A new pod's time from creation to being bound to the node (ReplicaSet controller + scheduler). Default: lifecycle.schedulingSeconds. */
    schedulingSeconds: seconds.optional(),
    /** A bound pod's time in ContainerCreating (sandbox, image pull, container create) before its process starts. Default: lifecycle.containerStartSeconds. */
    containerStartSeconds: seconds.optional(),
    /** SIGTERM → SIGKILL grace when the kubelet kills the container after failed liveness probes (Kubernetes default 30). */
    terminationGracePeriodSeconds: z.number().int().min(0).default(30),
    /** Seconds a new pod may take to become ready, beyond what its lifecycle predicts, before `cluster up` gives up on it. */
    startupTimeoutSeconds: z.number().positive().default(20),
  })
  .strict();

/** App-wide pod lifecycle settings. */
export const lifecycleSchema = z
  .object({
    /**
     * Multiplies every lifecycle delay (scheduling, container start, the readiness probe's initialDelaySeconds and
     * periodSeconds, grace periods); never timeoutSeconds, and never speeds up a liveness probe (the app runs at
     * real speed). Absent = $RESILIENCE_POD_TIME_SCALE, else 1 (real time).
     */
    timeScale: z.number().positive().max(100).optional(),
    /** Default schedulingSeconds of the services. */
    schedulingSeconds: seconds.default(0),
    /** Default containerStartSeconds of the services. */
    containerStartSeconds: seconds.default(0),
    /**
     * The pods `cluster up` itself creates: `realistic` = the same model as every later pod; `fast` = no scheduling or
     * container-start delay, no initialDelaySeconds, readiness probed every 0.1 s until first Ready (for apps whose
     * real initial delays exceed what `cluster up` waits). Replacements and restarts always follow the model.
     */
    initialRollout: z.enum(['realistic', 'fast']).default('realistic'),
    /** Where a `grpc` probe is sent (see the probe schema). */
    grpcHealthPath: z.string().startsWith('/').default('/_healthz'),
  })
  .strict();

export const manifestSchema = z
  .object({
    app: name,
    namespace: name,
    /** The service users reach (Online Boutique's frontend-external). */
    frontend: name,
    lifecycle: lifecycleSchema.default({ schedulingSeconds: 0, containerStartSeconds: 0, initialRollout: 'realistic', grpcHealthPath: '/_healthz' }),
    services: z.array(serviceSchema).min(1),
  })
  .strict();

export type ProbeSpec = z.infer<typeof probeSchema>;
export type ServiceSpec = z.infer<typeof serviceSchema>;
export type LifecycleSpec = z.infer<typeof lifecycleSchema>;
export type AppManifest = z.infer<typeof manifestSchema>;

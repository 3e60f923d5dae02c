/** Validation of what the control API receives; errors name the field and the reason. */
import { z } from 'zod';
import { HttpError } from '../../kit/http/http-error.js';
import type { FaultRequest, MeshConfig } from './api.js';

const port = z.number().int().min(1).max(65535);
const podRef = z.object({ namespace: z.string().min(1), pod: z.string().min(1) }).strict();

const endpointSchema = z
  .object({
    pod: z.string().min(1),
    namespace: z.string().min(1),
    workload: z.string().min(1),
    app: z.string().min(1),
    port,
    ready: z.boolean(),
  })
  .strict();

const serviceSchema = z
  .object({
    name: z.string().min(1),
    namespace: z.string().min(1),
    protocol: z.enum(['http', 'tcp']),
    port,
    listenPort: port,
    endpoints: z.array(endpointSchema),
  })
  .strict();

const podSchema = z
  .object({
    name: z.string().min(1),
    namespace: z.string().min(1),
    workload: z.string().min(1),
    app: z.string().min(1),
    outboundPort: port,
    tcpOutbound: z.record(z.string(), port),
  })
  .strict();

export const meshConfigSchema = z
  .object({ services: z.array(serviceSchema), pods: z.array(podSchema) })
  .strict()
  .superRefine((config, ctx) => {
    const owners = new Map<number, string>();
    const claim = (p: number, owner: string, path: (string | number)[]) => {
      const previous = owners.get(p);
      if (previous) ctx.addIssue({ code: 'custom', path, message: `port ${p} is already used by ${previous}` });
      else owners.set(p, owner);
    };
    config.services.forEach((s, i) => claim(s.listenPort, `service ${s.namespace}/${s.name}`, ['services', i, 'listenPort']));
    config.pods.forEach((p, i) => {
      claim(p.outboundPort, `pod ${p.namespace}/${p.name} outbound`, ['pods', i, 'outboundPort']);
      for (const [svc, tcpPort] of Object.entries(p.tcpOutbound)) claim(tcpPort, `pod ${p.namespace}/${p.name} tcp ${svc}`, ['pods', i, 'tcpOutbound', svc]);
    });
  });

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delay'), latencyMs: z.number().min(0), jitterMs: z.number().min(0).optional(), correlation: z.number().min(0).max(100).optional() }).strict(),
  z.object({ kind: z.literal('loss'), percent: z.number().min(0).max(100), correlation: z.number().min(0).max(100).optional() }).strict(),
  z.object({ kind: z.literal('bandwidth'), bytesPerSecond: z.number().positive(), bufferBytes: z.number().int().positive().optional() }).strict(),
  z.object({ kind: z.literal('partition') }).strict(),
  z.object({ kind: z.literal('unavailable') }).strict(),
  z.object({ kind: z.literal('http-abort'), status: z.number().int().min(100).max(599) }).strict(),
  z.object({ kind: z.literal('http-delay'), delayMs: z.number().min(0) }).strict(),
]);

export const faultRequestSchema = z
  .object({
    id: z.string().min(1),
    target: podRef,
    direction: z.enum(['to', 'from', 'both']).optional(),
    peers: z.array(z.union([podRef, z.object({ external: z.literal(true) }).strict()])).optional(),
    http: z
      .object({
        target: z.enum(['Request', 'Response']).optional(),
        port: port.optional(),
        path: z.string().optional(),
        method: z.string().optional(),
        code: z.number().int().optional(),
      })
      .strict()
      .optional(),
    action: actionSchema,
    expiresAt: z.number().int().positive(),
    labels: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** 400: what the control API received is not valid. */
export class ValidationError extends HttpError {
  constructor(message: string) {
    super(400, message);
    this.name = 'ValidationError';
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const reasons = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new ValidationError(`invalid ${what}: ${reasons.join('; ')}`);
}

export function parseMeshConfig(input: unknown): MeshConfig {
  return parse(meshConfigSchema, input, 'MeshConfig') as MeshConfig;
}

export function parseFaultRequest(input: unknown, now = Date.now()): FaultRequest {
  const fault = parse(faultRequestSchema, input, 'FaultRequest') as FaultRequest;
  if (fault.expiresAt <= now) throw new ValidationError(`invalid FaultRequest: expiresAt: ${fault.expiresAt} is not in the future (now ${now})`);
  return fault;
}

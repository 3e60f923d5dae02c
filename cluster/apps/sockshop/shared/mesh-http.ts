/**
 * Calls to other Sock Shop services through the mesh, as the real services call `http://catalogue/...`: the request
 * goes to this pod's outbound listener with the service name as Host. Unlike callService it returns any status and
 * any body (the front-end passes backend answers and images through unchanged).
 */
import { HttpError } from '../../../../kit/http/http-error.js';
import { requestService, type ServiceRequestOptions, type ServiceResponse } from '../../../lib/service-calls.js';

export type MeshResponse = ServiceResponse;

export function meshRequest(service: string, method: string, path: string, options: ServiceRequestOptions = {}): Promise<MeshResponse> {
  return requestService(service, method, path, { ...options, headers: { accept: 'application/json', ...options.headers } });
}

/** The message of an error body in any of the shapes the backends use. */
export function errorMessage(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { message?: string; error?: string };
    return parsed.message ?? parsed.error ?? text;
  } catch {
    return text;
  }
}

/** A JSON call that must succeed (2xx); otherwise an HttpError with the backend's status and message. */
export async function meshJson<T>(service: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await meshRequest(service, method, path, { body });
  if (res.status < 200 || res.status >= 300) throw new HttpError(res.status, `${service}${path}: ${res.status} ${errorMessage(res.body)}`);
  const text = res.body.toString('utf8');
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    throw new HttpError(502, `${service}${path}: answer is not JSON`);
  }
}

/** `http://user/customers/57a9…` → service `user`, path `/customers/57a9…` (the link shape the backends hand out). */
export function parseServiceLink(link: unknown, field: string): { service: string; path: string } {
  if (typeof link !== 'string' || !link) throw new HttpError(400, `${field}: must be a link like http://<service>/<path>`);
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new HttpError(400, `${field}: ${JSON.stringify(link)} is not a URL`);
  }
  if (url.protocol !== 'http:') throw new HttpError(400, `${field}: ${JSON.stringify(link)} must be an http:// link`);
  return { service: url.hostname, path: url.pathname + url.search };
}

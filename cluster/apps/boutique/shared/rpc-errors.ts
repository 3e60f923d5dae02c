/**
 * Errors of the boutique RPCs: a gRPC code name plus message, sent as `{"code", "message"}` with the HTTP status that
 * api.ts assigns to the code.
 */
import { ServiceCallError } from '../../../lib/service-calls.js';

export const httpStatusOfCode = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  NOT_FOUND: 404,
  /** An RPC path this service does not serve. */
  UNIMPLEMENTED: 404,
  /** A request body over the size limit. */
  RESOURCE_EXHAUSTED: 413,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

export type RpcCode = keyof typeof httpStatusOfCode;

export class RpcError extends Error {
  constructor(
    readonly code: RpcCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  get httpStatus(): number {
    return httpStatusOfCode[this.code];
  }
}

/** The code a caller should see for a failed call to another service (by the HTTP status it answered). */
function codeOfDownstreamStatus(status: number): RpcCode {
  if (status === 400) return 'INVALID_ARGUMENT';
  if (status === 404) return 'NOT_FOUND';
  if (status === 503) return 'UNAVAILABLE';
  if (status === 504) return 'DEADLINE_EXCEEDED';
  return 'INTERNAL';
}

/**
 * Wraps a failed call to another service. Bad input the callee rejected (400/404) keeps its code so the user's
 * mistake is reported as such; any other failure becomes `fallback` (what the real service answers, e.g. INTERNAL).
 */
export function downstreamError(err: unknown, fallback: RpcCode, context: string): RpcError {
  if (err instanceof RpcError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof ServiceCallError) {
    const code = codeOfDownstreamStatus(err.status);
    const passThrough = code === 'INVALID_ARGUMENT' || code === 'NOT_FOUND';
    return new RpcError(passThrough ? code : fallback, `${context}: ${detail}`);
  }
  return new RpcError(fallback, `${context}: ${detail}`);
}

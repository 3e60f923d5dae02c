/** An error that answers an HTTP request with its own status (4xx: the caller's fault; 5xx: ours). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** 413: the body went past the limit. The rest is not read: answer it with `connection: close`. */
export class BodyTooLargeError extends HttpError {
  constructor(readonly limit: number) {
    super(413, `request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The status an error answers with: its own for an HttpError, else 500. */
export function statusOf(err: unknown): number {
  return err instanceof HttpError ? err.status : 500;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

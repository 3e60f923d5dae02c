/**
 * The body of an error an API client threw (e.g. @kubernetes/client-node's ApiException: `code` and a JSON `body`),
 * and the message a Kubernetes Status in it carries.
 */

/** The error's body, parsed when it is JSON; undefined when the error has none. */
export function errorBody(err: unknown): unknown {
  if (typeof err !== 'object' || err === null || !('body' in err)) return undefined;
  const body = (err as { body: unknown }).body;
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** The server's own message (a Status' `message`), else the error's. */
export function serverMessage(err: unknown): string {
  const body = errorBody(err);
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return err instanceof Error ? err.message : String(err);
}

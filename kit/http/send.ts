/** Writing a whole answer at once: JSON, text, or an error as `{"error": message}`. */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { BodyTooLargeError, messageOf, statusOf } from './http-error.js';

export function sendBody(res: ServerResponse, status: number, contentType: string, body: Buffer | string, headers: OutgoingHttpHeaders = {}): void {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': payload.length, ...headers });
  res.end(res.req?.method === 'HEAD' ? undefined : payload);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendBody(res, status, 'application/json', JSON.stringify(body), headers);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain'): void {
  sendBody(res, status, contentType, text);
}

/** Headers an error answer needs beyond its body: a 413 closes the connection (the rest of the body is unread). */
export function errorHeaders(err: unknown): OutgoingHttpHeaders {
  return err instanceof BodyTooLargeError ? { connection: 'close' } : {};
}

/** `{"error": message}` with the error's status; a response already under way is cut instead. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, statusOf(err), { error: messageOf(err) }, errorHeaders(err));
}

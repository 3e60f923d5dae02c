/** Reading a request body with a size limit, and parsing it as JSON. */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, HttpError } from './http-error.js';

/** The limit the cluster's services use unless they say otherwise. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The whole body, or a BodyTooLargeError (413) as soon as the declared length or the bytes read pass `limit`; what
 * follows is not kept (the connection should be closed after the answer).
 */
export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle(() => reject(new BodyTooLargeError(limit)));
      else chunks.push(chunk);
    });
    req.on('end', () => settle(() => resolve(Buffer.concat(chunks))));
    req.on('error', (err) => settle(() => reject(err)));
  });
}

/** JSON of a body; undefined for an empty (or all-blank) one; HttpError 400 with the parser's reason otherwise. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** readBody + parseJsonBody. */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  return parseJsonBody(await readBody(req, limit));
}

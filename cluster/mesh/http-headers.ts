/** Header handling of a proxied HTTP/1.1 exchange: what is forwarded each way and how many bytes a head takes. */
import type http from 'node:http';

/** Headers about one connection, not the message; `expect` was already answered by the mesh's own server. */
const REQUEST_NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'expect']);
const RESPONSE_NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export interface RequestHead {
  /** The caller's raw header list (names keep their case) without the headers the proxy does not forward. */
  headers: string[];
  /** Bytes of the caller's head as received, plus the body's Content-Length when there is one. */
  bytes: number;
  host: string | undefined;
  /** The request carries a body (Content-Length > 0 or Transfer-Encoding). */
  hasBody: boolean;
  /** The body's size is only known by counting it (Transfer-Encoding without Content-Length). */
  countBody: boolean;
}

/**
 * Reads the caller's raw headers in one pass. Node builds `req.headers` lazily, so never touching it spares
 * building an object per request.
 */
export function requestHead(req: http.IncomingMessage): RequestHead {
  const raw = req.rawHeaders;
  let headers: string[] | undefined;
  let bytes = req.method!.length + req.url!.length + 10 + 4;
  let host: string | undefined;
  let contentLength: string | undefined;
  let chunked = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    bytes += name.length + value.length + 4;
    const lower = name.toLowerCase();
    if (lower === 'host') host ??= value;
    else if (lower === 'content-length') contentLength = value;
    else if (lower === 'transfer-encoding') chunked = true;
    if (REQUEST_NOT_FORWARDED.has(lower)) headers ??= raw.slice(0, i);
    else if (headers) headers.push(name, value);
  }
  const hasBody = chunked || (contentLength !== undefined && contentLength !== '0');
  if (contentLength !== undefined) bytes += Number(contentLength) || 0;
  return { headers: headers ?? raw, bytes, host, hasBody, countBody: contentLength === undefined && chunked };
}

export interface ResponseHead {
  /** Flat [name, value, ...] list for res.writeHead, without the headers the proxy does not forward. */
  headers: string[];
  /** Bytes of the upstream's head as received. */
  bytes: number;
  /** The upstream's Content-Length, or undefined when the body is delimited otherwise. */
  contentLength: number | undefined;
}

/** Converts undici's raw response header buffers (latin1 on the wire) in one pass. */
export function responseHead(statusText: string, raw: Buffer[]): ResponseHead {
  const headers: string[] = [];
  let bytes = 15 + statusText.length + 4;
  let contentLength: number | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    const value = raw[i + 1]!.toString('latin1');
    bytes += name.length + value.length + 4;
    const lower = name.toLowerCase();
    if (RESPONSE_NOT_FORWARDED.has(lower)) continue;
    if (lower === 'content-length') contentLength = Number(value) || 0;
    headers.push(name, value);
  }
  return { headers, bytes, contentLength };
}

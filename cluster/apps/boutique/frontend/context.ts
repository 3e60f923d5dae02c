/** Per-request state and the response helpers handlers use. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookie, CURRENCY_COOKIE } from './cookies.js';
import { statusText } from './http-util.js';
import { errorPage } from './templates/pages.js';
import type { CommonView } from './templates/layout.js';

export const DEFAULT_CURRENCY = 'USD';

/**
 * Page-wide settings read once from the environment: CDN_URL (origin of the CDN stand-in serving Bootstrap and the
 * fonts; set by the local cluster, see cluster/cdn), POD_NAME (shown as "Pod: …" like the real footer's host name),
 * FRONTEND_MESSAGE (real: a banner above the navbar).
 */
export const pageSettings = {
  cdnUrl: (process.env.CDN_URL ?? '').replace(/\/+$/, ''),
  podName: process.env.POD_NAME ?? '',
  frontendMessage: (process.env.FRONTEND_MESSAGE ?? '').trim(),
};

const VALID_PLATFORMS: Readonly<Record<string, { css: string; name: string }>> = {
  aws: { css: 'aws-platform', name: 'AWS' },
  onprem: { css: 'onprem-platform', name: 'On-Premises' },
  azure: { css: 'azure-platform', name: 'Azure' },
  gcp: { css: 'gcp-platform', name: 'Google Cloud' },
  alibaba: { css: 'alibaba-platform', name: 'Alibaba Cloud' },
  local: { css: 'local', name: 'local' },
};

/**
 * real: handlers.go keeps the platform flag in a process-wide variable that only the home handler sets (from
 * ENV_PLATFORM, "local" when unset or unknown), so pages served before the first home page show an empty flag.
 */
let platform = { css: '', name: '' };

export function detectPlatform(): void {
  platform = VALID_PLATFORMS[process.env.ENV_PLATFORM ?? ''] ?? VALID_PLATFORMS.local!;
}

/** For tests: back to the state of a fresh process. */
export function resetPlatform(): void {
  platform = { css: '', name: '' };
}

export interface Logger {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}

export class RequestContext {
  /** Values matched from the route pattern, e.g. `id` of /product/{id}. */
  params: Record<string, string> = {};

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly baseUrl: string,
    readonly sessionId: string,
    readonly requestId: string,
    /** The query string without '?'. */
    readonly rawQuery: string,
    readonly log: Logger,
  ) {}

  /** The `shop_currency` cookie as sent (unvalidated, like the real frontend), else USD. */
  get currency(): string {
    return readCookie(this.req, CURRENCY_COOKIE) ?? DEFAULT_CURRENCY;
  }

  view(extra: Partial<CommonView> = {}): CommonView {
    return {
      baseUrl: this.baseUrl,
      sessionId: this.sessionId,
      requestId: this.requestId,
      userCurrency: this.currency,
      cdnUrl: pageSettings.cdnUrl,
      podName: pageSettings.podName,
      frontendMessage: pageSettings.frontendMessage,
      platform,
      currentYear: new Date().getFullYear(),
      ...extra,
    };
  }

  /** Appends a Set-Cookie header (keeps the ones set before). */
  addCookie(cookie: string): void {
    const prev = this.res.getHeader('set-cookie');
    const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)];
    this.res.setHeader('set-cookie', [...list, cookie]);
  }

  html(status: number, body: string): void {
    this.send(status, 'text/html; charset=utf-8', body);
  }

  send(status: number, contentType: string | undefined, body: string | Buffer): void {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (contentType) this.res.setHeader('content-type', contentType);
    this.res.setHeader('content-length', buf.length);
    this.res.writeHead(status);
    this.res.end(buf);
  }

  redirect(status: 301 | 302, location: string): void {
    try {
      this.res.setHeader('location', location);
    } catch {
      // A Referer Node cannot echo back as a header value: fall back to the home page.
      this.res.setHeader('location', `${this.baseUrl}/`);
    }
    this.res.setHeader('content-length', 0);
    this.res.writeHead(status);
    this.res.end();
  }

  /** The error page with `status` (renderHTTPError): logged, then shown with the error text in a <pre>. */
  fail(status: number, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.log.error({ message: 'request error', error: message, 'http.req.id': this.requestId, session: this.sessionId });
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    this.html(status, errorPage(this.view(), status, statusText[status] ?? 'Error', message));
  }
}

/** errors.Wrap as the real page shows it (`%+v` without the stack): the cause, then the context on its own line. */
export function wrap(err: unknown, context: string): Error {
  const cause = err instanceof Error ? err.message : String(err);
  return new Error(`${cause}\n${context}`);
}

/** Awaits a backend call; its failure becomes the wrapped error the request's 500 page shows (see server.ts). */
export async function must<T>(call: Promise<T>, context: string): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw wrap(err, context);
  }
}

/**
 * A browser-like JSON client for the Sock Shop front-end in tests: keeps md.sid / logged_in in a tiny cookie jar
 * (deleting expired ones, as a browser would on Max-Age=0), bounds every request by a deadline.
 */
export interface SockResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export class SockClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs = 10_000,
  ) {}

  async request<T = any>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<SockResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      if (/max-age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1).trim());
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, text, json: json as T };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { headers });
  }

  login(username: string, password: string) {
    return this.get('/login', { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
  }

  /** What the page's logout link does: drop the logged_in cookie in the browser. */
  logout(): void {
    this.cookies.delete('logged_in');
  }
}

/** Direct JSON call to a pod's own port (backend-only routes; the cluster exposes only the front-end). */
export async function callPod<T = any>(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<SockResponse<T>> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

export const SOCKS = {
  weave: { id: '6d62d909-f957-430e-8689-b5129c0bb75e', price: 17.15 },
  holy: { id: '03fef6ac-1896-4ce8-bd69-b798f85c6e0b', price: 99.99 },
  classic: { id: 'zzz4f044-b040-410d-8ead-4de0446aec7e', price: 12 },
} as const;

export const DEMO_USER_ID = '57a98d98e4b00679b4a830b2';

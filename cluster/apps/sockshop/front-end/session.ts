/**
 * Sessions as the real front-end keeps them (express-session + connect-redis): a signed `md.sid` cookie
 * (`s:<id>.<hmac>`), the session record under `sess:<id>` in session-db with a 24 h TTL, the customer id stored in it
 * at login. `logged_in` (value = session id, 1 h) is the cookie the pages check.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { storeCall } from '../shared/redis.js';

export const SESSION_COOKIE = 'md.sid';
export const LOGGED_IN_COOKIE = 'logged_in';
const SESSION_TTL_SECONDS = 24 * 3600;
export const LOGGED_IN_MAX_AGE_SECONDS = 3600;

export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      /* keep it raw */
    }
    cookies.set(name, value);
  }
  return cookies;
}

export function setCookie(name: string, value: string, options: { maxAgeSeconds?: number; httpOnly?: boolean } = {}): string {
  let cookie = `${name}=${encodeURIComponent(value)}; Path=/`;
  if (options.maxAgeSeconds !== undefined) {
    cookie += `; Max-Age=${options.maxAgeSeconds}; Expires=${new Date(Date.now() + options.maxAgeSeconds * 1000).toUTCString()}`;
  }
  if (options.httpOnly) cookie += '; HttpOnly';
  return cookie;
}

interface SessionRecord {
  cookie: { originalMaxAge: number; expires: string; httpOnly: boolean; path: string };
  customerId?: string;
}

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly secret: string,
  ) {}

  private sign(id: string): string {
    return `s:${id}.${createHmac('sha256', this.secret).update(id).digest('base64').replace(/=+$/, '')}`;
  }

  /** The session id in a signed cookie value, or null when it is missing or forged. */
  unsign(value: string | undefined): string | null {
    if (!value?.startsWith('s:')) return null;
    const dot = value.lastIndexOf('.');
    if (dot < 0) return null;
    const id = value.slice(2, dot);
    const expected = Buffer.from(this.sign(id));
    const got = Buffer.from(value);
    return expected.length === got.length && timingSafeEqual(expected, got) ? id : null;
  }

  /** A fresh session: its id and the Set-Cookie header value. Saved to session-db (saveUninitialized, as the real one). */
  async create(): Promise<{ id: string; cookie: string }> {
    const id = randomBytes(24).toString('base64url');
    await this.save(id, {}).catch(() => undefined); // an anonymous visitor can shop while session-db is down
    return { id, cookie: setCookie(SESSION_COOKIE, this.sign(id), { httpOnly: true }) };
  }

  async customerId(id: string): Promise<string | undefined> {
    const raw = await storeCall('session-db', 'reading a session', () => this.redis.get(`sess:${id}`));
    return raw ? (JSON.parse(raw) as SessionRecord).customerId : undefined;
  }

  async save(id: string, data: { customerId?: string }): Promise<void> {
    const record: SessionRecord = {
      cookie: { originalMaxAge: SESSION_TTL_SECONDS * 1000, expires: new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString(), httpOnly: true, path: '/' },
      ...data,
    };
    await storeCall('session-db', 'saving a session', () => this.redis.set(`sess:${id}`, JSON.stringify(record), 'EX', SESSION_TTL_SECONDS));
  }
}

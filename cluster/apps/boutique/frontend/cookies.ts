/** Cookie reading and writing the way Go's net/http does it for the real frontend. */
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'shop_session-id';
export const CURRENCY_COOKIE = 'shop_currency';
/** 48 hours, as the real frontend's cookieMaxAge. */
export const COOKIE_MAX_AGE = 172_800;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function validValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x3b || c === 0x5c) return false;
  }
  return true;
}

/** The request's cookies in header order; malformed pairs are skipped like Go's readCookies. */
export function readCookies(req: IncomingMessage): Array<{ name: string; value: string }> {
  const header = req.headers.cookie;
  if (!header) return [];
  const out: Array<{ name: string; value: string }> = [];
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    let value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!TOKEN.test(name)) continue;
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!validValue(value)) continue;
    out.push({ name, value });
  }
  return out;
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  return readCookies(req).find((c) => c.name === name)?.value;
}

/** `name=value; Max-Age=172800` — no Path, no HttpOnly, like the real frontend's cookies. */
export function sessionScopedCookie(name: string, value: string): string {
  return `${name}=${value}; Max-Age=${COOKIE_MAX_AGE}`;
}

/** A cookie that tells the browser to drop `name` (what Go writes for MaxAge -1 with a past Expires). */
export function expiredCookie(name: string, value: string, now = new Date()): string {
  const past = new Date(now.getTime() - 365 * 24 * 3600 * 1000).toUTCString();
  return `${name}=${value}; Expires=${past}; Max-Age=0`;
}

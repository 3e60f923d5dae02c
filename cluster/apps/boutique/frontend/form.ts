/**
 * Form input like Go's Request.FormValue: url-encoded body values first, then query-string values; the first value
 * of a key wins. Only `application/x-www-form-urlencoded` bodies are parsed (other bodies are ignored).
 */
import type { IncomingMessage } from 'node:http';
// Bodies beyond readBody's 1 MiB are refused with 413 (the real frontend silently drops forms over 10 MiB).
import { readBody } from '../../../../kit/http/request-body.js';

/** Percent-decodes one component ('+' is a space); undefined for a malformed escape (Go skips such pairs). */
function decodeComponent(s: string): string | undefined {
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25) {
      const hex = raw.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(b === 0x2b ? 0x20 : b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** url.ParseQuery: pairs split on '&'; pairs with ';' or bad escapes are skipped. */
export function parseQuery(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (!pair || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === undefined || value === undefined) continue;
    const list = out.get(key) ?? [];
    list.push(value);
    out.set(key, list);
  }
  return out;
}

export class FormValues {
  constructor(
    private readonly body: Map<string, string[]>,
    private readonly query: Map<string, string[]>,
  ) {}

  /** The first value of `key` (body before query), or '' when absent. */
  get(key: string): string {
    return this.body.get(key)?.[0] ?? this.query.get(key)?.[0] ?? '';
  }
}

/** Reads and parses the form of a request (body, if url-encoded, and the query string). */
export async function readForm(req: IncomingMessage, rawQuery: string): Promise<FormValues> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const body = await readBody(req);
  const bodyValues = type === 'application/x-www-form-urlencoded' ? parseQuery(body.toString('utf8')) : new Map<string, string[]>();
  return new FormValues(bodyValues, parseQuery(rawQuery));
}

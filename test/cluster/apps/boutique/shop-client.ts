/**
 * A browser-like HTTP client for the boutique frontend in tests: keeps the shop's cookies (a tiny jar over fetch),
 * never follows redirects (tests assert on the 302 itself), bounds every request by a deadline and parses pages.
 *
 * The shop's cookies carry no Path, so a browser would scope them to the directory of the page that set them; the
 * shop only ever reads them host-wide, so this jar keys cookies by name alone.
 */
import { parse, type HTMLElement } from 'node-html-parser';

export interface ShopResponse {
  status: number;
  headers: Headers;
  body: string;
  /** Wall time until the whole body arrived. */
  ms: number;
  location: string | null;
  /** Raw Set-Cookie header values of this response. */
  setCookies: string[];
}

export type Form = Record<string, string> | Array<[string, string]>;

export class ShopClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs = 10_000,
  ) {}

  async request(method: string, path: string, options: { form?: Form; headers?: Record<string, string> } = {}): Promise<ShopResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (err) {
      throw new Error(`${method} ${path} failed or took longer than ${this.timeoutMs} ms: ${(err as Error).message}`);
    }
    const ms = performance.now() - started;
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) this.store(line);
    return { status: res.status, headers: res.headers, body: text, ms, location: res.headers.get('location'), setCookies };
  }

  get(path: string, headers?: Record<string, string>): Promise<ShopResponse> {
    return this.request('GET', path, { headers });
  }

  post(path: string, form: Form = {}, headers?: Record<string, string>): Promise<ShopResponse> {
    return this.request('POST', path, { form, headers });
  }

  /** GET a page that must answer 200 and return its parsed document. */
  async page(path: string): Promise<HTMLElement> {
    const res = await this.get(path);
    if (res.status !== 200) throw new Error(`GET ${path}: expected 200, got ${res.status}: ${res.body.slice(0, 300)}`);
    return parse(res.body);
  }

  private store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq);
    let value = pair.slice(eq + 1);
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    let expired = false;
    for (const attr of attributes) {
      const [key = '', v = ''] = attr.split('=');
      if (key.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
    }
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export const parsePage = (html: string): HTMLElement => parse(html);

/** The checkout form's defaults (what the cart page pre-fills), with next year's expiry. */
export function defaultCheckoutForm(): Record<string, string> {
  return {
    email: 'someone@example.com',
    street_address: '1600 Amphitheatre Parkway',
    zip_code: '94043',
    city: 'Mountain View',
    state: 'CA',
    country: 'United States',
    credit_card_number: '4432801561520454',
    credit_card_expiration_month: '1',
    credit_card_expiration_year: String(new Date().getFullYear() + 1),
    credit_card_cvv: '672',
  };
}

/** The nine products of the spec, in catalog order, with their USD prices. */
export const CATALOG: Array<{ id: string; name: string; usd: string }> = [
  { id: 'OLJCESPC7Z', name: 'Sunglasses', usd: '19.99' },
  { id: '66VCHSJNUP', name: 'Tank Top', usd: '18.99' },
  { id: '1YMWWN1N4O', name: 'Watch', usd: '109.99' },
  { id: 'L9ECAV7KIM', name: 'Loafers', usd: '89.99' },
  { id: '2ZYFJ3GM2N', name: 'Hairdryer', usd: '24.99' },
  { id: '0PUK6V6EV0', name: 'Candle Holder', usd: '18.99' },
  { id: 'LS4PSXUNUM', name: 'Salt & Pepper Shakers', usd: '18.49' },
  { id: '9SIQT8TOJO', name: 'Bamboo Glass Jar', usd: '5.49' },
  { id: '6E92ZMYYFZ', name: 'Mug', usd: '8.99' },
];

/**
 * The spec's money rules, written independently of the app: EUR-based rates, from → EUR → to with the final units and
 * nanos floored (the real currencyservice rounds the intermediate EUR nanos, which keeps USD → USD exact), and display as `<symbol><units>.<first two digits of nanos>`.
 */
const RATES: Record<string, number> = { EUR: 1.0, USD: 1.1305, JPY: 126.4, GBP: 0.8597, TRY: 6.1247, CAD: 1.5128 };
const SYMBOLS: Record<string, string> = { USD: '$', CAD: '$', JPY: '¥', EUR: '€', TRY: '₺', GBP: '£' };
const NANO = 1_000_000_000;

export interface Amount {
  units: number;
  nanos: number;
}

export function usd(price: string): Amount {
  const [u = '0', f = ''] = price.split('.');
  return { units: Number(u), nanos: Number(f.padEnd(9, '0')) };
}

function carry(units: number, nanos: number): Amount {
  nanos += (units % 1) * NANO;
  units = Math.floor(units) + Math.floor(nanos / NANO);
  nanos = nanos % NANO;
  return { units, nanos };
}

export function convert(amount: Amount, from: string, to: string): Amount {
  const eur = carry(amount.units / RATES[from]!, amount.nanos / RATES[from]!);
  const out = carry(eur.units * RATES[to]!, Math.round(eur.nanos) * RATES[to]!);
  return { units: Math.floor(out.units), nanos: Math.floor(out.nanos) };
}

export function add(a: Amount, b: Amount): Amount {
  const nanos = a.nanos + b.nanos;
  return { units: a.units + b.units + Math.floor(nanos / NANO), nanos: nanos % NANO };
}

export function times(a: Amount, n: number): Amount {
  let total: Amount = { units: 0, nanos: 0 };
  for (let i = 0; i < n; i++) total = add(total, a);
  return total;
}

export function display(a: Amount, currency: string): string {
  return `${SYMBOLS[currency]}${a.units}.${String(Math.floor(a.nanos / 10_000_000)).padStart(2, '0')}`;
}

/**
 * The data-loss hypothesis of the Sock Shop load: every order the shop acknowledged with 201 during the run (the
 * `order-acknowledged id=<id> customer=<custId>` lines sockshop-load.ts logs; runK6 saves k6's stderr log as
 * <outDir>/k6-stderr.log) is still listed afterwards in the customer's orders, also after pod-kills of orders and
 * of orders-db. Works against the local cluster and the real front-end alike: it only uses the shop's public API
 * (GET /login with Basic auth, GET /customers/<id> for the session's customer, GET /orders, which the real front-end
 * answers with 201 and the JSON list).
 */
import { pWaitFor, TimeoutError } from '../../kit/wait/poll.js';
import { readFile } from 'node:fs/promises';

export interface AcknowledgedOrder {
  id: string;
  customer: string;
}

export interface CheckAcknowledgedOrdersOptions {
  /** k6's log with the order-acknowledged lines (K6RunResult.files.stderrLog). */
  k6LogFile: string;
  /** The shop's front-end, e.g. http://127.0.0.1:30001. */
  baseUrl: string;
  /** The account the load used (its orders are the ones checked). */
  username: string;
  password: string;
  /** Right after a fault the shop may still be recovering: transient failures are retried this long (15 s). */
  timeoutMs?: number;
}

export interface AcknowledgedOrdersResult {
  /** Distinct orders acknowledged to this customer in the log. */
  acknowledged: number;
  /** Orders the shop lists for this customer now (earlier runs included). */
  listed: number;
  /** Acknowledged order ids the shop does not list: lost orders. */
  missing: string[];
  customerId: string;
  /** Acknowledged orders of other customers in the log (not checked: their credentials are unknown here). */
  otherCustomers: number;
}

const ACK_LINE = /order-acknowledged id=([^\s"\\]+) customer=([^\s"\\]+)/;

/** The acknowledged orders in a k6 log, in order, each id once. */
export function parseAcknowledgedOrders(logText: string): AcknowledgedOrder[] {
  const seen = new Set<string>();
  const out: AcknowledgedOrder[] = [];
  for (const line of logText.split('\n')) {
    const m = ACK_LINE.exec(line);
    if (!m || seen.has(m[1]!)) continue;
    seen.add(m[1]!);
    out.push({ id: m[1]!, customer: m[2]! });
  }
  return out;
}

/** A transient failure: worth asking again while the shop recovers. */
class RetryableError extends Error {}

class ShopSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        headers: cookie ? { ...headers, cookie } : headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new RetryableError(`GET ${this.baseUrl}${path}: ${(e as Error).message}`);
    }
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await res.text();
    if (res.status >= 500) throw new RetryableError(`GET ${this.baseUrl}${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return { status: res.status, text };
  }
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what}: not JSON: ${text.slice(0, 200)}`);
  }
}

async function listCustomerOrders(opts: CheckAcknowledgedOrdersOptions): Promise<{ customerId: string; orderIds: string[] }> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const shop = new ShopSession(base);
  const basic = Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  const login = await shop.get('/login', { authorization: `Basic ${basic}` });
  if (login.status === 401) throw new Error(`login as "${opts.username}" at ${base} was refused (401): wrong username or password`);
  if (login.status !== 200) throw new RetryableError(`login as "${opts.username}" at ${base}: HTTP ${login.status}`);
  // The front-end answers with the session's customer whatever id the path names.
  const me = await shop.get('/customers/me');
  if (me.status !== 200) throw new RetryableError(`GET ${base}/customers/me: HTTP ${me.status}`);
  const customerId = parseJson<{ id?: unknown }>(me.text, `GET ${base}/customers/me`).id;
  if (typeof customerId !== 'string') throw new Error(`GET ${base}/customers/me: the answer has no customer id`);
  // The real front-end (api/orders/index.js) answers the customer's order list with 201, not 200; any 2xx with a JSON
  // list is an answer. Anything else is not a list of orders, so it can never count as "nothing was lost": a 5xx is
  // retried above while the shop recovers, any other status is an error at once.
  const orders = await shop.get('/orders');
  if (orders.status < 200 || orders.status > 299) throw new Error(`GET ${base}/orders: HTTP ${orders.status}, not a list of orders: ${orders.text.slice(0, 200)}`);
  const list = parseJson<unknown>(orders.text, `GET ${base}/orders`);
  if (!Array.isArray(list)) throw new Error(`GET ${base}/orders: HTTP ${orders.status} but not a list of orders: ${orders.text.slice(0, 200)}`);
  const orderIds = list.map((o: unknown, i) => {
    const id = (o as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '') throw new Error(`GET ${base}/orders: order [${i}] has no id: ${JSON.stringify(o).slice(0, 200)}`);
    return id;
  });
  return { customerId, orderIds };
}

export async function checkAcknowledgedOrders(opts: CheckAcknowledgedOrdersOptions): Promise<AcknowledgedOrdersResult> {
  if (!/^https?:\/\/[^/]/.test(opts.baseUrl)) throw new Error(`baseUrl "${opts.baseUrl}" must be an http(s) URL`);
  let logText: string;
  try {
    logText = await readFile(opts.k6LogFile, 'utf8');
  } catch (e) {
    throw new Error(`k6LogFile ${opts.k6LogFile}: cannot read: ${(e as Error).message}`);
  }
  const acknowledged = parseAcknowledgedOrders(logText);

  // A shop still recovering from the run's faults answers with a retryable error for a while.
  let lastError: unknown;
  const listOrders = async () => {
    try {
      return pWaitFor.resolveWith(await listCustomerOrders(opts));
    } catch (e) {
      if (!(e instanceof RetryableError)) throw e;
      lastError = e;
      return false;
    }
  };
  const shop = await pWaitFor(listOrders, { interval: 500, timeout: opts.timeoutMs ?? 15_000 }).catch((e: unknown) => {
    throw e instanceof TimeoutError && lastError ? lastError : e;
  });

  const mine = acknowledged.filter((o) => o.customer === shop.customerId);
  const listed = new Set(shop.orderIds);
  return {
    acknowledged: mine.length,
    listed: listed.size,
    missing: mine.filter((o) => !listed.has(o.id)).map((o) => o.id),
    customerId: shop.customerId,
    otherCustomers: acknowledged.length - mine.length,
  };
}

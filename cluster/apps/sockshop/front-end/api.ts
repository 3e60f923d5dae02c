/**
 * The front-end API the pages call, as the real front-end implements it: each route calls the backends by name
 * through the mesh and answers with their body or status. custId is the logged-in customer's id, else the session id.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../../../kit/http/http-error.js';
import { errorMessage, meshJson, meshRequest, parseServiceLink, type MeshResponse } from '../shared/mesh-http.js';
import type { Sock } from '../shared/model.js';
import { LOGGED_IN_COOKIE, LOGGED_IN_MAX_AGE_SECONDS, setCookie, type SessionStore } from './session.js';

export interface Exchange {
  req: IncomingMessage;
  method: string;
  url: URL;
  body: unknown;
  sessionId: string;
  /** The `logged_in` cookie is present. */
  loggedIn: boolean;
  sessions: SessionStore;
  /** Set-Cookie values to send with the answer. */
  setCookies: string[];
}

export interface ApiAnswer {
  status: number;
  contentType?: string;
  body?: Buffer | string;
}

type ApiHandler = (x: Exchange, params: string[]) => Promise<ApiAnswer>;

const json = (status: number, value: unknown): ApiAnswer => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) });
const passThrough = (res: MeshResponse, status = res.status): ApiAnswer => ({
  status,
  contentType: String(res.headers['content-type'] ?? 'application/json; charset=utf-8'),
  body: res.body,
});

async function customerIdOf(x: Exchange): Promise<string> {
  if (!x.loggedIn) return x.sessionId;
  return (await x.sessions.customerId(x.sessionId)) ?? x.sessionId;
}

/** api/orders/index.js: without the logged_in cookie the route throws "User not logged in." → the error handler's 500. */
function requireLogin(x: Exchange): void {
  if (!x.loggedIn) throw new HttpError(500, 'User not logged in.');
}

function field(body: unknown, name: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

async function sockFor(id: unknown): Promise<Sock> {
  if (typeof id !== 'string' || !id) throw new HttpError(400, 'Must pass id of item to add');
  return meshJson<Sock>('catalogue', 'GET', `/catalogue/${encodeURIComponent(id)}`);
}

/** After login or register: remember the customer in the session, move the anonymous cart over, set logged_in. */
async function startCustomerSession(x: Exchange, customerId: string): Promise<void> {
  await x.sessions.save(x.sessionId, { customerId });
  await meshRequest('carts', 'GET', `/carts/${encodeURIComponent(customerId)}/merge?sessionId=${encodeURIComponent(x.sessionId)}`).catch(() => undefined);
  x.setCookies.push(setCookie(LOGGED_IN_COOKIE, x.sessionId, { maxAgeSeconds: LOGGED_IN_MAX_AGE_SECONDS }));
}

interface HalList<K extends string, T> {
  _embedded?: Record<K, T[]>;
}

/**
 * api/user/index.js GET /address and GET /card: 200 with the customer's first address, or {"number": last 4 digits}
 * of the first card; 200 with {"status_code":500} when there is none (also for an anonymous visitor, whose session id
 * the user service does not know).
 */
async function firstOf(x: Exchange, kind: 'addresses' | 'cards', rel: 'address' | 'card'): Promise<ApiAnswer> {
  const custId = await customerIdOf(x);
  const list = await meshJson<HalList<typeof rel, Record<string, unknown>>>('user', 'GET', `/customers/${encodeURIComponent(custId)}/${kind}`).catch(() => ({}) as HalList<typeof rel, Record<string, unknown>>);
  const first = list._embedded?.[rel]?.[0];
  if (!first) return json(200, { status_code: 500 });
  return json(200, rel === 'card' ? { number: String(first.longNum ?? '').slice(-4) } : first);
}

async function addOwned(x: Exchange, path: '/addresses' | '/cards'): Promise<ApiAnswer> {
  requireLogin(x);
  const body = { ...(x.body && typeof x.body === 'object' ? x.body : {}), userID: await customerIdOf(x) };
  return passThrough(await meshRequest('user', 'POST', path, { body }), 200);
}

async function placeOrder(x: Exchange): Promise<ApiAnswer> {
  requireLogin(x);
  const custId = await customerIdOf(x);
  const customer = await meshJson<{ _links: Record<string, { href: string }> }>('user', 'GET', `/customers/${encodeURIComponent(custId)}`);
  const firstLink = async (href: string | undefined, rel: 'address' | 'card') => {
    if (!href) return undefined;
    const { service, path } = parseServiceLink(href, rel);
    const list = await meshJson<HalList<typeof rel, { _links?: { self?: { href: string } } }>>(service, 'GET', path);
    return list._embedded?.[rel]?.[0]?._links?.self?.href;
  };
  const [address, card] = await Promise.all([firstLink(customer._links.addresses?.href, 'address'), firstLink(customer._links.cards?.href, 'card')]);
  const order = {
    customer: customer._links.customer?.href,
    address,
    card,
    items: `http://carts/carts/${encodeURIComponent(custId)}/items`,
  };
  return passThrough(await meshRequest('orders', 'POST', '/orders', { body: order, timeoutMs: 10_000 }));
}

const catalogue: ApiHandler = async (x) => {
  const res = await meshRequest('catalogue', 'GET', x.url.pathname + x.url.search);
  // The real front-end answers 200 with whatever catalogue said; images keep their status and type.
  return x.url.pathname.startsWith('/catalogue/images/') ? passThrough(res) : passThrough(res, 200);
};

/** method, path pattern (regex), handler. */
export const apiRoutes: Array<[string, RegExp, ApiHandler]> = [
  ['GET', /^\/catalogue(?:\/.*)?$/, catalogue],
  ['GET', /^\/tags$/, async () => passThrough(await meshRequest('catalogue', 'GET', '/tags'), 200)],
  ['GET', /^\/cart$/, async (x) => passThrough(await meshRequest('carts', 'GET', `/carts/${encodeURIComponent(await customerIdOf(x))}/items`))],
  ['DELETE', /^\/cart$/, async (x) => ({ status: (await meshRequest('carts', 'DELETE', `/carts/${encodeURIComponent(await customerIdOf(x))}`)).status })],
  [
    'DELETE',
    /^\/cart\/([^/]+)$/,
    async (x, [itemId]) => ({
      status: (await meshRequest('carts', 'DELETE', `/carts/${encodeURIComponent(await customerIdOf(x))}/items/${encodeURIComponent(decodeURIComponent(itemId!))}`)).status,
    }),
  ],
  [
    'POST',
    /^\/cart$/,
    async (x) => {
      const sock = await sockFor(field(x.body, 'id'));
      const res = await meshRequest('carts', 'POST', `/carts/${encodeURIComponent(await customerIdOf(x))}/items`, {
        body: { itemId: sock.id, unitPrice: sock.price },
      });
      if (res.status !== 201) throw new HttpError(res.status >= 400 ? res.status : 502, `carts: ${errorMessage(res.body)}`);
      return { status: 201 };
    },
  ],
  [
    'POST',
    /^\/cart\/update$/,
    async (x) => {
      const sock = await sockFor(field(x.body, 'id'));
      const quantity = Number(field(x.body, 'quantity'));
      if (!Number.isInteger(quantity) || quantity < 0) throw new HttpError(400, 'quantity: must be a non-negative integer');
      const res = await meshRequest('carts', 'PATCH', `/carts/${encodeURIComponent(await customerIdOf(x))}/items`, {
        body: { itemId: sock.id, quantity, unitPrice: sock.price },
      });
      if (res.status !== 202) throw new HttpError(res.status >= 400 ? res.status : 502, `carts: ${errorMessage(res.body)}`);
      return { status: 202 };
    },
  ],
  [
    'GET',
    /^\/orders$/,
    async (x) => {
      requireLogin(x);
      const custId = await customerIdOf(x);
      const res = await meshRequest('orders', 'GET', `/orders/search/customerId?sort=date&custId=${encodeURIComponent(custId)}`);
      // api/orders/index.js answers the list with 201 (helpers.respondStatusBody(res, 201, …)), [] when orders says 404.
      if (res.status === 404) return json(201, []);
      if (res.status !== 200) return passThrough(res);
      const list = JSON.parse(res.body.toString('utf8')) as HalList<'customerOrders', unknown>;
      return json(201, list._embedded?.customerOrders ?? []);
    },
  ],
  ['GET', /^\/orders\/.+$/, async (x) => passThrough(await meshRequest('orders', 'GET', x.url.pathname + x.url.search))],
  ['POST', /^\/orders$/, placeOrder],
  [
    'GET',
    /^\/login$/,
    async (x) => {
      const authorization = x.req.headers.authorization;
      if (!authorization) throw new HttpError(401, 'Unauthorized');
      const res = await meshRequest('user', 'GET', '/login', { headers: { authorization } });
      if (res.status !== 200) return { status: 401, contentType: 'text/plain; charset=utf-8', body: 'Unauthorized' };
      const { user } = JSON.parse(res.body.toString('utf8')) as { user: { id: string } };
      await startCustomerSession(x, user.id);
      return { status: 200, contentType: 'text/html; charset=utf-8', body: 'Cookie is set' };
    },
  ],
  [
    'POST',
    /^\/register$/,
    async (x) => {
      const res = await meshRequest('user', 'POST', '/register', { body: x.body ?? {} });
      if (res.status !== 200) return passThrough(res);
      const { id } = JSON.parse(res.body.toString('utf8')) as { id: string };
      await startCustomerSession(x, id);
      return json(200, { id });
    },
  ],
  [
    'GET',
    /^\/customers\/([^/]+)$/,
    // The real front-end ignores the id in the path for a logged-in session and answers with the session's customer.
    async (x, [id]) => passThrough(await meshRequest('user', 'GET', `/customers/${x.loggedIn ? encodeURIComponent(await customerIdOf(x)) : id}`)),
  ],
  ['GET', /^\/card$/, (x) => firstOf(x, 'cards', 'card')],
  ['GET', /^\/address$/, (x) => firstOf(x, 'addresses', 'address')],
  ['POST', /^\/addresses$/, (x) => addOwned(x, '/addresses')],
  ['POST', /^\/cards$/, (x) => addOwned(x, '/cards')],
];

export function findApiRoute(method: string, path: string): { handler: ApiHandler; params: string[] } | null {
  for (const [m, pattern, handler] of apiRoutes) {
    if (m !== method && !(method === 'HEAD' && m === 'GET')) continue;
    const match = pattern.exec(path);
    if (match) return { handler, params: match.slice(1) };
  }
  return null;
}

/**
 * user (Go in the real app), kept in user-db: GET /login (Basic auth) → {"user": Customer} or 401, POST /register,
 * /customers, /addresses, /cards (list, get, create, delete) and a customer's addresses and cards, all HAL.
 */
import { pWaitFor } from '../../../../kit/wait/poll.js';
import { HttpError } from '../../../../kit/http/http-error.js';
import { logLine } from '../../../../kit/http/log-line.js';
import { route, runService, type ServiceRequest } from '../shared/http-service.js';
import { closeStore, connectStore } from '../shared/redis.js';
import { demoUsers } from './demo-users.js';
import { addressHal, cardHal, customerHal, embedded } from './hal.js';
import { UserStore } from './user-store.js';

const redis = connectStore('user', 'user-db');
const store = new UserStore(redis);
let seeded = false;

async function seedWhenStoreIsUp(): Promise<void> {
  const trySeed = () => store.seed(demoUsers).then(() => true, () => false);
  await pWaitFor(trySeed, { interval: 200 });
  seeded = true;
  logLine('user', { event: 'seeded', users: demoUsers.length });
}
void seedWhenStoreIsUp();

function object(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body: must be a JSON object');
  return body as Record<string, unknown>;
}

function text(body: Record<string, unknown>, field: string, required = true): string {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new HttpError(400, `${field}: required`);
    return '';
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new HttpError(400, `${field}: must be a string`);
  return String(value);
}

function basicCredentials(req: ServiceRequest): { username: string; password: string } | null {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function register(req: ServiceRequest) {
  const body = object(req.body);
  const customer = await store.createCustomer({
    username: text(body, 'username'),
    password: text(body, 'password'),
    email: text(body, 'email', false),
    firstName: text(body, 'firstName', false),
    lastName: text(body, 'lastName', false),
  });
  return { body: { id: customer.id } };
}

async function ownerOf(body: Record<string, unknown>): Promise<string> {
  const userId = text(body, 'userID');
  if (!(await store.customer(userId))) throw new HttpError(404, `customer ${userId} not found`);
  return userId;
}

const notFound = (what: string): never => {
  throw new HttpError(404, `${what} not found`);
};

await runService({
  name: 'user',
  errorStyle: 'go-kit',
  healthy: () => seeded,
  routes: [
    route('GET', '/login', async (req) => {
      const credentials = basicCredentials(req);
      const customer = credentials && (await store.authenticate(credentials.username, credentials.password));
      if (!customer) throw new HttpError(401, 'Unauthorized');
      return { body: { user: customerHal(customer) } };
    }),
    route('POST', '/register', register),
    route('GET', '/customers', async () => ({ body: embedded('customer', (await store.customers()).map(customerHal), '/customers') })),
    route('POST', '/customers', register),
    route('GET', '/customers/:id', async (req) => ({ body: customerHal((await store.customer(req.params.id!)) ?? notFound('customer')) })),
    route('DELETE', '/customers/:id', async (req) => ({ body: { status: await store.deleteCustomer(req.params.id!) } })),
    route('GET', '/customers/:id/addresses', async (req) => ({
      body: embedded('address', (await store.addresses(req.params.id!)).map(addressHal), `/customers/${req.params.id}/addresses`),
    })),
    route('GET', '/customers/:id/cards', async (req) => ({
      body: embedded('card', (await store.cards(req.params.id!)).map(cardHal), `/customers/${req.params.id}/cards`),
    })),
    route('GET', '/addresses', async () => ({ body: embedded('address', (await store.allAddresses()).map(addressHal), '/addresses') })),
    route('POST', '/addresses', async (req) => {
      const body = object(req.body);
      const address = await store.addAddress(await ownerOf(body), {
        number: text(body, 'number', false),
        street: text(body, 'street'),
        city: text(body, 'city'),
        postcode: text(body, 'postcode'),
        country: text(body, 'country'),
      });
      return { body: { id: address.id } };
    }),
    route('GET', '/addresses/:id', async (req) => ({ body: addressHal((await store.address(req.params.id!)) ?? notFound('address')) })),
    route('DELETE', '/addresses/:id', async (req) => ({ body: { status: await store.deleteAddress(req.params.id!) } })),
    route('GET', '/cards', async () => ({ body: embedded('card', (await store.allCards()).map(cardHal), '/cards') })),
    route('POST', '/cards', async (req) => {
      const body = object(req.body);
      const card = await store.addCard(await ownerOf(body), {
        longNum: text(body, 'longNum'),
        expires: text(body, 'expires'),
        ccv: text(body, 'ccv'),
      });
      return { body: { id: card.id } };
    }),
    route('GET', '/cards/:id', async (req) => ({ body: cardHal((await store.card(req.params.id!)) ?? notFound('card')) })),
    route('DELETE', '/cards/:id', async (req) => ({ body: { status: await store.deleteCard(req.params.id!) } })),
  ],
  onShutdown: () => closeStore(redis),
});

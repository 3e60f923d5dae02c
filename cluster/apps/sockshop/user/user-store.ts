/**
 * Customers, addresses and cards in user-db (Redis with AOF fsync on every write): JSON records under
 * `customer:{id}`, `address:{id}`, `card:{id}`, a `username:{name}` → id index, and per-customer lists of address
 * and card ids. A new customer is one Lua script that only writes if the username is still free.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { HttpError } from '../../../../kit/http/http-error.js';
import { objectId, type Address, type Card } from '../shared/model.js';
import { storeCall } from '../shared/redis.js';
import type { DemoUser } from './demo-users.js';

const STORE = 'user-db';

export interface CustomerRecord {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  salt: string;
  passwordHash: string;
}

export interface NewCustomer {
  username: string;
  password: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** KEYS username index, customer record; ARGV id, record JSON. 0 when the username is taken. */
const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SADD', 'customers', ARGV[1])
return 1
`;

function hashPassword(password: string, salt: string): string {
  return createHash('sha256').update(salt).update(password).digest('hex');
}

export class UserStore {
  constructor(private readonly redis: Redis) {}

  private async getJson<T>(key: string, what: string): Promise<T | null> {
    const raw = await storeCall(STORE, what, () => this.redis.get(key));
    return raw ? (JSON.parse(raw) as T) : null;
  }

  async customer(id: string): Promise<CustomerRecord | null> {
    return this.getJson<CustomerRecord>(`customer:${id}`, 'reading a customer');
  }

  async customers(): Promise<CustomerRecord[]> {
    const ids = await storeCall(STORE, 'listing customers', () => this.redis.smembers('customers'));
    const all = await Promise.all(ids.sort().map((id) => this.customer(id)));
    return all.filter((c): c is CustomerRecord => c !== null);
  }

  /** The customer whose username and password match, else null. */
  async authenticate(username: string, password: string): Promise<CustomerRecord | null> {
    const id = await storeCall(STORE, 'looking up a username', () => this.redis.get(`username:${username}`));
    if (!id) return null;
    const customer = await this.customer(id);
    return customer && customer.passwordHash === hashPassword(password, customer.salt) ? customer : null;
  }

  async createCustomer(input: NewCustomer, id = objectId()): Promise<CustomerRecord> {
    const salt = randomBytes(8).toString('hex');
    const record: CustomerRecord = {
      id,
      username: input.username,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      salt,
      passwordHash: hashPassword(input.password, salt),
    };
    const nameKey = `username:${input.username}`;
    const created = await storeCall(STORE, 'creating a customer', () =>
      this.redis.eval(CREATE_SCRIPT, 2, nameKey, `customer:${id}`, id, JSON.stringify(record)),
    );
    if (!created) throw new HttpError(409, `username ${JSON.stringify(input.username)} is already taken`);
    return record;
  }

  async addresses(customerId: string): Promise<Address[]> {
    const ids = await storeCall(STORE, 'listing addresses', () => this.redis.lrange(`customer:${customerId}:addresses`, 0, -1));
    return (await Promise.all(ids.map((id) => this.address(id)))).filter((a): a is Address => a !== null);
  }

  async cards(customerId: string): Promise<Card[]> {
    const ids = await storeCall(STORE, 'listing cards', () => this.redis.lrange(`customer:${customerId}:cards`, 0, -1));
    return (await Promise.all(ids.map((id) => this.card(id)))).filter((c): c is Card => c !== null);
  }

  async allAddresses(): Promise<Address[]> {
    const customers = await this.customers();
    return (await Promise.all(customers.map((c) => this.addresses(c.id)))).flat();
  }

  async allCards(): Promise<Card[]> {
    const customers = await this.customers();
    return (await Promise.all(customers.map((c) => this.cards(c.id)))).flat();
  }

  address(id: string): Promise<Address | null> {
    return this.getJson<Address>(`address:${id}`, 'reading an address');
  }

  card(id: string): Promise<Card | null> {
    return this.getJson<Card>(`card:${id}`, 'reading a card');
  }

  async addAddress(customerId: string, fields: Omit<Address, 'id'>, id = objectId()): Promise<Address> {
    const address: Address = { id, ...fields };
    await storeCall(STORE, 'adding an address', () =>
      this.redis.multi().set(`address:${id}`, JSON.stringify(address)).rpush(`customer:${customerId}:addresses`, id).exec(),
    );
    return address;
  }

  async addCard(customerId: string, fields: Omit<Card, 'id'>, id = objectId()): Promise<Card> {
    const card: Card = { id, ...fields };
    await storeCall(STORE, 'adding a card', () =>
      this.redis.multi().set(`card:${id}`, JSON.stringify(card)).rpush(`customer:${customerId}:cards`, id).exec(),
    );
    return card;
  }

  async deleteCustomer(id: string): Promise<boolean> {
    const customer = await this.customer(id);
    if (!customer) return false;
    await storeCall(STORE, 'deleting a customer', () =>
      this.redis.multi().del(`customer:${id}`, `username:${customer.username}`).srem('customers', id).exec(),
    );
    return true;
  }

  async deleteAddress(id: string): Promise<boolean> {
    return (await storeCall(STORE, 'deleting an address', () => this.redis.del(`address:${id}`))) > 0;
  }

  async deleteCard(id: string): Promise<boolean> {
    return (await storeCall(STORE, 'deleting a card', () => this.redis.del(`card:${id}`))) > 0;
  }

  /** Creates the demo accounts that are not there yet (a restarted user-db keeps them, and everything else). */
  async seed(users: readonly DemoUser[]): Promise<void> {
    for (const user of users) {
      const exists = await storeCall(STORE, 'seeding', () => this.redis.exists(`username:${user.username}`));
      if (exists) continue;
      await this.createCustomer(user, user.id);
      const { id: addressId, ...address } = user.address;
      await this.addAddress(user.id, address, addressId);
      const { id: cardId, ...card } = user.card;
      await this.addCard(user.id, card, cardId);
    }
  }
}

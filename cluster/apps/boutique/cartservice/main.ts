/** cartservice: AddItem (same product adds up), GetCart, EmptyCart, kept in Redis (redis-cart). */
import { z } from 'zod';
import { tcpServiceAddress } from '../../../lib/service-calls.js';
import { cartItemSchema, idField, parseRequest } from '../shared/messages.js';
import { logLine } from '../../../../kit/http/log-line.js';
import { runRpcService } from '../shared/rpc-server.js';
import { RedisCartStore } from './redis-cart-store.js';

const addItemRequest = z.object({ user_id: idField, item: cartItemSchema });
const userRequest = z.object({ user_id: idField });

const { host, port } = tcpServiceAddress('redis-cart');
const store = new RedisCartStore({
  host,
  port,
  onEvent: (event, detail) => logLine('cartservice', { event, ...(detail ? { message: detail } : {}) }),
});

await runRpcService({
  service: 'cartservice',
  methods: {
    AddItem: async (body) => {
      const { user_id, item } = parseRequest(addItemRequest, body);
      await store.addItem(user_id, item);
      return {};
    },
    GetCart: (body) => store.getCart(parseRequest(userRequest, body).user_id),
    EmptyCart: async (body) => {
      await store.emptyCart(parseRequest(userRequest, body).user_id);
      return {};
    },
  },
  onShutdown: () => store.close(),
});

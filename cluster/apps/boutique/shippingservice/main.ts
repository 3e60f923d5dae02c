/** shippingservice: GetQuote (USD 8.99 per non-empty order) and ShipOrder (a tracking id). */
import { z } from 'zod';
import { addressSchema, cartItemSchema, parseRequest } from '../shared/messages.js';
import { runRpcService } from '../shared/rpc-server.js';
import { createTrackingId, quoteShipping, trackingSalt } from './shipping.js';

const shippingRequest = z.object({
  address: addressSchema,
  items: z.array(cartItemSchema).max(1000, 'must have at most 1000 items').default([]),
});

await runRpcService({
  service: 'shippingservice',
  methods: {
    GetQuote: (body) => ({ cost_usd: quoteShipping(parseRequest(shippingRequest, body).items) }),
    ShipOrder: (body) => ({ tracking_id: createTrackingId(trackingSalt(parseRequest(shippingRequest, body).address)) }),
  },
});

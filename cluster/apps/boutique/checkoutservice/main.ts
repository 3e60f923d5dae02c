/** checkoutservice: PlaceOrder orchestrates cart, catalog, currency, shipping, payment and email. */
import { z } from 'zod';
import { addressSchema, creditCardSchema, currencyCodeField, emailField, idField, parseRequest } from '../shared/messages.js';
import { logLine } from '../../../../kit/http/log-line.js';
import { runRpcService } from '../shared/rpc-server.js';
import { placeOrder } from './place-order.js';

const placeOrderRequest = z.object({
  user_id: idField,
  user_currency: currencyCodeField,
  address: addressSchema,
  email: emailField,
  credit_card: creditCardSchema,
});

await runRpcService({
  service: 'checkoutservice',
  methods: {
    PlaceOrder: (body) => placeOrder(parseRequest(placeOrderRequest, body), (fields) => logLine('checkoutservice', fields)),
  },
});

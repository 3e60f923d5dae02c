/** emailservice: SendOrderConfirmation logs the confirmation it would mail (no mail is sent, as in the demo). */
import { z } from 'zod';
import { emailField, moneySchema, parseRequest } from '../shared/messages.js';
import { logLine } from '../../../../kit/http/log-line.js';
import { runRpcService } from '../shared/rpc-server.js';

const confirmationRequest = z.object({
  email: emailField,
  order: z.object({
    order_id: z.string().min(1, 'must not be empty').max(256),
    shipping_tracking_id: z.string().max(256).default(''),
    shipping_cost: moneySchema.optional(),
    items: z.array(z.object({ item: z.object({ product_id: z.string(), quantity: z.number() }), cost: moneySchema })).max(1000).default([]),
  }),
});

await runRpcService({
  service: 'emailservice',
  methods: {
    SendOrderConfirmation: (body) => {
      const { email, order } = parseRequest(confirmationRequest, body);
      logLine('emailservice', {
        event: 'order-confirmation',
        message: `A request to send order confirmation email to ${email} has been received.`,
        order_id: order.order_id,
        tracking_id: order.shipping_tracking_id,
        items: order.items.length,
      });
      return {};
    },
  },
});

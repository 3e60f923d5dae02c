/**
 * payment (Go in the real app): POST /paymentAuth {"amount"} → {"authorised","message"}.
 * Env DECLINE_OVER_AMOUNT (default 100), like the real service's -decline flag.
 */
import { HttpError } from '../../../../kit/http/http-error.js';
import { route, runService } from '../shared/http-service.js';
import { authorise, DEFAULT_DECLINE_OVER_AMOUNT } from './authorise.js';

const raw = process.env.DECLINE_OVER_AMOUNT;
const declineOverAmount = raw ? Number(raw) : DEFAULT_DECLINE_OVER_AMOUNT;
if (!Number.isFinite(declineOverAmount) || declineOverAmount < 0) {
  process.stderr.write(`payment: DECLINE_OVER_AMOUNT must be a non-negative number, got ${JSON.stringify(raw)}\n`);
  process.exit(2);
}

await runService({
  name: 'payment',
  errorStyle: 'go-kit',
  routes: [
    route('POST', '/paymentAuth', (req) => {
      const amount = (req.body as { amount?: unknown } | undefined)?.amount;
      if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) throw new HttpError(400, 'Invalid payment amount');
      return { body: authorise(amount, declineOverAmount) };
    }),
  ],
});

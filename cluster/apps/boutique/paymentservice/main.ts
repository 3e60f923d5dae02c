/** paymentservice: Charge validates the card (Visa/MasterCard, Luhn, not expired) and returns a transaction id. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { creditCardSchema, moneySchema, parseRequest } from '../shared/messages.js';
import { RpcError } from '../shared/rpc-errors.js';
import { logLine } from '../../../../kit/http/log-line.js';
import { runRpcService } from '../shared/rpc-server.js';
import { CardError, checkCard } from './card.js';

const chargeRequest = z.object({ amount: moneySchema, credit_card: creditCardSchema });

await runRpcService({
  service: 'paymentservice',
  methods: {
    Charge: (body) => {
      const { amount, credit_card } = parseRequest(chargeRequest, body);
      let cardType: string;
      try {
        cardType = checkCard(credit_card);
      } catch (err) {
        if (err instanceof CardError) throw new RpcError('INVALID_ARGUMENT', err.message);
        throw err;
      }
      const transaction_id = randomUUID();
      logLine('paymentservice', {
        event: 'transaction-processed',
        message: `Transaction processed: ${cardType} ending ${credit_card.credit_card_number.slice(-4)} Amount: ${amount.currency_code}${amount.units}.${amount.nanos}`,
        transaction_id,
      });
      return { transaction_id };
    },
  },
});

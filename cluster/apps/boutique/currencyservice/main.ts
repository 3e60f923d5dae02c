/** currencyservice: GetSupportedCurrencies and Convert (EUR-based, floored like the real Node service). */
import { z } from 'zod';
import { currencyCodeField, moneySchema, parseRequest } from '../shared/messages.js';
import { convertMoney, MoneyError } from '../shared/money.js';
import { RpcError } from '../shared/rpc-errors.js';
import { runRpcService } from '../shared/rpc-server.js';
import { eurRates, supportedCurrencies } from './rates.js';

const convertRequest = z.object({ from: moneySchema, to_code: currencyCodeField });

function requireSupported(code: string, field: string): void {
  if (!Object.hasOwn(eurRates, code)) throw new RpcError('INVALID_ARGUMENT', `${field}: unsupported currency "${code}"`);
}

await runRpcService({
  service: 'currencyservice',
  methods: {
    GetSupportedCurrencies: () => ({ currency_codes: [...supportedCurrencies] }),
    Convert: (body) => {
      const { from, to_code } = parseRequest(convertRequest, body);
      requireSupported(from.currency_code, 'from.currency_code');
      requireSupported(to_code, 'to_code');
      if (from.units < 0 || from.nanos < 0) throw new RpcError('INVALID_ARGUMENT', 'from: amount must not be negative');
      try {
        return convertMoney(from, to_code, eurRates);
      } catch (err) {
        if (err instanceof MoneyError) throw new RpcError('INVALID_ARGUMENT', `from: ${err.message}`);
        throw err;
      }
    },
  },
});

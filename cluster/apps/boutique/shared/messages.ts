/**
 * Validation of the boutique RPC request messages (zod schemas over the JSON of shared/api.ts). A request that does
 * not fit is rejected with INVALID_ARGUMENT naming the field and the reason.
 */
import { z } from 'zod';
import { RpcError } from './rpc-errors.js';
import { moneyProblem } from './money.js';

const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;

/** An int32 proto field: any value in range is valid, negatives included (the real services accept them). */
const int32Field = () => z.number().int('must be an integer').min(INT32_MIN, 'must fit in int32').max(INT32_MAX, 'must fit in int32');

/** A string capped in characters (code points), as the frontend's `max` counts them, not UTF-16 units. */
const maxChars = (n: number) => z.string().refine((s) => [...s].length <= n, `must be at most ${n} characters`);

/** A non-empty identifier (user id, product id) of bounded length. */
export const idField = z
  .string()
  .max(256, 'must be at most 256 characters')
  .refine((s) => s.trim() !== '', 'must not be empty');

export const currencyCodeField = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as "EUR"');

export const moneySchema = z
  .object({
    currency_code: currencyCodeField,
    units: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer'),
    nanos: z.number().int().default(0),
  })
  .superRefine((m, ctx) => {
    const problem = moneyProblem(m);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const cartItemSchema = z.object({
  product_id: idField,
  quantity: z.number().int('must be an integer').min(1, 'must be at least 1').max(INT32_MAX, 'must fit in int32'),
});

export const addressSchema = z.object({
  street_address: maxChars(512),
  city: maxChars(128),
  state: maxChars(128),
  country: maxChars(128),
  zip_code: int32Field(),
});

export const creditCardSchema = z.object({
  credit_card_number: z.string().max(64, 'must be at most 64 characters'),
  credit_card_cvv: int32Field(),
  credit_card_expiration_year: int32Field(),
  credit_card_expiration_month: int32Field(),
});

export const emailField = z.string().trim().min(1, 'must not be empty').max(320, 'must be at most 320 characters');

/** Parses `body` with `schema`, or throws INVALID_ARGUMENT like `user_id: must not be empty`. */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const message = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'request'}: ${issue.message}`)
    .join('; ');
  throw new RpcError('INVALID_ARGUMENT', message);
}

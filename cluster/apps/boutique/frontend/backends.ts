/**
 * The frontend's calls to the boutique backends (the real frontend's rpc.go), each one RPC through the mesh.
 * Failures are turned into RpcFailure, whose message reads like the gRPC error the real frontend would show.
 */
import { callService, ServiceCallError } from '../../../lib/service-calls.js';
import { rpc, type Ad, type Address, type CartItem, type Money, type OrderResult, type Product, type PlaceOrderRequest } from '../shared/api.js';

/** Currencies the frontend offers, whatever else the currency service supports. */
const WHITELISTED_CURRENCIES = new Set(['USD', 'EUR', 'CAD', 'JPY', 'GBP', 'TRY']);

/** Deadline of ordinary calls (env RPC_TIMEOUT_MS); the ad call has its own 100 ms like the real frontend. */
const CALL_TIMEOUT_MS = positiveInt(process.env.RPC_TIMEOUT_MS) ?? 5000;
const AD_TIMEOUT_MS = 100;

function positiveInt(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : undefined;
}

const grpcCodeOfStatus: Readonly<Record<number, string>> = {
  400: 'InvalidArgument',
  404: 'NotFound',
  413: 'ResourceExhausted',
  503: 'Unavailable',
  504: 'DeadlineExceeded',
};

/** A failed backend call, with the text Go's gRPC client would give: `rpc error: code = X desc = …`. */
export class RpcFailure extends Error {
  constructor(
    readonly service: string,
    readonly method: string,
    message: string,
  ) {
    super(message);
    this.name = 'RpcFailure';
  }
}

async function call<T>(service: string, path: string, body: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
  try {
    return await callService<T>(service, path, body, { timeoutMs });
  } catch (err) {
    if (err instanceof ServiceCallError) {
      // mesh-client prefixes `<service><path>: [<status> ]`; the gRPC-style text carries only the callee's message.
      const withStatus = `${service}${path}: ${err.status} `;
      const bare = `${service}${path}: `;
      const desc = err.message.startsWith(withStatus)
        ? err.message.slice(withStatus.length)
        : err.message.startsWith(bare)
          ? err.message.slice(bare.length)
          : err.message;
      const code = grpcCodeOfStatus[err.status] ?? (err.status === 500 ? 'Internal' : 'Unknown');
      throw new RpcFailure(service, path, `rpc error: code = ${code} desc = ${desc}`);
    }
    throw new RpcFailure(service, path, `rpc error: code = Unknown desc = ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function getCurrencies(): Promise<string[]> {
  const res = await call<{ currency_codes?: string[] }>('currencyservice', rpc.currencyservice.GetSupportedCurrencies, {});
  return (res?.currency_codes ?? []).filter((c) => WHITELISTED_CURRENCIES.has(c));
}

export async function getProducts(): Promise<Product[]> {
  const res = await call<{ products?: Product[] }>('productcatalogservice', rpc.productcatalogservice.ListProducts, {});
  return res?.products ?? [];
}

export function getProduct(id: string): Promise<Product> {
  return call<Product>('productcatalogservice', rpc.productcatalogservice.GetProduct, { id });
}

export async function getCart(userId: string): Promise<CartItem[]> {
  const res = await call<{ items?: CartItem[] }>('cartservice', rpc.cartservice.GetCart, { user_id: userId });
  return res?.items ?? [];
}

export async function emptyCart(userId: string): Promise<void> {
  await call('cartservice', rpc.cartservice.EmptyCart, { user_id: userId });
}

export async function insertCart(userId: string, productId: string, quantity: number): Promise<void> {
  await call('cartservice', rpc.cartservice.AddItem, { user_id: userId, item: { product_id: productId, quantity } });
}

/** Always a Convert call, even to the same currency (the real frontend never skips it). */
export function convertCurrency(money: Money, toCode: string): Promise<Money> {
  return call<Money>('currencyservice', rpc.currencyservice.Convert, { from: money, to_code: toCode });
}

/** The real frontend asks for a quote with no address; proto3 gives the backend an all-zero Address. */
const EMPTY_ADDRESS: Address = { street_address: '', city: '', state: '', country: '', zip_code: 0 };

export async function getShippingQuote(items: CartItem[], currency: string): Promise<Money> {
  const quote = await call<{ cost_usd: Money }>('shippingservice', rpc.shippingservice.GetQuote, { address: EMPTY_ADDRESS, items });
  try {
    return await convertCurrency(quote.cost_usd, currency);
  } catch (err) {
    throw new RpcFailure('currencyservice', rpc.currencyservice.Convert, `${(err as Error).message}\nfailed to convert currency for shipping cost`);
  }
}

/** Recommended products: ListRecommendations, then GetProduct for each id in turn, keeping the first four. */
export async function getRecommendations(userId: string, productIds: string[]): Promise<Product[]> {
  const res = await call<{ product_ids?: string[] }>('recommendationservice', rpc.recommendationservice.ListRecommendations, {
    user_id: userId,
    product_ids: productIds,
  });
  const out: Product[] = [];
  for (const id of res?.product_ids ?? []) {
    try {
      out.push(await getProduct(id));
    } catch (err) {
      throw new RpcFailure('productcatalogservice', rpc.productcatalogservice.GetProduct, `${(err as Error).message}\nfailed to get recommended product info (#${id})`);
    }
  }
  return out.slice(0, 4);
}

export async function getAds(contextKeys: string[]): Promise<Ad[]> {
  const res = await call<{ ads?: Ad[] }>('adservice', rpc.adservice.GetAds, { context_keys: contextKeys }, AD_TIMEOUT_MS);
  return res?.ads ?? [];
}

export async function placeOrder(request: PlaceOrderRequest): Promise<OrderResult> {
  const res = await call<{ order: OrderResult }>('checkoutservice', rpc.checkoutservice.PlaceOrder, request);
  if (!res?.order) throw new RpcFailure('checkoutservice', rpc.checkoutservice.PlaceOrder, 'rpc error: code = Internal desc = empty PlaceOrder response');
  return res.order;
}

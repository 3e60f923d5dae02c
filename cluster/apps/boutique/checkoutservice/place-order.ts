/**
 * PlaceOrder, following the real Go checkoutservice call for call: GetCart; per item GetProduct + Convert;
 * Shipping.GetQuote + Convert; Payment.Charge(total); Shipping.ShipOrder; Cart.EmptyCart (error ignored);
 * Email.SendOrderConfirmation (failure only logged).
 */
import { randomUUID } from 'node:crypto';
import { callService } from '../../../lib/service-calls.js';
import { rpc, type Cart, type CartItem, type Money, type OrderItem, type OrderResult, type Product, type PlaceOrderRequest } from '../shared/api.js';
import { multiplyMoney, sumMoney, zeroMoney } from '../shared/money.js';
import { downstreamError, RpcError } from '../shared/rpc-errors.js';

/** How the order's calls reach the other services (callService in a pod; tests may pass their own). */
export type Caller = <T>(service: string, path: string, body: unknown) => Promise<T>;

const meshCaller: Caller = (service, path, body) => callService(service, path, body);

export type Logger = (fields: Record<string, unknown>) => void;

async function prepareOrder(call: Caller, req: PlaceOrderRequest): Promise<{ cartItems: CartItem[]; orderItems: OrderItem[]; shippingCost: Money }> {
  const cart = await call<Cart>('cartservice', rpc.cartservice.GetCart, { user_id: req.user_id }).catch((err: unknown) => {
    throw downstreamError(err, 'INTERNAL', 'failed to prepare order: failed to get user cart during checkout');
  });
  const cartItems = cart.items ?? [];

  const orderItems: OrderItem[] = [];
  for (const item of cartItems) {
    const product = await call<Product>('productcatalogservice', rpc.productcatalogservice.GetProduct, { id: item.product_id }).catch((err: unknown) => {
      throw downstreamError(err, 'INTERNAL', `failed to prepare order: failed to get product #"${item.product_id}"`);
    });
    const cost = await call<Money>('currencyservice', rpc.currencyservice.Convert, { from: product.price_usd, to_code: req.user_currency }).catch(
      (err: unknown) => {
        throw downstreamError(err, 'INTERNAL', `failed to prepare order: failed to convert price of "${item.product_id}" to ${req.user_currency}`);
      },
    );
    orderItems.push({ item: { product_id: item.product_id, quantity: item.quantity }, cost });
  }

  const quote = await call<{ cost_usd: Money }>('shippingservice', rpc.shippingservice.GetQuote, { address: req.address, items: cartItems }).catch(
    (err: unknown) => {
      throw downstreamError(err, 'INTERNAL', 'failed to prepare order: failed to get shipping quote');
    },
  );
  const shippingCost = await call<Money>('currencyservice', rpc.currencyservice.Convert, { from: quote.cost_usd, to_code: req.user_currency }).catch(
    (err: unknown) => {
      throw downstreamError(err, 'INTERNAL', 'failed to prepare order: failed to convert shipping cost to currency');
    },
  );
  return { cartItems, orderItems, shippingCost };
}

function orderTotal(currency: string, shippingCost: Money, orderItems: OrderItem[]): Money {
  try {
    let total = sumMoney(zeroMoney(currency), shippingCost);
    for (const { item, cost } of orderItems) total = sumMoney(total, multiplyMoney(cost, item.quantity));
    return total;
  } catch (err) {
    throw new RpcError('INVALID_ARGUMENT', `failed to total the order: ${(err as Error).message}`);
  }
}

export async function placeOrder(req: PlaceOrderRequest, log: Logger, call: Caller = meshCaller): Promise<{ order: OrderResult }> {
  const orderId = randomUUID();
  const { cartItems, orderItems, shippingCost } = await prepareOrder(call, req);
  const total = orderTotal(req.user_currency, shippingCost, orderItems);

  const { transaction_id } = await call<{ transaction_id: string }>('paymentservice', rpc.paymentservice.Charge, {
    amount: total,
    credit_card: req.credit_card,
  }).catch((err: unknown) => {
    throw downstreamError(err, 'INTERNAL', 'failed to charge card');
  });
  log({ event: 'payment-went-through', transaction_id, order_id: orderId });

  const { tracking_id } = await call<{ tracking_id: string }>('shippingservice', rpc.shippingservice.ShipOrder, {
    address: req.address,
    items: cartItems,
  }).catch((err: unknown) => {
    throw downstreamError(err, 'UNAVAILABLE', 'shipping error');
  });

  await call('cartservice', rpc.cartservice.EmptyCart, { user_id: req.user_id }).catch(() => undefined);

  const order: OrderResult = {
    order_id: orderId,
    shipping_tracking_id: tracking_id,
    shipping_cost: shippingCost,
    shipping_address: req.address,
    items: orderItems,
  };
  await call('emailservice', rpc.emailservice.SendOrderConfirmation, { email: req.email, order }).then(
    () => log({ event: 'order-confirmation-sent', order_id: orderId, email: req.email }),
    (err: unknown) => log({ event: 'order-confirmation-failed', order_id: orderId, message: (err as Error).message }),
  );
  return { order };
}

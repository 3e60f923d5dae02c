/**
 * The Online Boutique backends' API, as HTTP/JSON over the mesh. Each RPC of the real app's `hipstershop` protos is
 * `POST /hipstershop.<Service>/<Method>` with the request message as JSON (proto field names, snake_case) and the
 * response message as JSON. Errors: non-2xx with `{"code": <grpc code name>, "message": "..."}`
 * (INVALID_ARGUMENT → 400, NOT_FOUND → 404, FAILED_PRECONDITION → 400, UNAVAILABLE → 503, INTERNAL → 500).
 * Every service also answers `GET /_healthz` with `ok`.
 */

export interface Money {
  currency_code: string;
  units: number;
  nanos: number;
}

export interface CartItem {
  product_id: string;
  quantity: number;
}

export interface Cart {
  user_id: string;
  items: CartItem[];
}

export interface Product {
  id: string;
  name: string;
  description: string;
  picture: string;
  price_usd: Money;
  categories: string[];
}

export interface Address {
  street_address: string;
  city: string;
  state: string;
  country: string;
  zip_code: number;
}

export interface CreditCardInfo {
  credit_card_number: string;
  credit_card_cvv: number;
  credit_card_expiration_year: number;
  credit_card_expiration_month: number;
}

export interface OrderItem {
  item: CartItem;
  cost: Money;
}

export interface OrderResult {
  order_id: string;
  shipping_tracking_id: string;
  shipping_cost: Money;
  shipping_address: Address;
  items: OrderItem[];
}

/** checkoutservice PlaceOrder's request. */
export interface PlaceOrderRequest {
  user_id: string;
  user_currency: string;
  address: Address;
  email: string;
  credit_card: CreditCardInfo;
}

export interface Ad {
  redirect_url: string;
  text: string;
}

/** Service name (as in the manifest and the metrics) → role port and RPC paths. */
export const rpc = {
  cartservice: {
    AddItem: '/hipstershop.CartService/AddItem', // {user_id, item: CartItem} → {}
    GetCart: '/hipstershop.CartService/GetCart', // {user_id} → Cart
    EmptyCart: '/hipstershop.CartService/EmptyCart', // {user_id} → {}
  },
  productcatalogservice: {
    ListProducts: '/hipstershop.ProductCatalogService/ListProducts', // {} → {products: Product[]}
    GetProduct: '/hipstershop.ProductCatalogService/GetProduct', // {id} → Product (404 NOT_FOUND if unknown)
    SearchProducts: '/hipstershop.ProductCatalogService/SearchProducts', // {query} → {results: Product[]}
  },
  currencyservice: {
    GetSupportedCurrencies: '/hipstershop.CurrencyService/GetSupportedCurrencies', // {} → {currency_codes: string[]}
    Convert: '/hipstershop.CurrencyService/Convert', // {from: Money, to_code} → Money
  },
  paymentservice: {
    Charge: '/hipstershop.PaymentService/Charge', // {amount: Money, credit_card: CreditCardInfo} → {transaction_id}
  },
  shippingservice: {
    GetQuote: '/hipstershop.ShippingService/GetQuote', // {address, items: CartItem[]} → {cost_usd: Money}
    ShipOrder: '/hipstershop.ShippingService/ShipOrder', // {address, items} → {tracking_id}
  },
  emailservice: {
    SendOrderConfirmation: '/hipstershop.EmailService/SendOrderConfirmation', // {email, order: OrderResult} → {}
  },
  checkoutservice: {
    PlaceOrder: '/hipstershop.CheckoutService/PlaceOrder', // {user_id, user_currency, address, email, credit_card} → {order: OrderResult}
  },
  recommendationservice: {
    ListRecommendations: '/hipstershop.RecommendationService/ListRecommendations', // {user_id, product_ids} → {product_ids}
  },
  adservice: {
    GetAds: '/hipstershop.AdService/GetAds', // {context_keys: string[]} → {ads: Ad[]}
  },
} as const;

export type BoutiqueService = keyof typeof rpc;

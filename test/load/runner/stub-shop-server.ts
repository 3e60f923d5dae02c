// Test-only stand-in for the Online Boutique frontend: the handful of routes the k6 scripts hit, with plausible HTML,
// session cookies, a per-session cart and the shop's checkout validation. It exists because the real look-alike shop
// is not available to these tests; it is not used outside test/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface StubShopOptions {
  /** Extra delay for every product page, to make latency thresholds cross on purpose. */
  productDelayMs?: number;
}

const PRODUCT_IDS = ['OLJCESPC7Z', '66VCHSJNUP', '1YMWWN1N4O', 'L9ECAV7KIM', '2ZYFJ3GM2N', '0PUK6V6EV0', 'LS4PSXUNUM', '9SIQT8TOJO', '6E92ZMYYFZ'];
const CURRENCIES = ['EUR', 'USD', 'JPY', 'GBP', 'TRY', 'CAD'];

function luhnValid(n: string): boolean {
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The first invalid checkout field, checked the way the shop's frontend does, or null. */
function invalidCheckoutField(f: URLSearchParams): string | null {
  const year = new Date().getFullYear();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.get('email') ?? '')) return 'Email';
  const street = f.get('street_address') ?? '';
  if (street === '' || street.length > 512) return 'StreetAddress';
  if (!/^\d+$/.test(f.get('zip_code') ?? '')) return 'ZipCode';
  for (const [field, name] of [['city', 'City'], ['state', 'State'], ['country', 'Country']] as const) {
    const v = f.get(field) ?? '';
    if (v === '' || v.length > 128) return name;
  }
  const card = f.get('credit_card_number') ?? '';
  if (!/^4\d{15}$/.test(card) || !luhnValid(card)) return 'CreditCardNumber';
  const month = Number(f.get('credit_card_expiration_month'));
  if (!(Number.isInteger(month) && month >= 1 && month <= 12)) return 'CreditCardExpirationMonth';
  const expYear = Number(f.get('credit_card_expiration_year'));
  if (!(Number.isInteger(expYear) && expYear > year)) return 'CreditCardExpirationYear';
  if (!/^[1-9]\d{2}$/.test(f.get('credit_card_cvv') ?? '')) return 'CreditCardCVV';
  return null;
}

const page = (main: string, sessionId: string): string =>
  `<!DOCTYPE html><html><head><title>Online Boutique</title></head><body>` +
  `<header><a class="navbar-brand" href="/">Online Boutique</a></header>${main}` +
  `<footer>session-id: ${sessionId}</footer></body></html>`;

export class StubShopServer {
  readonly requests = new Map<string, number>();
  /** Route → count of 4xx/5xx answers. */
  readonly rejected = new Map<string, number>();
  private readonly carts = new Map<string, Map<string, number>>();
  private server: http.Server | undefined;

  constructor(private readonly options: StubShopOptions = {}) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        this.handle(req, res, new URLSearchParams(body)).catch((e: Error) => {
          res.writeHead(500).end(String(e));
        });
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  count(route: string): number {
    return this.requests.get(route) ?? 0;
  }

  /** Every request served so far, of any route. */
  total(): number {
    return [...this.requests.values()].reduce((a, b) => a + b, 0);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, form: URLSearchParams): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = req.method ?? 'GET';
    const cookie = /shop_session-id=([^;]+)/.exec(req.headers.cookie ?? '');
    const sessionId = cookie?.[1] ?? randomUUID();
    if (!cookie) res.setHeader('Set-Cookie', `shop_session-id=${sessionId}; Max-Age=172800`);
    const cart = this.carts.get(sessionId) ?? new Map<string, number>();
    this.carts.set(sessionId, cart);

    const route = `${method} ${url.pathname.startsWith('/product/') ? '/product/{id}' : url.pathname}`;
    this.requests.set(route, this.count(route) + 1);
    const send = (status: number, html: string, headers: Record<string, string> = {}): void => {
      if (status >= 400) this.rejected.set(route, (this.rejected.get(route) ?? 0) + 1);
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...headers }).end(html);
    };

    if (method === 'GET' && url.pathname === '/') {
      const cards = PRODUCT_IDS.map((id) => `<div class="hot-product-card"><a href="/product/${id}">${id}</a></div>`).join('');
      return send(200, page(`<main class="home"><h3>Hot Products</h3>${cards}</main>`, sessionId));
    }
    if (method === 'GET' && url.pathname.startsWith('/product/')) {
      const id = url.pathname.slice('/product/'.length);
      if (this.options.productDelayMs) await new Promise((r) => setTimeout(r, this.options.productDelayMs));
      if (!PRODUCT_IDS.includes(id)) return send(500, page('<h1>Uh, oh!</h1><pre>could not retrieve product</pre>', sessionId));
      return send(200, page(`<div class="h-product"><h2>${id}</h2><button type="submit">Add To Cart</button></div>`, sessionId));
    }
    if (method === 'POST' && url.pathname === '/setCurrency') {
      if (!CURRENCIES.includes(form.get('currency_code') ?? '')) return send(422, "Field 'CurrencyCode' is invalid: iso4217");
      return send(302, '', { Location: req.headers.referer ?? '/', 'Set-Cookie': `shop_currency=${form.get('currency_code')}` });
    }
    if (method === 'GET' && url.pathname === '/cart') {
      if (cart.size === 0) return send(200, page('<section class="empty-cart-section"><h3>Your shopping cart is empty!</h3></section>', sessionId));
      const rows = [...cart].map(([id, q]) => `<div class="cart-summary-item-row">SKU #${id} Quantity: ${q}</div>`).join('');
      return send(200, page(`<div class="cart-summary-section">${rows}<button>Place Order</button></div>`, sessionId));
    }
    if (method === 'POST' && url.pathname === '/cart') {
      const id = form.get('product_id') ?? '';
      const quantity = Number(form.get('quantity'));
      if (!(Number.isInteger(quantity) && quantity >= 1 && quantity <= 10)) return send(422, "Field 'Quantity' is invalid: lte");
      if (!PRODUCT_IDS.includes(id)) return send(500, page('<h1>Uh, oh!</h1>', sessionId));
      cart.set(id, (cart.get(id) ?? 0) + quantity);
      return send(302, '', { Location: '/cart' });
    }
    if (method === 'POST' && url.pathname === '/cart/checkout') {
      const invalid = invalidCheckoutField(form);
      if (invalid) return send(422, `Field '${invalid}' is invalid`);
      cart.clear();
      return send(200, page(`<main class="order"><h3>Your order is complete!</h3>Confirmation # ${randomUUID()}</main>`, sessionId));
    }
    send(404, 'not found');
  }
}

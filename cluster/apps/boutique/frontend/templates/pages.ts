/** The pages of the shop, with the real frontend's element structure, classes, ids, texts and form defaults. */
import type { Ad, Money, OrderResult, Product } from '../../shared/api.js';
import { renderMoney } from '../money.js';
import { html, safeUrl, type SafeHtml } from './html.js';
import { page, type CommonView } from './layout.js';

export interface PricedProduct {
  item: Product;
  price: Money;
}

function picture(baseUrl: string, p: Product): string {
  return safeUrl(/^[a-z][a-z0-9+.-]*:/i.test(p.picture) ? p.picture : `${baseUrl}${p.picture}`);
}

function recommendations(baseUrl: string, products: Product[] | undefined): SafeHtml | '' {
  if (!products || products.length === 0) return '';
  return html`
  <section class="recommendations">
    <div class="container">
      <h2>You May Also Like</h2>
      <div class="recommendations-row">
        ${products.map(
          (p) => html`
        <div class="recommendation">
          <a href="${baseUrl}/product/${p.id}">
            <img alt="${p.name}" src="${picture(baseUrl, p)}">
          </a>
          <div>
            <h5>${p.name}</h5>
          </div>
        </div>`,
        )}
      </div>
    </div>
  </section>`;
}

function textAd(baseUrl: string, ad: Ad): SafeHtml {
  const href = ad.redirect_url.startsWith('/') ? `${baseUrl}${ad.redirect_url}` : ad.redirect_url;
  return html`
    <div class="container ad-container">
      <div role="alert">
        <strong>Ad</strong>
        <a href="${safeUrl(href)}" rel="nofollow" target="_blank">${ad.text}</a>
      </div>
    </div>`;
}

export function homePage(v: CommonView, products: PricedProduct[]): string {
  return page(
    v,
    html`
  <main role="main" class="home">
    <div class="home-hero-banner"></div>
    <div class="container">
      <div class="hot-products-row">
        <h3>Hot Products</h3>
        <div class="hot-products-grid">
          ${products.map(
            (p) => html`
          <div class="hot-product-card">
            <a href="${v.baseUrl}/product/${p.item.id}">
              <img alt="${p.item.name}" src="${picture(v.baseUrl, p.item)}">
              <div class="hot-product-card-img-overlay"></div>
            </a>
            <div>
              <div class="hot-product-card-name">${p.item.name}</div>
              <div class="hot-product-card-price">${renderMoney(p.price)}</div>
            </div>
          </div>`,
          )}
        </div>
      </div>
    </div>
  </main>`,
  );
}

export function productPage(v: CommonView, product: PricedProduct, recs: Product[] | undefined, ad: Ad | undefined): string {
  const p = product.item;
  return page(
    v,
    html`
  <main role="main">
    <div class="h-product container">
      <div class="product-row">
        <div class="product-image-col">
          <img class="product-image" alt="${p.name}" src="${picture(v.baseUrl, p)}">
        </div>
        <div class="product-info">
          <div class="product-wrapper">
            <h2>${p.name}</h2>
            <p class="product-price">${renderMoney(product.price)}</p>
            <p>${p.description}</p>
            <form method="POST" action="${v.baseUrl}/cart">
              <input type="hidden" name="product_id" value="${p.id}">
              <div class="product-quantity-dropdown">
                <label for="quantity">Quantity</label>
                <select name="quantity" id="quantity">
                  <option>1</option>
                  <option>2</option>
                  <option>3</option>
                  <option>4</option>
                  <option>5</option>
                  <option>10</option>
                </select>
              </div>
              <button type="submit" class="cymbal-button-primary">Add To Cart</button>
            </form>
          </div>
        </div>
      </div>
    </div>
    <div>${recommendations(v.baseUrl, recs)}
    </div>
    <div class="ad">${ad ? textAd(v.baseUrl, ad) : ''}
    </div>
  </main>`,
  );
}

export interface CartLine {
  item: Product;
  quantity: number;
  /** Line total: unit price × quantity. */
  price: Money;
}

export interface CartView {
  items: CartLine[];
  shippingCost: Money;
  totalCost: Money;
  expirationYears: number[];
  recommendations?: Product[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function checkoutForm(v: CommonView, years: number[]): SafeHtml {
  return html`
      <div class="cart-checkout-col">
        <form class="cart-checkout-form" action="${v.baseUrl}/cart/checkout" method="POST">
          <h3>Shipping Address</h3>
          <div class="form-row">
            <div class="cymbal-form-field">
              <label for="email">E-mail Address</label>
              <input type="email" id="email" name="email" value="someone@example.com" required>
            </div>
          </div>
          <div class="form-row">
            <div class="cymbal-form-field">
              <label for="street_address">Street Address</label>
              <input type="text" name="street_address" id="street_address" value="1600 Amphitheatre Parkway" required>
            </div>
          </div>
          <div class="form-row">
            <div class="cymbal-form-field">
              <label for="zip_code">Zip Code</label>
              <input type="text" name="zip_code" id="zip_code" value="94043" required pattern="\\d{4,5}">
            </div>
          </div>
          <div class="form-row">
            <div class="cymbal-form-field">
              <label for="city">City</label>
              <input type="text" name="city" id="city" value="Mountain View" required>
            </div>
          </div>
          <div class="form-row form-row-split">
            <div class="cymbal-form-field">
              <label for="state">State</label>
              <input type="text" name="state" id="state" value="CA" required>
            </div>
            <div class="cymbal-form-field">
              <label for="country">Country</label>
              <input type="text" id="country" placeholder="Country Name" name="country" value="United States" required>
            </div>
          </div>
          <h3 class="payment-method-heading">Payment Method</h3>
          <div class="form-row">
            <div class="cymbal-form-field">
              <label for="credit_card_number">Credit Card Number</label>
              <input type="text" id="credit_card_number" name="credit_card_number" placeholder="0000000000000000" value="4432801561520454" required pattern="\\d{16}">
            </div>
          </div>
          <div class="form-row form-row-split">
            <div class="cymbal-form-field">
              <label for="credit_card_expiration_month">Month</label>
              <select name="credit_card_expiration_month" id="credit_card_expiration_month">
                ${MONTHS.map((m, i) => html`<option value="${i + 1}">${m}</option>`)}
              </select>
            </div>
            <div class="cymbal-form-field">
              <label for="credit_card_expiration_year">Year</label>
              <select name="credit_card_expiration_year" id="credit_card_expiration_year">
                ${years.map((y, i) => html`<option value="${y}"${i === 1 ? html` selected="selected"` : ''}>${y}</option>`)}
              </select>
            </div>
            <div class="cymbal-form-field">
              <label for="credit_card_cvv">CVV</label>
              <input type="password" id="credit_card_cvv" name="credit_card_cvv" value="672" required pattern="\\d{3}">
            </div>
          </div>
          <div class="form-row form-row-center">
            <button class="cymbal-button-primary" type="submit">Place Order</button>
          </div>
        </form>
      </div>`;
}

export function cartPage(v: CommonView, cart: CartView): string {
  const body =
    cart.items.length === 0
      ? html`
    <section class="empty-cart-section">
      <h3>Your shopping cart is empty!</h3>
      <p>Items you add to your shopping cart will appear here.</p>
      <a class="cymbal-button-primary" href="${v.baseUrl}/" role="button">Continue Shopping</a>
    </section>`
      : html`
    <section class="container cart-container">
      <div class="cart-summary-section">
        <div class="cart-summary-header">
          <h3>Cart (${v.cartSize ?? 0})</h3>
          <form method="POST" action="${v.baseUrl}/cart/empty">
            <button class="cymbal-button-secondary cart-summary-empty-cart-button" type="submit">Empty Cart</button>
            <a class="cymbal-button-primary" href="${v.baseUrl}/" role="button">Continue Shopping</a>
          </form>
        </div>
        ${cart.items.map(
          (line) => html`
        <div class="cart-summary-item-row">
          <div class="cart-item-image">
            <a href="${v.baseUrl}/product/${line.item.id}">
              <img class="img-fluid" alt="${line.item.name}" src="${picture(v.baseUrl, line.item)}">
            </a>
          </div>
          <div class="cart-item-details">
            <h4>${line.item.name}</h4>
            <div class="cart-summary-item-row-item-id-row">SKU #${line.item.id}</div>
            <div class="cart-item-quantity-row">
              <div>Quantity: ${line.quantity}</div>
              <div class="text-right"><strong>${renderMoney(line.price)}</strong></div>
            </div>
          </div>
        </div>`,
        )}
        <div class="cart-summary-shipping-row">
          <div>Shipping</div>
          <div class="text-right">${renderMoney(cart.shippingCost)}</div>
        </div>
        <div class="cart-summary-total-row">
          <div>Total</div>
          <div class="text-right">${renderMoney(cart.totalCost)}</div>
        </div>
      </div>${checkoutForm(v, cart.expirationYears)}
    </section>`;
  return page(
    v,
    html`
  <main role="main" class="cart-sections">${body}
  </main>${recommendations(v.baseUrl, cart.recommendations)}`,
  );
}

export function orderPage(v: CommonView, order: OrderResult, totalPaid: Money, recs: Product[] | undefined): string {
  return page(
    v,
    html`
  <main role="main" class="order">
    <section class="container order-complete-section">
      <div class="order-heading">
        <h3>Your order is complete!</h3>
        <p>We've sent you a confirmation email.</p>
      </div>
      <div class="order-row border-bottom-solid">
        <div>Confirmation #</div>
        <div class="text-right">${order.order_id}</div>
      </div>
      <div class="order-row border-bottom-solid">
        <div>Tracking #</div>
        <div class="text-right">${order.shipping_tracking_id}</div>
      </div>
      <div class="order-row">
        <div>Total Paid</div>
        <div class="text-right">${renderMoney(totalPaid)}</div>
      </div>
      <div class="form-row-center">
        <a class="cymbal-button-primary" href="${v.baseUrl}/" role="button">Continue Shopping</a>
      </div>
    </section>${recommendations(v.baseUrl, recs)}
  </main>`,
  );
}

export function errorPage(v: CommonView, statusCode: number, statusText: string, error: string): string {
  return page(
    v,
    html`
  <main role="main">
    <div class="py-5">
      <div class="container error-container">
        <h1>Uh, oh!</h1>
        <p>Something has failed. Below are some details for debugging.</p>
        <p><strong>HTTP Status:</strong> ${statusCode} ${statusText}</p>
        <pre class="error-details">${error}</pre>
      </div>
    </div>
  </main>`,
  );
}

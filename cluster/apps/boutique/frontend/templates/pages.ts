/**
 * The pages of the shop. Our own markup, written to the real frontend's DOM contract (src/frontend/templates/*.html
 * at v0.10.x): the same element types, ids, classes, attributes, texts, form fields/defaults and the nesting a locator
 * can depend on. Facts taken over are noted "real: …"; nothing here exists that the real pages lack.
 */
import type { Ad, Money, OrderResult, Product } from '../../shared/api.js';
import { renderMoney } from '../money/money.js';
import { html, safeUrl, type SafeHtml } from './html.js';
import { footer, framedPage, page, type CommonView } from './layout.js';

export interface PricedProduct {
  item: Product;
  price: Money;
}

function picture(baseUrl: string, p: Product): string {
  // real: src is "{{ $.baseUrl }}{{ .Picture }}" (the catalog's path, /static/img/products/<file>.jpg).
  return safeUrl(/^[a-z][a-z0-9+.-]*:/i.test(p.picture) ? p.picture : `${baseUrl}${p.picture}`);
}

/**
 * real: recommendations.html — section.recommendations > div.container > div.row > div.col-xl-10.offset-xl-1 >
 * h2 "You May Also Like" + div.row > one div.col-md-3 per product > div > (a[href={base}/product/ID] > img alt="")
 * + div > h5 with the name. Rendered only when there is at least one recommendation.
 */
function recommendations(baseUrl: string, products: Product[] | undefined): SafeHtml | '' {
  if (!products || products.length === 0) return '';
  return html`
<section class="recommendations">
  <div class="container">
    <div class="row">
      <div class="col-xl-10 offset-xl-1">
        <h2>You May Also Like</h2>
        <div class="row">${products.map(
          (p) => html`
          <div class="col-md-3">
            <div>
              <a href="${baseUrl}/product/${p.id}">
                <img alt="" src="${picture(baseUrl, p)}">
              </a>
              <div>
                <h5>
                  ${p.name}
                </h5>
              </div>
            </div>
          </div>`,
        )}
        </div>
      </div>
    </div>
  </div>
</section>`;
}

/**
 * real: ad.html — div.container.py-3.px-lg-5.py-lg-5 > div[role=alert] > strong "Ad" + a (href = base + the ad's
 * redirect URL, rel "nofollow noopener noreferrer", target _blank) with the ad text.
 */
function textAd(baseUrl: string, ad: Ad): SafeHtml {
  const href = ad.redirect_url.startsWith('/') ? `${baseUrl}${ad.redirect_url}` : ad.redirect_url;
  return html`
<div class="container py-3 px-lg-5 py-lg-5">
  <div role="alert">
    <strong>Ad</strong>
    <a href="${safeUrl(href)}" rel="nofollow noopener noreferrer" target="_blank">
      ${ad.text}
    </a>
  </div>
</div>`;
}

/**
 * real: home.html — main.home > div.home-mobile-hero-banner.d-lg-none (CSS background picture), then
 * div.container-fluid > div.row > div.col-12.col-lg-12.px-10-percent > div.row.hot-products-row.px-xl-6 >
 * div.col-12 > h3 "Hot Products", and per product div.col-md-4.hot-product-card > a[href=/product/ID] >
 * (img loading=lazy, no alt) + div.hot-product-card-img-overlay; then div > div.hot-product-card-name and
 * div.hot-product-card-price. The footer appears twice: in div.row.d-none.d-lg-block.home-desktop-footer-row >
 * div.col-12.p-0 inside main (large screens), and in div.d-lg-none after main (small screens).
 */
export function homePage(v: CommonView, products: PricedProduct[]): string {
  return framedPage(
    v,
    html`
<main role="main" class="home">

  <div class="home-mobile-hero-banner d-lg-none"></div>

  <div class="container-fluid">
    <div class="row">
      <div class="col-12 col-lg-12 px-10-percent">

        <div class="row hot-products-row px-xl-6">
          <div class="col-12">
            <h3>Hot Products</h3>
          </div>${products.map(
            (p) => html`
          <div class="col-md-4 hot-product-card">
            <a href="${v.baseUrl}/product/${p.item.id}">
              <img loading="lazy" src="${picture(v.baseUrl, p.item)}">
              <div class="hot-product-card-img-overlay"></div>
            </a>
            <div>
              <div class="hot-product-card-name">${p.item.name}</div>
              <div class="hot-product-card-price">${renderMoney(p.price)}</div>
            </div>
          </div>`,
          )}
        </div>

        <div class="row d-none d-lg-block home-desktop-footer-row">
          <div class="col-12 p-0">${footer(v)}
          </div>
        </div>

      </div>
    </div>
  </div>

</main>

<div class="d-lg-none">${footer(v)}
</div>
`,
  );
}

/**
 * real: product.html — main > div.h-product.container > div.row > (div.col-md-6 > img.product-image alt="") +
 * div.product-info.col-md-5 > div.product-wrapper > h2 name, p.product-price, p description, form (POST {base}/cart)
 * > input[type=hidden][name=product_id] + div.product-quantity-dropdown > (select#quantity[name=quantity] with
 * options 1 2 3 4 5 10 and no label, img alt="") + button.cymbal-button-primary[type=submit] "Add To Cart".
 * Then a plain div holding the recommendations, and div.ad holding the text ad (both may be empty).
 */
export function productPage(v: CommonView, product: PricedProduct, recs: Product[] | undefined, ad: Ad | undefined): string {
  const p = product.item;
  return page(
    v,
    html`
<main role="main">
  <div class="h-product container">
    <div class="row">
      <div class="col-md-6">
        <img class="product-image" alt="" src="${picture(v.baseUrl, p)}">
      </div>
      <div class="product-info col-md-5">
        <div class="product-wrapper">

          <h2>${p.name}</h2>
          <p class="product-price">${renderMoney(product.price)}</p>
          <p>${p.description}</p>

          <form method="POST" action="${v.baseUrl}/cart">
            <input type="hidden" name="product_id" value="${p.id}">
            <div class="product-quantity-dropdown">
              <select name="quantity" id="quantity">
                <option>1</option>
                <option>2</option>
                <option>3</option>
                <option>4</option>
                <option>5</option>
                <option>10</option>
              </select>
              <img src="${v.baseUrl}/static/icons/Hipster_DownArrow.svg" alt="">
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

// real: cart.html — the month select's option 12 reads "January" (value 12): a slip in the real template that a
// journey choosing months by label would meet, so it is kept.
const MONTH_LABELS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'January'];

/** A labelled form control: real: div.form-row > div.col(-md-N).cymbal-form-field > label[for=id] + input/select. */
function field(cols: string, id: string, label: string, control: SafeHtml, chevron?: SafeHtml): SafeHtml {
  return html`
              <div class="${cols} cymbal-form-field">
                <label for="${id}">${label}</label>
                ${control}${chevron ?? ''}
              </div>`;
}

/**
 * real: cart.html — form.cart-checkout-form (POST {base}/cart/checkout) with headings "Shipping Address" and
 * h3.payment-method-heading "Payment Method" (each in div.row > div.col), fields email, street_address, zip_code
 * (pattern \d{4,5}), city, state, country (placeholder "Country Name"), credit_card_number (placeholder 16 zeros,
 * pattern \d{16}), credit_card_expiration_month (1–12), credit_card_expiration_year (this year + 0..4, the second
 * selected), credit_card_cvv (password, pattern \d{3}), all required, with the real defaults; then a centred
 * button.cymbal-button-primary "Place Order".
 */
function checkoutForm(v: CommonView, years: number[]): SafeHtml {
  const chevron = html`
                <img src="${v.baseUrl}/static/icons/Hipster_DownArrow.svg" alt="" class="cymbal-dropdown-chevron">`;
  return html`
        <div class="col-lg-5 offset-lg-1 col-xl-4">

          <form class="cart-checkout-form" action="${v.baseUrl}/cart/checkout" method="POST">

            <div class="row">
              <div class="col">
                <h3>Shipping Address</h3>
              </div>
            </div>

            <div class="form-row">${field('col', 'email', 'E-mail Address', html`<input type="email" id="email" name="email" value="someone@example.com" required>`)}
            </div>

            <div class="form-row">${field('col', 'street_address', 'Street Address', html`<input type="text" name="street_address" id="street_address" value="1600 Amphitheatre Parkway" required>`)}
            </div>

            <div class="form-row">${field('col', 'zip_code', 'Zip Code', html`<input type="text" name="zip_code" id="zip_code" value="94043" required pattern="\\d{4,5}">`)}
            </div>

            <div class="form-row">${field('col', 'city', 'City', html`<input type="text" name="city" id="city" value="Mountain View" required>`)}
            </div>

            <div class="form-row">${field('col-md-5', 'state', 'State', html`<input type="text" name="state" id="state" value="CA" required>`)}${field(
              'col-md-7',
              'country',
              'Country',
              html`<input type="text" id="country" placeholder="Country Name" name="country" value="United States" required>`,
            )}
            </div>

            <div class="row">
              <div class="col">
                <h3 class="payment-method-heading">Payment Method</h3>
              </div>
            </div>

            <div class="form-row">${field(
              'col',
              'credit_card_number',
              'Credit Card Number',
              html`<input type="text" id="credit_card_number" name="credit_card_number" placeholder="0000000000000000" value="4432801561520454" required pattern="\\d{16}">`,
            )}
            </div>

            <div class="form-row">${field(
              'col-md-5',
              'credit_card_expiration_month',
              'Month',
              html`<select name="credit_card_expiration_month" id="credit_card_expiration_month">${MONTH_LABELS.map(
                (m, i) => html`
                  <option value="${i + 1}">${m}</option>`,
              )}
                </select>`,
              chevron,
            )}${field(
              'col-md-4',
              'credit_card_expiration_year',
              'Year',
              html`<select name="credit_card_expiration_year" id="credit_card_expiration_year">${years.map(
                (y, i) => html`<option value="${y}"${i === 1 ? html` selected="selected"` : ''}>${y}</option>`,
              )}
                </select>`,
              chevron,
            )}${field('col-md-3', 'credit_card_cvv', 'CVV', html`<input type="password" id="credit_card_cvv" name="credit_card_cvv" value="672" required pattern="\\d{3}">`)}
            </div>

            <div class="form-row justify-content-center">
              <div class="col text-center">
                <button class="cymbal-button-primary" type="submit">
                  Place Order
                </button>
              </div>
            </div>

          </form>

        </div>`;
}

/**
 * real: cart.html — main.cart-sections. Empty: section.empty-cart-section > h3 "Your shopping cart is empty!", p, and
 * a.cymbal-button-primary[role=button] "Continue Shopping". Otherwise section.container > div.row >
 * div.col-lg-6.col-xl-5.offset-xl-1.cart-summary-section > (div.row.mb-3.py-2 > div.col-4 > h3 "Cart (N)" +
 * div.col-8 > form (POST {base}/cart/empty) > button.cymbal-button-secondary.cart-summary-empty-cart-button
 * "Empty Cart" + a.cymbal-button-primary[role=button] "Continue Shopping"), one div.row.cart-summary-item-row per line
 * (div.col-md-4 > a[href=/product/ID] > img.img-fluid alt=""; div.col-md-8 > div.row > div.col > h4 name;
 * div.row.cart-summary-item-row-item-id-row > div.col "SKU #ID"; div.row > div.col "Quantity: N" + div.col.text-right >
 * strong line price), div.row.cart-summary-shipping-row and div.row.cart-summary-total-row (div.col label +
 * div.col.text-right amount); then the checkout form's column. The recommendations follow main (not inside it).
 */
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
  <section class="container">
    <div class="row">

      <div class="col-lg-6 col-xl-5 offset-xl-1 cart-summary-section">

        <div class="row mb-3 py-2">
          <div class="col-4 pl-md-0">
            <h3>Cart (${v.cartSize ?? 0})</h3>
          </div>
          <div class="col-8 pr-md-0 text-right">
            <form method="POST" action="${v.baseUrl}/cart/empty">
              <button class="cymbal-button-secondary cart-summary-empty-cart-button" type="submit">
                Empty Cart
              </button>
              <a class="cymbal-button-primary" href="${v.baseUrl}/" role="button">
                Continue Shopping
              </a>
            </form>
          </div>
        </div>
${cart.items.map(
  (line) => html`
        <div class="row cart-summary-item-row">
          <div class="col-md-4 pl-md-0">
            <a href="${v.baseUrl}/product/${line.item.id}">
              <img class="img-fluid" alt="" src="${picture(v.baseUrl, line.item)}">
            </a>
          </div>
          <div class="col-md-8 pr-md-0">
            <div class="row">
              <div class="col">
                <h4>${line.item.name}</h4>
              </div>
            </div>
            <div class="row cart-summary-item-row-item-id-row">
              <div class="col">
                SKU #${line.item.id}
              </div>
            </div>
            <div class="row">
              <div class="col">
                Quantity: ${line.quantity}
              </div>
              <div class="col pr-md-0 text-right">
                <strong>
                  ${renderMoney(line.price)}
                </strong>
              </div>
            </div>
          </div>
        </div>`,
)}

        <div class="row cart-summary-shipping-row">
          <div class="col pl-md-0">Shipping</div>
          <div class="col pr-md-0 text-right">${renderMoney(cart.shippingCost)}</div>
        </div>

        <div class="row cart-summary-total-row">
          <div class="col pl-md-0">Total</div>
          <div class="col pr-md-0 text-right">${renderMoney(cart.totalCost)}</div>
        </div>

      </div>
${checkoutForm(v, cart.expirationYears)}

    </div>
  </section>`;
  return page(
    v,
    html`
<main role="main" class="cart-sections">
${body}

</main>
${recommendations(v.baseUrl, cart.recommendations)}`,
  );
}

/** real: order.html — one row of the order summary: div.row[.border-bottom-solid].padding-y-24 > div.col-6 label + div.col-6.text-right value. */
function orderRow(label: string, value: string, bordered: boolean): SafeHtml {
  return html`
    <div class="row${bordered ? ' border-bottom-solid' : ''} padding-y-24">
      <div class="col-6 pl-md-0">
        ${label}
      </div>
      <div class="col-6 pr-md-0 text-right">
        ${value}
      </div>
    </div>`;
}

/**
 * real: order.html — main.order > section.container.order-complete-section > div.row (div.col-12.text-center > h3
 * "Your order is complete!", div.col-12.text-center > p "We've sent you a confirmation email."), rows
 * "Confirmation #", "Tracking #", "Total Paid", and div.row > div.col-12.text-center > a.cymbal-button-primary
 * [role=button] "Continue Shopping"; the recommendations inside main after the section. No currency form.
 */
export function orderPage(v: CommonView, order: OrderResult, totalPaid: Money, recs: Product[] | undefined): string {
  return page(
    v,
    html`
<main role="main" class="order">

  <section class="container order-complete-section">
    <div class="row">
      <div class="col-12 text-center">
        <h3>
          Your order is complete!
        </h3>
      </div>
      <div class="col-12 text-center">
        <p>We've sent you a confirmation email.</p>
      </div>
    </div>${orderRow('Confirmation #', order.order_id, true)}${orderRow('Tracking #', order.shipping_tracking_id, true)}${orderRow(
      'Total Paid',
      renderMoney(totalPaid),
      false,
    )}
    <div class="row">
      <div class="col-12 text-center">
        <a class="cymbal-button-primary" href="${v.baseUrl}/" role="button">
          Continue Shopping
        </a>
      </div>
    </div>
  </section>
${recommendations(v.baseUrl, recs)}

</main>`,
  );
}

/**
 * real: error.html — main > div.py-5 > div.container.bg-light.py-3.px-lg-5.py-lg-5 > h1 "Uh, oh!", p "Something has
 * failed. Below are some details for debugging.", p > strong "HTTP Status:" + " CODE Text", and
 * pre.border.border-danger.p-3 holding exactly the error text. No currency form, no cart badge.
 */
export function errorPage(v: CommonView, statusCode: number, statusText: string, error: string): string {
  return page(
    v,
    html`
<main role="main">
  <div class="py-5">
    <div class="container bg-light py-3 px-lg-5 py-lg-5">
      <h1>Uh, oh!</h1>
      <p>Something has failed. Below are some details for debugging.</p>

      <p><strong>HTTP Status:</strong> ${statusCode} ${statusText}</p>
      <pre class="border border-danger p-3">${error}</pre>
    </div>
  </div>
</main>
`,
  );
}

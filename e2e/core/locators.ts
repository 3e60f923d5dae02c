/**
 * Every Online Boutique element the journeys use, in one place, by what a shopper sees: roles with their accessible
 * names, form labels, visible text. Where the real pages give an element no user-facing handle (the cards' image
 * links have empty alt text, the currency and quantity pickers have no label), the real templates' own stable classes
 * and form names are used, each saying why. Contract facts are from GoogleCloudPlatform/microservices-demo
 * src/frontend/templates (header, home, product, recommendations, cart, order, error), verified at commit 34ffea91
 * (2026-08) and present since v0.3; the look-alike in cluster/apps/boutique/frontend renders the same contract.
 */
import { by } from './locator.js';

const cartLink = by.role('link', 'Cart icon'); // header.html: <a class="cart-link"><img alt="Cart icon"> [<span>N</span>]</a>

export const header = {
  cartLink,
  /** header.html: span.cart-size-circle inside the cart link, rendered only when the cart is not empty. */
  cartBadge: by.css('.cart-size-circle', 'the badge is a bare number without a label').within(cartLink),
  /** header.html: <select name="currency_code"> in form#currency_form, submitted on change; it has no label. */
  currencySelect: by.css('select[name="currency_code"]', 'the currency picker has no label'),
} as const;

const card = by.css('.hot-product-card', 'home.html: a product card is a div with an image link and two text divs');

export const home = {
  heading: by.role('heading', 'Hot Products', { exact: true }),
  /** Each card: <a href="/product/ID"><img></a> (no alt text, so the link has no name), then name and price texts. */
  card,
  cardLink: by.role('link').within(card),
  cardName: by.css('.hot-product-card-name', 'the name is plain text under the image link').within(card),
  cardPrice: by.css('.hot-product-card-price', 'the price is plain text under the name').within(card),
  /** The image link of the card whose name is exactly this. */
  linkOf: (name: string) => card.filter({ has: by.text(name, { exact: true }) }).find(by.role('link')),
} as const;

const productInfo = by.css('.h-product', 'product.html: the product block; the page has other h2 headings (recommendations)');
const recommendations = by.css('section.recommendations', 'recommendations.html: the section has no accessible name');

export const product = {
  /** The product's name is the block's h2. */
  name: by.role('heading', undefined, { level: 2 }).within(productInfo),
  named: (name: string) => by.role('heading', name, { exact: true, level: 2 }).within(productInfo),
  price: by.css('.product-price', 'the price is a plain paragraph').within(productInfo),
  /** The form's hidden product_id field (form name). */
  productId: by.css('input[name="product_id"]', 'a hidden form field').within(productInfo),
  quantity: by.css('select[name="quantity"]', 'the quantity picker has no label').within(productInfo),
  addToCart: by.role('button', 'Add To Cart'),
  recommendations,
  recommendationHeading: by.role('heading', 'You May Also Like'),
  /** Each recommendation: an image link (empty alt) and an h5 with the product's name, in the same order. */
  recommendationLink: by.role('link').within(recommendations),
  recommendationName: by.role('heading', undefined, { level: 5 }).within(recommendations),
} as const;

const itemRow = by.css('.cart-summary-item-row', 'cart.html: a cart line is a row of texts (name, "SKU #…", "Quantity: N", price)');

/** Checkout form fields by form name → the label a shopper reads (cart.html). */
export const checkoutLabels: Record<string, string> = {
  email: 'E-mail Address',
  street_address: 'Street Address',
  zip_code: 'Zip Code',
  city: 'City',
  state: 'State',
  country: 'Country',
  credit_card_number: 'Credit Card Number',
  credit_card_expiration_month: 'Month',
  credit_card_expiration_year: 'Year',
  credit_card_cvv: 'CVV',
};

export const cart = {
  emptyHeading: by.role('heading', 'Your shopping cart is empty!'),
  /** <a role="button">Continue Shopping</a>, on the empty cart and beside "Empty Cart". */
  continueShopping: by.role('button', 'Continue Shopping'),
  heading: by.role('heading', /^Cart \(\d+\)$/),
  emptyCart: by.role('button', 'Empty Cart'),
  itemRow,
  itemName: by.role('heading', undefined, { level: 4 }).within(itemRow),
  shippingRow: by.css('.cart-summary-shipping-row', 'the shipping cost is a row of two texts'),
  totalRow: by.css('.cart-summary-total-row', 'the total is a row of two texts'),
  field: (name: string) => {
    const label = checkoutLabels[name];
    if (!label) throw new Error(`the checkout form has no field "${name}" (fields: ${Object.keys(checkoutLabels).join(', ')})`);
    return by.label(label, { exact: true });
  },
  placeOrder: by.role('button', 'Place Order'),
} as const;

const orderSection = by.css('.order-complete-section', 'order.html: the order details are rows of label and value texts');

export const order = {
  heading: by.role('heading', 'Your order is complete!'),
  details: orderSection,
  continueShopping: by.role('button', 'Continue Shopping'),
} as const;

export const errorPage = {
  heading: by.role('heading', 'Uh, oh!', { level: 1 }),
  body: by.role('main'),
  /** error.html: the error text in a <pre>. */
  details: by.css('pre', 'the error details are preformatted text').within(by.role('main')),
} as const;

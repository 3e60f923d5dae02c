/**
 * Every selector the journeys use, in one place. They are the Online Boutique frontend's own (v0.10.6 templates), so
 * the same journeys run against the local look-alike and against a real Online Boutique.
 */
export const header = {
  brand: 'a.navbar-brand[href$="/"]',
  currencyForm: 'form#currency_form',
  currencySelect: 'form#currency_form select[name="currency_code"]',
  selectedCurrency: 'form#currency_form select[name="currency_code"] option[selected]',
  cartLink: 'a.cart-link',
  cartBadge: 'a.cart-link span.cart-size-circle',
} as const;

export const home = {
  main: 'main.home',
  card: 'div.hot-product-card',
  cardLink: 'div.hot-product-card a[href*="/product/"]',
  cardName: 'div.hot-product-card-name',
  cardPrice: 'div.hot-product-card-price',
} as const;

export const product = {
  main: 'div.h-product',
  name: 'div.h-product h2',
  price: 'div.h-product p.product-price',
  productId: 'div.h-product form input[name="product_id"]',
  quantity: 'select#quantity[name="quantity"]',
  addToCart: 'div.h-product form button.cymbal-button-primary[type="submit"]',
  recommendations: 'section.recommendations',
  recommendationLink: 'section.recommendations .recommendation a[href*="/product/"]',
  recommendationName: 'section.recommendations .recommendation h5',
  ad: 'div.ad',
} as const;

export const cart = {
  emptySection: 'section.empty-cart-section',
  summary: 'div.cart-summary-section',
  heading: 'div.cart-summary-section h3',
  emptyCartButton: 'form[action$="/cart/empty"] button.cart-summary-empty-cart-button',
  itemRow: 'div.cart-summary-item-row',
  itemName: 'div.cart-summary-item-row h4',
  itemSku: 'div.cart-summary-item-row .cart-summary-item-row-item-id-row',
  itemQuantity: 'div.cart-summary-item-row .cart-item-quantity-row > div:first-child',
  itemTotal: 'div.cart-summary-item-row strong',
  shipping: 'div.cart-summary-shipping-row > div:last-child',
  total: 'div.cart-summary-total-row > div:last-child',
  checkoutForm: 'form.cart-checkout-form',
  placeOrder: 'form.cart-checkout-form button.cymbal-button-primary[type="submit"]',
  field: (name: string) => `form.cart-checkout-form [name="${name}"]`,
} as const;

export const order = {
  main: 'main.order',
  section: 'section.order-complete-section',
  heading: 'section.order-complete-section h3',
  rowLabels: 'section.order-complete-section .order-row > div:first-child',
  rowValues: 'section.order-complete-section .order-row > div:last-child',
  continueShopping: 'section.order-complete-section a.cymbal-button-primary',
} as const;

export const errorPage = {
  heading: 'h1',
  body: 'main',
  details: 'main pre',
} as const;

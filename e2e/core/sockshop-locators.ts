/**
 * Every Sock Shop selector the journeys use, in one place: the ids of the real front-end's pages (which the local
 * look-alike keeps), plus the few classes of the dynamic parts.
 */
export const topbar = {
  loginLink: 'li#login > a',
  loginModal: '#login-modal',
  username: '#username-modal',
  password: '#password-modal',
  loginButton: '#login-modal form button.btn.btn-primary',
  loginMessage: '#login-message',
  howdy: '#howdy',
  logout: '#logout',
} as const;

export const navbar = {
  catalogueTab: '#tabCatalogue a',
  accountTab: '#tabAccount',
  basketLink: '#basket-overview a[href="basket.html"]',
  basketCount: '#basket-overview a[href="basket.html"] span#numItemsInCart',
  userMessage: '#user-message',
} as const;

export const category = {
  filters: '#filters',
  filter: (tag: string) => `#filters input[type="checkbox"][value="${tag}"]`,
  applyFilters: '#apply-filters',
  products: '#products div.product',
  productName: '#products div.product h3 a',
  productPrice: '#products div.product p.price',
  viewDetail: '#products div.product a.btn.btn-default',
  addToCart: '#products div.product a.btn.btn-primary',
  totalProducts: '#totalProducts',
} as const;

export const detail = {
  title: '#title',
  price: '#price',
  addToCart: '#buttonCart',
  description: '#description',
} as const;

export const basket = {
  items: '#cart-list tr.item',
  itemName: '#cart-list tr.item td:nth-child(2) a',
  quantity: '#cart-list tr.item input[type="number"]',
  remove: '#cart-list tr.item a.remove',
  update: '#updateBasket',
  cartTotal: '#cartTotal',
  subtotal: '#orderSubtotal',
  shipping: '#orderShipping',
  grandTotal: '#orderGrandTotal',
  checkout: 'button#orderButton',
} as const;

export const orders = {
  table: '#tableOrders',
  rows: '#tableOrders tbody tr',
  orderId: '#tableOrders tbody tr > th',
  total: '#tableOrders tbody tr > td:nth-child(3)',
} as const;

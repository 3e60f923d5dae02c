/**
 * Every Sock Shop element the journeys use, in one place, by what a shopper sees: roles with their accessible names,
 * visible texts, checkbox labels. Where the real pages give an element no user-facing handle (an <a> without href has
 * no role, a password field has no role and no label, the totals are bare cells), the real pages' own stable ids are
 * used, each saying why.
 *
 * Contract facts are from microservices-demo/front-end at commit 52dee656 (public/*.html, public/js/client.js, api/),
 * cited per element as `file: fact`; the look-alike in cluster/apps/sockshop/front-end renders the same contract.
 * Page-wide facts:
 *  - index/category/detail/basket/customer-orders.html load topbar.html and navbar.html into #topbar / #navbar with
 *    jQuery .load() after DOMContentLoaded: the login link, the tabs and the basket button appear a moment later.
 *  - navbar.html: the tabs and the basket button sit in `.navbar-collapse.collapse` blocks, which Bootstrap 3 hides
 *    below 768 px; navbar.html has NO .navbar-toggle button (only the unused template pages checkout2.html and
 *    customer-wishlist.html have one), so on a phone the basket button cannot be shown at all.
 *  - Font Awesome icons (<i class="fa …"> before a button's text) put a private-use glyph into the accessible name
 *    (CSS ::before content), so names of such links and buttons are matched as substrings, not exactly.
 *  - topbar.html is not collapsed: Login / Register (or "Logged in as …" / Logout) are visible on a phone.
 *  - css/style.blue.css sets `text-transform: uppercase` on `#hot h2` and the navbar tabs (`.navbar ul.nav > li > a`);
 *    Chromium's computed accessible name (what Selenium's getAccessibleName returns) applies it ("HOT THIS WEEK"),
 *    Playwright's does not: those names are matched whole but regardless of case (`caseless`).
 */
import { by } from './locator.js';

/** The whole name, any letter case (see the header: CSS text-transform shows in some drivers' accessible names). */
export function caseless(name: string): RegExp {
  return new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i');
}

/**
 * topbar.html: <div class="modal fade" id="login-modal" role="dialog" aria-labelledby="Login" aria-hidden="true">; the
 * shop's Bootstrap 3.3.7 (js/bootstrap.min.js) shows it without touching aria-hidden, so the open modal and everything
 * in it stay hidden from role and label queries: its parts are found by text or by their ids.
 */
const loginDialog = by.css('#login-modal', 'the open modal keeps aria-hidden="true" (Bootstrap 3.3.7), so it has no role to a query');

export const topbar = {
  /** topbar.html: <li id="login"><a href="#" data-target="#login-modal">Login</a> (removed once logged in). */
  loginLink: by.role('link', 'Login', { exact: true }),
  loginDialog,
  /** topbar.html: <input type="text" id="username-modal" placeholder="username"> — no label, inside the aria-hidden modal. */
  username: by.css('#username-modal', 'no label, and the modal is aria-hidden'),
  /** topbar.html: <input type="password" id="password-modal" placeholder="password">. */
  password: by.css('#password-modal', 'a password field has no role, the real one has no label, and the modal is aria-hidden'),
  /** topbar.html: <button class="btn btn-primary" onclick="return login()"><i class="fa fa-sign-in"></i> Log in</button>. */
  logInButton: by.text('Log in', { exact: true }).within(loginDialog),
  /** client.js login(): `#login-message` gets an alert "Login successful." (then reloads after 1.5 s) or "Invalid login credentials.". */
  loginMessage: by.css('#login-message', 'the login result is a bare alert div inside the modal; its box has no name'),
  /** topbar.html script: `#howdy` gets <a href="#">Logged in as {firstName} {lastName}</a> from GET /customers/{logged_in}. */
  howdy: by.role('link', /^Logged in as /),
  /** topbar.html: <li id="logout"><a href="index.html" onclick="logout()">Logout</a>. */
  logout: by.role('link', 'Logout', { exact: true }),
} as const;

/** navbar.html: <a href="basket.html" class="btn btn-primary navbar-btn"><i></i><span id="numItemsInCart">0 items in cart</span></a>. */
const basketLink = by.role('link', /\d+ item(s|\(s\))? in (your )?cart/);

export const home = {
  /** index.html: <div id="hot"> … <h2>Hot this week</h2> (uppercased by `#hot h2`) above #hot-slider. */
  hotHeading: by.role('heading', caseless('Hot this week')),
} as const;

export const navbar = {
  /** navbar.html: <li id="tabCatalogue"><a href="category.html">Catalogue <b class="caret"></b></a> (collapsed on a phone). */
  catalogueTab: by.role('link', caseless('Catalogue')).within(by.role('navigation')),
  /**
   * The basket button. Its text: "0 items in cart" as written in navbar.html; after GET /cart answered with lines the
   * navbar script writes "{n} item(s) in cart" (n = sum of quantities of lines whose catalogue lookup succeeded); an
   * empty cart keeps the initial text. On basket.html the page's own script may write "You currently have {n} item(s)
   * in your cart." into it instead (both use the id numItemsInCart and jQuery's #id finds the navbar's first).
   */
  basketLink,
  /**
   * The same count, read where a phone user cannot see it: the span keeps its text while its collapsed navbar hides it.
   * Used only when the basket button is not visible and the page offers no toggle (see the file header).
   */
  basketCountText: by.css('#numItemsInCart', 'the count behind the collapsed navbar of a phone, which has no toggle'),
  /** A Bootstrap navbar toggle, should a version of the shop have one (the real navbar.html has none). */
  menuToggle: by.role('button', /toggle navigation/i),
  /** basket.html: <div id="user-message"> gets client.js's alerts (role=alert, a close button "×" first, then the text). */
  userMessage: by.css('#user-message', 'the message box is an empty div until client.js puts an alert into it'),
  alert: by.role('alert'),
} as const;

/** category.html: a card is div.product with image links, <h3><a>{name}</a></h3>, <p class="price">, two buttons. */
const card = by.css('.product', 'a sock card is a plain div of links and texts; the real pages give it no role');
const cardOf = (name: string) => card.filter({ has: by.role('link', name, { exact: true }) });

export const category = {
  /** category.html: "#filters" gets <div class="checkbox"><label><input type="checkbox" value="{tag}">{tag}</label></div> per tag of GET /tags. */
  filter: (tag: string) => by.role('checkbox', tag, { exact: true }),
  filters: by.role('checkbox'),
  /** category.html: <a class="btn …" href="#" onclick='setNewTags(…checked…)'><i></i> Apply</a> → location.search ?tags=a,b. */
  apply: by.role('link', 'Apply'),
  /** category.html: #totalProducts gets "Showing <strong>{n}</strong> of <strong>{m}</strong> products" from GET /catalogue/size. */
  totalProducts: by.text(/^Showing \d+ of \d+ products?$/),
  card,
  cardName: by.role('heading', undefined, { level: 3 }).within(card),
  cardPrice: by.css('.price', 'the price is a bare paragraph "$" + price as the catalogue gives it').within(card),
  cardOf,
  /** category.html: <a href="detail.html?id=…" class="btn btn-default">View detail</a>. */
  viewDetail: (name: string) => cardOf(name).find(by.role('link', 'View detail', { exact: true })),
  /** category.html: <a href="#" onclick="addToCart('{id}')" class="btn btn-primary"><i></i>Add to cart</a>; client.js reloads on success. */
  addToCart: (name: string) => cardOf(name).find(by.role('link', 'Add to cart')),
  anyViewDetail: by.role('link', 'View detail', { exact: true }),
  anyAddToCart: by.role('link', 'Add to cart'),
};

export const detail = {
  /** detail.html: <h1 id="title"> gets the sock's name from GET /catalogue/{id}. */
  title: by.role('heading', undefined, { level: 1 }),
  /** detail.html: <p id="price" class="price"> gets "$" + price.toFixed(2). */
  price: by.css('#price', 'the price is a bare paragraph'),
  /**
   * detail.html: <a id="buttonCart" class="btn btn-primary"><i></i> Add to cart</a> — an <a> without href (no role);
   * its onClick is set in the same callback that fills #title. The "You may also like" cards below also say
   * "Add to cart", so the id is the only handle on this one.
   */
  addToCart: by.css('#buttonCart', 'an <a> without href has no role, and the recommendations also say "Add to cart"'),
} as const;

/** basket.html: <tbody id="cart-list"> gets <tr class="item"> per line: image link, name link, quantity, unit price, discount, total, trash link. */
const line = by.role('row').filter({ has: by.role('spinbutton') });
const lineOf = (name: string) => line.filter({ has: by.role('link', name, { exact: true }) });

export const basket = {
  heading: by.role('heading', 'Shopping cart', { exact: true, level: 1 }),
  line,
  lineOf,
  /** <td id="{itemId}"><input type="number" min="1" value="{quantity}" class="form-control"></td> — no label. */
  quantity: by.role('spinbutton').within(line),
  quantityOf: (name: string) => lineOf(name).find(by.role('spinbutton')),
  /** basket.html: <a class="btn btn-default" onclick="updateCart()"><i></i> Update basket</a> — no href, so no role. */
  update: by.text('Update basket', { exact: true }),
  /** basket.html: <button id="orderButton" type="submit" class="btn btn-primary" disabled> Proceed to checkout — enabled once lines are listed. */
  checkout: by.role('button', 'Proceed to checkout'),
  /** The totals are bare <th> cells with stable ids (tfoot #cartTotal; order summary #orderSubtotal, #orderShipping, #orderGrandTotal). */
  cartTotal: by.css('#cartTotal', 'a bare total cell'),
  subtotal: by.css('#orderSubtotal', 'a bare total cell'),
  shipping: by.css('#orderShipping', 'a bare total cell'),
  grandTotal: by.css('#orderGrandTotal', 'a bare total cell'),
  /** basket.html: <p id="address"> / <p id="number"> get the saved address / "Card ending in {last4}", or the "No … saved for user." texts. */
  address: by.css('#address', 'the saved address is a bare paragraph'),
  card: by.css('#number', 'the saved card is a bare paragraph'),
} as const;

/** customer-orders.html: <tbody id="tableOrders"> gets <tr><th># {id}</th><td>{date}</td><td>$ {total}</td><td>Shipped</td><td><a>View</a></td></tr>. */
export const orders = {
  heading: by.role('heading', 'My orders', { exact: true, level: 1 }),
  row: by.role('row').filter({ has: by.role('link', 'View', { exact: true }) }),
  /**
   * customer-orders.html: <table class="table table-hover"> (the page's only table), read whole when listing the orders:
   * a long-lived account has hundreds of rows, and asking a WebDriver about each row and its link costs seconds.
   */
  table: by.role('table'),
} as const;

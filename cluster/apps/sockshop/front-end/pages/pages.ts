/** The shop's pages (served at /<name>.html); their dynamic parts are filled by client.js. */
import { layout, type PageName } from './layout.js';

const bodies: Record<PageName, string> = {
  index: `
<section class="hero">
  <h1>We love socks!</h1>
  <p>Fun fact: socks were invented by woolly mammoths to keep warm. They died out because stupid humans kept stealing their socks.</p>
  <a class="btn btn-primary" href="category.html">Browse the catalogue</a>
</section>
<h2>Hot this week</h2>
<div id="hot-slider" class="product-grid"></div>`,
  category: `
<div class="category-layout">
  <aside class="panel" id="filters-panel">
    <h3>Filters</h3>
    <form id="filters"></form>
    <button type="button" class="btn btn-default" id="apply-filters">Apply</button>
  </aside>
  <section>
    <p id="totalProducts" class="muted"></p>
    <div id="products" class="product-grid"></div>
    <div id="pagination" class="pagination"></div>
  </section>
</div>`,
  detail: `
<div class="detail" id="productMain">
  <div class="detail-images" id="detail-images"></div>
  <div class="detail-info">
    <h1 id="title"></h1>
    <p id="price" class="price"></p>
    <p><button type="button" class="btn btn-primary" id="buttonCart" disabled>Add to cart</button></p>
    <h4>Product details</h4>
    <p id="description"></p>
  </div>
</div>`,
  basket: `
<h1>Shopping cart</h1>
<div class="basket-layout">
  <div class="box">
    <div class="table-wrap">
      <table class="table" id="cart-table">
        <thead><tr><th colspan="2">Product</th><th>Quantity</th><th>Unit price</th><th>Total</th><th></th></tr></thead>
        <tbody id="cart-list"></tbody>
        <tfoot><tr><th colspan="4">Total</th><th colspan="2" id="cartTotal">$0.00</th></tr></tfoot>
      </table>
    </div>
    <div class="box-footer">
      <a href="category.html" class="btn btn-default">Continue shopping</a>
      <button type="button" class="btn btn-default" id="updateBasket">Update basket</button>
    </div>
  </div>
  <div class="box" id="order-summary">
    <h3>Order summary</h3>
    <table class="table">
      <tr><td>Order subtotal</td><th id="orderSubtotal">$0.00</th></tr>
      <tr><td>Shipping and handling</td><th id="orderShipping">$4.99</th></tr>
      <tr class="total"><td>Total</td><th id="orderGrandTotal">$4.99</th></tr>
    </table>
    <button type="button" class="btn btn-primary" id="orderButton" disabled>Proceed to checkout</button>
  </div>
</div>`,
  'customer-orders': `
<h1>My orders</h1>
<div class="table-wrap">
  <table class="table" id="tableOrders">
    <thead><tr><th>Order</th><th>Date</th><th>Total</th><th>Status</th><th>Action</th></tr></thead>
    <tbody></tbody>
  </table>
</div>`,
  'customer-order': `
<h1 id="order-title">Order</h1>
<div class="table-wrap"><table class="table" id="order-items"><thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th></tr></thead><tbody></tbody></table></div>
<p id="order-total" class="price"></p>
<p id="order-address"></p>`,
};

export const pages: ReadonlyMap<string, string> = new Map(
  (Object.keys(bodies) as PageName[]).map((name) => [`/${name}.html`, layout(name, bodies[name])]),
);

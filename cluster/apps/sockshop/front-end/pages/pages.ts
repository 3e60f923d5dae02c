/**
 * The shop's pages (served at /<name>.html) with the real pages' ids, classes, texts and structure
 * (microservices-demo/front-end public/index.html, category.html, detail.html, basket.html, customer-orders.html;
 * markup written here). Their dynamic parts are filled by client.js.
 */
import { layout, type PageName } from './layout.js';

const bodies: Record<PageName, string> = {
  index: `
<div class="container">
  <div class="col-md-12">
    <div id="main-slider">
      <div class="item"><a href="detail.html?id=6d62d909-f957-430e-8689-b5129c0bb75e"><img class="img-responsive" src="img/weave1.jpg" alt=""></a></div>
      <div class="item"><a href="detail.html?id=6d62d909-f957-430e-8689-b5129c0bb75e"><img class="img-responsive" src="img/weave2.jpg" alt=""></a></div>
      <div class="item"><a href="detail.html?id=6d62d909-f957-430e-8689-b5129c0bb75e"><img class="img-responsive" src="img/weave3.jpg" alt=""></a></div>
    </div>
  </div>
</div>
<div id="advantages">
  <div class="container">
    <div class="same-height-row">
      <div class="col-sm-4"><div class="box same-height"><h3><a href="#">We love socks!</a></h3><p>Socks keep the feet of a whole distributed team warm.</p></div></div>
      <div class="col-sm-4"><div class="box same-height"><h3><a href="#">Best prices</a></h3><p>Every price is checked twice by a very careful cat.</p></div></div>
      <div class="col-sm-4"><div class="box same-height"><h3><a href="#">100% satisfaction guaranteed</a></h3><p>Returns are free; worn socks stay with you.</p></div></div>
    </div>
  </div>
</div>
<div id="hot">
  <div class="box"><div class="container"><div class="col-md-12"><h2>Hot this week</h2></div></div></div>
  <div class="container"><div class="product-slider" id="hot-slider"></div></div>
</div>`,
  category: `
<div class="container">
  <div class="col-md-12"><ul class="breadcrumb"><li><a href="index.html">Home</a></li><li>Catalogue</li></ul></div>
  <div class="col-md-3">
    <div class="panel panel-default sidebar-menu">
      <div class="panel-heading"><h3 class="panel-title">Filters <a class="btn btn-xs btn-danger pull-right" href="#" id="clear-filters"><i class="fa fa-times-circle"></i> Clear</a></h3></div>
      <div class="panel-body">
        <form id="filters-form">
          <div id="filters" class="form-group"></div>
          <a class="btn btn-default btn-sm btn-primary" href="#" id="apply-filters"><i class="fa fa-pencil"></i> Apply</a>
        </form>
      </div>
    </div>
  </div>
  <div class="col-md-9">
    <div class="box info-bar">
      <div class="row">
        <div class="col-sm-12 col-md-4 products-showing"><div id="totalProducts"></div></div>
        <div class="col-sm-12 col-md-8 products-number-sort"><div id="products-number" class="products-number"></div></div>
      </div>
    </div>
    <div id="row products"><div id="products"></div></div>
    <div class="pages"><ul id="pagination" class="pagination"></ul></div>
  </div>
</div>`,
  detail: `
<div class="container">
  <div class="col-md-12"><ul class="breadcrumb"><li><a href="/">Home</a></li><li><a href="category.html">Catalogue</a></li><li id="breadcrumb"></li></ul></div>
  <div class="col-md-12">
    <div class="row" id="productMain">
      <div class="col-sm-6"><div id="mainImage"><img id="imageMain" alt="" class="img-responsive"></div></div>
      <div class="col-sm-6">
        <div class="box">
          <h1 id="title" class="text-center"></h1>
          <p id="price" class="price"></p>
          <p class="text-center buttons">
            <a id="buttonCart" class="btn btn-primary"><i class="fa fa-shopping-cart"></i> Add to cart</a>
            <a href="basket.html" class="btn btn-default"><i class="fa fa-heart"></i> Add to wishlist</a>
          </p>
        </div>
        <div class="row" id="thumbs"></div>
      </div>
    </div>
    <div class="box" id="productDetails">
      <h4>Product details</h4>
      <p id="description"></p>
    </div>
    <div class="row same-height-row">
      <div class="col-md-3 col-sm-6"><div class="box same-height"><h3>You may also like these products</h3></div></div>
      <div id="products"></div>
    </div>
  </div>
</div>`,
  basket: `
<div class="container">
  <div id="user-message"> </div>
  <div class="col-md-12"><ul class="breadcrumb"><li><a href="index.html">Home</a></li><li>Shopping cart</li></ul></div>
  <div class="col-md-9" id="basket">
    <div class="box">
      <form action="customer-orders.html" id="basket-form">
        <h1>Shopping cart</h1>
        <p class="text-muted" id="numItemsInCart"></p>
        <div class="table-responsive">
          <table class="table">
            <thead><tr><th colspan="2">Product</th><th>Quantity</th><th>Unit price</th><th>Discount</th><th colspan="2">Total</th></tr></thead>
            <tbody id="cart-list"></tbody>
            <tfoot><tr><th colspan="5">Total</th><th colspan="2" id="cartTotal"></th></tr></tfoot>
          </table>
        </div>
        <div class="box-footer">
          <div class="pull-left"><a href="category.html" class="btn btn-default"><i class="fa fa-chevron-left"></i> Continue shopping</a></div>
          <div class="pull-right">
            <a class="btn btn-default" id="update-basket"><i class="fa fa-refresh"></i> Update basket</a>
            <button id="orderButton" type="submit" class="btn btn-primary" disabled>Proceed to checkout <i class="fa fa-chevron-right"></i></button>
          </div>
        </div>
      </form>
    </div>
    <div class="row same-height-row">
      <div class="col-md-6"><div class="box">
        <div class="box-header"><h4 style="display: inline;">Shipping Address</h4><p id="add_shipping" style="display: inline; float: right;"><a href="#add">Add</a></p></div>
        <p id="address"></p>
      </div></div>
      <div class="col-md-6"><div class="box">
        <div class="box-header"><h4 style="display: inline;">Payment</h4><p id="add_payment" style="display: inline; float: right;"><a href="#add">Add</a></p></div>
        <p id="number"></p>
      </div></div>
    </div>
    <div class="row same-height-row" id="youMayAlsoLike">
      <div class="col-md-3 col-sm-6"><div class="box same-height"><h3>You may also like these products</h3></div></div>
    </div>
  </div>
  <div class="col-md-3">
    <div class="box" id="order-summary">
      <div class="box-header"><h3>Order summary</h3></div>
      <p class="text-muted">Shipping and additional costs are calculated based on the values you have entered.</p>
      <div class="table-responsive">
        <table class="table"><tbody>
          <tr><td>Order subtotal</td><th id="orderSubtotal">$0.00</th></tr>
          <tr><td>Shipping and handling</td><th id="orderShipping">$0.00</th></tr>
          <tr><td>Tax</td><th id="orderTax">$0.00</th></tr>
          <tr class="total"><td>Total</td><th id="orderGrandTotal">$0.00</th></tr>
        </tbody></table>
      </div>
    </div>
  </div>
</div>`,
  'customer-orders': `
<div class="container">
  <div class="col-md-12"><ul class="breadcrumb"><li><a href="#">Home</a></li><li>My orders</li></ul></div>
  <div class="col-md-3">
    <div class="panel panel-default sidebar-menu">
      <div class="panel-heading"><h3 class="panel-title">Customer section</h3></div>
      <div class="panel-body"><ul class="nav nav-pills nav-stacked"><li class="active"><a href="customer-orders.html"><i class="fa fa-list"></i> My orders</a></li></ul></div>
    </div>
  </div>
  <div class="col-md-9" id="customer-orders">
    <div class="box">
      <h1>My orders</h1>
      <p class="lead">Your orders in one place.</p>
      <hr>
      <div class="table-responsive">
        <table class="table table-hover">
          <thead><tr><th>Order</th><th>Date</th><th>Total</th><th>Status</th><th>Action</th></tr></thead>
          <tbody id="tableOrders"></tbody>
        </table>
      </div>
    </div>
  </div>
</div>`,
  'customer-order': `
<div class="container"><div class="col-md-12"><div class="box">
<h1 id="order-title">Order</h1>
<div class="table-responsive"><table class="table" id="order-items"><thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th></tr></thead><tbody></tbody></table></div>
<p id="order-total" class="price"></p>
<p id="order-address"></p>
</div></div></div>`,
};

/** Every page by path; `cdnUrl`: the origin the pages load Roboto from (the CDN stand-in). */
export function pages(cdnUrl: string): ReadonlyMap<string, string> {
  return new Map((Object.keys(bodies) as PageName[]).map((name) => [`/${name}.html`, layout(name, bodies[name], cdnUrl)]));
}

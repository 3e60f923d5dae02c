/**
 * The local Sock Shop front-end on a running local cluster, as the pages and the load test use it: catalogue
 * pass-through, session cookies, anonymous cart merged at login, login 200/401, register, orders only when logged
 * in, the payment decline as a 406 message, the order listed after checkout, and the pages' ids and texts.
 */
import assert from 'node:assert/strict';
import type { LocalCluster } from '../../../../cluster/local-cluster.js';
import { startTestCluster } from '../../../helpers/cluster.js';
import { SockClient, SOCKS } from './sock-client.js';

describe('sockshop front-end (local cluster)', function () {
  this.timeout(60_000);
  let cluster: LocalCluster;
  const client = () => new SockClient(cluster.frontend);

  before(async function () {
    this.timeout(90_000);
    cluster = await startTestCluster('sockshop', { noPrometheus: true });
  });
  after(async () => {
    await cluster?.down();
  });

  it('proxies the catalogue, tags and images; like the real one, only a picture (not the HTML or JSON) sets md.sid', async () => {
    const shop = client();
    const page = await shop.get('/index.html');
    assert.equal(page.status, 200);
    assert.match(page.text, /<title>\s+WeaveSocks\s+<\/title>/, 'the real index.html writes its title over three lines');
    const list = await shop.get('/catalogue?size=5');
    assert.equal(list.status, 200);
    assert.equal(list.json.length, 5);
    assert.equal(shop.cookies.has('md.sid'), false, 'no session cookie on the HTML or the JSON answers');
    assert.deepEqual((await shop.get('/catalogue/size?tags=geek,magic')).json, { size: 3, err: null });
    assert.equal((await shop.get('/tags')).json.tags.length, 11);
    assert.equal((await shop.get(`/catalogue/${SOCKS.weave.id}`)).json.name, 'Weave special');
    const missing = await shop.get('/catalogue/unknown');
    assert.equal(missing.status, 200, 'the real front-end answers 200 with the backend body');
    assert.equal(missing.json.status_code, 404);
    const img = await shop.get(list.json[0].imageUrl[0]);
    assert.equal(img.status, 200);
    assert.match(img.headers.get('content-type') ?? '', /^image\/jpeg/);
    assert.equal(img.headers.get('content-length'), '42201', 'holy_1.jpeg weighs what the real file does');
    assert.match(shop.cookies.get('md.sid') ?? '', /^s%3A.+\..+/, 'the picture answer carries the session cookie');
  });

  it('keeps an anonymous cart per session: POST 201, update 202, delete 202', async () => {
    const shop = client();
    await shop.get('/catalogue/images/weave1.jpg'); // a visitor's session comes with the first picture
    assert.equal((await shop.request('POST', '/cart', { body: { id: SOCKS.weave.id } })).status, 201);
    assert.equal((await shop.request('POST', '/cart', { body: { id: SOCKS.weave.id } })).status, 201);
    let cart = (await shop.get('/cart')).json;
    assert.equal(cart.length, 1);
    assert.equal(cart[0].quantity, 2);
    assert.equal(cart[0].unitPrice, 17.15);
    assert.equal((await shop.request('POST', '/cart/update', { body: { id: SOCKS.weave.id, quantity: 4 } })).status, 202);
    assert.equal((await shop.get('/cart')).json[0].quantity, 4);
    assert.deepEqual((await client().get('/cart')).json, [], 'another visitor sees an empty cart');
    assert.equal((await shop.request('POST', '/cart', { body: { id: SOCKS.classic.id } })).status, 201);
    assert.equal((await shop.request('DELETE', `/cart/${SOCKS.classic.id}`)).status, 202);
    cart = (await shop.get('/cart')).json;
    assert.deepEqual(cart.map((i: { itemId: string }) => i.itemId), [SOCKS.weave.id]);
    assert.equal((await shop.request('DELETE', '/cart')).status, 202);
    assert.deepEqual((await shop.get('/cart')).json, []);
  });

  it('refuses orders when not logged in (500 "User not logged in.", as the real error handler), and a bad login with 401', async () => {
    const shop = client();
    await shop.get('/catalogue/images/weave1.jpg');
    await shop.request('POST', '/cart', { body: { id: SOCKS.classic.id } });
    const refused = await shop.request('POST', '/orders');
    assert.equal(refused.status, 500);
    assert.equal(refused.json.message, 'User not logged in.');
    assert.equal((await shop.get('/orders')).status, 500);
    assert.deepEqual((await shop.get('/address')).json, { status_code: 500 }, 'an anonymous visitor has no address (200)');
    const bad = await shop.login('user', 'nope');
    assert.equal(bad.status, 401);
    assert.equal(shop.cookies.has('logged_in'), false);
  });

  it('login merges the cart, checkout is 201 with total + 4.99, and the order is listed', async () => {
    const shop = client();
    await shop.get('/catalogue/images/weave1.jpg');
    const customerView = client();
    assert.equal((await customerView.login('Eve_Berger', 'eve')).status, 200);
    await customerView.request('DELETE', '/cart'); // start from an empty customer cart

    await shop.request('POST', '/cart', { body: { id: SOCKS.weave.id } });
    await shop.request('POST', '/cart', { body: { id: SOCKS.classic.id } });
    const login = await shop.login('Eve_Berger', 'eve');
    assert.equal(login.status, 200);
    assert.equal(login.text, 'Cookie is set');
    assert.ok(shop.cookies.get('logged_in'));
    const cart = (await shop.get('/cart')).json as Array<{ itemId: string }>;
    assert.deepEqual(cart.map((i) => i.itemId).sort(), [SOCKS.weave.id, SOCKS.classic.id].sort(), 'anonymous cart merged into the customer');

    const me = await shop.get('/customers/whatever');
    assert.equal(me.json.firstName, 'Eve');
    assert.equal((await shop.get('/address')).status, 200);
    assert.equal((await shop.get('/card')).status, 200);

    const placed = await shop.request('POST', '/orders');
    assert.equal(placed.status, 201, placed.text);
    assert.equal(placed.json.total, 34.14); // 17.15 + 12 + 4.99
    const listed = await shop.get('/orders');
    assert.equal(listed.status, 201, 'the real front-end answers GET /orders with 201');
    const orders = listed.json as Array<{ id: string; total: number }>;
    assert.ok(Array.isArray(orders));
    assert.equal(orders.at(-1)?.id, placed.json.id);
    assert.equal((await shop.get(`/orders/${placed.json.id}`)).json.total, 34.14);

    // Logout only drops logged_in: the cart is the anonymous session's again.
    shop.logout();
    assert.equal((await shop.request('POST', '/orders')).status, 500);
  });

  it('a basket over 100.00 with shipping is declined with the payment message (406)', async () => {
    const shop = client();
    assert.equal((await shop.login('user', 'password')).status, 200);
    await shop.request('DELETE', '/cart');
    await shop.request('POST', '/cart', { body: { id: SOCKS.holy.id, quantity: 1 } });
    const res = await shop.request('POST', '/orders');
    assert.equal(res.status, 406);
    assert.equal(res.json.message, 'Payment declined: amount exceeds 100.00');
    await shop.request('DELETE', '/cart');
  });

  it('register logs the new customer in; without an address or card the order is 406', async () => {
    const shop = client();
    const username = `fe${Date.now()}`;
    const reg = await shop.request('POST', '/register', { body: { username, password: 'pw', email: 'x@y.z', firstName: 'Kim', lastName: 'Ro' } });
    assert.equal(reg.status, 200);
    assert.match(reg.json.id, /^[0-9a-f]{24}$/);
    assert.ok(shop.cookies.get('logged_in'));
    assert.equal((await shop.get('/customers/x')).json.username, username);
    const none = await shop.get('/address');
    assert.equal(none.status, 200);
    assert.deepEqual(none.json, { status_code: 500 }, 'no address on file: 200 with status_code 500, as api/user/index.js');
    await shop.request('POST', '/cart', { body: { id: SOCKS.classic.id } });
    const res = await shop.request('POST', '/orders');
    assert.equal(res.status, 406);
    assert.equal(res.json.message, 'Invalid order request. Order requires customer, address, card and items.');
    assert.equal((await shop.request('POST', '/addresses', { body: { number: '1', street: 'A St', city: 'B', postcode: 'C', country: 'D' } })).status, 200);
    assert.equal((await shop.request('POST', '/cards', { body: { longNum: '4111111111111111', expires: '01/30', ccv: '123' } })).status, 200);
    assert.equal((await shop.request('POST', '/orders')).status, 201);
    assert.equal((await shop.request('POST', '/register', { body: { username, password: 'x' } })).status, 409);
  });

  it('serves the pages with the real ids and texts', async () => {
    const shop = client();
    const page = async (path: string) => {
      const res = await shop.get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(res.text, /<title>\n\s+WeaveSocks\n\s+<\/title>/, 'the title over three lines, as the real pages');
      assert.equal(res.headers.get('set-cookie'), null, 'no cookie on the HTML');
      for (const id of ['login', 'login-modal', 'username-modal', 'password-modal', 'login-message', 'register-modal', 'register-username-modal', 'howdy', 'logout', 'tabIndex', 'tabCatalogue', 'tabAccount', 'basket-overview', 'numItemsInCart']) {
        assert.match(res.text, new RegExp(`id="${id}"`), `${path}: #${id}`);
      }
      assert.match(res.text, /id="login-modal" tabindex="-1" role="dialog" aria-labelledby="Login" aria-hidden="true"/);
      assert.match(res.text, /<i class="fa fa-sign-in"><\/i> Log in<\/button>/);
      assert.match(res.text, /class="navbar-collapse collapse right" id="basket-overview"/, 'the basket button collapses below 768 px');
      assert.doesNotMatch(res.text, /navbar-toggle/, 'the real navbar.html has no toggle');
      assert.ok(res.text.includes(`href="${cluster.cdn}/css?family=Roboto:400,500,700,300,100"`), 'Roboto from the CDN stand-in');
      assert.match(res.text, /href="css\/bootstrap.min.css"/);
      assert.match(res.text, /href="basket.html"/);
      return res.text;
    };
    assert.match(await page('/'), /id="hot-slider"/);
    const category = await page('/category.html');
    for (const id of ['filters', 'products', 'totalProducts']) assert.match(category, new RegExp(`id="${id}"`));
    const detail = await page('/detail.html?id=x');
    for (const id of ['title', 'price', 'buttonCart', 'description']) assert.match(detail, new RegExp(`id="${id}"`));
    const basket = await page('/basket.html');
    for (const id of ['cart-list', 'cartTotal', 'orderSubtotal', 'orderShipping', 'orderGrandTotal']) assert.match(basket, new RegExp(`id="${id}"`));
    assert.match(basket, /<button id="orderButton" type="submit" class="btn btn-primary" disabled>Proceed to checkout/);
    assert.match(basket, /id="user-message"/);
    assert.match((await shop.get('/css/bootstrap.min.css')).text, /Bootstrap v3\./);
    assert.ok(cluster.cdn && !cluster.cdn.startsWith(cluster.frontend), 'the cluster reports its CDN stand-in, on another origin');
    const fonts = await fetch(`${cluster.cdn}/css?family=Roboto:400,500,700,300,100`);
    assert.equal(fonts.status, 200);
    assert.match(await fonts.text(), /font-family: 'Roboto'/);
    const orders = await page('/customer-orders.html');
    assert.match(orders, /My orders/);
    assert.match(orders, /<tbody id="tableOrders">/);
    const script = await shop.get('/js/client.js');
    assert.equal(script.status, 200);
    for (const text of ['Login successful.', 'Invalid login credentials.', 'You must be logged in to place an order.', 'Could not place order. Missing shipping or payment information.', 'Order placed.', 'Error placing order. ', 'Showing ', 'Logged in as ']) {
      assert.ok(script.text.includes(text), `client.js lacks ${JSON.stringify(text)}`);
    }
    assert.equal((await shop.get('/css/style.css')).status, 200);
    assert.equal((await shop.get('/nope.html')).status, 404);
  });
});

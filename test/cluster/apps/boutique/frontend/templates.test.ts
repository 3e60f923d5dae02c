import assert from 'node:assert/strict';
import { parse, type HTMLElement } from 'node-html-parser';
import type { Product } from '../../../../../cluster/apps/boutique/shared/api.js';
import { cartPage, errorPage, homePage, orderPage, productPage } from '../../../../../cluster/apps/boutique/frontend/templates/pages.js';
import type { CommonView } from '../../../../../cluster/apps/boutique/frontend/templates/layout.js';

const view = (extra: Partial<CommonView> = {}): CommonView => ({
  baseUrl: '',
  sessionId: '3f0e6b7e-1111-4222-8333-444455556666',
  requestId: 'req-1',
  userCurrency: 'EUR',
  cdnUrl: 'http://127.0.0.1:9999',
  platform: { css: 'local', name: 'local' },
  podName: 'frontend-7d9f-abcde',
  currentYear: 2026,
  ...extra,
});

const product = (id: string, name: string): Product => ({
  id,
  name,
  description: `About ${name}`,
  picture: `/static/img/products/${name.toLowerCase()}.jpg`,
  price_usd: { currency_code: 'USD', units: 19, nanos: 990_000_000 },
  categories: ['accessories'],
});

const eur = (units: number, nanos: number) => ({ currency_code: 'EUR', units, nanos });
const CURRENCIES = ['EUR', 'USD', 'JPY', 'GBP', 'TRY', 'CAD'];

function one(root: HTMLElement, selector: string): HTMLElement {
  const el = root.querySelector(selector);
  assert.ok(el, `expected an element matching ${selector}`);
  return el;
}

const squash = (el: HTMLElement) => el.text.replace(/\s+/g, ' ').trim();

/** What every page shares (real: header.html, footer.html, the platform flag div of each page template). */
function commonChecks(root: HTMLElement): void {
  // real: the title text keeps the template's newlines and indentation around the name
  assert.equal(one(root, 'title').text, '\n        \n        Online Boutique\n        \n    ');
  one(root, 'header div.navbar.sub-navbar > div.container.d-flex.justify-content-between > a.navbar-brand.d-flex.align-items-center[href="/"] > img.top-left-logo[alt=""]');
  const cart = one(root, 'header a.cart-link[href="/cart"]');
  assert.equal(one(cart, 'img.logo').getAttribute('alt'), 'Cart icon');
  assert.equal(one(cart, 'img.logo').getAttribute('src'), '/static/icons/Hipster_CartIcon.svg');
  assert.equal(squash(one(root, 'div.local > span.platform-flag')), 'local');
  const footer = one(root, 'footer.py-5 div.footer-top div.container.footer-social');
  const texts = footer.querySelectorAll('p.footer-text').map(squash);
  assert.equal(texts[0], 'This website is hosted for demo purposes only. It is not an actual shop. This is not a Google product.');
  assert.equal(texts[1], '© 2020-2026 Google LLC (Source Code)');
  assert.match(texts[2]!, /^session-id: 3f0e6b7e-1111-4222-8333-444455556666 — request-id: req-1 Pod: frontend-7d9f-abcde$/);
  // third-party CSS from the CDN stand-in, then our four stylesheets, as the real header orders them
  assert.deepEqual(
    root.querySelectorAll('head link[rel="stylesheet"]').map((l) => l.getAttribute('href')),
    [
      'http://127.0.0.1:9999/bootstrap/4.1.1/css/bootstrap.min.css',
      'http://127.0.0.1:9999/css2?family=DM+Sans:ital,wght@0,400;0,700;1,400;1,700&display=swap',
      'http://127.0.0.1:9999/css2?family=Google+Symbols:opsz,wght,FILL,GRAD@20..48,100..700,0..1,-50..200',
      '/static/styles/styles.css',
      '/static/styles/cart.css',
      '/static/styles/order.css',
      '/static/styles/bot.css',
    ],
  );
  assert.equal(root.querySelectorAll('head link[rel="preconnect"]').length, 2);
  assert.ok(one(root, 'script[src="http://127.0.0.1:9999/bootstrap/4.1.1/js/bootstrap.min.js"]').getAttribute('integrity'));
}

describe('frontend page templates', () => {
  it('home: currency form in order with the current one selected, cards with links, names and prices, badge', () => {
    const root = parse(
      homePage(view({ showCurrency: true, currencies: CURRENCIES, cartSize: 3 }), [
        { item: product('OLJCESPC7Z', 'Sunglasses'), price: eur(17, 680_000_000) },
        { item: product('66VCHSJNUP', 'Tank Top'), price: eur(16, 790_000_000) },
      ]),
    );
    commonChecks(root);
    one(root, 'main.home');
    assert.equal(one(root, 'main.home h3').text, 'Hot Products');
    const form = one(root, 'form#currency_form');
    assert.equal(form.getAttribute('action'), '/setCurrency');
    const select = one(form, 'select[name="currency_code"]');
    assert.match(select.getAttribute('onchange') ?? '', /submit\(\)/);
    assert.deepEqual(select.querySelectorAll('option').map((o) => o.getAttribute('value')), CURRENCIES);
    assert.deepEqual(select.querySelectorAll('option[selected]').map((o) => o.text), ['EUR']);
    const cards = root.querySelectorAll('div.hot-product-card');
    assert.equal(cards.length, 2);
    assert.equal(one(cards[0]!, 'a').getAttribute('href'), '/product/OLJCESPC7Z');
    assert.equal(one(cards[0]!, 'div.hot-product-card-name').text, 'Sunglasses');
    assert.equal(one(cards[0]!, 'div.hot-product-card-price').text, '€17.68');
    assert.equal(one(root, 'span.cart-size-circle').text, '3');
    // real: home.html — the structure around the cards, pictures without alt, lazily loaded; hero banner for small
    // screens; the footer twice (large screens inside main, small screens after it)
    one(root, 'main.home > div.home-mobile-hero-banner.d-lg-none');
    one(root, 'main.home div.container-fluid > div.row > div.col-12.col-lg-12.px-10-percent > div.row.hot-products-row.px-xl-6 > div.col-12 > h3');
    const img = one(cards[0]!, 'a > img');
    assert.equal(img.getAttribute('loading'), 'lazy');
    assert.equal(img.hasAttribute('alt'), false);
    assert.equal(img.getAttribute('src'), '/static/img/products/sunglasses.jpg');
    one(cards[0]!, 'a > div.hot-product-card-img-overlay');
    assert.ok(cards[0]!.classList.contains('col-md-4'));
    assert.equal(root.querySelectorAll('footer').length, 2);
    one(root, 'main.home div.row.d-none.d-lg-block.home-desktop-footer-row > div.col-12.p-0 > footer');
    one(root, 'div.d-lg-none > footer');
    // real: header.html — span.currency-icon, then the form, then the arrow image, inside div.h-controls > div.h-control
    const control = one(root, 'div.controls > div.h-controls > div.h-control');
    assert.equal(one(control, 'span.icon.currency-icon').text.trim(), '€');
    one(control, 'form#currency_form.controls-form[method="POST"] > select[name="currency_code"]');
    one(control, 'img.icon.arrow[alt=""]');
  });

  it('platform flag: an empty div before the first home page, like the real process-wide variable', () => {
    const root = parse(homePage(view({ platform: { css: '', name: '' } }), []));
    const flag = one(root, 'span.platform-flag');
    assert.equal(flag.parentNode?.getAttribute('class'), undefined);
    assert.equal(flag.text.trim(), '');
  });

  it('no badge for an empty cart; no currency form where not shown', () => {
    const root = parse(homePage(view({ showCurrency: true, currencies: CURRENCIES, cartSize: 0 }), []));
    assert.equal(root.querySelector('span.cart-size-circle'), null);
    const err = parse(errorPage(view(), 500, 'Internal Server Error', 'boom'));
    assert.equal(err.querySelector('form#currency_form'), null);
  });

  it('product: price, description, add-to-cart form, recommendations (max shown as given) and text ad', () => {
    const p = product('OLJCESPC7Z', 'Sunglasses');
    const recs = [product('66VCHSJNUP', 'Tank Top'), product('1YMWWN1N4O', 'Watch')];
    const root = parse(
      productPage(view({ showCurrency: true, currencies: CURRENCIES }), { item: p, price: eur(17, 680_000_000) }, recs, {
        redirect_url: '/product/2ZYFJ3GM2N',
        text: 'Hairdryer for sale. 50% off.',
      }),
    );
    commonChecks(root);
    const box = one(root, 'div.h-product');
    assert.equal(one(box, 'h2').text, 'Sunglasses');
    assert.equal(one(box, 'p.product-price').text, '€17.68');
    assert.ok(box.querySelectorAll('p').some((el) => el.text === 'About Sunglasses'));
    const form = one(root, 'form[method="POST"][action="/cart"]');
    assert.equal(one(form, 'input[type="hidden"][name="product_id"]').getAttribute('value'), 'OLJCESPC7Z');
    const qty = one(form, 'div.product-quantity-dropdown > select#quantity[name="quantity"]');
    assert.equal(root.querySelector('label[for="quantity"]'), null, 'real: the quantity select has no label');
    one(root, 'div.h-product.container > div.row > div.col-md-6 > img.product-image[alt=""]');
    one(root, 'div.h-product div.product-info.col-md-5 > div.product-wrapper > form');
    assert.deepEqual(qty.querySelectorAll('option').map((o) => o.text), ['1', '2', '3', '4', '5', '10']);
    assert.equal(one(form, 'button.cymbal-button-primary[type="submit"]').text, 'Add To Cart');
    const section = one(root, 'section.recommendations');
    assert.equal(one(section, 'h2').text, 'You May Also Like');
    assert.deepEqual(section.querySelectorAll('a').map((a) => a.getAttribute('href')), ['/product/66VCHSJNUP', '/product/1YMWWN1N4O']);
    assert.deepEqual(section.querySelectorAll('h5').map((h) => h.text.trim()), ['Tank Top', 'Watch']);
    // real: recommendations.html nesting
    const cols = section.querySelectorAll('div.container > div.row > div.col-xl-10.offset-xl-1 > div.row > div.col-md-3');
    assert.equal(cols.length, 2);
    one(cols[0]!, 'div > a[href="/product/66VCHSJNUP"] > img[alt=""]');
    assert.equal(section.querySelector('.recommendation'), null);
    const ad = one(root, 'div.ad');
    assert.equal(one(ad, 'div.container.py-3 > div[role="alert"] > strong').text, 'Ad');
    assert.equal(one(ad, 'a').getAttribute('rel'), 'nofollow noopener noreferrer');
    assert.equal(one(ad, 'a').text.trim(), 'Hairdryer for sale. 50% off.');
    assert.equal(one(ad, 'a').getAttribute('href'), '/product/2ZYFJ3GM2N');
  });

  it('cart, empty: message and Continue Shopping', () => {
    const root = parse(
      cartPage(view({ showCurrency: true, currencies: CURRENCIES, cartSize: 0 }), {
        items: [],
        shippingCost: eur(0, 0),
        totalCost: eur(0, 0),
        expirationYears: [2025, 2026, 2027, 2028, 2029],
      }),
    );
    commonChecks(root);
    const section = one(root, 'section.empty-cart-section');
    assert.equal(one(section, 'h3').text, 'Your shopping cart is empty!');
    assert.equal(one(section, 'a.cymbal-button-primary[href="/"]').text.trim(), 'Continue Shopping');
    assert.equal(root.querySelector('form.cart-checkout-form'), null);
  });

  it('cart, non-empty: lines, shipping, total and the checkout form with its defaults', () => {
    const root = parse(
      cartPage(view({ showCurrency: true, currencies: CURRENCIES, cartSize: 3 }), {
        items: [{ item: product('OLJCESPC7Z', 'Sunglasses'), quantity: 3, price: eur(53, 40_000_000) }],
        shippingCost: eur(7, 950_000_000),
        totalCost: eur(60, 990_000_000),
        expirationYears: [2025, 2026, 2027, 2028, 2029],
      }),
    );
    const summary = one(root, 'div.cart-summary-section');
    assert.equal(one(summary, 'h3').text, 'Cart (3)');
    assert.equal(one(summary, 'form[action="/cart/empty"] button.cart-summary-empty-cart-button').text.trim(), 'Empty Cart');
    const rows = summary.querySelectorAll('div.cart-summary-item-row');
    assert.equal(rows.length, 1);
    assert.equal(one(rows[0]!, 'h4').text, 'Sunglasses');
    assert.match(rows[0]!.text, /SKU #OLJCESPC7Z/);
    assert.match(rows[0]!.text, /Quantity: 3/);
    assert.equal(one(rows[0]!, 'strong').text.trim(), '€53.04');
    // real: cart.html — the row's columns and the plain-text SKU and quantity cells
    one(rows[0]!, ':scope > div.col-md-4 > a[href="/product/OLJCESPC7Z"] > img.img-fluid[alt=""]');
    assert.equal(one(rows[0]!, 'div.col-md-8 div.cart-summary-item-row-item-id-row > div.col').text.trim(), 'SKU #OLJCESPC7Z');
    const cells = rows[0]!.querySelectorAll('div.col-md-8 > div.row')[2]!.querySelectorAll(':scope > div');
    assert.deepEqual(cells.map((c) => c.text.trim()), ['Quantity: 3', '€53.04']);
    assert.equal(root.querySelector('.cart-item-quantity-row'), null);
    assert.equal(squash(one(summary, 'div.row.mb-3 > div.col-4 > h3')), 'Cart (3)');
    one(summary, 'div.row.mb-3 > div.col-8 > form > a.cymbal-button-primary[role="button"][href="/"]');
    assert.match(one(summary, 'div.cart-summary-shipping-row').text, /€7\.95/);
    assert.match(one(summary, 'div.cart-summary-total-row').text, /€60\.99/);

    const form = one(root, 'form.cart-checkout-form[action="/cart/checkout"][method="POST"]');
    const value = (name: string) => one(form, `[name="${name}"]`).getAttribute('value');
    assert.equal(one(form, 'input[name="email"]').getAttribute('type'), 'email');
    assert.equal(value('email'), 'someone@example.com');
    assert.equal(value('street_address'), '1600 Amphitheatre Parkway');
    assert.equal(value('zip_code'), '94043');
    assert.equal(one(form, 'input[name="zip_code"]').getAttribute('pattern'), '\\d{4,5}');
    assert.equal(value('city'), 'Mountain View');
    assert.equal(value('state'), 'CA');
    assert.equal(value('country'), 'United States');
    assert.equal(value('credit_card_number'), '4432801561520454');
    assert.equal(one(form, 'input[name="credit_card_number"]').getAttribute('pattern'), '\\d{16}');
    assert.equal(one(form, 'input[name="credit_card_cvv"]').getAttribute('type'), 'password');
    assert.equal(value('credit_card_cvv'), '672');
    const months = form.querySelectorAll('select[name="credit_card_expiration_month"] option');
    assert.deepEqual(months.map((o) => o.getAttribute('value')), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    assert.equal(months[11]!.text, 'January', 'real: cart.html labels month 12 "January"');
    assert.equal(squash(one(form, 'label[for="credit_card_number"]')), 'Credit Card Number');
    one(form, 'div.form-row > div.col-md-5.cymbal-form-field > img.cymbal-dropdown-chevron');
    assert.equal(form.querySelectorAll('select[name="credit_card_expiration_month"] option[selected]').length, 0, 'January by default');
    const years = form.querySelectorAll('select[name="credit_card_expiration_year"] option');
    assert.deepEqual(years.map((o) => o.text), ['2025', '2026', '2027', '2028', '2029']);
    assert.deepEqual(form.querySelectorAll('select[name="credit_card_expiration_year"] option[selected]').map((o) => o.text), ['2026']);
    assert.equal(one(form, 'button.cymbal-button-primary[type="submit"]').text.trim(), 'Place Order');
  });

  it('order complete: ids, total paid, no currency form and no badge', () => {
    const root = parse(
      orderPage(
        view(),
        {
          order_id: 'c6f9e7b0-0000-4000-8000-000000000001',
          shipping_tracking_id: 'AB-44123-221234567',
          shipping_cost: eur(7, 950_000_000),
          shipping_address: { street_address: '', city: '', state: '', country: '', zip_code: 0 },
          items: [],
        },
        eur(25, 630_000_000),
        [],
      ),
    );
    commonChecks(root);
    const section = one(root, 'main.order section.order-complete-section');
    assert.equal(one(section, 'div.row > div.col-12.text-center > h3').text.trim(), 'Your order is complete!');
    const rows = section.querySelectorAll('div.row.padding-y-24').map((r) => r.querySelectorAll('div.col-6').map((c) => c.text.trim()));
    assert.deepEqual(rows, [
      ['Confirmation #', 'c6f9e7b0-0000-4000-8000-000000000001'],
      ['Tracking #', 'AB-44123-221234567'],
      ['Total Paid', '€25.63'],
    ]);
    assert.match(section.text, /Confirmation #\s*c6f9e7b0-0000-4000-8000-000000000001/);
    assert.match(section.text, /Tracking #\s*AB-44123-221234567/);
    assert.match(section.text, /Total Paid\s*€25\.63/);
    one(section, 'a.cymbal-button-primary[href="/"]');
    assert.equal(root.querySelector('form#currency_form'), null);
    assert.equal(root.querySelector('span.cart-size-circle'), null);
  });

  it('error page: heading, status and the error text in a pre', () => {
    const root = parse(errorPage(view(), 422, 'Unprocessable Entity', "Field 'Quantity' is invalid: lte\n"));
    assert.equal(one(root, 'h1').text, 'Uh, oh!');
    assert.match(root.text, /Something has failed\./);
    assert.match(root.text, /HTTP Status:\s*422 Unprocessable Entity/);
    assert.equal(one(root, 'pre').text.trim(), "Field 'Quantity' is invalid: lte");
    one(root, 'main > div.py-5 > div.container.bg-light > pre.border.border-danger.p-3');
  });

  it('escapes user-controlled text and neutralises script URLs', () => {
    const evil = product('<x>', '<script>alert(1)</script>');
    const page = productPage(view({ sessionId: '"><img src=x onerror=alert(1)>' }), { item: evil, price: eur(1, 0) }, [], {
      redirect_url: 'javascript:alert(1)',
      text: '<b>ad</b>',
    });
    assert.ok(!page.includes('<script>alert(1)</script>'));
    assert.ok(!page.includes('<img src=x onerror'));
    assert.ok(!page.includes('<b>ad</b>'));
    const root = parse(page);
    assert.equal(one(root, 'h2').text, '<script>alert(1)</script>');
    assert.equal(one(root, 'div.ad a').getAttribute('href'), '#ZgotmplZ');
  });

  it('prefixes every link with BASE_URL', () => {
    const root = parse(homePage(view({ baseUrl: '/shop', showCurrency: true, currencies: CURRENCIES }), [
      { item: product('OLJCESPC7Z', 'Sunglasses'), price: eur(17, 680_000_000) },
    ]));
    one(root, 'a.navbar-brand[href="/shop/"]');
    one(root, 'a.cart-link[href="/shop/cart"]');
    one(root, 'form#currency_form[action="/shop/setCurrency"]');
    one(root, 'div.hot-product-card a[href="/shop/product/OLJCESPC7Z"]');
    one(root, 'link[href="/shop/static/styles/styles.css"]');
  });
});

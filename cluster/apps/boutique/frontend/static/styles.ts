/**
 * Our own stylesheets, served as /static/styles/{styles,cart,order,bot}.css (real: header.html links these four, after
 * Bootstrap 4.1.1 and the fonts). They build on Bootstrap's grid and utilities (container, row, col-*, d-lg-none…)
 * like the real ones do. Layout facts kept from the real pages because a journey can meet them: the platform flag is a
 * fixed 10 px strip on the left whose 190×50 label box sits 98 px from the top over the page; the home hero banner
 * shows below 992 px only; the home page repeats its footer for small and large screens.
 */
export const stylesCss = `/* Online Boutique look-alike: page frame, home, product, recommendations, buttons and forms. */
html, body { height: 100%; }
body { display: flex; flex-direction: column; color: #121212; font-family: "DM Sans", "Helvetica Neue", Arial, sans-serif; }
main { flex: 1 0 auto; background-color: #f7f7f8; }
img { max-width: 100%; }

/* the header: a plum band with a white bar holding the logo, the currency picker and the cart */
header { background-color: #7c3456; color: #fff; }
header .navbar { padding-top: 4px; padding-bottom: 4px; }
header .h-free-shipping { font-size: 14px; }
header .navbar.sub-navbar { height: 60px; padding: 0; background: #fff; color: #a9a7b0; font-size: 15px; }
header .navbar.sub-navbar > .container { max-width: none; height: 100%; padding: 0 24px; align-items: center; }
header .navbar-brand { padding: 0; margin: 0; }
header .top-left-logo { height: 36px; width: auto; }
header .controls { display: flex; align-items: center; height: 100%; }
header .h-controls { display: flex; justify-content: flex-end; }
header .h-control { display: flex; align-items: center; position: relative; height: 40px; padding: 0 6px; color: #5e5d63;
  font-size: 12px; border: 1px solid #d6d4da; border-radius: 8px; }
header .h-control .currency-icon { font-size: 15px; margin-right: 2px; }
header .controls-form { margin: 0; }
header .h-control select { -webkit-appearance: none; appearance: none; border: 0; background: transparent; padding: 0 22px 0 2px;
  height: 38px; font-size: 15px; color: #121212; cursor: pointer; position: relative; z-index: 1; }
header .h-control .arrow { position: absolute; right: 6px; width: 14px; height: 14px; pointer-events: none; }
header .cart-link { position: relative; display: flex; flex-flow: column; align-items: center; justify-content: center; margin-left: 22px; }
header .cart-link .logo { width: 28px; height: 28px; }
header .cart-size-circle { position: absolute; top: 20px; left: 13px; display: flex; align-items: center; justify-content: center;
  min-width: 16px; height: 16px; padding: 0 3px; font-size: 11px; color: #fff; background-color: #7c3456; border-radius: 4px 4px 0 4px; }

/* the platform flag */
.local, .aws-platform, .onprem-platform, .azure-platform, .alibaba-platform, .gcp-platform {
  position: fixed; top: 0; left: 0; width: 10px; height: 100vh; z-index: 999; color: #fff; font-size: 24px; }
.platform-flag { position: absolute; top: 98px; left: 0; width: 190px; height: 50px; display: flex; align-items: center; justify-content: center; }
.local, .local .platform-flag { background-color: #311069; }
.aws-platform, .aws-platform .platform-flag { background-color: #f29100; }
.onprem-platform, .onprem-platform .platform-flag { background-color: #2e9b4b; }
.gcp-platform, .gcp-platform .platform-flag { background-color: #3b78e7; }
.azure-platform, .azure-platform .platform-flag { background-color: #e84e22; }
.alibaba-platform, .alibaba-platform .platform-flag { background-color: #f5b800; }

/* home */
.home-mobile-hero-banner { height: 200px; background: url(/static/images/folded-clothes-on-white-chair-wide.jpg) no-repeat top center;
  background-size: cover; }
.home-desktop-left-image { background: url(/static/images/folded-clothes-on-white-chair.jpg) no-repeat center; background-size: cover; }
@media (min-width: 992px) {
  .home .container-fluid { height: calc(100vh - 91px); }
  .px-10-percent { padding-left: 10%; padding-right: 10%; }
}
.hot-products-row { padding: 0 8% 64px; }
.hot-products-row h3 { margin: 52px 0 30px; font-size: 34px; font-weight: 400; }
.hot-product-card { margin-bottom: 48px; padding-left: 14px; padding-right: 14px; }
.hot-product-card > a:first-child { position: relative; display: block; }
.hot-product-card img { width: 100%; height: auto; border-radius: 18% 0 18% 18%; }
.hot-product-card-img-overlay { position: absolute; top: 0; left: 0; width: 100%; height: 100%; border-radius: 18% 0 18% 18%; }
.hot-product-card:hover .hot-product-card-img-overlay { background-color: rgba(80, 10, 40, .18); }
.hot-product-card-name { margin-top: 10px; font-size: 18px; }
.hot-product-card-price { font-size: 14px; color: #4a4950; }
.home-desktop-footer-row footer { padding-left: 8%; padding-right: 8%; }

/* product */
.h-product { max-width: 1200px; margin-top: 48px; margin-bottom: 96px; background-color: #f7f7f8; }
.h-product > .row { align-items: flex-end; }
.h-product .product-image { width: 100%; border-radius: 18% 18% 0 18%; }
.h-product .product-wrapper { margin-left: 12px; margin-top: 24px; }
.h-product h2 { font-size: 36px; font-weight: 400; }
.h-product .product-price { font-size: 26px; }
.product-quantity-dropdown { position: relative; display: inline-block; width: 100px; margin: 8px 0 24px; }
.product-quantity-dropdown select { -webkit-appearance: none; appearance: none; width: 100%; height: 44px; padding: 0 30px 0 14px;
  font-size: 16px; background: #fff; border: 1px solid #c9c7cf; border-radius: 8px; }
.product-quantity-dropdown img { position: absolute; right: 10px; top: 15px; width: 14px; height: 14px; pointer-events: none; }
.h-product form .cymbal-button-primary { display: block; }

/* recommendations */
.recommendations { background: #f7f7f8; padding-bottom: 52px; }
.recommendations .container { max-width: 1174px; }
@media (max-width: 992px) { .recommendations .container { max-width: none; } }
.recommendations h2 { border-top: 1px solid #cfcdd4; padding: 36px 0; font-weight: 400; text-align: center; }
.recommendations img { width: 100%; height: 100%; border-radius: 18% 0 18% 18%; }
.recommendations h5 { margin-top: 10px; font-size: 18px; font-weight: 400; }
.ad { background: #f7f7f8; }

/* buttons and form fields */
.cymbal-button-primary, .cymbal-button-secondary { display: inline-block; padding: 8px 18px; border: 1px solid #c40a35;
  border-radius: 22px; font-size: 14px; line-height: 1.5; text-decoration: none; cursor: pointer; }
.cymbal-button-primary { color: #fff; background-color: #c40a35; }
.cymbal-button-primary:hover { color: #fff; background-color: #a30729; text-decoration: none; }
.cymbal-button-secondary { color: #c40a35; background-color: #fff; }
.cymbal-button-secondary:hover { color: #a30729; text-decoration: none; }
.cymbal-form-field { position: relative; margin-bottom: 20px; }
.cymbal-form-field label { position: absolute; top: 8px; left: 22px; margin: 0; font-size: 11px; color: #5e5d63; pointer-events: none; }
.cymbal-form-field input, .cymbal-form-field select { -webkit-appearance: none; appearance: none; width: 100%; height: 56px;
  padding: 18px 14px 0; font-size: 15px; background: #fff; border: 1px solid #c9c7cf; border-radius: 8px; }
.cymbal-dropdown-chevron { position: absolute; right: 24px; top: 22px; width: 14px; height: 14px; pointer-events: none; }

/* footer */
footer { background: #fff; }
footer .footer-top { padding-bottom: 24px; }
footer .footer-text { margin: 0 0 8px; font-size: 13px; color: #5e5d63; }
footer .footer-social { text-align: center; }
footer a { color: #7c3456; }

/* error page */
pre.border-danger { white-space: pre-wrap; word-break: keep-all; overflow-wrap: anywhere; }
`;

export const cartCss = `/* the cart page */
.cart-sections { padding-bottom: 48px; }
.empty-cart-section { max-width: 460px; margin: 64px auto; padding: 0 16px; text-align: center; }
.empty-cart-section h3 { font-size: 30px; font-weight: 400; }
.empty-cart-section p { margin: 18px 0 28px; color: #5e5d63; }
.cart-summary-section { margin-top: 40px; }
.cart-summary-section h3 { font-size: 26px; font-weight: 400; white-space: nowrap; }
.cart-summary-empty-cart-button { margin-right: 6px; }
.cart-summary-item-row, .cart-summary-shipping-row, .cart-summary-total-row { padding: 20px 0; border-top: 1px solid #d8d6dc; }
.cart-summary-item-row img { border-radius: 18% 0 18% 18%; }
.cart-summary-item-row h4 { font-size: 18px; font-weight: 400; margin-top: 8px; }
.cart-summary-item-row-item-id-row { margin-bottom: 10px; font-size: 12px; color: #5e5d63; }
.cart-summary-total-row { font-size: 22px; }
.cart-checkout-form { margin-top: 40px; }
.cart-checkout-form h3 { margin-bottom: 20px; font-size: 26px; font-weight: 400; }
.cart-checkout-form .payment-method-heading { margin-top: 20px; }
@media (min-width: 768px) {
  .cart-summary-item-row .col-md-8 { padding-left: 20px; }
}
@media (max-width: 767px) {
  .cart-summary-section .text-right form { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 6px; }
}
`;

export const orderCss = `/* the order confirmation page */
.order-complete-section { max-width: 540px; margin: 64px auto 48px; }
.order-complete-section h3 { font-size: 30px; font-weight: 400; }
.order-complete-section p { margin-bottom: 28px; color: #5e5d63; }
.border-bottom-solid { border-bottom: 1px solid #d8d6dc; }
.padding-y-24 { padding-top: 24px; padding-bottom: 24px; }
.order-complete-section .cymbal-button-primary { margin-top: 36px; }
.order-complete-section .text-right { overflow-wrap: anywhere; }
`;

export const botCss = `/* the shopping assistant's chat panel (not enabled in this shop; kept so every page loads the same stylesheets) */
.bot-panel { position: fixed; right: 16px; bottom: 16px; width: 320px; max-width: calc(100vw - 32px); background: #fff;
  border: 1px solid #d8d6dc; border-radius: 12px; box-shadow: 0 6px 24px rgba(0, 0, 0, .12); }
.bot-panel .bot-messages { max-height: 50vh; overflow-y: auto; padding: 12px; font-size: 14px; }
.bot-panel .bot-input { display: flex; gap: 8px; padding: 12px; border-top: 1px solid #eee; }
`;

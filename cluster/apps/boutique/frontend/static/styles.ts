/** The shop's stylesheet (served as /static/styles/styles.css). Mobile first; nothing wider than the viewport. */
export const stylesCss = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: "DM Sans", "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff;
  line-height: 1.5; overflow-x: hidden; }
img { max-width: 100%; height: auto; }
a { color: #4a3aa8; }
h1, h2, h3, h4, h5 { font-weight: 500; margin: 0 0 .6em; }
pre { white-space: pre-wrap; word-break: break-word; overflow-wrap: anywhere; }
.container { width: 100%; max-width: 1140px; margin: 0 auto; padding: 0 16px; }
.text-right { text-align: right; }
.py-5 { padding-top: 2.5rem; padding-bottom: 2.5rem; }

/* header */
header .navbar { background: #fff; border-bottom: 1px solid #e4e4e4; position: sticky; top: 0; z-index: 10; }
.nav-container { display: flex; align-items: center; justify-content: space-between; gap: 12px; min-height: 64px; }
.navbar-brand { display: flex; align-items: center; min-width: 0; }
.top-left-logo { height: 30px; width: auto; display: block; }
.controls { display: flex; align-items: center; gap: 12px; }
.controls-form { margin: 0; }
.h-controls, .h-control { display: flex; align-items: center; }
.h-control { border: 1px solid #ccc; border-radius: 18px; padding: 2px 8px; gap: 4px; }
.currency-icon { font-weight: 700; }
.h-control select { border: 0; background: transparent; font: inherit; padding: 4px 2px; cursor: pointer; }
.cart-link { position: relative; display: inline-flex; align-items: center; padding: 6px; }
.cart-link .logo { width: 28px; height: 28px; }
.cart-size-circle { position: absolute; top: -2px; right: -6px; min-width: 20px; height: 20px; padding: 0 5px;
  border-radius: 10px; background: #853b5c; color: #fff; font-size: 12px; line-height: 20px; text-align: center; }

/* buttons and forms */
.cymbal-button-primary, .cymbal-button-secondary { display: inline-block; border-radius: 22px; padding: 10px 22px;
  font: inherit; font-weight: 500; text-decoration: none; cursor: pointer; border: 1px solid #853b5c; }
.cymbal-button-primary { background: #853b5c; color: #fff; }
.cymbal-button-primary:hover { background: #6b2f4a; }
.cymbal-button-secondary { background: #fff; color: #853b5c; }
.cymbal-form-field { display: flex; flex-direction: column; flex: 1 1 0; min-width: 0; margin-bottom: 12px; }
.cymbal-form-field label { font-size: 13px; color: #555; margin-bottom: 2px; }
.cymbal-form-field input, .cymbal-form-field select, .product-quantity-dropdown select { width: 100%; min-width: 0;
  font: inherit; padding: 8px 10px; border: 1px solid #bbb; border-radius: 6px; background: #fff; }
.form-row { display: flex; gap: 12px; }
.form-row-center { display: flex; justify-content: center; margin-top: 12px; }

/* home */
.home-hero-banner { height: 140px; background: linear-gradient(120deg, #f6e7ec, #e9e4f7 60%, #dff0ea); }
.hot-products-row { padding: 24px 0; }
.hot-products-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 20px; }
.hot-product-card a { display: block; position: relative; border-radius: 12px; overflow: hidden; background: #f5f5f5; }
.hot-product-card img { display: block; width: 100%; aspect-ratio: 1 / 1; object-fit: cover; }
.hot-product-card-img-overlay { position: absolute; inset: 0; }
.hot-product-card a:hover .hot-product-card-img-overlay { background: rgba(0, 0, 0, .08); }
.hot-product-card-name { margin-top: 8px; font-size: 15px; }
.hot-product-card-price { font-weight: 700; }

/* product */
.h-product { padding-top: 24px; padding-bottom: 24px; }
.product-row { display: flex; flex-wrap: wrap; gap: 32px; }
.product-image-col { flex: 1 1 280px; min-width: 0; }
.product-image { width: 100%; border-radius: 12px; background: #f5f5f5; }
.product-info { flex: 1 1 280px; min-width: 0; }
.product-price { font-size: 24px; font-weight: 700; }
.product-quantity-dropdown { max-width: 120px; margin-bottom: 16px; }
.product-quantity-dropdown label { display: block; font-size: 13px; color: #555; }
.recommendations { background: #f7f7f9; padding: 32px 0; margin-top: 24px; }
.recommendations-row { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 16px; }
.recommendation img { display: block; width: 100%; aspect-ratio: 1 / 1; border-radius: 10px; background: #fff; }
.recommendation h5 { font-size: 15px; margin-top: 6px; }
.ad .ad-container { padding-top: 20px; padding-bottom: 20px; }
.ad [role=alert] { background: #eef6ff; border: 1px solid #cfe2ff; border-radius: 8px; padding: 12px 16px; overflow-wrap: anywhere; }

/* cart */
.cart-sections { padding: 24px 0; }
.empty-cart-section { text-align: center; padding: 48px 16px; }
.cart-container { display: flex; flex-wrap: wrap; gap: 40px; }
.cart-summary-section { flex: 1 1 320px; min-width: 0; }
.cart-checkout-col { flex: 1 1 300px; min-width: 0; }
.cart-summary-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 12px; }
.cart-summary-header form { display: flex; flex-wrap: wrap; gap: 8px; }
.cart-summary-item-row { display: flex; gap: 16px; padding: 16px 0; border-bottom: 1px solid #e4e4e4; }
.cart-item-image { flex: 0 0 96px; }
.cart-item-image img { border-radius: 8px; background: #f5f5f5; }
.cart-item-details { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.cart-summary-item-row-item-id-row { color: #666; font-size: 13px; }
.cart-item-quantity-row, .cart-summary-shipping-row, .cart-summary-total-row, .order-row { display: flex;
  justify-content: space-between; gap: 12px; }
.cart-summary-shipping-row { padding: 12px 0; border-bottom: 1px solid #e4e4e4; }
.cart-summary-total-row { padding: 12px 0; font-weight: 700; }
.payment-method-heading { margin-top: 16px; }

/* order */
.order-complete-section { max-width: 640px; padding-top: 32px; padding-bottom: 32px; }
.order-heading { text-align: center; margin-bottom: 16px; }
.order-row { padding: 16px 0; overflow-wrap: anywhere; }
.border-bottom-solid { border-bottom: 1px solid #e4e4e4; }

/* error */
.error-container { background: #f8f9fa; border-radius: 8px; padding: 24px 16px; }
.error-details { border: 1px solid #dc3545; padding: 12px; background: #fff; }

footer { background: #1e1e24; color: #ccc; margin-top: 40px; }
footer .footer-text { margin: 0 0 6px; font-size: 13px; overflow-wrap: anywhere; }

@media (max-width: 480px) {
  .home-hero-banner { height: 80px; }
  .form-row-split { flex-wrap: wrap; }
  .form-row-split .cymbal-form-field { flex-basis: 40%; }
  .top-left-logo { height: 24px; }
}
`;

/** The shop's stylesheet (served as /css/style.css): simple, responsive, no horizontal overflow down to 320 px. */
export const stylesCss = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; overflow-x: hidden; }
body { font-family: "Helvetica Neue", Arial, sans-serif; color: #333; background: #f7f7f7; line-height: 1.45; }
a { color: #4fbfa8; text-decoration: none; }
a:hover { text-decoration: underline; }
img { max-width: 100%; height: auto; }
.container { max-width: 1140px; margin: 0 auto; padding: 0 15px; }
.hidden { display: none !important; }
.muted { color: #777; }
#top { background: #555; color: #fff; font-size: 13px; padding: 8px 0; }
.top-row { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 6px; }
.offer { min-width: 0; }
.badge { background: #4fbfa8; border-radius: 3px; padding: 1px 6px; margin-right: 4px; }
#top .menu { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; }
#top .menu a { color: #fff; }
.navbar { background: #fff; border-bottom: 1px solid #e6e6e6; padding: 10px 0; }
.nav-row { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 20px; }
.navbar-brand { font-size: 22px; font-weight: bold; color: #333; display: flex; align-items: center; gap: 6px; }
.logo-mark { display: inline-flex; width: 32px; height: 32px; border-radius: 50%; background: #4fbfa8; color: #fff; align-items: center; justify-content: center; }
.nav { list-style: none; display: flex; gap: 4px; margin: 0; padding: 0; flex-wrap: wrap; }
.nav li a { display: block; padding: 8px 12px; color: #555; text-transform: uppercase; font-size: 14px; font-weight: bold; }
.nav li.active a { color: #4fbfa8; border-bottom: 2px solid #4fbfa8; }
#basket-overview { margin-left: auto; }
.btn { display: inline-block; border: 1px solid transparent; border-radius: 3px; padding: 7px 14px; font-size: 14px; cursor: pointer; background: #fff; color: #333; }
.btn:hover { text-decoration: none; }
.btn[disabled] { opacity: 0.55; cursor: not-allowed; }
.btn-primary { background: #4fbfa8; border-color: #4fbfa8; color: #fff; }
.btn-default { border-color: #ccc; }
.btn-sm { padding: 4px 8px; font-size: 12px; }
#content { padding: 20px 0 40px; }
.hero { background: #fff; padding: 24px; border-radius: 4px; margin-bottom: 20px; }
.hero h1 { margin-top: 0; }
.product-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 16px; }
.product { background: #fff; border: 1px solid #e6e6e6; border-radius: 4px; overflow: hidden; display: flex; flex-direction: column; }
.product-image img { display: block; width: 100%; aspect-ratio: 1 / 1; object-fit: cover; }
.product .text { padding: 10px 12px; text-align: center; }
.product h3 { font-size: 17px; margin: 4px 0; }
.price { font-size: 18px; color: #555; }
.buttons { display: flex; gap: 6px; justify-content: center; flex-wrap: wrap; }
.category-layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 20px; }
.panel, .box { background: #fff; border: 1px solid #e6e6e6; border-radius: 4px; padding: 15px; min-width: 0; }
#filters { display: flex; flex-direction: column; gap: 4px; margin-bottom: 10px; }
.pagination { display: flex; gap: 4px; margin-top: 16px; flex-wrap: wrap; }
.pagination a { padding: 4px 10px; border: 1px solid #ddd; border-radius: 3px; background: #fff; }
.pagination a.active { background: #4fbfa8; color: #fff; }
.detail { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; background: #fff; padding: 20px; border-radius: 4px; }
.detail-images { display: flex; flex-direction: column; gap: 10px; }
.basket-layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 20px; align-items: start; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.table { width: 100%; border-collapse: collapse; background: #fff; }
.table th, .table td { padding: 8px; border-bottom: 1px solid #eee; text-align: left; vertical-align: middle; }
.table tr.total th, .table tr.total td { font-size: 18px; }
.thumb { width: 50px; height: 50px; }
.quantity { width: 64px; }
.form-control { width: 100%; padding: 7px 10px; border: 1px solid #ccc; border-radius: 3px; font-size: 14px; }
.form-group { margin-bottom: 10px; }
.box-footer { display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; margin-top: 12px; }
#orderButton { width: 100%; margin-top: 10px; }
.alert { padding: 10px 14px; border-radius: 3px; margin: 10px 0; }
.alert-success { background: #dff0d8; color: #3c763d; }
.alert-danger { background: #f2dede; color: #a94442; }
.label { display: inline-block; padding: 2px 6px; border-radius: 3px; font-size: 12px; color: #fff; }
.label-info { background: #5bc0de; }
.text-center { text-align: center; }
.modal { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.5); display: flex; align-items: flex-start; justify-content: center; padding: 60px 10px; z-index: 10; }
.modal-dialog { background: #fff; border-radius: 4px; padding: 20px; width: 100%; max-width: 380px; position: relative; }
.modal-dialog h4 { margin-top: 0; }
.close { position: absolute; right: 10px; top: 6px; border: 0; background: none; font-size: 24px; cursor: pointer; }
#footer { background: #e0e0e0; padding: 20px 0; font-size: 13px; color: #666; }
@media (max-width: 767px) {
  .category-layout, .basket-layout, .detail { grid-template-columns: minmax(0, 1fr); }
  .product-grid { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); }
  #basket-overview { margin-left: 0; }
  .offer { display: none; }
}
`;

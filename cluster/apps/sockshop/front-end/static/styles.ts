/** The shop's own stylesheet (served as /css/style.css, after Bootstrap 3): the theme touches; written here. */
export const stylesCss = `
body { font-family: "Roboto", Helvetica, Arial, sans-serif; background: #f0f0f0; overflow-x: hidden; }
#top { background: #555; color: #fff; padding: 10px 0; }
#top .offer { color: #fff; }
#top .offer a { color: #fff; }
#top ul.menu { list-style: none; margin: 0; padding: 0; text-align: right; }
#top ul.menu > li { display: inline-block; }
#top ul.menu > li + li:before { content: "|\\00a0"; padding: 0 5px; color: #f7f7f7; }
#top ul.menu > li a { color: #eee; }
@media (max-width: 991px) { #top ul.menu { text-align: center; padding-top: 10px; } #top .offer { text-align: center; } }
.navbar { margin-bottom: 0; }
.navbar-brand .brand-text { font-size: 22px; font-weight: 700; color: #4fbfa8; }
#content { padding-top: 20px; }
.box { background: #fff; margin: 0 0 30px; border: solid 1px #e6e6e6; box-sizing: border-box; padding: 20px; box-shadow: 0 1px 5px rgba(0,0,0,.1); }
.breadcrumb { background: #fff; }
.product { background: #fff; border: solid 1px #e6e6e6; margin-bottom: 30px; box-sizing: border-box; }
.product .flip-container .back { display: none; }
.product .text { padding: 10px; text-align: center; }
.product .text h3 { font-size: 18px; font-weight: 700; height: 39px; }
.product .price { font-size: 18px; text-align: center; font-weight: 300; }
.product .buttons .btn { margin-bottom: 5px; }
#hot .product-slider .item { display: inline-block; width: 200px; max-width: 100%; vertical-align: top; margin: 0 10px; }
#productMain .price { font-size: 40px; font-weight: 300; text-align: center; margin-top: 40px; }
#productMain .buttons { margin-bottom: 0; text-align: center; }
#thumbs img { max-height: 80px; }
#basket .table tbody tr td img { width: 50px; }
#basket .table tbody tr td input { width: 60px; }
#basket .box-footer { overflow: hidden; padding: 20px 0 0; }
#basket .box-footer .pull-right .btn { margin-bottom: 5px; }
#order-summary table tr.total td, #order-summary table tr.total th { font-size: 18px; font-weight: 700; }
#footer { background: #e0e0e0; padding: 20px 0; }
`;

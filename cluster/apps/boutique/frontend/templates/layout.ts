/**
 * The page frame every page shares: head (third-party CSS from the CDN stand-in, our own stylesheets), header (logo,
 * currency form, cart link), the platform flag, and the footer.
 *
 * The markup is our own; what a locator or a network trace can depend on follows the real frontend (v0.10.x,
 * src/frontend/templates/header.html and footer.html): element types, ids, classes, attributes, texts, nesting, and
 * which assets load from where. Each such fact is noted where it is used ("real: …").
 */
import { currencySymbol } from '../money/money.js';
import { html, type SafeHtml } from './html.js';

export interface CommonView {
  baseUrl: string;
  sessionId: string;
  requestId: string;
  userCurrency: string;
  /** Home, product and cart pages show the currency form. */
  showCurrency?: boolean;
  currencies?: string[];
  /** Sum of quantities; the badge shows only when non-zero (and only where the page passes it). */
  cartSize?: number;
  /** Origin of the CDN stand-in serving Bootstrap and the fonts, e.g. http://127.0.0.1:41234 (no trailing slash). */
  cdnUrl?: string;
  /** The platform flag (real: set by the first home page request; empty before it). */
  platform?: { css: string; name: string };
  /** The pod's host name shown as "Pod: …" in the footer. */
  podName?: string;
  /** FRONTEND_MESSAGE: a banner above the navbar when set. */
  frontendMessage?: string;
  currentYear?: number;
}

/** Where the real header/footer load third-party assets from, mapped onto the CDN stand-in's paths (cluster/cdn). */
export function cdnLinks(cdnUrl: string) {
  return {
    // real: header.html — stackpath.bootstrapcdn.com/bootstrap/4.1.1/css/bootstrap.min.css with this SRI hash (the hash
    // of the npm package's identical file, so the same integrity check passes here).
    bootstrapCss: `${cdnUrl}/bootstrap/4.1.1/css/bootstrap.min.css`,
    bootstrapCssIntegrity: 'sha384-WskhaSGFgHYWDcbwN70/dfYBj47jz9qbsMId/iRN3ewGhXQFZCSftd1LZCfmhktB',
    // real: footer.html — bootstrap.min.js (4.1.1) at the end of <body>, with its SRI hash.
    bootstrapJs: `${cdnUrl}/bootstrap/4.1.1/js/bootstrap.min.js`,
    bootstrapJsIntegrity: 'sha384-smHYKdLADwkXOn1EmN1qk/HfnUcbVRZyYmZ4qpPea6sjB/pTJ0euyQp0Mk8ck+5T',
    // real: fonts.googleapis.com css2 for DM Sans (400/700, normal/italic, display=swap) and Google Symbols.
    dmSansCss: `${cdnUrl}/css2?family=DM+Sans:ital,wght@0,400;0,700;1,400;1,700&display=swap`,
    symbolsCss: `${cdnUrl}/css2?family=Google+Symbols:opsz,wght,FILL,GRAD@20..48,100..700,0..1,-50..200`,
  };
}

function currencyControls(v: CommonView): SafeHtml {
  // real: header.html — div.h-controls > div.h-control > span.icon.currency-icon (" $"), then form#currency_form
  // (POST {base}/setCurrency, class controls-form) holding a select[name=currency_code] with no id/label that submits
  // on change, options in the currency service's order, the current one selected="selected"; then an img.icon.arrow.
  const options = (v.currencies ?? []).map(
    (c) => html`
                  <option value="${c}"${c === v.userCurrency ? html` selected="selected"` : ''}>${c}</option>`,
  );
  return html`
          <div class="h-controls">
            <div class="h-control">
              <span class="icon currency-icon"> ${currencySymbol(v.userCurrency)}</span>
              <form method="POST" class="controls-form" action="${v.baseUrl}/setCurrency" id="currency_form">
                <select name="currency_code" onchange="document.getElementById('currency_form').submit();">${options}
                </select>
              </form>
              <img src="${v.baseUrl}/static/icons/Hipster_DownArrow.svg" alt="" class="icon arrow">
            </div>
          </div>`;
}

function header(v: CommonView): SafeHtml {
  const cdn = cdnLinks(v.cdnUrl ?? '');
  // real: header.html — the <title> text is the template's whitespace around "Online Boutique" (document.title
  // normalises it; textContent does not).
  return html`
<!DOCTYPE html>
<html lang="en">

<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0, shrink-to-fit=no">
  <meta http-equiv="X-UA-Compatible" content="ie=edge">
  <title>
        
        Online Boutique
        
    </title>
  <link href="${cdn.bootstrapCss}" rel="stylesheet" integrity="${cdn.bootstrapCssIntegrity}" crossorigin="anonymous">
  <link rel="preconnect" href="${v.cdnUrl ?? ''}">
  <link rel="preconnect" href="${v.cdnUrl ?? ''}" crossorigin>
  <link href="${cdn.dmSansCss}" rel="stylesheet">
  <link href="${cdn.symbolsCss}" rel="stylesheet">
  <link rel="stylesheet" type="text/css" href="${v.baseUrl}/static/styles/styles.css">
  <link rel="stylesheet" type="text/css" href="${v.baseUrl}/static/styles/cart.css">
  <link rel="stylesheet" type="text/css" href="${v.baseUrl}/static/styles/order.css">
  <link rel="stylesheet" type="text/css" href="${v.baseUrl}/static/styles/bot.css">
  <link rel="shortcut icon" type="image/x-icon" href="${v.baseUrl}/static/favicon.ico">
</head>

<body>
  <header>${
    // real: header.html — FRONTEND_MESSAGE shows as div.navbar > div.container.d-flex.justify-content-center > div.h-free-shipping
    v.frontendMessage
      ? html`
    <div class="navbar">
      <div class="container d-flex justify-content-center">
        <div class="h-free-shipping">${v.frontendMessage}</div>
      </div>
    </div>`
      : ''
  }
    <div class="navbar sub-navbar">
      <div class="container d-flex justify-content-between">
        <a href="${v.baseUrl}/" class="navbar-brand d-flex align-items-center">
          <img src="${v.baseUrl}/static/icons/Hipster_NavLogo.svg" alt="" class="top-left-logo">
        </a>
        <div class="controls">${v.showCurrency ? currencyControls(v) : ''}
          <a href="${v.baseUrl}/cart" class="cart-link">
            <img src="${v.baseUrl}/static/icons/Hipster_CartIcon.svg" alt="Cart icon" class="logo" title="Cart">${
              // real: header.html — span.cart-size-circle only when the cart holds something
              v.cartSize ? html`
            <span class="cart-size-circle">${v.cartSize}</span>` : ''
            }
          </a>
        </div>
      </div>
    </div>
  </header>`;
}

/**
 * real: home/product/cart/order/error.html — right after the header, a div whose class is the platform's CSS class
 * ("local" here; no class attribute at all before the first home page request) holding span.platform-flag with its
 * name.
 */
export function platformFlag(v: CommonView): SafeHtml {
  const p = v.platform ?? { css: '', name: '' };
  return html`
  <div${p.css ? html` class="${p.css}"` : ''}>
    <span class="platform-flag">
      ${p.name}
    </span>
  </div>`;
}

/**
 * real: footer.html — footer.py-5 > div.footer-top > div.container.footer-social > three p.footer-text (the demo
 * notice, the copyright line with a "Source Code" link, then session-id/request-id and the deployment details in
 * <small>s), followed by Bootstrap's JS and the closing </body></html> (so a page that includes the footer twice,
 * like home, has them twice).
 */
export function footer(v: CommonView): SafeHtml {
  const year = v.currentYear ?? new Date().getFullYear();
  return html`
<footer class="py-5">
  <div class="footer-top">
    <div class="container footer-social">
      <p class="footer-text">This website is hosted for demo purposes only. It is not an actual shop. This is not a Google product.</p>
      <p class="footer-text">© 2020-${year} Google LLC (<a href="https://github.com/GoogleCloudPlatform/microservices-demo">Source Code</a>)</p>
      <p class="footer-text">
        <small>
          ${v.sessionId ? html`session-id: ${v.sessionId} — ` : ''}
          ${v.requestId ? html`request-id: ${v.requestId}` : ''}
        </small>
        <br>
        <small>${
          // real: off Google Cloud only the host name is known; cluster name and zone are empty, hence not shown.
          v.podName
            ? html`
          <b>Pod: </b>${v.podName}`
            : html`
          Deployment details are still loading.
          Try refreshing this page.`
        }
        </small>
      </p>
    </div>
  </div>
</footer>
<script src="${cdnLinks(v.cdnUrl ?? '').bootstrapJs}" integrity="${cdnLinks(v.cdnUrl ?? '').bootstrapJsIntegrity}" crossorigin="anonymous">
</script>
</body>

</html>
`;
}

/** A page whose main part sits between the platform flag and one footer (product, cart, order, error). */
export function page(v: CommonView, main: SafeHtml): string {
  return html`${header(v)}${platformFlag(v)}${main}${footer(v)}`.value;
}

/** The home page frames its footer itself (twice: one for large screens inside main, one for small ones after it). */
export function framedPage(v: CommonView, body: SafeHtml): string {
  return html`${header(v)}${platformFlag(v)}${body}`.value;
}

/** The page frame every page shares: head, header (logo, currency form, cart link) and footer. */
import { currencySymbol } from '../money.js';
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
}

function currencyForm(v: CommonView): SafeHtml {
  const options = (v.currencies ?? []).map(
    (c) => html`<option value="${c}"${c === v.userCurrency ? html` selected="selected"` : ''}>${c}</option>`,
  );
  return html`<form method="POST" class="controls-form" action="${v.baseUrl}/setCurrency" id="currency_form">
            <div class="h-controls">
              <div class="h-control">
                <span class="icon currency-icon">${currencySymbol(v.userCurrency)}</span>
                <select name="currency_code" aria-label="Currency" onchange="document.getElementById('currency_form').submit();">
                  ${options}
                </select>
              </div>
            </div>
          </form>`;
}

function header(v: CommonView): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
  <title>Online Boutique</title>
  <link rel="stylesheet" type="text/css" href="${v.baseUrl}/static/styles/styles.css">
  <link rel="shortcut icon" type="image/svg+xml" href="${v.baseUrl}/static/favicon.ico">
</head>
<body>
  <header>
    <div class="navbar sub-navbar">
      <div class="container nav-container">
        <a href="${v.baseUrl}/" class="navbar-brand">
          <img src="${v.baseUrl}/static/icons/Hipster_NavLogo.svg" alt="Online Boutique" class="top-left-logo">
        </a>
        <div class="controls">
          ${v.showCurrency ? currencyForm(v) : ''}
          <a href="${v.baseUrl}/cart" class="cart-link">
            <img src="${v.baseUrl}/static/icons/Hipster_CheckOutIcon.svg" alt="Cart icon" class="logo" title="Cart">
            ${v.cartSize ? html`<span class="cart-size-circle">${v.cartSize}</span>` : ''}
          </a>
        </div>
      </div>
    </div>
  </header>
`;
}

function footer(v: CommonView): SafeHtml {
  return html`
  <footer class="py-5">
    <div class="footer-top">
      <div class="container footer-social">
        <p class="footer-text">This website is hosted for demo purposes only. It is not an actual shop.</p>
        <p class="footer-text">
          <small>
            ${v.sessionId ? html`session-id: ${v.sessionId} — ` : ''}${v.requestId ? html`request-id: ${v.requestId}` : ''}
          </small>
        </p>
      </div>
    </div>
  </footer>
</body>
</html>
`;
}

export function page(v: CommonView, main: SafeHtml): string {
  return html`${header(v)}${main}${footer(v)}`.value;
}

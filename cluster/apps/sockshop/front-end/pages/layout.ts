/**
 * The frame every page shares: topbar (login/register/logout, #howdy), the login and register modals, the navbar
 * (#tabIndex, #tabCatalogue, #tabAccount, basket overview) and the footer. Pages are static; client.js fills them
 * from the front-end API like the real pages do.
 */
export type PageName = 'index' | 'category' | 'detail' | 'basket' | 'customer-orders' | 'customer-order';

const topbar = `
<div id="top">
  <div class="container top-row">
    <div class="offer"><span class="badge">Offer of the day</span> Free socks for everyone who reads the label.</div>
    <ul class="menu" id="topbar-menu">
      <li id="howdy" class="hidden"></li>
      <li id="login"><a href="#" data-open="login-modal">Login</a></li>
      <li id="register"><a href="#" data-open="register-modal">Register</a></li>
      <li id="logout" class="hidden"><a href="#">Logout</a></li>
    </ul>
  </div>
</div>
<div class="modal hidden" id="login-modal" role="dialog" aria-labelledby="login-title">
  <div class="modal-dialog">
    <button type="button" class="close" data-close="login-modal" aria-label="Close">&times;</button>
    <h4 id="login-title">Customer login</h4>
    <p id="login-message"></p>
    <form>
      <div class="form-group"><input type="text" class="form-control" id="username-modal" placeholder="username" autocomplete="username"></div>
      <div class="form-group"><input type="password" class="form-control" id="password-modal" placeholder="password" autocomplete="current-password"></div>
      <p class="text-center"><button type="submit" class="btn btn-primary">Log in</button></p>
    </form>
  </div>
</div>
<div class="modal hidden" id="register-modal" role="dialog" aria-labelledby="register-title">
  <div class="modal-dialog">
    <button type="button" class="close" data-close="register-modal" aria-label="Close">&times;</button>
    <h4 id="register-title">Register</h4>
    <p id="registration-message"></p>
    <form>
      <div class="form-group"><input type="text" class="form-control" id="register-username-modal" placeholder="username" autocomplete="username"></div>
      <div class="form-group"><input type="text" class="form-control" id="register-first-modal" placeholder="first name"></div>
      <div class="form-group"><input type="text" class="form-control" id="register-last-modal" placeholder="last name"></div>
      <div class="form-group"><input type="email" class="form-control" id="register-email-modal" placeholder="email"></div>
      <div class="form-group"><input type="password" class="form-control" id="register-password-modal" placeholder="password" autocomplete="new-password"></div>
      <p class="text-center"><button type="submit" class="btn btn-primary">Register</button></p>
    </form>
  </div>
</div>`;

function navbar(active: PageName): string {
  const cls = (tab: PageName[]) => (tab.includes(active) ? ' class="active"' : '');
  return `
<nav class="navbar" id="navbar">
  <div class="container nav-row">
    <a class="navbar-brand" href="index.html"><span class="logo-mark">W</span>WeaveSocks</a>
    <ul class="nav">
      <li id="tabIndex"${cls(['index'])}><a href="index.html">Home</a></li>
      <li id="tabCatalogue"${cls(['category', 'detail'])}><a href="category.html">Catalogue</a></li>
      <li id="tabAccount" class="hidden${active.startsWith('customer') ? ' active' : ''}"><a href="customer-orders.html">Account</a></li>
    </ul>
    <div id="basket-overview"><a href="basket.html" class="btn btn-primary navbar-btn"><span id="numItemsInCart">0 items in cart</span></a></div>
  </div>
</nav>`;
}

const footer = `
<footer id="footer"><div class="container">
  <p>WeaveSocks — a local look-alike of the Sock Shop microservices demo, for resilience testing.</p>
</div></footer>`;

export function layout(name: PageName, main: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WeaveSocks</title>
<link rel="stylesheet" href="css/style.css">
</head>
<body data-page="${name}">
${topbar}
${navbar(name)}
<div id="all"><div id="content"><div class="container">
<div id="user-message"></div>
${main}
</div></div></div>
${footer}
<script src="js/client.js"></script>
</body>
</html>
`;
}

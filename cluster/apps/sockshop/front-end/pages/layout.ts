/**
 * The frame every page shares, with the real front-end's DOM contract (microservices-demo/front-end public/*.html,
 * topbar.html, navbar.html; markup written here): a multi-line <title>, Roboto from the Google Fonts CSS API v1 URL
 * (on the CDN stand-in's origin, cluster/cdn, as the real page has it on fonts.googleapis.com), Bootstrap 3 (css/bootstrap.min.css), the topbar
 * (#login, #howdy, #logout, #register; the login modal kept aria-hidden as Bootstrap 3.3.7 leaves it), the navbar
 * (#tabIndex, #tabCatalogue, #tabAccount, #basket-overview with #numItemsInCart, inside Bootstrap's
 * `.navbar-collapse.collapse` blocks — hidden below 768 px, and, as in the real navbar.html, with no toggle button),
 * #user-message, and the footer. client.js fills the dynamic parts from the front-end API.
 */
export type PageName = 'index' | 'category' | 'detail' | 'basket' | 'customer-orders' | 'customer-order';

/** The real pages' head links Roboto 400,500,700,300,100 from Google Fonts; here the same path and query on the CDN stand-in. */
export const ROBOTO_CSS = '/css?family=Roboto:400,500,700,300,100';

const topbar = `
<div id="topbar">
<div id="top">
  <div class="container">
    <div class="col-md-6 offer">
      <a href="#" class="btn btn-success btn-sm">Offer of the day</a> <a href="#">Socks for the whole team, one free pair per order!</a>
    </div>
    <div class="col-md-6">
      <ul class="menu">
        <li id="login"><a href="#" data-toggle="modal" data-target="#login-modal">Login</a></li>
        <li id="howdy"></li>
        <li id="logout"><a href="index.html">Logout</a></li>
        <li id="register"><a href="#" data-toggle="modal" data-target="#register-modal">Register</a></li>
      </ul>
    </div>
  </div>
  <div class="modal fade" id="login-modal" tabindex="-1" role="dialog" aria-labelledby="Login" aria-hidden="true">
    <div class="modal-dialog modal-sm">
      <div class="modal-content">
        <div class="modal-header">
          <button type="button" class="close" data-dismiss="modal" aria-hidden="true">&times;</button>
          <h4 class="modal-title" id="Login">Customer login</h4>
        </div>
        <div class="modal-body">
          <div id="login-message"> </div>
          <form action="index.html" method="get">
            <div class="form-group"><input type="text" class="form-control" name="username" id="username-modal" placeholder="username"></div>
            <div class="form-group"><input type="password" class="form-control" name="password" id="password-modal" placeholder="password"></div>
            <p class="text-center"><button class="btn btn-primary" id="login-button"><i class="fa fa-sign-in"></i> Log in</button></p>
          </form>
        </div>
      </div>
    </div>
  </div>
  <div class="modal fade" id="register-modal" tabindex="-1" role="dialog" aria-labelledby="Register" aria-hidden="true">
    <div class="modal-dialog modal-sm">
      <div class="modal-content">
        <div class="modal-header">
          <button type="button" class="close" data-dismiss="modal" aria-hidden="true">&times;</button>
          <h4 class="modal-title">Register</h4>
        </div>
        <div class="modal-body">
          <div id="registration-message"> </div>
          <form action="index.html" method="get">
            <div class="form-group"><label for="register-username-modal">Username</label><input type="text" class="form-control" name="username" id="register-username-modal" placeholder="username"></div>
            <div class="form-group"><label for="register-first-modal">First name</label><input type="text" class="form-control" name="first-name" id="register-first-modal" placeholder="first name"></div>
            <div class="form-group"><label for="register-last-modal">Last name</label><input type="text" class="form-control" name="last-name" id="register-last-modal" placeholder="last name"></div>
            <div class="form-group"><label for="register-email-modal">Email</label><input type="text" class="form-control" name="email" id="register-email-modal" placeholder="email"></div>
            <div class="form-group"><label for="register-password-modal">Password</label><input type="password" class="form-control" name="password" id="register-password-modal"></div>
            <p class="text-center"><button class="btn btn-primary" id="register-button"><i class="fa fa-sign-in"></i> Register</button></p>
          </form>
        </div>
      </div>
    </div>
  </div>
</div>
</div>`;

function navbar(active: PageName): string {
  const tab = (id: string, on: boolean, inner: string) => `<li id="${id}"${on ? ' class="active"' : ''}>${inner}</li>`;
  return `
<div id="navbar">
<div class="navbar navbar-default yamm" role="navigation">
  <div class="container">
    <div class="navbar-header">
      <a class="navbar-brand home" href="index.html"><span class="brand-text">WeaveSocks</span><span class="sr-only"> - go to homepage</span></a>
    </div>
    <div class="navbar-collapse collapse" id="navigation">
      <ul class="nav navbar-nav navbar-left">
        ${tab('tabIndex', active === 'index' || active === 'detail' || active === 'basket', '<a href="index.html">Home</a>')}
        ${tab('tabCatalogue', active === 'category', '<a href="category.html">Catalogue <b class="caret"></b></a>')}
        ${tab('tabAccount', active.startsWith('customer'), '<a href="customer-orders.html">Account</a>')}
      </ul>
    </div>
    <div class="navbar-buttons">
      <div class="navbar-collapse collapse right" id="basket-overview">
        <a href="basket.html" class="btn btn-primary navbar-btn"><i class="fa fa-shopping-cart"></i><span class="hidden-sm" id="numItemsInCart">0 items in cart</span></a>
      </div>
    </div>
  </div>
</div>
</div>`;
}

const footer = `
<div id="footer">
  <div class="container">
    <div class="col-md-3 col-sm-6"><h4>Pages</h4><ul><li><a href="index.html">Home</a></li><li><a href="category.html">Catalogue</a></li></ul></div>
    <div class="col-md-9 col-sm-6"><p class="text-muted">WeaveSocks — a local look-alike of the Sock Shop demo, for resilience testing.</p></div>
  </div>
</div>`;

/** One page; `cdnUrl` is the CDN stand-in's origin (no trailing slash). */
export function layout(name: PageName, main: string, cdnUrl: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="description" content="WeaveSocks Demo App">
    <title>
        WeaveSocks
    </title>
    <link href="${cdnUrl}${ROBOTO_CSS}" rel="stylesheet" type="text/css">
    <link href="css/bootstrap.min.css" rel="stylesheet">
    <link href="css/style.css" rel="stylesheet">
</head>
<body data-page="${name}">
${topbar}
${navbar(name)}
<div id="all">
    <div id="content">
${main}
    </div>
${footer}
</div>
<script src="js/client.js"></script>
</body>
</html>
`;
}

/**
 * The pages' script (served as /js/client.js): plain browser JavaScript, no jQuery, written here. It reproduces the
 * real front-end's client behaviour (public/js/client.js and the pages' inline scripts): the requests each page makes,
 * the texts and alerts it shows, the reloads after a cart change, and basket.html's checkout decision. Every text put
 * into the page is escaped.
 */
export const clientJs = String.raw`(function () {
  'use strict';
  var SHIPPING = 4.99;

  function $(sel) { return document.querySelector(sel); }
  function byId(id) { return document.getElementById(id); }
  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function cookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return null;
  }
  function param(name) { return new URLSearchParams(location.search).get(name); }
  function api(method, url, body, headers) {
    var init = { method: method, headers: headers || {}, credentials: 'same-origin' };
    init.headers['Content-Type'] = 'application/json; charset=utf-8';
    if (body !== undefined) init.body = JSON.stringify(body);
    return fetch(url, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
        return { status: res.status, ok: res.ok, data: data };
      });
    });
  }
  function remove(el) { if (el && el.parentNode) el.parentNode.removeChild(el); }
  // The alerts client.js shows: a dismissible Bootstrap alert with role=alert and a close button first.
  function dismissible(kind, text) {
    return '<div class="alert alert-' + kind + ' alert-dismissible" role="alert"><button type="button" class="close" data-dismiss="alert" aria-label="Close"><span aria-hidden="true">&times;</span></button> ' + esc(text) + '</div>';
  }
  function userMessage(kind, text) { var box = byId('user-message'); if (box) box.innerHTML = dismissible(kind, text); }

  // --- modals: shown and hidden the way Bootstrap 3.3.7's modal plugin does; aria-hidden stays as written ---
  // Showing: display block, a reflow, then class "in" starts the stylesheet's slide-in (.modal.fade .modal-dialog,
  // 0.3 s). When that transition ends (or after Bootstrap's TRANSITION_DURATION of 300 ms, should no transitionend come)
  // the modal element itself takes the focus, not its first field: keys typed before then are lost when it does.
  var MODAL_TRANSITION_MS = 300;
  function afterTransition(el, done) {
    var finished = false;
    function finish() { if (finished) return; finished = true; el.removeEventListener('transitionend', onEnd); done(); }
    function onEnd(e) { if (e.target === el) finish(); }
    el.addEventListener('transitionend', onEnd);
    setTimeout(finish, MODAL_TRANSITION_MS);
  }
  function openModal(modal) {
    if (modal.classList.contains('in')) return;
    document.body.classList.add('modal-open');
    modal.style.display = 'block';
    modal.scrollTop = 0;
    void modal.offsetWidth;
    modal.classList.add('in');
    afterTransition(modal.querySelector('.modal-dialog') || modal, function () { modal.focus(); });
  }
  function closeModal(modal) {
    if (!modal.classList.contains('in')) return;
    modal.classList.remove('in');
    afterTransition(modal.querySelector('.modal-dialog') || modal, function () {
      if (modal.classList.contains('in')) return; // opened again meanwhile
      modal.style.display = 'none';
      document.body.classList.remove('modal-open');
    });
  }
  document.addEventListener('click', function (e) {
    var opener = e.target.closest('[data-toggle="modal"]');
    if (opener) { e.preventDefault(); var m = $(opener.getAttribute('data-target')); if (m) openModal(m); return; }
    var closer = e.target.closest('[data-dismiss="modal"]');
    if (closer) { closeModal(closer.closest('.modal')); return; }
    var alertClose = e.target.closest('[data-dismiss="alert"]');
    if (alertClose) remove(alertClose.closest('.alert'));
  });

  // --- topbar: login, register, logout, "Logged in as …" ---
  byId('login-button').addEventListener('click', function (e) {
    e.preventDefault();
    var user = byId('username-modal').value, pass = byId('password-modal').value;
    api('GET', 'login', undefined, { Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + pass))) }).then(function (res) {
      if (res.ok) {
        byId('login-message').innerHTML = '<div class="alert alert-success">Login successful.</div>';
        setTimeout(function () { location.reload(); }, 1500);
      } else {
        byId('login-message').innerHTML = '<div class="alert alert-danger">Invalid login credentials.</div>';
      }
    });
  });
  byId('register-button').addEventListener('click', function (e) {
    e.preventDefault();
    var body = {
      username: byId('register-username-modal').value, password: byId('register-password-modal').value,
      email: byId('register-email-modal').value, firstName: byId('register-first-modal').value, lastName: byId('register-last-modal').value
    };
    api('POST', 'register', body).then(function (res) {
      if (res.ok) {
        byId('registration-message').innerHTML = '<div class="alert alert-success">Registration and login successful.</div>';
        setTimeout(function () { location.reload(); }, 1500);
      } else {
        byId('registration-message').innerHTML = '<div class="alert alert-danger">There was a problem with your registration: ' + esc(res.status === 500 ? 'Internal Server Error' : 'HTTP ' + res.status) + '</div>';
      }
    });
  });
  $('#logout a').addEventListener('click', function () { document.cookie = 'logged_in=; Path=/; Max-Age=0'; });

  var session = cookie('logged_in');
  if (session) {
    api('GET', 'customers/' + encodeURIComponent(session)).then(function (res) {
      if (res.ok && res.data && res.data.status_code !== 500) {
        remove(byId('login')); remove(byId('register'));
        byId('howdy').innerHTML = '<a href="#">Logged in as ' + esc(res.data.firstName + ' ' + res.data.lastName) + '</a>';
      } else { remove(byId('howdy')); remove(byId('logout')); }
    });
  } else {
    remove(byId('howdy')); remove(byId('logout')); remove(byId('tabAccount'));
  }

  // --- navbar basket button: "0 items in cart" as written; "{n} item(s) in cart" once the lines were looked up ---
  function countCart() {
    api('GET', 'cart').then(function (res) {
      if (!res.ok) { remove(byId('basket-overview')); return; }
      var lines = Array.isArray(res.data) ? res.data.filter(function (l) { return l && l.itemId; }) : [];
      var n = 0;
      lines.forEach(function (line) {
        api('GET', 'catalogue/' + encodeURIComponent(line.itemId)).then(function (r) {
          if (r.ok) n += line.quantity;
          byId('numItemsInCart').textContent = n + ' item(s) in cart';
        });
      });
    });
  }

  function addToCart(id) {
    api('POST', 'cart', { id: id }).then(function (res) {
      if (res.ok) location.reload();
      else console.error('Could not add item: ' + id + ', status ' + res.status);
    });
  }

  function card(sock, wide, withButtons) {
    var href = 'detail.html?id=' + encodeURIComponent(sock.id);
    var img = function (i) { return '<a href="' + esc(href) + '"><img src="' + esc(sock.imageUrl[i] || sock.imageUrl[0]) + '" alt="" class="img-responsive"></a>'; };
    return '<div class="' + wide + '"><div class="product">' +
      '<div class="flip-container"><div class="flipper"><div class="front">' + img(0) + '</div><div class="back">' + img(1) + '</div></div></div>' +
      '<div class="text"><h3><a href="' + esc(href) + '">' + esc(sock.name) + '</a></h3>' +
      '<p class="price">$' + esc(sock.price) + '</p>' +
      (withButtons ? '<p class="buttons"><a href="' + esc(href) + '" class="btn btn-default">View detail</a> ' +
        '<a href="#" class="btn btn-primary" data-add="' + esc(sock.id) + '"><i class="fa fa-shopping-cart"></i>Add to cart</a></p>' : '') +
      '</div></div></div>';
  }
  document.addEventListener('click', function (e) {
    var add = e.target.closest('[data-add]');
    if (add) { e.preventDefault(); addToCart(add.getAttribute('data-add')); }
  });

  // --- pages ---
  var pages = {
    index: function () {
      api('GET', 'catalogue?size=5').then(function (res) {
        $('#hot-slider').innerHTML = (res.data || []).map(function (s) { return card(s, 'item', false); }).join('');
      });
    },
    category: function () {
      var size = Number(param('size') || 6), page = Number(param('page') || 1), tags = param('tags') || '';
      function setQuery(name, value) {
        var q = new URLSearchParams(location.search);
        if (value === null) q.delete(name); else q.set(name, value);
        location.search = q.toString();
      }
      api('GET', 'catalogue/size' + (tags ? '?tags=' + encodeURIComponent(tags) : '')).then(function (res) {
        var total = (res.data && res.data.size) || 0;
        if (total <= size) size = total;
        byId('totalProducts').innerHTML = 'Showing <strong>' + esc(size) + '</strong> of <strong>' + esc(total) + '</strong> products';
        var pagesCount = size ? Math.ceil(total / size) : 0, links = '';
        for (var p = 1; p <= pagesCount; p++) links += '<li' + (p === page ? ' class="active"' : '') + '><a href="#" data-page="' + p + '">' + p + '</a></li>';
        byId('pagination').innerHTML = links;
      });
      api('GET', 'tags').then(function (res) {
        var chosen = tags ? tags.split(',') : [];
        byId('filters').innerHTML = ((res.data && res.data.tags) || []).map(function (t) {
          return '<div class="checkbox"><label><input type="checkbox" value="' + esc(t) + '"' + (chosen.indexOf(t) >= 0 ? ' checked' : '') + '>' + esc(t) + '</label></div>';
        }).join('');
      });
      api('GET', 'catalogue?page=' + page + '&size=' + size + '&tags=' + encodeURIComponent(tags)).then(function (res) {
        byId('products').innerHTML = (res.data || []).map(function (s) { return card(s, 'col-md-4 col-sm-6', true); }).join('');
      });
      byId('apply-filters').addEventListener('click', function (e) {
        e.preventDefault();
        setQuery('tags', Array.prototype.map.call(document.querySelectorAll('#filters input:checked'), function (i) { return i.value; }).join(','));
      });
      byId('clear-filters').addEventListener('click', function (e) { e.preventDefault(); setQuery('tags', null); });
      byId('pagination').addEventListener('click', function (e) {
        var a = e.target.closest('[data-page]');
        if (a) { e.preventDefault(); setQuery('page', a.getAttribute('data-page')); }
      });
    },
    detail: function () {
      var id = param('id');
      if (!id) { location.href = '/'; return; }
      api('GET', 'catalogue/' + encodeURIComponent(id)).then(function (res) {
        var sock = res.data;
        if (!res.ok || !sock || !sock.id) return;
        byId('title').textContent = sock.name;
        byId('breadcrumb').textContent = sock.name;
        byId('price').textContent = '$' + Number(sock.price).toFixed(2);
        byId('imageMain').setAttribute('src', sock.imageUrl[0]);
        byId('buttonCart').onclick = function () { addToCart(sock.id); };
        byId('thumbs').innerHTML = sock.imageUrl.map(function (u) {
          return '<div class="col-xs-4"><a href="' + esc(u) + '" class="thumb"><img src="' + esc(u) + '" alt="" class="img-responsive"></a></div>';
        }).join('');
        byId('description').textContent = sock.description;
        api('GET', 'catalogue?sort=id&size=3&tags=' + encodeURIComponent((sock.tag || [])[0] || '')).then(function (r) {
          byId('products').innerHTML = (r.data || []).map(function (s) { return card(s, 'col-md-3 col-sm-4', true); }).join('');
        });
      });
    },
    basket: function () {
      var button = byId('orderButton'), orderPlaced = false, cartTotal = 0, items = 0;
      // As basket.html: the decision is taken each time a line has been looked up, from the address and card texts
      // shown at that moment ("No … saved for user." → the button only says what is missing).
      var missing = null;
      button.addEventListener('click', function (e) {
        if (missing === null) return;
        e.preventDefault();
        if (missing) { userMessage('danger', 'Could not place order. Missing shipping or payment information.'); return; }
        if (orderPlaced) { byId('basket-form').submit(); return; }
        orderPlaced = true;
        order();
      });
      function lineLooked() {
        button.disabled = false;
        missing = byId('address').textContent === 'No address saved for user.' || byId('number').textContent === 'No credit card saved for user.';
        byId('numItemsInCart').textContent = 'You currently have ' + items + ' item(s) in your cart.';
        byId('cartTotal').textContent = '$' + cartTotal.toFixed(2);
        byId('orderSubtotal').textContent = '$' + cartTotal.toFixed(2);
        byId('orderShipping').textContent = '$' + SHIPPING.toFixed(2);
        byId('orderGrandTotal').textContent = '$' + (cartTotal + SHIPPING).toFixed(2);
      }
      api('GET', 'cart').then(function (res) {
        (Array.isArray(res.data) ? res.data : []).forEach(function (line) {
          if (!line || !line.itemId) return;
          api('GET', 'catalogue/' + encodeURIComponent(line.itemId)).then(function (r) {
            var sock = r.data;
            if (r.ok && sock && sock.id) {
              var row = document.createElement('tr');
              row.className = 'item';
              row.innerHTML = '<input class="id" type="hidden" value="' + esc(sock.id) + '">' +
                '<td><a href="#"><img src="' + esc(sock.imageUrl[0]) + '" alt="' + esc(sock.name) + '"></a></td>' +
                '<td><a href="#">' + esc(sock.name) + '</a></td>' +
                '<td id="' + esc(line.itemId) + '"><input type="number" min="1" value="' + esc(line.quantity) + '" class="form-control"></td>' +
                '<td>$' + Number(sock.price).toFixed(2) + '</td><td>$0.00</td>' +
                '<td>$' + (line.quantity * sock.price).toFixed(2) + '</td>' +
                '<td><a href="#" data-delete="' + esc(sock.id) + '"><i class="fa fa-trash-o"></i></a></td>';
              byId('cart-list').appendChild(row);
              cartTotal += line.quantity * sock.price;
              items += line.quantity;
            }
            lineLooked();
          });
        });
      });
      api('GET', 'card').then(function (res) {
        var d = res.data || {};
        if (d.status_code !== 500) { byId('number').textContent = 'Card ending in ' + d.number; byId('number').style.color = 'black'; byId('add_payment').style.display = 'none'; }
        else { byId('number').textContent = 'No credit card saved for user.'; byId('number').style.color = 'red'; }
      });
      api('GET', 'address').then(function (res) {
        var d = res.data || {};
        if (d.status_code !== 500) {
          byId('address').innerHTML = esc(d.number + ' ' + d.street) + '<br>' + esc(d.city) + '<br>' + esc(d.postcode) + '<br>' + esc(d.country);
          byId('address').style.color = 'black'; byId('add_shipping').style.display = 'none';
        } else { byId('address').textContent = 'No address saved for user.'; byId('address').style.color = 'red'; }
      });
      api('GET', 'catalogue?size=3').then(function (res) {
        byId('youMayAlsoLike').insertAdjacentHTML('beforeend', (res.data || []).map(function (s) { return card(s, 'col-md-3 col-sm-6', false); }).join(''));
      });
      byId('cart-list').addEventListener('click', function (e) {
        var del = e.target.closest('[data-delete]');
        if (!del) return;
        e.preventDefault();
        api('DELETE', 'cart/' + encodeURIComponent(del.getAttribute('data-delete'))).then(function () { location.reload(); });
      });
      byId('update-basket').addEventListener('click', function () {
        var rows = Array.prototype.slice.call(byId('cart-list').rows), i = 0;
        (function next() {
          if (i >= rows.length) { location.reload(); return; }
          var cell = rows[i++].cells[2];
          api('POST', 'cart/update', { id: cell.id, quantity: cell.querySelector('input').value }).then(next, next);
        })();
      });
      function order() {
        if (!cookie('logged_in')) { userMessage('danger', 'You must be logged in to place an order.'); return; }
        api('POST', 'orders').then(function (res) {
          if (res.status === 201) {
            userMessage('success', 'Order placed.');
            api('DELETE', 'cart');
            byId('basket-form').submit();
          } else if (res.status === 406) {
            userMessage('danger', 'Error placing order. ' + ((res.data && res.data.message) || ''));
          }
        });
      }
    },
    'customer-orders': function () {
      api('GET', 'orders').then(function (res) {
        if (!res.ok || !Array.isArray(res.data)) return;
        byId('tableOrders').innerHTML = res.data.map(function (o) {
          var self = (o._links && o._links.self && o._links.self.href) || ('/orders/' + o.id);
          var id = self.split('/').pop();
          return '<tr><th># ' + esc(id) + '</th><td>' + esc(String(o.date || '').split('.')[0].replace('T', ' ')) + '</td>' +
            '<td>$ ' + esc(Number(o.total).toFixed(2)) + '</td><td><span class="label label-success">Shipped</span></td>' +
            '<td><a href="customer-order.html?order=' + esc(self.replace(/^https?:\/\/[^/]*\/orders/, '/orders')) + '" class="btn btn-primary btn-sm">View</a></td></tr>';
        }).join('');
      });
    },
    'customer-order': function () {
      var path = param('order') || '';
      if (!/^\/orders\/[A-Za-z0-9-]+$/.test(path)) { byId('order-title').textContent = 'Order not found'; return; }
      api('GET', path.slice(1)).then(function (res) {
        var o = res.data;
        if (!o || !o.id) { byId('order-title').textContent = 'Order not found'; return; }
        byId('order-title').textContent = 'Order # ' + o.id;
        $('#order-items tbody').innerHTML = (o.items || []).map(function (i) {
          return '<tr><td>' + esc(i.itemId) + '</td><td>' + esc(i.quantity) + '</td><td>$' + esc(Number(i.unitPrice).toFixed(2)) + '</td></tr>';
        }).join('');
        byId('order-total').textContent = 'Total $' + Number(o.total).toFixed(2);
        var a = o.address || {};
        byId('order-address').textContent = [a.number, a.street, a.city, a.postcode, a.country].filter(Boolean).join(', ');
      });
    }
  };

  countCart();
  var init = pages[document.body.getAttribute('data-page')];
  if (init) init();
})();
`;

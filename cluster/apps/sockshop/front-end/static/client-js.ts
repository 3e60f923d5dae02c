/**
 * The pages' script (served as /js/client.js): plain browser JavaScript, no jQuery. Calls the front-end API like the
 * real pages do and escapes every text it puts into the page.
 */
export const clientJs = String.raw`(function () {
  'use strict';
  var SHIPPING = 4.99;

  function $(sel) { return document.querySelector(sel); }
  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function money(n) { return '$' + Number(n).toFixed(2); }
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
    if (body !== undefined) { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
    return fetch(url, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
        return { status: res.status, ok: res.ok, data: data };
      });
    });
  }
  function alertBox(kind, text) { return '<div class="alert alert-' + kind + '">' + esc(text) + '</div>'; }
  function userMessage(kind, text) { $('#user-message').innerHTML = alertBox(kind, text); }
  function show(el, visible) { if (el) el.classList.toggle('hidden', !visible); }

  // --- topbar: modals, login, register, logout ---
  function openModal(id) { show(document.getElementById(id), true); var first = document.querySelector('#' + id + ' input'); if (first) first.focus(); }
  document.addEventListener('click', function (e) {
    var opener = e.target.closest('[data-open]');
    if (opener) { e.preventDefault(); openModal(opener.getAttribute('data-open')); }
    var closer = e.target.closest('[data-close]');
    if (closer) show(document.getElementById(closer.getAttribute('data-close')), false);
  });

  $('#login-modal form').addEventListener('submit', function (e) {
    e.preventDefault();
    var user = $('#username-modal').value, pass = $('#password-modal').value;
    api('GET', 'login', undefined, { Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + pass))) }).then(function (res) {
      if (res.status === 200) {
        $('#login-message').innerHTML = alertBox('success', 'Login successful.');
        setTimeout(function () { location.reload(); }, 1500);
      } else {
        $('#login-message').innerHTML = alertBox('danger', 'Invalid login credentials.');
      }
    });
  });

  $('#register-modal form').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = {
      username: $('#register-username-modal').value,
      firstName: $('#register-first-modal').value,
      lastName: $('#register-last-modal').value,
      email: $('#register-email-modal').value,
      password: $('#register-password-modal').value
    };
    api('POST', 'register', body).then(function (res) {
      if (res.status === 200) {
        $('#registration-message').innerHTML = alertBox('success', 'Registration and login successful.');
        setTimeout(function () { location.reload(); }, 1500);
      } else {
        var why = res.data && (res.data.error || res.data.message) ? (res.data.error || res.data.message) : 'HTTP ' + res.status;
        $('#registration-message').innerHTML = alertBox('danger', 'There was a problem with your registration: ' + why);
      }
    });
  });

  $('#logout a').addEventListener('click', function (e) {
    e.preventDefault();
    document.cookie = 'logged_in=; Path=/; Max-Age=0';
    location.href = 'index.html';
  });

  function showUser() {
    var session = cookie('logged_in');
    if (!session) return;
    show($('#login'), false); show($('#register'), false); show($('#logout'), true); show($('#tabAccount'), true);
    // As on the real app: the front-end answers /customers/<anything> with the session's customer.
    api('GET', 'customers/' + encodeURIComponent(session)).then(function (res) {
      if (res.status !== 200 || !res.data) return;
      var howdy = $('#howdy');
      howdy.textContent = 'Logged in as ' + res.data.firstName + ' ' + res.data.lastName;
      show(howdy, true);
    });
  }

  // --- basket overview ---
  function updateCartCount(items) {
    var n = 0;
    for (var i = 0; i < items.length; i++) n += items[i].quantity;
    $('#numItemsInCart').textContent = n + (n === 1 ? ' item' : ' items') + ' in cart';
  }
  function loadCart() {
    return api('GET', 'cart').then(function (res) {
      var items = Array.isArray(res.data) ? res.data : [];
      updateCartCount(items);
      return items;
    });
  }
  function addToCart(id) {
    return api('POST', 'cart', { id: id }).then(function (res) {
      if (res.status !== 201) { userMessage('danger', 'Could not add the item to the cart.'); return false; }
      return true;
    });
  }

  function productCard(sock) {
    var href = 'detail.html?id=' + encodeURIComponent(sock.id);
    return '<div class="product">' +
      '<a href="' + esc(href) + '" class="product-image"><img src="' + esc(sock.imageUrl[0]) + '" alt="' + esc(sock.name) + '"></a>' +
      '<div class="text"><h3><a href="' + esc(href) + '">' + esc(sock.name) + '</a></h3>' +
      '<p class="price">' + esc(money(sock.price)) + '</p>' +
      '<p class="buttons"><a href="' + esc(href) + '" class="btn btn-default">View detail</a> ' +
      '<a href="#" class="btn btn-primary add-to-cart" data-id="' + esc(sock.id) + '">Add to cart</a></p></div></div>';
  }
  document.addEventListener('click', function (e) {
    var add = e.target.closest('.add-to-cart');
    if (!add) return;
    e.preventDefault();
    addToCart(add.getAttribute('data-id')).then(function (ok) { if (ok) location.reload(); });
  });

  // --- pages ---
  var pages = {
    index: function () {
      api('GET', 'catalogue?size=5').then(function (res) {
        $('#hot-slider').innerHTML = (res.data || []).map(productCard).join('');
      });
    },
    category: function () {
      var page = Number(param('page') || 1), size = Number(param('size') || 6), tags = param('tags') || '';
      var chosen = tags ? tags.split(',') : [];
      api('GET', 'tags').then(function (res) {
        var all = (res.data && res.data.tags) || [];
        $('#filters').innerHTML = all.map(function (t) {
          return '<label class="checkbox"><input type="checkbox" value="' + esc(t) + '"' + (chosen.indexOf(t) >= 0 ? ' checked' : '') + '> ' + esc(t) + '</label>';
        }).join('');
      });
      $('#apply-filters').addEventListener('click', function () {
        var picked = Array.prototype.map.call(document.querySelectorAll('#filters input:checked'), function (i) { return i.value; });
        location.href = 'category.html?page=1&size=' + size + (picked.length ? '&tags=' + encodeURIComponent(picked.join(',')) : '');
      });
      var q = 'page=' + page + '&size=' + size + (tags ? '&tags=' + encodeURIComponent(tags) : '');
      Promise.all([api('GET', 'catalogue?' + q), api('GET', 'catalogue/size' + (tags ? '?tags=' + encodeURIComponent(tags) : ''))]).then(function (r) {
        var socks = r[0].data || [], total = (r[1].data && r[1].data.size) || 0;
        $('#products').innerHTML = socks.map(productCard).join('');
        $('#totalProducts').textContent = 'Showing ' + socks.length + ' of ' + total + ' products';
        var pagesCount = Math.ceil(total / size), links = '';
        for (var p = 1; p <= pagesCount; p++) {
          links += '<a class="' + (p === page ? 'active' : '') + '" href="category.html?page=' + p + '&size=' + size + (tags ? '&tags=' + encodeURIComponent(tags) : '') + '">' + p + '</a>';
        }
        $('#pagination').innerHTML = links;
      });
    },
    detail: function () {
      var id = param('id');
      api('GET', 'catalogue/' + encodeURIComponent(id || '')).then(function (res) {
        var sock = res.data;
        if (!sock || !sock.id) { $('#title').textContent = 'Sock not found'; return; }
        $('#title').textContent = sock.name;
        $('#price').textContent = money(sock.price);
        $('#description').textContent = sock.description;
        $('#detail-images').innerHTML = sock.imageUrl.map(function (u) { return '<img src="' + esc(u) + '" alt="' + esc(sock.name) + '">'; }).join('');
        var button = $('#buttonCart');
        button.disabled = false;
        button.addEventListener('click', function () {
          button.disabled = true;
          addToCart(sock.id).then(function (ok) {
            button.disabled = false;
            if (ok) { userMessage('success', 'Added ' + sock.name + ' to the cart.'); loadCart(); }
          });
        });
      });
    },
    basket: function () {
      loadCart().then(function (items) {
        if (items.length === 0) $('#cart-list').innerHTML = '<tr class="empty"><td colspan="6">Your cart is empty.</td></tr>';
        return Promise.all(items.map(function (item) {
          return api('GET', 'catalogue/' + encodeURIComponent(item.itemId)).then(function (r) { return { item: item, sock: r.data || {} }; });
        }));
      }).then(function (rows) {
        var subtotal = 0;
        var html = rows.map(function (row) {
          var item = row.item, sock = row.sock, line = item.quantity * item.unitPrice;
          subtotal += line;
          var href = 'detail.html?id=' + encodeURIComponent(item.itemId);
          return '<tr class="item" data-id="' + esc(item.itemId) + '">' +
            '<td><a href="' + esc(href) + '"><img class="thumb" src="' + esc((sock.imageUrl || [''])[0]) + '" alt=""></a></td>' +
            '<td><a href="' + esc(href) + '">' + esc(sock.name || item.itemId) + '</a></td>' +
            '<td><input type="number" min="0" class="form-control quantity" value="' + esc(item.quantity) + '"></td>' +
            '<td>' + esc(money(item.unitPrice)) + '</td><td>' + esc(money(line)) + '</td>' +
            '<td><a href="#" class="remove" aria-label="Remove">&times;</a></td></tr>';
        }).join('');
        if (rows.length) $('#cart-list').innerHTML = html;
        $('#cartTotal').textContent = money(subtotal);
        $('#orderSubtotal').textContent = money(subtotal);
        $('#orderShipping').textContent = money(SHIPPING);
        $('#orderGrandTotal').textContent = money(subtotal + SHIPPING);
        $('#orderButton').disabled = rows.length === 0;
      });
      $('#cart-list').addEventListener('click', function (e) {
        var remove = e.target.closest('.remove');
        if (!remove) return;
        e.preventDefault();
        var id = remove.closest('tr').getAttribute('data-id');
        api('DELETE', 'cart/' + encodeURIComponent(id)).then(function () { location.reload(); });
      });
      $('#updateBasket').addEventListener('click', function () {
        var rows = Array.prototype.slice.call(document.querySelectorAll('#cart-list tr.item'));
        Promise.all(rows.map(function (row) {
          var qty = Number(row.querySelector('.quantity').value);
          return qty > 0 ? api('POST', 'cart/update', { id: row.getAttribute('data-id'), quantity: qty })
                         : api('DELETE', 'cart/' + encodeURIComponent(row.getAttribute('data-id')));
        })).then(function () { location.reload(); });
      });
      $('#orderButton').addEventListener('click', function () {
        if (!cookie('logged_in')) { userMessage('danger', 'You must be logged in to place an order.'); return; }
        var button = $('#orderButton');
        button.disabled = true;
        Promise.all([api('GET', 'address'), api('GET', 'card')]).then(function (r) {
          if (r[0].status !== 200 || r[1].status !== 200) {
            userMessage('danger', 'Could not place order. Missing shipping or payment information.');
            button.disabled = false;
            return;
          }
          return api('POST', 'orders').then(function (res) {
            if (res.status === 201) {
              userMessage('success', 'Order placed.');
              return api('DELETE', 'cart').then(function () { location.href = 'customer-orders.html'; });
            }
            button.disabled = false;
            if (res.status === 406) userMessage('danger', 'Error placing order. ' + ((res.data && res.data.message) || ''));
            else if (res.status === 401) userMessage('danger', 'You must be logged in to place an order.');
            else userMessage('danger', 'Error placing order. ' + ((res.data && (res.data.message || res.data.error)) || 'HTTP ' + res.status));
          });
        });
      });
    },
    'customer-orders': function () {
      api('GET', 'orders').then(function (res) {
        if (res.status === 401) { userMessage('danger', 'You must be logged in to see your orders.'); return; }
        var orders = Array.isArray(res.data) ? res.data : [];
        $('#tableOrders tbody').innerHTML = orders.map(function (o) {
          return '<tr><th># ' + esc(o.id) + '</th><td>' + esc(new Date(o.date).toLocaleDateString()) + '</td>' +
            '<td>$ ' + esc(Number(o.total).toFixed(2)) + '</td><td><span class="label label-info">Shipped</span></td>' +
            '<td><a href="customer-order.html?order=' + esc('/orders/' + o.id) + '" class="btn btn-primary btn-sm">View</a></td></tr>';
        }).join('');
      });
    },
    'customer-order': function () {
      var path = param('order') || '';
      if (!/^\/orders\/[A-Za-z0-9-]+$/.test(path)) { $('#order-title').textContent = 'Order not found'; return; }
      api('GET', path.slice(1)).then(function (res) {
        var o = res.data;
        if (!o || !o.id) { $('#order-title').textContent = 'Order not found'; return; }
        $('#order-title').textContent = 'Order # ' + o.id;
        $('#order-items tbody').innerHTML = (o.items || []).map(function (i) {
          return '<tr><td>' + esc(i.itemId) + '</td><td>' + esc(i.quantity) + '</td><td>' + esc(money(i.unitPrice)) + '</td></tr>';
        }).join('');
        $('#order-total').textContent = 'Total ' + money(o.total);
        var a = o.address || {};
        $('#order-address').textContent = [a.number, a.street, a.city, a.postcode, a.country].filter(Boolean).join(', ');
      });
    }
  };

  showUser();
  if (document.body.getAttribute('data-page') !== 'basket') loadCart();
  var init = pages[document.body.getAttribute('data-page')];
  if (init) init();
})();
`;

// Stand-in for Online Boutique's cartservice (the real one is C#/.NET, which cannot be built on this machine).
// Our own code: a gRPC server for hipstershop.CartService with in-memory carts, answering like the real
// service with its in-memory/Redis store:
//   AddItem   — a new cart gets {user_id, [item]}; an item already in the cart has its quantity increased
//   GetCart   — the stored cart, or an empty Cart (no user_id, no items) for an unknown user
//   EmptyCart — stores an empty Cart for the user
//   grpc.health.v1.Health/Check — SERVING
// demo.proto and health.proto are loaded from the microservices-demo checkout at run time, and
// @grpc/grpc-js / @grpc/proto-loader from the cache folder prepared by build.sh.
//
// env: PORT (required), OB_SRC (checkout), CART_DEPS_DIR (folder with node_modules), LISTEN_ADDR (default 127.0.0.1)
import { createRequire } from 'node:module';
import path from 'node:path';

const port = process.env.PORT;
const src = process.env.OB_SRC;
const depsDir = process.env.CART_DEPS_DIR;
if (!port || !src || !depsDir) {
  console.error('cartservice stand-in: PORT, OB_SRC and CART_DEPS_DIR must be set');
  process.exit(2);
}
const requireDeps = createRequire(path.join(depsDir, 'package.json'));
const grpc = requireDeps('@grpc/grpc-js');
const protoLoader = requireDeps('@grpc/proto-loader');

const loadOpts = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const demoProto = path.join(src, 'protos', 'demo.proto');
const healthProto = path.join(src, 'src', 'paymentservice', 'proto', 'grpc', 'health', 'v1', 'health.proto');
const shop = grpc.loadPackageDefinition(protoLoader.loadSync(demoProto, loadOpts)).hipstershop;
const health = grpc.loadPackageDefinition(protoLoader.loadSync(healthProto, loadOpts)).grpc.health.v1;

/** user id → { user_id, items: [{ product_id, quantity }] } */
const carts = new Map();

function log(msg) {
  process.stdout.write(JSON.stringify({ timestamp: new Date().toISOString(), severity: 'info', message: msg }) + '\n');
}

const cartService = {
  AddItem(call, callback) {
    const userId = call.request.user_id;
    const item = call.request.item ?? { product_id: '', quantity: 0 };
    log(`AddItem userId=${userId} productId=${item.product_id} quantity=${item.quantity}`);
    let cart = carts.get(userId);
    if (!cart) {
      cart = { user_id: userId, items: [] };
      carts.set(userId, cart);
    }
    const existing = cart.items.find((i) => i.product_id === item.product_id);
    if (existing) existing.quantity += item.quantity;
    else cart.items.push({ product_id: item.product_id, quantity: item.quantity });
    callback(null, {});
  },
  GetCart(call, callback) {
    const userId = call.request.user_id;
    log(`GetCart userId=${userId}`);
    const cart = carts.get(userId);
    callback(null, cart ? { user_id: cart.user_id, items: cart.items.map((i) => ({ ...i })) } : { user_id: '', items: [] });
  },
  EmptyCart(call, callback) {
    const userId = call.request.user_id;
    log(`EmptyCart userId=${userId}`);
    carts.set(userId, { user_id: '', items: [] });
    callback(null, {});
  },
};

const server = new grpc.Server();
server.addService(shop.CartService.service, cartService);
server.addService(health.Health.service, {
  Check(_call, callback) {
    callback(null, { status: 'SERVING' });
  },
  Watch(call) {
    call.write({ status: 'SERVING' });
  },
});

const listen = `${process.env.LISTEN_ADDR || '127.0.0.1'}:${port}`;
server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) {
    console.error(`cartservice stand-in: cannot listen on ${listen}: ${err.message}`);
    process.exit(1);
  }
  log(`cartservice stand-in listening on ${listen} (proto ${demoProto})`);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.tryShutdown(() => process.exit(0)));
}

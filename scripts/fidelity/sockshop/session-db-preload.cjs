// Preloaded into the REAL Sock Shop front-end (NODE_OPTIONS=--require …) when it runs with SESSION_REDIS, as the real
// deployment does: its connect-redis store connects to host "session-db" port 6379, a name only Kubernetes DNS knows.
// This sends those TCP connections to the local cluster's session-db listener on 127.0.0.1 instead
// (SOCKSHOP_SESSION_DB_PORT). Nothing else is touched; no file of the front-end is changed.
'use strict';
const net = require('node:net');

const port = Number(process.env.SOCKSHOP_SESSION_DB_PORT);
if (!port) throw new Error('session-db-preload: SOCKSHOP_SESSION_DB_PORT is not set');

function redirect(args) {
  const [first] = args;
  if (first && typeof first === 'object' && typeof first.host === 'string' && first.host.split('.')[0] === 'session-db') {
    return [{ ...first, host: '127.0.0.1', port, family: 4 }, ...args.slice(1)];
  }
  if (typeof first === 'number' && typeof args[1] === 'string' && args[1].split('.')[0] === 'session-db') {
    return [port, '127.0.0.1', ...args.slice(2)];
  }
  return args;
}

for (const name of ['createConnection', 'connect']) {
  const original = net[name];
  net[name] = function (...args) {
    return original.apply(this, redirect(args));
  };
}

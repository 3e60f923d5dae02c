/**
 * The front-end server: the API routes of api.ts, the pages, /css/style.css and /js/client.js, with the md.sid
 * session on every request (a visitor without one gets a new one, as with express-session's saveUninitialized).
 */
import http from 'node:http';
import { HttpError, logLine, MAX_BODY_BYTES } from '../shared/http-service.js';
import { findApiRoute, type Exchange } from './api.js';
import { pages } from './pages/pages.js';
import { LOGGED_IN_COOKIE, readCookies, SESSION_COOKIE, type SessionStore } from './session.js';
import { clientJs } from './static/client-js.js';
import { stylesCss } from './static/styles.js';

const statics = new Map<string, { type: string; body: Buffer }>([
  ['/css/style.css', { type: 'text/css; charset=utf-8', body: Buffer.from(stylesCss) }],
  ['/js/client.js', { type: 'application/javascript; charset=utf-8', body: Buffer.from(clientJs) }],
]);
for (const [path, html] of pages) statics.set(path, { type: 'text/html; charset=utf-8', body: Buffer.from(html) });
statics.set('/', statics.get('/index.html')!);

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new HttpError(413, 'request body too large'));
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        // Forms post urlencoded bodies; the real front-end accepts both.
        resolve(Object.fromEntries(new URLSearchParams(text)));
      }
    });
    req.on('error', reject);
  });
}

export function createFrontEnd(sessions: SessionStore): http.Server {
  return http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://front-end');
    const finish = (status: number, headers: http.OutgoingHttpHeaders, body?: Buffer | string) => {
      const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.writeHead(status, { 'content-length': payload.length, ...headers });
      res.end(method === 'HEAD' ? undefined : payload);
      if (url.pathname !== '/health') {
        logLine('front-end', { method, path: url.pathname, status, duration_ms: Number(process.hrtime.bigint() - started) / 1e6 });
      }
    };

    if (url.pathname === '/health') {
      finish(200, { 'content-type': 'application/json' }, JSON.stringify({ health: [{ service: 'front-end', status: 'OK' }] }));
      return;
    }
    const asset = statics.get(url.pathname);
    const api = asset ? null : findApiRoute(method, url.pathname);
    if (!asset && !api) {
      req.resume();
      finish(404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not Found');
      return;
    }

    void (async () => {
      const cookies = readCookies(req);
      const setCookies: string[] = [];
      let sessionId = sessions.unsign(cookies.get(SESSION_COOKIE));
      if (!sessionId) {
        const created = await sessions.create();
        sessionId = created.id;
        setCookies.push(created.cookie);
      }
      if (asset) {
        req.resume();
        finish(200, { 'content-type': asset.type, 'set-cookie': setCookies }, asset.body);
        return;
      }
      try {
        const exchange: Exchange = {
          req,
          method,
          url,
          body: await readBody(req),
          sessionId,
          loggedIn: Boolean(cookies.get(LOGGED_IN_COOKIE)),
          sessions,
          setCookies,
        };
        const answer = await api!.handler(exchange, api!.params);
        const headers: http.OutgoingHttpHeaders = { 'set-cookie': setCookies };
        if (answer.contentType) headers['content-type'] = answer.contentType;
        finish(answer.status, headers, answer.body);
      } catch (err) {
        const status = err instanceof HttpError ? err.status : 500;
        const message = err instanceof Error ? err.message : String(err);
        if (status >= 500) logLine('front-end', { event: 'error', path: url.pathname, message });
        finish(status, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': setCookies }, JSON.stringify({ message, error: message, status_code: status }));
      }
    })();
  });
}

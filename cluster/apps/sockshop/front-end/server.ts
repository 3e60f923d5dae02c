/**
 * The front-end server: the API routes of api.ts, the pages (which load Roboto from the CDN stand-in), css/
 * (Bootstrap 3 and our style.css) and /js/client.js. Sessions as the real front-end (server.js + express-session) gives them: every request
 * without a valid md.sid gets a new session, but the cookie is only SENT where the real one's Set-Cookie gets out —
 * on the catalogue pictures (piped through the patched writeHead), /login, /register and error answers; not on the
 * HTML (express.static is mounted before the session) nor on the JSON answers (helpers.respondStatusBody writes with
 * res.writeHeader, which the session's header hook does not see). An anonymous visitor therefore gets a session only
 * when the first product pictures arrive.
 */
import http from 'node:http';
import { messageOf, statusOf } from '../../../../kit/http/http-error.js';
import { logLine, msSince } from '../../../../kit/http/log-line.js';
import { readBody } from '../../../../kit/http/request-body.js';
import { errorHeaders } from '../../../../kit/http/send.js';
import { findApiRoute, type Exchange } from './api.js';
import { pages } from './pages/pages.js';
import { LOGGED_IN_COOKIE, readCookies, SESSION_COOKIE, type SessionStore } from './session.js';
import { sockPictures } from '../catalogue/pictures.js';
import { assetFiles } from './static/assets.js';
import { clientJs } from './static/client-js.js';
import { stylesCss } from './static/styles.js';

/** Answers whose Set-Cookie gets out on the real front-end (see the header). */
function sendsSessionCookie(path: string, status: number): boolean {
  return path.startsWith('/catalogue/images/') || path === '/login' || path === '/register' || status >= 400;
}

function staticFiles(cdnUrl: string): Map<string, { type: string; body: Buffer }> {
  const statics = new Map<string, { type: string; body: Buffer }>([
    ['/css/style.css', { type: 'text/css; charset=utf-8', body: Buffer.from(stylesCss) }],
    ['/js/client.js', { type: 'application/javascript; charset=utf-8', body: Buffer.from(clientJs) }],
    ...assetFiles(),
  ]);
  for (const [path, html] of pages(cdnUrl)) statics.set(path, { type: 'text/html; charset=utf-8', body: Buffer.from(html) });
  statics.set('/', statics.get('/index.html')!);
  return statics;
}

/** JSON, or (forms post urlencoded bodies; the real front-end accepts both) the url-encoded fields. */
async function readJsonOrForm(req: http.IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

/** `cdnUrl`: the CDN stand-in's origin, which the pages load the Roboto stylesheet from (see cluster/cdn). */
export function createFrontEnd(sessions: SessionStore, options: { cdnUrl: string }): http.Server {
  const statics = staticFiles(options.cdnUrl.replace(/\/+$/, ''));
  return http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://front-end');
    const finish = (status: number, headers: http.OutgoingHttpHeaders, body?: Buffer | string) => {
      const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.writeHead(status, { 'content-length': payload.length, ...headers });
      res.end(method === 'HEAD' ? undefined : payload);
      if (url.pathname !== '/health') {
        logLine('front-end', { method, path: url.pathname, status, duration_ms: msSince(started) });
      }
    };

    if (url.pathname === '/health') {
      finish(200, { 'content-type': 'application/json' }, JSON.stringify({ health: [{ service: 'front-end', status: 'OK' }] }));
      return;
    }
    // index.html's hero (#main-slider): public/img/weave1.jpg and weave2.jpg are the catalogue's weave1/weave2 files
    // (same bytes, same sizes), generated the same way; img/weave3.jpg (over 4 MiB) is not in the public snapshot of
    // the real front-end, so its size is unknown here: it answers 404, as on the real front-end built from that snapshot.
    const hero = /^\/img\/(weave[12]\.jpg)$/.exec(url.pathname)?.[1];
    if (hero && (method === 'GET' || method === 'HEAD')) {
      req.resume();
      void sockPictures.get(hero).then(
        (body) => finish(200, { 'content-type': 'image/jpeg' }, body),
        () => finish(500, { 'content-type': 'text/plain; charset=utf-8' }, 'Internal Server Error'),
      );
      return;
    }
    const asset = statics.get(url.pathname);
    const api = asset ? null : findApiRoute(method, url.pathname);
    if (!asset && !api) {
      req.resume();
      finish(404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not Found');
      return;
    }

    if (asset) {
      req.resume();
      finish(200, { 'content-type': asset.type }, asset.body);
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
      const cookiesFor = (status: number) => (sendsSessionCookie(url.pathname, status) ? setCookies : setCookies.filter((c) => !c.startsWith(`${SESSION_COOKIE}=`)));
      try {
        const exchange: Exchange = {
          req,
          method,
          url,
          body: await readJsonOrForm(req),
          sessionId,
          loggedIn: Boolean(cookies.get(LOGGED_IN_COOKIE)),
          sessions,
          setCookies,
        };
        const answer = await api!.handler(exchange, api!.params);
        const headers: http.OutgoingHttpHeaders = { 'set-cookie': cookiesFor(answer.status) };
        if (answer.contentType) headers['content-type'] = answer.contentType;
        finish(answer.status, headers, answer.body);
      } catch (err) {
        const status = statusOf(err);
        const message = messageOf(err);
        if (status >= 500) logLine('front-end', { event: 'error', path: url.pathname, message });
        // helpers.errorHandler: { message, error } with the error's status (500 unless it carries one).
        finish(status, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': cookiesFor(status), ...errorHeaders(err) }, JSON.stringify({ message, error: {} }));
      }
    })();
  });
}

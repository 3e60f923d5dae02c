/**
 * "The page has finished loading": no request of the page still in flight for a short quiet spell. A Sock Shop page
 * is a shell that fills itself from the front-end API after DOMContentLoaded (topbar.html, navbar.html, GET /cart,
 * GET /catalogue…), and a shopper waits for it before acting. Two real behaviours make this more than cosmetic:
 *
 *  - the real front-end sets its session cookie (md.sid) only on answers that go through Express' patched writeHead:
 *    the pictures piped from /catalogue/images/* (api/catalogue/index.js `request.get(url).pipe(res)`), /login and
 *    /register, and error answers — not on the HTML (express.static is mounted before the session, server.js) and not
 *    on the JSON answers (helpers.respondStatusBody calls res.writeHeader, the unpatched alias). An anonymous visitor
 *    therefore gets a session only when the first product pictures arrive, one new session per picture answered
 *    before the browser had a cookie; the last one wins. A cart action sent before that lands in a throw-away session
 *    and the item "disappears" after the reload.
 *  - basket.html decides at the moment its cart lines are listed whether "Proceed to checkout" places the order or
 *    says "Missing shipping or payment information", from the address and card texts loaded in parallel.
 *
 * The in-flight requests come from the CDP Network domain both drivers enable (driver.cdp).
 */
import type { Driver } from '../../core/driver.js';
import { until } from '../../core/wait.js';

class InFlight {
  readonly pending = new Map<string, string>();
  /** Catalogue pictures whose answer (headers) is in, or failed: their Set-Cookie has been stored. */
  readonly answered = new Set<string>();
  lastChange = Date.now();

  constructor(driver: Driver) {
    driver.cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string }; type?: string }) => {
      if (e.type === 'Document') {
        // A new document: what the old one still had in flight (e.g. client.js's DELETE /cart right before the order
        // form submits) is no longer this page's business.
        this.pending.clear();
        this.lastChange = Date.now();
        return;
      }
      if (e.request.url.startsWith('data:') || e.type === 'WebSocket' || e.type === 'EventSource') return;
      // Pictures other than the catalogue's (the front-end's own img/*, served before the session middleware) set no
      // cookie and feed no script: a shopper acts while they still load (megabytes on a slow network). The catalogue's
      // count until their answer's headers are in (see responseReceived below).
      if (e.type === 'Image' && !isCataloguePicture(e.request.url)) return;
      this.pending.set(e.requestId, e.request.url);
      this.lastChange = Date.now();
    });
    const done = (e: { requestId: string }) => {
      const url = this.pending.get(e.requestId);
      if (url !== undefined && isCataloguePicture(url)) this.answered.add(url);
      if (this.pending.delete(e.requestId)) this.lastChange = Date.now();
    };
    driver.cdp.on('Network.loadingFinished', done);
    driver.cdp.on('Network.loadingFailed', done);
    // A catalogue picture has done its part (the session cookie) once its headers are in: the browser stores the
    // Set-Cookie then, while the body (megabytes for the real pictures) may take minutes more on a slow network.
    driver.cdp.on('Network.responseReceived', (e: { requestId: string; response: { url: string } }) => {
      if (isCataloguePicture(e.response.url)) done(e);
    });
  }
}

/** /catalogue/images/<file>: the answers that carry a new visitor's session cookie (see the header). */
function isCataloguePicture(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith('/catalogue/images/');
  } catch {
    return false;
  }
}

const trackers = new WeakMap<Driver, InFlight>();

/** Start watching the driver's requests (idempotent); call before the first navigation of a journey. */
export function watchRequests(driver: Driver): void {
  if (!trackers.has(driver)) trackers.set(driver, new InFlight(driver));
}

/** The catalogue pictures the page shows now (client.js sets their src once the catalogue API has answered). */
const CATALOGUE_PICTURES_JS = `Array.from(document.images).map((i) => i.src).filter((u) => { try { return new URL(u).pathname.startsWith('/catalogue/images/'); } catch (e) { return false; } })`;

/**
 * Wait until the document is parsed and no request that matters has been in flight for `quietMs`: the API calls, the
 * page's scripts and stylesheets and the headers of the catalogue's pictures (the session cookie); not the pictures'
 * bodies, which only delay the load event. Every catalogue picture in the page must have been answered, not only the
 * requested ones: client.js inserts them after the catalogue API answers, and on a busy machine the browser may
 * request them later than the quiet spell — a cart action in that gap lands in a throw-away session (seen as "0 items
 * in cart" after the reload). Without the request log (no watchRequests), the load event itself.
 */
export async function settled(driver: Driver, what: string, quietMs = 400): Promise<void> {
  const tracker = trackers.get(driver);
  let unanswered: string[] = [];
  await until(`${what} to finish loading`, driver.timeoutMs, async () => {
    const complete = await driver
      .evaluate<boolean>(tracker ? "document.readyState !== 'loading'" : "document.readyState === 'complete'")
      .catch(() => false);
    if (!complete) return undefined;
    if (!tracker) return true;
    if (tracker.pending.size > 0 || Date.now() - tracker.lastChange < quietMs) return undefined;
    const pictures = await driver.evaluate<string[]>(CATALOGUE_PICTURES_JS).catch(() => [] as string[]);
    unanswered = pictures.filter((u) => !tracker.answered.has(u));
    return unanswered.length === 0 ? true : undefined;
  }).catch((err: Error) => {
    const pending = tracker ? [...tracker.pending.values()].slice(0, 5).join(', ') : '';
    const unrequested = unanswered.slice(0, 5).join(', ');
    throw new Error(`${err.message}${pending ? `; still loading: ${pending}` : ''}${unrequested ? `; catalogue pictures not answered yet: ${unrequested}` : ''}`);
  });
}

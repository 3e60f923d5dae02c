// Page weight of a shop page as headless Chromium loads it: every response (document, CSS, JS, images, fonts)
// with its transferred body and header bytes, and every request to a host other than loopback, which is
// blocked (aborted before it leaves the machine) and listed. Not part of `npm test`.
//   node scripts/fidelity/boutique/page-weight.mjs [URL] [--json]
// URL defaults to the real Online Boutique started by start.sh (~/.cache/resilience-suite/fidelity/ob-run/frontend.url).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'package.json'));
const { chromium } = require('playwright');

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runDir = process.env.OB_RUN || path.join(os.homedir(), '.cache/resilience-suite/fidelity/ob-run');
const url = args.find((a) => !a.startsWith('--')) || readFileSync(path.join(runDir, 'frontend.url'), 'utf8').trim();
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update',
    '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const blocked = [];
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (loopback.has(host) || loopback.has(`[${host}]`)) return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const finished = [];
  page.on('requestfinished', (req) => finished.push(req));
  const t0 = Date.now();
  const main = await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle').catch(() => {});
  const loadMs = Date.now() - t0;
  const rows = [];
  for (const req of finished) {
    const res = await req.response();
    const sizes = await req.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
    rows.push({
      url: req.url(),
      type: req.resourceType(),
      status: res ? res.status() : 0,
      body: sizes.responseBodySize,
      headers: sizes.responseHeadersSize,
    });
  }
  const total = rows.reduce((s, r) => s + r.body + r.headers, 0);
  const bodies = rows.reduce((s, r) => s + r.body, 0);
  const byType = {};
  for (const r of rows) byType[r.type] = (byType[r.type] || 0) + r.body;
  const result = { url, status: main?.status(), loadMs, requests: rows.length, bodyBytes: bodies, totalBytes: total, byType, blocked, rows };
  if (asJson) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const r of rows) console.log(`${String(r.status).padEnd(4)} ${r.type.padEnd(11)} ${String(r.body).padStart(8)} B  ${r.url}`);
    for (const b of blocked) console.log(`---- blocked (not loopback)   ${b}`);
    console.log(`${url}: ${rows.length} responses, ${bodies} body bytes (${total} with headers), load in ${loadMs} ms; by type ${JSON.stringify(byType)}; ${blocked.length} off-machine request(s) blocked`);
  }
} finally {
  await browser.close();
}

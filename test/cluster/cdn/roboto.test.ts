/**
 * The CDN stand-in's Google Fonts CSS API v1 answer for the Sock Shop's Roboto link
 * (fonts.googleapis.com/css?family=Roboto:400,500,700,300,100): one @font-face per weight and subset, in ascending
 * weight, each pointing at a woff2 file on the same origin under /s/roboto/, which it serves.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { startCdn, type CdnServer } from '../../../cluster/cdn/server.js';

describe('CDN stand-in: Roboto (Google Fonts CSS API v1)', () => {
  let cdn: CdnServer;
  before(async () => {
    cdn = await startCdn(0);
  });
  after(async () => {
    await cdn?.close();
  });

  it('answers the real page link with @font-face rules for the five weights, all subsets, files on its own origin', async () => {
    const res = await fetch(`${cdn.url}/css?family=Roboto:400,500,700,300,100`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/css/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const css = await res.text();
    const faces = [...css.matchAll(/@font-face \{([^}]*)\}/g)].map((m) => m[1]!);
    const weights = faces.map((f) => Number(/font-weight: (\d+);/.exec(f)?.[1]));
    assert.deepEqual([...new Set(weights)], [100, 300, 400, 500, 700], 'ascending weights, each once');
    assert.equal(faces.length % 5, 0);
    const subsets = faces.length / 5;
    assert.ok(subsets >= 2, `several subsets per weight (got ${subsets})`);
    for (const face of faces) {
      assert.match(face, /font-family: 'Roboto';/);
      assert.match(face, /font-style: normal;/);
      assert.match(face, /unicode-range: U\+/);
      assert.doesNotMatch(face, /font-display/, 'no display parameter, no font-display');
      const url = /src: url\(([^)]+)\) format\('woff2'\);/.exec(face)?.[1];
      assert.ok(url?.startsWith(`${cdn.url}/s/roboto/`), url);
    }
    assert.ok(css.includes('/* latin */'), 'the latin subset is there');
    const latin400 = /\/\* latin \*\/\n@font-face \{[^}]*font-weight: 400;[^}]*src: url\(([^)]+)\)/.exec(css)?.[1];
    assert.ok(latin400);
    const font = await fetch(latin400);
    assert.equal(font.status, 200);
    assert.equal(font.headers.get('content-type'), 'font/woff2');
    const body = Buffer.from(await font.arrayBuffer());
    assert.equal(body.subarray(0, 4).toString('latin1'), 'wOF2');
    assert.match(font.headers.get('cache-control') ?? '', /max-age=31536000/);
  });

  it('uses the request host as the base of the font URLs, and honours display=', async () => {
    const port = new URL(cdn.url).port;
    // fetch() may not set Host: ask with node:http as a browser under --host-resolver-rules would.
    const css = await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/css?family=Roboto:700&display=swap', headers: { host: `fonts.example.test:${port}` } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    assert.match(css, /src: url\(http:\/\/fonts\.example\.test:\d+\/s\/roboto\/roboto-latin-700-normal\.woff2\)/);
    assert.match(css, /font-display: swap;/);
    assert.doesNotMatch(css, /font-weight: (?!700)/);
  });

  it('knows the v1 variant spellings and refuses what it does not have', async () => {
    const italic = await (await fetch(`${cdn.url}/css?family=Roboto:400italic,700i`)).text();
    assert.match(italic, /font-style: italic;\n {2}font-weight: 400;/);
    assert.match(italic, /font-style: italic;\n {2}font-weight: 700;/);
    assert.doesNotMatch(italic, /font-style: normal/);
    const plain = await (await fetch(`${cdn.url}/css?family=Roboto`)).text();
    assert.deepEqual([...new Set([...plain.matchAll(/font-weight: (\d+)/g)].map((m) => m[1]))], ['400'], 'no weight: regular');
    assert.equal((await fetch(`${cdn.url}/css?family=Lato:400`)).status, 400);
    assert.equal((await fetch(`${cdn.url}/css?family=Roboto:400|Lato`)).status, 400);
    assert.equal((await fetch(`${cdn.url}/css?family=Roboto:wide`)).status, 400);
    assert.equal((await fetch(`${cdn.url}/css`)).status, 400);
    assert.equal((await fetch(`${cdn.url}/s/roboto/nope.woff2`)).status, 404);
  });
});

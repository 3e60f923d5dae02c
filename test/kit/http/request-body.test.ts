import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { closeGracefully, listen } from '../../../kit/http/listen.js';
import { readJsonBody } from '../../../kit/http/request-body.js';
import { sendError, sendJson } from '../../../kit/http/send.js';

/** A real echo server on 127.0.0.1: answers the JSON body it read, or the kit's error answer. */
async function echoServer(limit: number): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    readJsonBody(req, limit).then(
      (body) => sendJson(res, 200, { body: body ?? null }),
      (err: unknown) => sendError(res, err),
    );
  });
  const { port } = await listen(server, 0);
  return { server, port };
}

/** One raw HTTP/1.1 exchange: what the server wrote until it closed the connection or the timeout. */
function rawExchange(port: number, request: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (answer += c));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.write(request);
  });
}

describe('kit/http request bodies', () => {
  let server: http.Server;
  let port: number;
  before(async () => ({ server, port } = await echoServer(1024)));
  after(() => closeGracefully(server, { forceAfterMs: 0 }));

  it('answers the parsed JSON body', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"a": [1, 2]}' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { body: { a: [1, 2] } });
  });

  it('a declared length past the limit → 413 and the connection is closed', async () => {
    const answer = await rawExchange(port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(100)}`);
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /connection: close/i);
    assert.match(answer, /request body exceeds 1024 bytes/);
  });

  it('a chunked body that grows past the limit → 413', async () => {
    const chunk = 'y'.repeat(600);
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(chunk));
          c.enqueue(new TextEncoder().encode(chunk));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { error: 'request body exceeds 1024 bytes' });
  });

  it('bad JSON → 400 with the parser\'s reason', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"a": ' });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: string };
    assert.match(error, /^request body is not valid JSON: .+/);
  });

  it('an empty body is no body', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' });
    assert.deepEqual(await res.json(), { body: null });
  });
});

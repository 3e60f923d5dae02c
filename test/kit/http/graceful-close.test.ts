import assert from 'node:assert/strict';
import http from 'node:http';
import { closeGracefully, listen } from '../../../kit/http/listen.js';
import { sendText } from '../../../kit/http/send.js';

describe('kit/http graceful close', () => {
  it('ends idle keep-alive sockets and resolves once the server is closed', async () => {
    const server = http.createServer((_req, res) => sendText(res, 200, 'ok'));
    const { port } = await listen(server, 0);
    const agent = new http.Agent({ keepAlive: true });
    const socket = await new Promise<import('node:net').Socket>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, agent }, (res) => {
        res.resume();
        res.on('end', () => setImmediate(() => resolve(req.socket!)));
      });
      req.on('error', reject);
    });
    const socketClosed = new Promise<void>((done) => socket.once('close', () => done()));
    assert.equal(Object.keys(agent.freeSockets).length, 1, 'the client keeps its socket for reuse');
    const started = Date.now();
    await closeGracefully(server);
    await socketClosed;
    assert.ok(Date.now() - started < 2000, 'the idle socket did not hold the close for the keep-alive timeout');
    assert.equal(server.listening, false);
    agent.destroy();
  });

  it('lets an in-flight request finish before closing', async () => {
    let release!: () => void;
    const server = http.createServer((_req, res) => {
      release = () => sendText(res, 200, 'late');
    });
    const { port } = await listen(server, 0);
    const answer = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    while (!release) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    const closed = closeGracefully(server);
    release();
    assert.equal(await answer, 'late');
    await closed;
    assert.ok(Date.now() - started < 2500, 'the connection was closed soon after its answer was sent, not after the 5 s keep-alive');
  });

  it('listen rejects when the port is taken', async () => {
    const first = http.createServer();
    const { port } = await listen(first, 0);
    await assert.rejects(listen(http.createServer(), port), /EADDRINUSE/);
    await closeGracefully(first);
  });
});

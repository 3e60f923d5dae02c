import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { K6NotFoundError, k6CachePath, locateK6 } from '../../../load/runner/locate-k6.js';

describe('locateK6', function () {
  let home = '';
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'locate-k6-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('names the build command when K6_BIN points nowhere', async () => {
    await assert.rejects(locateK6({ env: { K6_BIN: '/nonexistent', PATH: '', HOME: home } }), (e: unknown) => {
      assert.ok(e instanceof K6NotFoundError);
      assert.match(e.message, /K6_BIN=\/nonexistent missing/);
      assert.match(e.message, /bash scripts\/build-k6\.sh/);
      return true;
    });
  });

  it('lists where it looked and names the build command when no k6 exists anywhere', async () => {
    const env = { PATH: '', HOME: home, GOPATH: path.join(home, 'gopath') };
    await assert.rejects(locateK6({ env }), (e: unknown) => {
      assert.ok(e instanceof K6NotFoundError);
      assert.match(e.message, /k6 v2 was not found/);
      assert.match(e.message, /PATH: no k6/);
      assert.ok(e.message.includes(k6CachePath(env)), e.message);
      assert.ok(e.message.includes(path.join(home, 'gopath', 'bin', 'k6')), e.message);
      assert.match(e.message, /bash scripts\/build-k6\.sh/);
      return true;
    });
  });

  it('rejects a k6 that is not v2 and accepts one that is (fake k6 executables)', async () => {
    const bin = path.join(home, 'bin');
    mkdirSync(bin);
    const fakeK6 = path.join(bin, 'k6');
    writeFileSync(fakeK6, '#!/bin/sh\necho "k6 v1.8.1 (go1.24, linux/amd64)"\n');
    chmodSync(fakeK6, 0o755);
    await assert.rejects(locateK6({ env: { PATH: bin, HOME: home, GOPATH: path.join(home, 'go') } }), /is k6 v1\.8\.1, but the scripts need k6 v2\.x/);

    const cached = k6CachePath({ HOME: home });
    mkdirSync(path.dirname(cached), { recursive: true });
    writeFileSync(cached, '#!/bin/sh\necho "k6 v2.2.0 (go1.26.8, linux/amd64)"\n');
    chmodSync(cached, 0o755);
    const found = await locateK6({ env: { PATH: bin, HOME: home, GOPATH: path.join(home, 'go') } });
    assert.deepEqual(found, { path: cached, version: 'v2.2.0', source: 'cache' });
  });
});

/** Pure rules of the local Sock Shop: order total, payment decline, catalogue paging and tag filter. */
import assert from 'node:assert/strict';
import { authorise } from '../../../../cluster/apps/sockshop/payment/authorise.js';
import { orderTotal } from '../../../../cluster/apps/sockshop/shared/model.js';
import { allTags, listSocks, socks } from '../../../../cluster/apps/sockshop/catalogue/socks.js';
import { sockPictures } from '../../../../cluster/apps/sockshop/catalogue/pictures.js';
import { maskCardNumber } from '../../../../cluster/apps/sockshop/user/hal.js';

describe('sockshop rules', () => {
  it('order total is Σ quantity·unitPrice + 4.99 shipping, in cents', () => {
    assert.equal(orderTotal([{ quantity: 1, unitPrice: 17.15 }]), 22.14);
    assert.equal(orderTotal([{ quantity: 2, unitPrice: 12 }, { quantity: 3, unitPrice: 7.99 }]), 52.96);
    assert.equal(orderTotal([]), 4.99);
  });

  it('payment declines amounts above 100.00 only', () => {
    assert.deepEqual(authorise(100), { authorised: true, message: 'Payment authorised' });
    assert.deepEqual(authorise(104.98), { authorised: false, message: 'Payment declined: amount exceeds 100.00' });
    assert.deepEqual(authorise(60, 50), { authorised: false, message: 'Payment declined: amount exceeds 50.00' });
  });

  it('catalogue pages, sorts by id and ORs tags; every image path has a picture', () => {
    assert.equal(socks.length, 10);
    const page1 = listSocks({ tags: [], order: 'id', page: 1, size: 6 });
    const page2 = listSocks({ tags: [], order: 'id', page: 2, size: 6 });
    assert.equal(page1.length, 6);
    assert.equal(page2.length, 4);
    const ids = [...page1, ...page2].map((s) => s.id);
    assert.deepEqual(ids, [...ids].sort());
    const geekOrMagic = listSocks({ tags: ['geek', 'magic'], order: 'id', page: 1, size: 10 }).map((s) => s.name).sort();
    assert.deepEqual(geekOrMagic, ['Holy', 'Weave special', 'YouTube.sock']);
    for (const sock of socks) for (const tag of sock.tag) assert.ok(allTags.includes(tag), `${sock.name}: tag ${tag} not in /tags`);
    for (const sock of socks) for (const url of sock.imageUrl) assert.ok(sockPictures.has(url.split('/').pop()!), url);
  });

  it('card numbers leave the user service masked but for the last 4 digits', () => {
    assert.equal(maskCardNumber('5544154011345918'), '************5918');
  });
});

describe('sockshop catalogue pictures', () => {
  it('are JPEGs of the real files\' pixel and byte sizes, drawn the same every time', async function () {
    this.timeout(60_000);
    const { pictureSpecs } = await import('../../../../cluster/apps/sockshop/catalogue/pictures.js');
    const { renderPicture } = await import('../../../../cluster/lib/pictures/raster.js');
    const spec = pictureSpecs.find((s) => s.path === 'holy_1.jpeg')!;
    assert.deepEqual([spec.width, spec.height, spec.bytes], [450, 598, 42201]);
    const a = renderPicture(spec, { sampleMaxPixels: 150_000 });
    const b = renderPicture(spec, { sampleMaxPixels: 150_000 });
    assert.equal(a.length, 42201);
    assert.ok(a.equals(b), 'deterministic');
    assert.deepEqual([a[0], a[1], a[a.length - 2], a[a.length - 1]], [0xff, 0xd8, 0xff, 0xd9], 'SOI … EOI');
    const jpeg = (await import('jpeg-js')).default;
    const decoded = jpeg.decode(a);
    assert.deepEqual([decoded.width, decoded.height], [450, 598]);
  });
});

/**
 * The Online Boutique catalog (the real app's products, in catalog order, prices in USD) and the picture path rule
 * that the productcatalogservice and the frontend share.
 */
import type { Product } from './api.js';

/** "Salt & Pepper Shakers" → "salt-pepper-shakers": lowercase, each run of non-alphanumerics becomes one "-". */
export function productSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Where the frontend serves a product's picture. real: products.json — /static/img/products/<file>.jpg, the file named
 * after the product (the slug), except "salt-and-pepper-shakers.jpg".
 */
export function productPicturePath(name: string): string {
  const slug = productSlug(name);
  return `/static/img/products/${slug === 'salt-pepper-shakers' ? 'salt-and-pepper-shakers' : slug}.jpg`;
}

function product(id: string, name: string, description: string, usd: [units: number, nanos: number], categories: string[]): Product {
  return {
    id,
    name,
    description,
    picture: productPicturePath(name),
    price_usd: { currency_code: 'USD', units: usd[0], nanos: usd[1] },
    categories,
  };
}

export const products: readonly Product[] = Object.freeze([
  product('OLJCESPC7Z', 'Sunglasses', 'Add a modern touch to your outfits with these sleek aviator sunglasses.', [19, 990_000_000], ['accessories']),
  product('66VCHSJNUP', 'Tank Top', 'Perfectly cropped cotton tank, with a scooped neckline.', [18, 990_000_000], ['clothing', 'tops']),
  product('1YMWWN1N4O', 'Watch', 'This gold-tone stainless steel watch will work with most of your outfits.', [109, 990_000_000], ['accessories']),
  product('L9ECAV7KIM', 'Loafers', 'A neat addition to your summer wardrobe.', [89, 990_000_000], ['footwear']),
  product('2ZYFJ3GM2N', 'Hairdryer', "This lightweight hairdryer has 3 heat and speed settings. It's perfect for travel.", [24, 990_000_000], ['hair', 'beauty']),
  product('0PUK6V6EV0', 'Candle Holder', 'This small but intricate candle holder is an excellent gift.', [18, 990_000_000], ['decor', 'home']),
  product('LS4PSXUNUM', 'Salt & Pepper Shakers', 'Add some flavor to your kitchen.', [18, 490_000_000], ['kitchen']),
  product('9SIQT8TOJO', 'Bamboo Glass Jar', 'This bamboo glass jar can hold 57 oz (1.7 l) and is perfect for any kitchen.', [5, 490_000_000], ['kitchen']),
  product('6E92ZMYYFZ', 'Mug', 'A simple mug with a mustard interior.', [8, 990_000_000], ['kitchen']),
]);

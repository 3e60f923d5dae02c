/** The product catalog's queries over the fixed list of products. */
import type { Product } from '../shared/api.js';
import { products } from '../shared/products.js';

export function listProducts(): Product[] {
  return [...products];
}

export function findProduct(id: string): Product | undefined {
  return products.find((p) => p.id === id);
}

/** Products whose name or description contains `query`, case-insensitively (as the real Go service matches). */
export function searchProducts(query: string): Product[] {
  const needle = query.toLowerCase();
  return products.filter((p) => p.name.toLowerCase().includes(needle) || p.description.toLowerCase().includes(needle));
}

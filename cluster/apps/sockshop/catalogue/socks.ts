/** The real catalogue's seed: 10 socks (ids, names, descriptions, prices, stock, tags, image paths). */
import type { Sock } from '../shared/model.js';

const img = (...names: string[]) => names.map((n) => `/catalogue/images/${n}`);

export const socks: readonly Sock[] = [
  {
    id: '03fef6ac-1896-4ce8-bd69-b798f85c6e0b',
    name: 'Holy',
    description: 'Socks fit for a Messiah. You too can experience walking in water with these special edition beauties. Each hole is lovingly proggled to leave smooth edges. The only sock approved by a higher power.',
    imageUrl: img('holy_1.jpeg', 'holy_2.jpeg'),
    price: 99.99,
    count: 1,
    tag: ['action', 'magic'],
  },
  {
    id: '3395a43e-2d88-40de-b95f-e00e1502085b',
    name: 'Colourful',
    description: 'proident occaecat irure et excepteur labore minim nisi amet irure',
    imageUrl: img('colourful_socks.jpg', 'colourful_socks.jpg'),
    price: 18,
    count: 438,
    tag: ['brown', 'blue'],
  },
  {
    id: '510a0d7e-8e83-4193-b483-e27e09ddc34d',
    name: 'SuperSport XL',
    description: 'Ready for action. Engineers: be ready to smash that next bug! Be ready, with these super-action-sport-masterpieces. This particular engineer was chased away from the office with a stick.',
    imageUrl: img('puma_1.jpeg', 'puma_2.jpeg'),
    price: 15,
    count: 820,
    tag: ['sport', 'formal', 'black'],
  },
  {
    id: '6d62d909-f957-430e-8689-b5129c0bb75e',
    name: 'Weave special',
    description: 'Limited issue Weave socks.',
    imageUrl: img('weave1.jpg', 'weave2.jpg'),
    price: 17.15,
    count: 33,
    tag: ['geek', 'black'],
  },
  {
    id: '808a2de1-1aaa-4c25-a9b9-6612e8f29a38',
    name: 'Crossed',
    description: 'A mature sock, crossed, with an air of nonchalance.',
    imageUrl: img('cross_1.jpeg', 'cross_2.jpeg'),
    price: 17.32,
    count: 738,
    tag: ['blue', 'action', 'red', 'formal'],
  },
  {
    id: '819e1fbf-8b7e-4f6d-811f-693534916a8b',
    name: 'Figueroa',
    description: 'enim officia aliqua excepteur esse deserunt quis aliquip nostrud anim',
    imageUrl: img('WAT.jpg', 'WAT2.jpg'),
    price: 14,
    count: 808,
    tag: ['formal', 'green', 'blue'],
  },
  {
    id: '837ab141-399e-4c1f-9abc-bace40296bac',
    name: 'Cat socks',
    description: 'consequat amet cupidatat minim laborum tempor elit ex consequat in',
    imageUrl: img('catsocks.jpg', 'catsocks2.jpg'),
    price: 15,
    count: 175,
    tag: ['brown', 'formal', 'green'],
  },
  {
    id: 'a0a4f044-b040-410d-8ead-4de0446aec7e',
    name: 'Nerd leg',
    description: 'For all those leg lovers out there. A perfect example of a swivel chair trained calf. Meticulously trained on a diet of sitting and Pina Coladas. Phwarr...',
    imageUrl: img('bit_of_leg_1.jpeg', 'bit_of_leg_2.jpeg'),
    price: 7.99,
    count: 115,
    tag: ['blue', 'skin'],
  },
  {
    id: 'd3588630-ad8e-49df-bbd7-3167f7efb246',
    name: 'YouTube.sock',
    description: "We were not paid to sell this sock. It's just a bit geeky.",
    imageUrl: img('youtube_1.jpeg', 'youtube_2.jpeg'),
    price: 10.99,
    count: 801,
    tag: ['geek', 'formal'],
  },
  {
    id: 'zzz4f044-b040-410d-8ead-4de0446aec7e',
    name: 'Classic',
    description: 'Keep it simple.',
    imageUrl: img('classic.jpg', 'classic2.jpg'),
    price: 12,
    count: 127,
    tag: ['brown', 'green'],
  },
];

/** Every tag in the seed, in the real catalogue's order. */
export const allTags: readonly string[] = ['brown', 'geek', 'formal', 'blue', 'skin', 'red', 'action', 'sport', 'black', 'magic', 'green'];

export interface CatalogueQuery {
  tags: string[];
  order: string;
  page: number;
  size: number;
}

/** Socks with any of the tags (all when none), sorted by a Sock field, one page (pages count from 1). */
export function listSocks(query: CatalogueQuery): Sock[] {
  const matching = filterByTags(query.tags);
  const key = (['id', 'name', 'price', 'count'].includes(query.order) ? query.order : 'id') as 'id' | 'name' | 'price' | 'count';
  const sorted = [...matching].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
  const start = (query.page - 1) * query.size;
  return sorted.slice(start, start + query.size);
}

export function filterByTags(tags: readonly string[]): Sock[] {
  const wanted = tags.map((t) => t.trim().toLowerCase()).filter(Boolean);
  return wanted.length === 0 ? [...socks] : socks.filter((s) => s.tag.some((t) => wanted.includes(t)));
}

export function findSock(id: string): Sock | undefined {
  return socks.find((s) => s.id === id);
}

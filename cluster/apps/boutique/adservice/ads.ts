/** The real adservice's ads by product category, and its choice of ads for a request. */
import type { Ad } from '../shared/api.js';

const ad = (productId: string, text: string): Ad => ({ redirect_url: `/product/${productId}`, text });

export const adsByCategory: Readonly<Record<string, readonly Ad[]>> = Object.freeze({
  clothing: [ad('66VCHSJNUP', 'Tank top for sale. 20% off.')],
  accessories: [ad('1YMWWN1N4O', 'Watch for sale. Buy one, get second kit for free')],
  footwear: [ad('L9ECAV7KIM', 'Loafers for sale. Buy one, get second one for free')],
  hair: [ad('2ZYFJ3GM2N', 'Hairdryer for sale. 50% off.')],
  decor: [ad('0PUK6V6EV0', 'Candle holder for sale. 30% off.')],
  kitchen: [ad('9SIQT8TOJO', 'Bamboo glass jar for sale. 10% off.'), ad('6E92ZMYYFZ', 'Mug for sale. Buy two, get third one for free')],
});

export const MAX_RANDOM_ADS = 2;

const allAds: readonly Ad[] = Object.values(adsByCategory).flat();

/** Ads of every known category in `contextKeys`; if none match, 2 ads drawn at random (with repeats, like the real one). */
export function selectAds(contextKeys: readonly string[], random: () => number = Math.random): Ad[] {
  const matched = contextKeys.flatMap((key) => (Object.hasOwn(adsByCategory, key) ? adsByCategory[key]! : []));
  if (matched.length > 0) return matched.map((a) => ({ ...a }));
  return Array.from({ length: MAX_RANDOM_ADS }, () => ({ ...allAds[Math.floor(random() * allAds.length)]! }));
}

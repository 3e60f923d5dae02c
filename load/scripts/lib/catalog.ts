// Online Boutique's catalog ids and currencies, as the app's own Locust load generator uses them.

export const PRODUCT_IDS: readonly string[] = [
  '0PUK6V6EV0',
  '1YMWWN1N4O',
  '2ZYFJ3GM2N',
  '66VCHSJNUP',
  '6E92ZMYYFZ',
  '9SIQT8TOJO',
  'L9ECAV7KIM',
  'LS4PSXUNUM',
  'OLJCESPC7Z',
];

/** The currencies Locust's setCurrency task picks from. */
export const CURRENCIES: readonly string[] = ['EUR', 'USD', 'JPY', 'CAD', 'GBP', 'TRY'];

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** Integer in [min, max], both inclusive (Python's random.randint). */
export function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

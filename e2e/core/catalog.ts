/** Facts of the Online Boutique catalog and backends that journeys check prices and ids against. */
export interface CatalogProduct {
  id: string;
  name: string;
  /** USD price in cents. */
  usdCents: number;
}

export const catalog = {
  sunglasses: { id: 'OLJCESPC7Z', name: 'Sunglasses', usdCents: 1999 },
  tankTop: { id: '66VCHSJNUP', name: 'Tank Top', usdCents: 1899 },
  watch: { id: '1YMWWN1N4O', name: 'Watch', usdCents: 10999 },
  loafers: { id: 'L9ECAV7KIM', name: 'Loafers', usdCents: 8999 },
  hairdryer: { id: '2ZYFJ3GM2N', name: 'Hairdryer', usdCents: 2499 },
  candleHolder: { id: '0PUK6V6EV0', name: 'Candle Holder', usdCents: 1899 },
  saltAndPepper: { id: 'LS4PSXUNUM', name: 'Salt & Pepper Shakers', usdCents: 1849 },
  bambooJar: { id: '9SIQT8TOJO', name: 'Bamboo Glass Jar', usdCents: 549 },
  mug: { id: '6E92ZMYYFZ', name: 'Mug', usdCents: 899 },
} as const satisfies Record<string, CatalogProduct>;

/** Shipping quote for a non-empty cart, USD. */
export const shippingUsdCents = 899;

/** Sunglasses as displayed in other currencies (EUR-based rates, floored). */
export const sunglassesDisplayed = { EUR: '€17.68', JPY: '¥2235.06', GBP: '£15.20', USD: '$19.99' } as const;

/** Quantities the product page offers. */
export const quantityOptions = [1, 2, 3, 4, 5, 10] as const;

/** Order ids are UUIDs. */
export const orderIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tracking ids are `<L><L>-<len(salt)><3 digits>-<len(salt)/2><7 digits>` with L in A–Y and salt = "street, city,
 * state". With the checkout form's defaults the salt is 44 characters long: `XX-44ddd-22ddddddd`.
 */
export function trackingIdPattern(street: string, city: string, state: string): RegExp {
  const saltLength = `${street}, ${city}, ${state}`.length;
  return new RegExp(`^[A-Y]{2}-${saltLength}\\d{3}-${Math.floor(saltLength / 2)}\\d{7}$`);
}

/** A 16-digit card number that passes the form's pattern but fails the Luhn check the server applies. */
export const luhnInvalidCard = '4432801561520455';

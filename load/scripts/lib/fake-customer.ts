// Random checkout form data shaped like what Locust's Faker produces (email, US street address, 5-digit zip, city,
// state abbreviation, country, a Visa number, month 1–12, year next year … +70, 3-digit CVV), and always valid for
// the shop's checkout validation (Luhn-valid 16-digit Visa, integer zip, fields well under their length limits).
import { pick, randomInt } from './catalog.ts';

/** Well-known Visa test numbers (16 digits, Luhn-valid); the first one is the shop's own form default. */
export const VISA_TEST_NUMBERS: readonly string[] = [
  '4432801561520454',
  '4111111111111111',
  '4012888888881881',
  '4242424242424242',
  '4000056655665556',
];

const FIRST_NAMES = ['james', 'mary', 'li', 'fatima', 'olga', 'diego', 'amara', 'kenji', 'noah', 'priya', 'lucas', 'zoe'];
const LAST_NAMES = ['smith', 'garcia', 'chen', 'okafor', 'novak', 'tanaka', 'silva', 'kowalski', 'haddad', 'murphy'];
const MAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
const STREET_NAMES = ['Oak', 'Maple', 'Cedar', 'Lakeview', 'Hillcrest', 'Washington', 'Sunset', 'River', 'Park', 'Mill'];
const STREET_SUFFIXES = ['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'Court', 'Way', 'Boulevard'];
const CITIES = ['Mountain View', 'Springfield', 'Riverside', 'Fairview', 'Lake Andrew', 'Port Jessica', 'New Kevin', 'Salem'];
const STATE_ABBRS = ['AL', 'AK', 'AZ', 'CA', 'CO', 'FL', 'GA', 'IL', 'MA', 'NY', 'OR', 'TX', 'WA', 'WI'];
const COUNTRIES = ['United States', 'Canada', 'Germany', 'Japan', 'Brazil', 'Kenya', 'India', 'France', 'Chile', 'Norway'];

/** The digit that makes `payload + digit` pass the Luhn check. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    // Walking from the right, the digit next to the check digit is doubled, then every second one.
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === Number(number[number.length - 1]);
}

/**
 * Visa Electron's prefixes: numbers that start with 4 but that the real paymentservice (its card validator) types as
 * visa_electron and refuses ("Only VISA or MasterCard is accepted").
 */
const VISA_ELECTRON = /^(4026|417500|4508|4844|491[37])/;

/** A random 16-digit Visa number (prefix 4, never a Visa Electron one) with a valid Luhn check digit. */
export function randomVisaNumber(): string {
  for (;;) {
    let payload = '4';
    while (payload.length < 15) payload += String(randomInt(0, 9));
    if (!VISA_ELECTRON.test(payload)) return payload + String(luhnCheckDigit(payload));
  }
}

export interface CheckoutForm {
  [field: string]: string;
  email: string;
  street_address: string;
  zip_code: string;
  city: string;
  state: string;
  country: string;
  credit_card_number: string;
  credit_card_expiration_month: string;
  credit_card_expiration_year: string;
  credit_card_cvv: string;
}

export function randomCheckoutForm(now: Date = new Date()): CheckoutForm {
  const nextYear = now.getFullYear() + 1;
  const suite = Math.random() < 0.3 ? ` Apt. ${randomInt(100, 999)}` : '';
  return {
    email: `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${randomInt(1, 99)}@${pick(MAIL_DOMAINS)}`,
    street_address: `${randomInt(1, 99999)} ${pick(STREET_NAMES)} ${pick(STREET_SUFFIXES)}${suite}`,
    zip_code: String(randomInt(10000, 99999)),
    city: pick(CITIES),
    state: pick(STATE_ABBRS),
    country: pick(COUNTRIES),
    credit_card_number: Math.random() < 0.5 ? pick(VISA_TEST_NUMBERS) : randomVisaNumber(),
    credit_card_expiration_month: String(randomInt(1, 12)),
    credit_card_expiration_year: String(randomInt(nextYear, nextYear + 70)),
    credit_card_cvv: String(randomInt(100, 999)),
  };
}

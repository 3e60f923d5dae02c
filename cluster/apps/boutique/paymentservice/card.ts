/**
 * Credit card checks of the real paymentservice: card type by number prefix, Luhn and length, only Visa or
 * MasterCard, not expired. The messages are the real service's.
 */

interface CardType {
  name: string;
  pattern: RegExp;
  lengths: number[];
}

/** First match wins, so Visa Electron numbers are not "visa" (and are refused, as in the real shop). */
const cardTypes: CardType[] = [
  { name: 'amex', pattern: /^3[47]/, lengths: [15] },
  { name: 'diners_club_carte_blanche', pattern: /^30[0-5]/, lengths: [14] },
  { name: 'diners_club_international', pattern: /^36/, lengths: [14] },
  { name: 'jcb', pattern: /^35(2[89]|[3-8][0-9])/, lengths: [16] },
  { name: 'laser', pattern: /^(6304|670[69]|6771)/, lengths: [16, 17, 18, 19] },
  { name: 'visa_electron', pattern: /^(4026|417500|4508|4844|491(3|7))/, lengths: [16] },
  { name: 'visa', pattern: /^4/, lengths: [16] },
  { name: 'mastercard', pattern: /^5[1-5]/, lengths: [16] },
  { name: 'maestro', pattern: /^(5018|5081|5044|5020|5038|603845|6304|6759|676[1-3]|6220|504834|504817|504645)/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { name: 'discover', pattern: /^(6011|622(12[6-9]|1[3-9][0-9]|[2-8][0-9]{2}|9[0-1][0-9]|92[0-5]|64[4-9])|65)/, lengths: [16] },
];

export class CardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardError';
  }
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export interface CardDetails {
  cardType: string;
  valid: boolean;
}

/** Card type and validity of a number; spaces and dashes are ignored. */
export function cardDetails(cardNumber: string): CardDetails {
  const digits = cardNumber.replace(/[ -]/g, '');
  const type = cardTypes.find((t) => t.pattern.test(digits));
  if (!type) return { cardType: 'unknown', valid: false };
  return { cardType: type.name, valid: luhnValid(digits) && type.lengths.includes(digits.length) };
}

export interface CardToCharge {
  credit_card_number: string;
  credit_card_expiration_year: number;
  credit_card_expiration_month: number;
}

/** Throws CardError with the real message if the card cannot be charged; returns the card type otherwise. */
export function checkCard(card: CardToCharge, now: Date = new Date()): string {
  const { cardType, valid } = cardDetails(card.credit_card_number);
  if (!valid) throw new CardError('Credit card info is invalid');
  if (cardType !== 'visa' && cardType !== 'mastercard') {
    throw new CardError(`Sorry, we cannot process ${cardType} credit cards. Only VISA or MasterCard is accepted.`);
  }
  const { credit_card_expiration_year: year, credit_card_expiration_month: month } = card;
  if (now.getFullYear() * 12 + (now.getMonth() + 1) > year * 12 + month) {
    const lastFour = card.credit_card_number.replace('-', '').slice(-4);
    throw new CardError(`Your credit card (ending ${lastFour}) expired on ${month}/${year}`);
  }
  return cardType;
}

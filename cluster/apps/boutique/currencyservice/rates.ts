/**
 * Units of each currency per 1 EUR: the real currencyservice's data file, in its order (which is also the order
 * GetSupportedCurrencies answers in).
 */
export const eurRates: Readonly<Record<string, number>> = Object.freeze({
  EUR: 1.0,
  USD: 1.1305,
  JPY: 126.4,
  BGN: 1.9558,
  CZK: 25.592,
  DKK: 7.4609,
  GBP: 0.8597,
  HUF: 315.51,
  PLN: 4.2996,
  RON: 4.7463,
  SEK: 10.5375,
  CHF: 1.136,
  ISK: 136.8,
  NOK: 9.804,
  HRK: 7.421,
  RUB: 74.4208,
  TRY: 6.1247,
  AUD: 1.6072,
  BRL: 4.2682,
  CAD: 1.5128,
  CNY: 7.5857,
  HKD: 8.8743,
  IDR: 15999.4,
  ILS: 4.0875,
  INR: 79.432,
  KRW: 1275.05,
  MXN: 21.7999,
  MYR: 4.6289,
  NZD: 1.6679,
  PHP: 59.083,
  SGD: 1.5349,
  THB: 36.012,
  ZAR: 16.0583,
});

export const supportedCurrencies: readonly string[] = Object.freeze(Object.keys(eurRates));

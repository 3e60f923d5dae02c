/** Prices as Online Boutique shows them: `<symbol><units>.<two digits>` (e.g. `$19.99`, `€17.68`, `¥2235.06`). */
export interface Money {
  symbol: string;
  /** Amount in hundredths of the currency unit, as displayed (the shop truncates, never rounds). */
  cents: number;
}

const MONEY = /^\s*(\D+?)\s*(\d+)\.(\d{2})\s*$/;

export function parseMoney(text: string): Money {
  const m = MONEY.exec(text);
  if (!m) throw new Error(`"${text}" is not a price in the shop's format <symbol><units>.<two digits>`);
  return { symbol: m[1], cents: Number(m[2]) * 100 + Number(m[3]) };
}

export function formatMoney(money: Money): string {
  return `${money.symbol}${Math.floor(money.cents / 100)}.${String(money.cents % 100).padStart(2, '0')}`;
}

export function sumMoney(symbol: string, amounts: Money[]): Money {
  for (const a of amounts) if (a.symbol !== symbol) throw new Error(`cannot add ${formatMoney(a)} to an amount in ${symbol}`);
  return { symbol, cents: amounts.reduce((total, a) => total + a.cents, 0) };
}

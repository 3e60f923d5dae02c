import type { JourneyContext } from '../core/journey.js';
import { cart, header } from '../core/locators.js';
import { parseMoney, type Money } from '../core/money.js';
import { until } from '../core/wait.js';
import { Header } from './header.js';
import { HomePage } from './home.js';

export interface CartLine {
  name: string;
  id: string;
  quantity: number;
  total: Money;
}

/** Checkout form fields by their form name (email, street_address, zip_code, …, credit_card_cvv). */
export type CheckoutFields = Record<string, string>;

export const checkoutSelects = ['credit_card_expiration_month', 'credit_card_expiration_year'];
export const checkoutInputs = ['email', 'street_address', 'zip_code', 'city', 'state', 'country', 'credit_card_number', 'credit_card_cvv'];

/** The value at the end of a row of texts ("Shipping $8.99" → "$8.99"). */
function lastWord(text: string): string {
  const words = text.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

export class CartPage {
  readonly header: Header;
  constructor(private readonly ctx: JourneyContext) {
    this.header = new Header(ctx);
  }

  async open(): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url('/cart'));
    return this.shown();
  }

  async shown(): Promise<this> {
    const { driver } = this.ctx;
    const empty = await until('the cart page ("Cart (N)" or "Your shopping cart is empty!")', driver.timeoutMs, async () => {
      if (await driver.isVisible(cart.heading)) return false;
      if (await driver.isVisible(cart.emptyHeading)) return true;
      return undefined;
    });
    const controls = empty ? [cart.continueShopping, header.cartLink] : [cart.emptyCart, cart.placeOrder, header.currencySelect];
    await this.ctx.arrived('cart', controls);
    return this;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.ctx.driver.count(cart.emptyHeading)) > 0;
  }

  /** N of the "Cart (N)" heading. */
  async headingCount(): Promise<number> {
    const heading = await this.ctx.driver.text(cart.heading);
    const m = /^Cart \((\d+)\)$/.exec(heading);
    if (!m) throw new Error(`cart heading "${heading}" is not "Cart (N)"`);
    return Number(m[1]);
  }

  /** Each line as the shopper reads it: name, "SKU #id", "Quantity: N", and the line total last. */
  async lines(): Promise<CartLine[]> {
    const { driver } = this.ctx;
    const [names, rows] = await Promise.all([driver.texts(cart.itemName), driver.texts(cart.itemRow)]);
    return rows.map((row, i) => {
      const id = /SKU #\s*(\S+)/.exec(row)?.[1];
      const quantity = /Quantity:\s*(\d+)/.exec(row)?.[1];
      if (!id || !quantity) throw new Error(`cart line ${i + 1} does not read "SKU #…" and "Quantity: N":\n${row}`);
      return { name: names[i], id, quantity: Number(quantity), total: parseMoney(lastWord(row)) };
    });
  }

  async shipping(): Promise<Money> {
    return parseMoney(lastWord(await this.ctx.driver.text(cart.shippingRow)));
  }

  async total(): Promise<Money> {
    return parseMoney(lastWord(await this.ctx.driver.text(cart.totalRow)));
  }

  async checkoutForm(): Promise<CheckoutFields> {
    const fields: CheckoutFields = {};
    for (const name of [...checkoutInputs, ...checkoutSelects]) fields[name] = await this.ctx.driver.value(cart.field(name));
    return fields;
  }

  async empty(): Promise<HomePage> {
    await this.ctx.driver.click(cart.emptyCart);
    return new HomePage(this.ctx).shown();
  }

  /** Fill the given fields (the rest keep their defaults) and press "Place Order". */
  async placeOrder(changes: CheckoutFields = {}): Promise<void> {
    for (const [name, value] of Object.entries(changes)) {
      if (checkoutSelects.includes(name)) await this.ctx.driver.select(cart.field(name), value);
      else await this.ctx.driver.fill(cart.field(name), value);
    }
    await this.ctx.driver.click(cart.placeOrder);
  }
}

import type { JourneyContext } from '../core/journey.js';
import { cart, header, home } from '../core/locators.js';
import { parseMoney, type Money } from '../core/money.js';
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
    await this.ctx.driver.waitFor(`${cart.summary}, ${cart.emptySection}`);
    const controls = (await this.isEmpty())
      ? [`${cart.emptySection} a.cymbal-button-primary`, header.cartLink]
      : [cart.emptyCartButton, cart.placeOrder, header.currencySelect];
    await this.ctx.arrived('cart', controls);
    return this;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.ctx.driver.count(cart.emptySection)) > 0;
  }

  /** N of the "Cart (N)" heading. */
  async headingCount(): Promise<number> {
    const heading = await this.ctx.driver.text(cart.heading);
    const m = /^Cart \((\d+)\)$/.exec(heading);
    if (!m) throw new Error(`cart heading "${heading}" is not "Cart (N)"`);
    return Number(m[1]);
  }

  async lines(): Promise<CartLine[]> {
    const { driver } = this.ctx;
    const [names, skus, quantities, totals] = await Promise.all([
      driver.texts(cart.itemName),
      driver.texts(cart.itemSku),
      driver.texts(cart.itemQuantity),
      driver.texts(cart.itemTotal),
    ]);
    return names.map((name, i) => ({
      name,
      id: skus[i].replace(/^SKU #/, ''),
      quantity: Number(quantities[i].replace(/^Quantity:\s*/, '')),
      total: parseMoney(totals[i]),
    }));
  }

  async shipping(): Promise<Money> {
    return parseMoney(await this.ctx.driver.text(cart.shipping));
  }

  async total(): Promise<Money> {
    return parseMoney(await this.ctx.driver.text(cart.total));
  }

  async checkoutForm(): Promise<CheckoutFields> {
    const fields: CheckoutFields = {};
    for (const name of [...checkoutInputs, ...checkoutSelects]) {
      fields[name] = (await this.ctx.driver.evaluate<string>(`document.querySelector(${JSON.stringify(cart.field(name))}).value`)) ?? '';
    }
    return fields;
  }

  async empty(): Promise<HomePage> {
    await this.ctx.driver.click(cart.emptyCartButton);
    await this.ctx.driver.waitFor(home.main);
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

import type { JourneyContext } from '../core/journey.js';
import { order } from '../core/locators.js';
import { parseMoney, type Money } from '../core/money.js';

export interface OrderDetails {
  confirmationId: string;
  trackingId: string;
  totalPaid: Money;
}

/** "Your order is complete!" */
export class OrderPage {
  constructor(private readonly ctx: JourneyContext) {}

  async shown(): Promise<this> {
    await this.ctx.driver.waitFor(order.heading);
    await this.ctx.arrived('order', [order.continueShopping]);
    return this;
  }

  heading(): Promise<string> {
    return this.ctx.driver.text(order.heading);
  }

  /** The rows "Confirmation #", "Tracking #", "Total Paid", each followed by its value, as the shopper reads them. */
  async details(): Promise<OrderDetails> {
    const text = await this.ctx.driver.text(order.details);
    const row = (label: string) => {
      const m = new RegExp(`${label.replace(/[#]/g, '\\$&')}\\s+(\\S+)`).exec(text);
      if (!m) throw new Error(`the order page shows no "${label}" row:\n${text}`);
      return m[1];
    };
    return { confirmationId: row('Confirmation #'), trackingId: row('Tracking #'), totalPaid: parseMoney(row('Total Paid')) };
  }
}

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
    await this.ctx.driver.waitFor(order.section);
    await this.ctx.arrived('order', [order.continueShopping]);
    return this;
  }

  heading(): Promise<string> {
    return this.ctx.driver.text(order.heading);
  }

  async details(): Promise<OrderDetails> {
    const [labels, values] = await Promise.all([this.ctx.driver.texts(order.rowLabels), this.ctx.driver.texts(order.rowValues)]);
    const row = (label: string) => {
      const i = labels.indexOf(label);
      if (i < 0) throw new Error(`order page has no "${label}" row (rows: ${labels.join(', ')})`);
      return values[i];
    };
    return { confirmationId: row('Confirmation #'), trackingId: row('Tracking #'), totalPaid: parseMoney(row('Total Paid')) };
  }
}

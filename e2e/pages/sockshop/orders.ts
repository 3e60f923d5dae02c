import type { JourneyContext } from '../../core/journey.js';
import { orders } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { settled } from './settle.js';
import { Topbar } from './topbar.js';

export interface OrderRow {
  /** The order id, from "# {id}". */
  id: string;
  /** As shown: "$ 22.14". */
  total: string;
}

/** One row of "My orders" as read: "# {id} {date} $ {total} Shipped View" (cells joined by whitespace). */
export function parseOrderRow(text: string): OrderRow {
  const m = /^#\s*(\S+)\s.*?(\$\s*\d+\.\d{2})/.exec(text.replace(/\s+/g, ' ').trim());
  if (!m) throw new Error(`an order row reads "${text}", not "# {id} … $ {total} …"`);
  return { id: m[1]!, total: m[2]!.replace(/^\$\s*/, '$ ') };
}

/** customer-orders.html: "My orders", one row per order (GET /orders, which answers 201). */
export class OrdersPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url('/customer-orders.html'));
    return this.shown();
  }

  async shown(): Promise<this> {
    await this.ctx.driver.waitFor(orders.heading);
    await settled(this.ctx.driver, 'the orders page');
    await this.ctx.arrived('orders', [orders.heading]);
    return this;
  }

  /** The orders listed, read from the table's text in one go (one line per row; the header line is skipped). */
  async rows(): Promise<OrderRow[]> {
    const text = await this.ctx.driver.text(orders.table);
    return text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('#'))
      .map(parseOrderRow);
  }

  /** Wait until the list shows an order that is not among `known`; returns the new ones. */
  async waitForNewOrders(known: ReadonlySet<string>): Promise<OrderRow[]> {
    return until('a new order in "My orders"', this.ctx.driver.timeoutMs, async () => {
      const fresh = (await this.rows()).filter((r) => !known.has(r.id));
      return fresh.length > 0 ? fresh : undefined;
    });
  }
}

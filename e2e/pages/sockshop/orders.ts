import type { JourneyContext } from '../../core/journey.js';
import { navbar, orders } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { Topbar } from './topbar.js';

export interface OrderRow {
  /** The order id, from "# {id}". */
  id: string;
  total: string;
}

/** customer-orders.html: "My orders", one row per order. */
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
    await this.ctx.driver.waitFor(orders.table);
    await this.ctx.arrived('orders', [navbar.catalogueTab, navbar.basketLink]);
    return this;
  }

  async rows(): Promise<OrderRow[]> {
    const { driver } = this.ctx;
    const [ids, totals] = await Promise.all([driver.texts(orders.orderId), driver.texts(orders.total)]);
    return ids.map((text, i) => {
      const m = /^#\s*(\S+)$/.exec(text);
      if (!m) throw new Error(`an order row starts with "${text}", not "# {id}"`);
      return { id: m[1], total: totals[i] ?? '' };
    });
  }

  /** Wait until the list shows an order that is not among `known`; returns the new ones. */
  async waitForNewOrders(known: ReadonlySet<string>): Promise<OrderRow[]> {
    return until('a new order in "My orders"', this.ctx.driver.timeoutMs, async () => {
      const fresh = (await this.rows()).filter((r) => !known.has(r.id));
      return fresh.length > 0 ? fresh : undefined;
    });
  }
}

import type { JourneyContext } from '../../core/journey.js';
import { detail } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { settled } from './settle.js';
import { Topbar } from './topbar.js';

/** detail.html?id=: the sock's name (h1), price and "Add to cart". */
export class DetailPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(id: string): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url(`/detail.html?id=${encodeURIComponent(id)}`));
    return this.shown();
  }

  /** Wait for the sock (the named one, when given) to be filled in and the page to finish loading. */
  async shown(name?: string): Promise<this> {
    const { driver } = this.ctx;
    const title = await until('the sock on the detail page', driver.timeoutMs, async () => (await driver.text(detail.title)) || undefined);
    if (name && title !== name) throw new Error(`the detail page shows "${title}", not "${name}"`);
    // Its pictures give an anonymous visitor the session the cart is kept in (see settle.ts).
    await settled(driver, 'the detail page');
    await this.ctx.arrived('detail', [detail.addToCart]);
    return this;
  }

  title(): Promise<string> {
    return this.ctx.driver.text(detail.title);
  }

  price(): Promise<string> {
    return this.ctx.driver.text(detail.price);
  }

  /** "Add to cart": client.js addToCart() POSTs /cart and reloads the page; the basket then counts it. */
  async addToCart(expectedCount: number): Promise<void> {
    await this.ctx.driver.click(detail.addToCart);
    await this.topbar.waitForBasketCount(expectedCount);
    await this.shown();
  }
}

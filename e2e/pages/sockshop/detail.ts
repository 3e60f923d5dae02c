import type { JourneyContext } from '../../core/journey.js';
import { detail, navbar } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { Topbar } from './topbar.js';

/** detail.html?id=: #title, #price, "Add to cart". */
export class DetailPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(id: string): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url(`/detail.html?id=${encodeURIComponent(id)}`));
    return this.shown();
  }

  /** Wait for the sock (the named one, when given) to be filled in. */
  async shown(name?: string): Promise<this> {
    const { driver } = this.ctx;
    const title = await until('the sock on the detail page', driver.timeoutMs, async () => (await driver.text(detail.title)) || undefined);
    if (name && title !== name) throw new Error(`the detail page shows "${title}", not "${name}"`);
    await this.ctx.arrived('detail', [detail.addToCart, navbar.basketLink]);
    return this;
  }

  title(): Promise<string> {
    return this.ctx.driver.text(detail.title);
  }

  price(): Promise<string> {
    return this.ctx.driver.text(detail.price);
  }

  async addToCart(expectedCount: number): Promise<void> {
    const { driver } = this.ctx;
    await until('"Add to cart" to be enabled', driver.timeoutMs, async () =>
      (await driver.evaluate<boolean>(`!document.querySelector(${JSON.stringify(detail.addToCart)}).disabled`)) ? true : undefined,
    );
    await driver.click(detail.addToCart);
    await this.topbar.waitForBasketCount(expectedCount);
  }
}

import type { JourneyContext } from '../core/journey.js';
import { header } from '../core/locators.js';
import { until } from '../core/wait.js';

/** The navigation bar on every page: currency choice and the cart badge. */
export class Header {
  constructor(private readonly ctx: JourneyContext) {}

  /** Sum of quantities in the cart as the badge shows it; 0 when the badge is not there. */
  async cartCount(): Promise<number> {
    const { driver } = this.ctx;
    if ((await driver.count(header.cartBadge)) === 0) return 0;
    return Number(await driver.text(header.cartBadge));
  }

  async currency(): Promise<string> {
    return this.ctx.driver.value(header.currencySelect);
  }

  /** Pick a currency; the form submits itself and the same page comes back priced in it. */
  async chooseCurrency(code: string): Promise<void> {
    const { driver } = this.ctx;
    await driver.select(header.currencySelect, code);
    await until(`the page to come back in ${code}`, driver.timeoutMs, async () =>
      (await this.currency()) === code ? true : undefined,
    );
  }
}

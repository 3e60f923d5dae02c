import type { JourneyContext } from '../../core/journey.js';
import { basket, navbar } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { Topbar } from './topbar.js';

export interface BasketLine {
  name: string;
  quantity: number;
}

export interface BasketTotals {
  cartTotal: string;
  subtotal: string;
  shipping: string;
  grandTotal: string;
}

/** Messages shown in #user-message are kept in sessionStorage too, so one shown just before a navigation is not lost. */
const MESSAGES_KEY = 'e2e-user-messages';
const RECORD_MESSAGES = `(() => {
  const key = ${JSON.stringify(MESSAGES_KEY)};
  const box = document.querySelector(${JSON.stringify(navbar.userMessage)});
  sessionStorage.removeItem(key);
  new MutationObserver(() => {
    const text = box.innerText.trim();
    if (text) sessionStorage.setItem(key, JSON.stringify([...JSON.parse(sessionStorage.getItem(key) || '[]'), text]));
  }).observe(box, { childList: true, subtree: true, characterData: true });
  return true;
})()`;

/** basket.html: the cart's lines, quantities, totals and "Proceed to checkout". */
export class BasketPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url('/basket.html'));
    return this.shown();
  }

  /** Wait until the cart is listed (its lines, or the empty-cart row) with its totals. */
  async shown(): Promise<this> {
    const { driver } = this.ctx;
    await until('the cart to be listed', driver.timeoutMs, async () =>
      (await driver.count(basket.items)) > 0 || (await driver.count('#cart-list tr.empty')) > 0 ? true : undefined,
    );
    const controls = (await driver.count(basket.items)) > 0 ? [basket.quantity, basket.update, basket.checkout] : [navbar.basketLink];
    await this.ctx.arrived('basket', controls);
    return this;
  }

  async lines(): Promise<BasketLine[]> {
    const { driver } = this.ctx;
    const names = await driver.texts(basket.itemName);
    const quantities = await driver.evaluate<string[]>(
      `Array.from(document.querySelectorAll(${JSON.stringify(basket.quantity)})).map((i) => i.value)`,
    );
    return names.map((name, i) => ({ name, quantity: Number(quantities[i]) }));
  }

  async totals(): Promise<BasketTotals> {
    const { driver } = this.ctx;
    return {
      cartTotal: await driver.text(basket.cartTotal),
      subtotal: await driver.text(basket.subtotal),
      shipping: await driver.text(basket.shipping),
      grandTotal: await driver.text(basket.grandTotal),
    };
  }

  /** Type a new quantity for a line and press "Update basket": the page reloads with the new quantities. */
  async setQuantity(name: string, quantity: number, expectedCount: number): Promise<BasketPage> {
    const lines = await this.lines();
    const index = lines.findIndex((l) => l.name === name);
    if (index < 0) throw new Error(`no line "${name}" in the basket (lines: ${lines.map((l) => l.name).join(', ')})`);
    const field = `#cart-list tr.item:nth-child(${index + 1}) input[type="number"]`;
    await this.ctx.driver.fill(field, String(quantity));
    await this.ctx.driver.click(basket.update);
    await this.topbar.waitForBasketCount(expectedCount);
    return new BasketPage(this.ctx).shown();
  }

  /** Press "Proceed to checkout", keeping every message the page shows (also one shown right before it navigates). */
  async proceedToCheckout(): Promise<void> {
    const { driver } = this.ctx;
    await until('"Proceed to checkout" to be enabled', driver.timeoutMs, async () =>
      (await driver.evaluate<boolean>(`!document.querySelector(${JSON.stringify(basket.checkout)}).disabled`)) ? true : undefined,
    );
    await driver.evaluate(RECORD_MESSAGES);
    await driver.click(basket.checkout);
  }

  /** Every message shown since proceedToCheckout, in order (works after the page moved on, within the same tab). */
  async messagesSinceCheckout(): Promise<string[]> {
    return JSON.parse((await this.ctx.driver.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(MESSAGES_KEY)})`)) ?? '[]') as string[];
  }

  /** Wait for a message after "Proceed to checkout". */
  async waitForCheckoutMessage(): Promise<string> {
    return until('a message after "Proceed to checkout"', this.ctx.driver.timeoutMs, async () => (await this.messagesSinceCheckout())[0]);
  }
}

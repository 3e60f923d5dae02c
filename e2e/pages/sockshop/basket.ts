import type { JourneyContext } from '../../core/journey.js';
import { basket } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { settled } from './settle.js';
import { alertText, Topbar } from './topbar.js';

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

/** A basket line as read: "{name} $17.15 $0.00 $17.15" (image and quantity cells have no text). */
export function parseLineName(text: string): string {
  const name = text.replace(/\s+/g, ' ').trim().split(' $')[0]?.trim();
  if (!name) throw new Error(`a basket line reads "${text}", not "{name} $unit $discount $total"`);
  return name;
}

/**
 * Messages shown in #user-message are kept in sessionStorage too, so one shown just before a navigation ("Order
 * placed." comes right before the form submits to customer-orders.html) is not lost. The close button "×" is left out.
 */
const MESSAGES_KEY = 'e2e-user-messages';
const RECORD_MESSAGES = `(() => {
  const key = ${JSON.stringify(MESSAGES_KEY)};
  const box = document.getElementById('user-message');
  sessionStorage.removeItem(key);
  new MutationObserver(() => {
    const alert = box.querySelector('[role=alert], .alert');
    if (!alert) return;
    const copy = alert.cloneNode(true);
    copy.querySelectorAll('button').forEach((b) => b.remove());
    const text = copy.textContent.replace(/\\s+/g, ' ').trim();
    if (text) sessionStorage.setItem(key, JSON.stringify([...JSON.parse(sessionStorage.getItem(key) || '[]'), text]));
  }).observe(box, { childList: true, subtree: true, characterData: true });
  return true;
})()`;

/** basket.html: the cart's lines, quantities, totals, saved address and card, and "Proceed to checkout". */
export class BasketPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url('/basket.html'));
    return this.shown();
  }

  /**
   * Wait until the page finished loading: the cart's lines (an empty cart lists none and keeps "Proceed to checkout"
   * disabled), the totals, the saved address and card.
   */
  async shown(): Promise<this> {
    const { driver } = this.ctx;
    await driver.waitFor(basket.heading);
    await settled(driver, 'the basket');
    const lines = await driver.count(basket.line);
    if (lines > 0) {
      await until('"Proceed to checkout" to be enabled', driver.timeoutMs, async () => ((await driver.attribute(basket.checkout, 'disabled')) === null ? true : undefined));
    }
    await this.ctx.arrived('basket', lines > 0 ? [basket.quantity.first(), basket.update, basket.checkout] : [basket.heading]);
    return this;
  }

  async lines(): Promise<BasketLine[]> {
    const { driver } = this.ctx;
    const rows = await driver.texts(basket.line);
    const lines: BasketLine[] = [];
    for (let i = 0; i < rows.length; i++) lines.push({ name: parseLineName(rows[i]!), quantity: Number(await driver.value(basket.quantity.nth(i))) });
    return lines;
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

  /** The saved address and card as shown ("No address saved for user." / "No credit card saved for user." when none). */
  async savedDetails(): Promise<{ address: string; card: string }> {
    const { driver } = this.ctx;
    return { address: await driver.text(basket.address), card: await driver.text(basket.card) };
  }

  /** Type a new quantity for a line and press "Update basket": the page reloads with the new quantities. */
  async setQuantity(name: string, quantity: number, expectedCount: number): Promise<BasketPage> {
    const { driver } = this.ctx;
    await driver.fill(basket.quantityOf(name), String(quantity));
    await driver.click(basket.update);
    await until(`"${name}" to show quantity ${quantity} after the reload`, driver.timeoutMs, async () => {
      const line = (await this.lines()).find((l) => l.name === name);
      return line?.quantity === quantity && (await this.topbar.basketCount()) === expectedCount ? true : undefined;
    });
    return new BasketPage(this.ctx).shown();
  }

  /** Press "Proceed to checkout", keeping every message the page shows (also one shown right before it navigates). */
  async proceedToCheckout(): Promise<void> {
    await this.ctx.driver.evaluate(RECORD_MESSAGES);
    await this.ctx.driver.click(basket.checkout);
  }

  /** Every message shown since proceedToCheckout, in order (works after the page moved on, within the same tab). */
  async messagesSinceCheckout(): Promise<string[]> {
    const raw = await this.ctx.driver.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(MESSAGES_KEY)})`);
    return (JSON.parse(raw ?? '[]') as string[]).map(alertText);
  }

  /** Wait for a message after "Proceed to checkout". */
  async waitForCheckoutMessage(): Promise<string> {
    return until('a message after "Proceed to checkout"', this.ctx.driver.timeoutMs, async () => (await this.messagesSinceCheckout())[0]);
  }
}

import type { JourneyContext } from '../core/journey.js';
import { header, home } from '../core/locators.js';
import { parseMoney, type Money } from '../core/money.js';
import { Header } from './header.js';
import { ProductPage } from './product.js';

export interface ProductCard {
  id: string;
  name: string;
  price: Money;
}

export class HomePage {
  readonly header: Header;
  constructor(private readonly ctx: JourneyContext) {
    this.header = new Header(ctx);
  }

  async open(): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url('/'));
    return this.shown();
  }

  async shown(): Promise<this> {
    await this.ctx.driver.waitFor(home.heading);
    await this.ctx.arrived('home', [header.currencySelect, header.cartLink, home.cardLink.first()]);
    return this;
  }

  async products(): Promise<ProductCard[]> {
    const { driver } = this.ctx;
    const [names, prices, hrefs] = await Promise.all([
      driver.texts(home.cardName),
      driver.texts(home.cardPrice),
      driver.attributes(home.cardLink, 'href'),
    ]);
    return names.map((name, i) => ({ name, price: parseMoney(prices[i]), id: (hrefs[i] ?? '').split('/product/')[1] ?? '' }));
  }

  async openProduct(name: string): Promise<ProductPage> {
    const cards = await this.products();
    if (!cards.some((c) => c.name === name)) throw new Error(`no product "${name}" on the home page (found: ${cards.map((c) => c.name).join(', ')})`);
    await this.ctx.driver.click(home.linkOf(name));
    return new ProductPage(this.ctx).shown(name);
  }
}

import type { JourneyContext } from '../core/journey.js';
import { header, product } from '../core/locators.js';
import { parseMoney, type Money } from '../core/money.js';
import { CartPage } from './cart.js';
import { Header } from './header.js';

export interface Recommendation {
  id: string;
  name: string;
}

export class ProductPage {
  readonly header: Header;
  constructor(private readonly ctx: JourneyContext) {
    this.header = new Header(ctx);
  }

  async open(id: string): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url(`/product/${id}`));
    return this.shown();
  }

  /** Wait for a product page (the given product's, when named). */
  async shown(name?: string): Promise<this> {
    await this.ctx.driver.waitFor(name ? product.named(name) : product.name);
    await this.ctx.arrived('product', [product.quantity, product.addToCart, header.currencySelect, header.cartLink]);
    return this;
  }

  name(): Promise<string> {
    return this.ctx.driver.text(product.name);
  }

  async id(): Promise<string> {
    return (await this.ctx.driver.attribute(product.productId, 'value')) ?? '';
  }

  async price(): Promise<Money> {
    return parseMoney(await this.ctx.driver.text(product.price));
  }

  async recommendations(): Promise<Recommendation[]> {
    const { driver } = this.ctx;
    await driver.waitFor(product.recommendationHeading, { state: 'attached' });
    const [names, hrefs] = await Promise.all([driver.texts(product.recommendationName), driver.attributes(product.recommendationLink, 'href')]);
    return names.map((name, i) => ({ name, id: (hrefs[i] ?? '').split('/product/')[1] ?? '' }));
  }

  async openRecommendation(index: number): Promise<ProductPage> {
    const recommended = (await this.recommendations())[index];
    if (!recommended) throw new Error(`the product page has no recommendation #${index + 1}`);
    await this.ctx.driver.click(product.recommendationLink.nth(index));
    return new ProductPage(this.ctx).shown(recommended.name);
  }

  async addToCart(quantity: number): Promise<CartPage> {
    await this.ctx.driver.select(product.quantity, String(quantity));
    await this.ctx.driver.click(product.addToCart);
    return new CartPage(this.ctx).shown();
  }
}

import type { JourneyContext } from '../../core/journey.js';
import { category } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { DetailPage } from './detail.js';
import { settled } from './settle.js';
import { Topbar } from './topbar.js';

export interface SockCard {
  name: string;
  price: string;
}

/** category.html: tag filters, sock cards, "Showing N of M products". */
export class CategoryPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(tags: string[] = []): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url(`/category.html${tags.length ? `?tags=${encodeURIComponent(tags.join(','))}` : ''}`));
    return this.shown();
  }

  /** Wait until the total, the filters and the cards are filled in (three API calls) and the page finished loading. */
  async shown(): Promise<this> {
    const { driver } = this.ctx;
    await driver.waitFor(category.totalProducts);
    await driver.waitFor(category.filters);
    await settled(driver, 'the catalogue');
    await this.ctx.arrived('category', [category.filters.first(), category.apply, category.anyViewDetail.first(), category.anyAddToCart.first()]);
    return this;
  }

  /** "Showing N of M products" → { shown: N, total: M }. */
  async total(): Promise<{ shown: number; total: number }> {
    const text = await this.ctx.driver.text(category.totalProducts);
    const m = /^Showing (\d+) of (\d+) products?$/.exec(text.replace(/\s+/g, ' '));
    if (!m) throw new Error(`the catalogue says "${text}", not "Showing N of M products"`);
    return { shown: Number(m[1]), total: Number(m[2]) };
  }

  /** The tags offered as filters (each checkbox's label is its tag). */
  async tags(): Promise<string[]> {
    return (await this.ctx.driver.attributes(category.filters, 'value')).filter((t): t is string => !!t);
  }

  async cards(): Promise<SockCard[]> {
    const { driver } = this.ctx;
    const [names, prices] = await Promise.all([driver.texts(category.cardName), driver.texts(category.cardPrice)]);
    return names.map((name, i) => ({ name, price: prices[i] ?? '' }));
  }

  /** Tick one tag and press "Apply": client.js sets ?tags= and the page comes back with only that tag's socks. */
  async filterBy(tag: string): Promise<CategoryPage> {
    const { driver } = this.ctx;
    await driver.click(category.filter(tag));
    await driver.click(category.apply);
    await until(`the catalogue filtered by "${tag}"`, driver.timeoutMs, async () =>
      new URL(await driver.url()).searchParams.get('tags') === tag ? true : undefined,
    );
    return new CategoryPage(this.ctx).shown();
  }

  async openDetail(name: string): Promise<DetailPage> {
    await this.ctx.driver.click(category.viewDetail(name));
    return new DetailPage(this.ctx).shown(name);
  }

  /** "Add to cart" on a card: client.js POSTs /cart and reloads; the basket then counts it. */
  async addToCart(name: string, expectedCount: number): Promise<this> {
    await this.ctx.driver.click(category.addToCart(name));
    await this.topbar.waitForBasketCount(expectedCount);
    return this.shown();
  }
}

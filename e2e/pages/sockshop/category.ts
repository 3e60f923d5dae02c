import type { JourneyContext } from '../../core/journey.js';
import { category, navbar } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { DetailPage } from './detail.js';
import { Topbar } from './topbar.js';

export interface SockCard {
  name: string;
  price: string;
}

/** category.html: tag filters, product cards, "Showing N of M products". */
export class CategoryPage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(tags: string[] = []): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url(`/category.html${tags.length ? `?tags=${encodeURIComponent(tags.join(','))}` : ''}`));
    return this.shown();
  }

  /** Wait until the cards and the total are filled in (both come from the catalogue API). */
  async shown(): Promise<this> {
    const { driver } = this.ctx;
    await until('the catalogue to be listed', driver.timeoutMs, async () => ((await driver.text(category.totalProducts)) ? true : undefined));
    await driver.waitFor(`${category.filters} input`, { state: 'attached' });
    await this.ctx.arrived('category', [category.filters, category.applyFilters, category.viewDetail, category.addToCart, navbar.basketLink]);
    return this;
  }

  /** "Showing N of M products" → { shown: N, total: M }. */
  async total(): Promise<{ shown: number; total: number }> {
    const text = await this.ctx.driver.text(category.totalProducts);
    const m = /^Showing (\d+) of (\d+) products?$/.exec(text.replace(/\s+/g, ' '));
    if (!m) throw new Error(`#totalProducts says "${text}", not "Showing N of M products"`);
    return { shown: Number(m[1]), total: Number(m[2]) };
  }

  async tags(): Promise<string[]> {
    return (await this.ctx.driver.attributes(`${category.filters} input[type="checkbox"]`, 'value')).filter((t): t is string => !!t);
  }

  async cards(): Promise<SockCard[]> {
    const { driver } = this.ctx;
    const [names, prices] = await Promise.all([driver.texts(category.productName), driver.texts(category.productPrice)]);
    return names.map((name, i) => ({ name, price: prices[i] ?? '' }));
  }

  /** Tick one tag and apply the filter; the page comes back with only that tag's socks. */
  async filterBy(tag: string): Promise<CategoryPage> {
    await this.ctx.driver.click(category.filter(tag));
    await this.ctx.driver.click(category.applyFilters);
    await until(`the catalogue filtered by "${tag}"`, this.ctx.driver.timeoutMs, async () =>
      new URL(await this.ctx.driver.url()).searchParams.get('tags') === tag ? true : undefined,
    );
    return new CategoryPage(this.ctx).shown();
  }

  private async indexOf(name: string): Promise<number> {
    const cards = await this.cards();
    const index = cards.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`no sock "${name}" in the catalogue page (found: ${cards.map((c) => c.name).join(', ')})`);
    return index;
  }

  async openDetail(name: string): Promise<DetailPage> {
    await this.ctx.driver.click(category.viewDetail, await this.indexOf(name));
    return new DetailPage(this.ctx).shown(name);
  }

  /** "Add to cart" on a card: the page reloads with the basket button counting it. */
  async addToCart(name: string, expectedCount: number): Promise<this> {
    await this.ctx.driver.click(category.addToCart, await this.indexOf(name));
    await this.topbar.waitForBasketCount(expectedCount);
    return this.shown();
  }
}

import type { JourneyContext } from '../../core/journey.js';
import { navbar, topbar } from '../../core/sockshop-locators.js';
import { Topbar } from './topbar.js';

/** index.html: the hero and the "Hot this week" socks. */
export class HomePage {
  readonly topbar: Topbar;
  constructor(private readonly ctx: JourneyContext) {
    this.topbar = new Topbar(ctx);
  }

  async open(): Promise<this> {
    await this.ctx.driver.goto(this.ctx.url('/index.html'));
    return this.shown();
  }

  async shown(): Promise<this> {
    await this.ctx.driver.waitFor(navbar.basketCount);
    const loggedIn = await this.topbar.isLoggedIn();
    await this.ctx.arrived('home', [loggedIn ? topbar.logout : topbar.loginLink, navbar.catalogueTab, navbar.basketLink]);
    return this;
  }
}

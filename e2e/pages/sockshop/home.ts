import type { JourneyContext } from '../../core/journey.js';
import { home, topbar } from '../../core/sockshop-locators.js';
import { settled } from './settle.js';
import { Topbar } from './topbar.js';

/** index.html: "Hot this week" above #hot-slider, filled from GET /catalogue?size=5. */
const { hotHeading } = home;

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
    const { driver } = this.ctx;
    await driver.waitFor(hotHeading);
    // topbar.html is loaded after DOMContentLoaded; a logged-in visitor's "Login" is replaced by "Logout".
    const account = (await this.topbar.isLoggedIn()) ? topbar.logout : topbar.loginLink;
    await driver.waitFor(account);
    await settled(driver, 'the home page');
    await this.ctx.arrived('home', [account]);
    return this;
  }
}

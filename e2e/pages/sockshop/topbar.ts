import type { JourneyContext } from '../../core/journey.js';
import { basketLabel, messages, type DemoAccount } from '../../core/sockshop-catalog.js';
import { navbar, topbar } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';

/** The frame of every Sock Shop page: login modal, "Logged in as …", the basket button and the user message. */
export class Topbar {
  constructor(private readonly ctx: JourneyContext) {}

  /** Log in through the modal; resolves once "Login successful." was shown. The page then reloads by itself. */
  async logIn(account: DemoAccount): Promise<void> {
    const { driver } = this.ctx;
    await driver.click(topbar.loginLink);
    await driver.waitFor(topbar.username);
    await driver.fill(topbar.username, account.username);
    await driver.fill(topbar.password, account.password);
    await driver.click(topbar.loginButton);
    const shown = await until('a message in the login modal', driver.timeoutMs, async () => (await driver.text(topbar.loginMessage)) || undefined);
    if (shown !== messages.loginOk) throw new Error(`logging in as "${account.username}" showed "${shown}", not "${messages.loginOk}"`);
  }

  /** Text of #howdy once the reloaded page shows who is logged in. */
  async howdy(): Promise<string> {
    const { driver } = this.ctx;
    await driver.waitFor(topbar.howdy);
    return until('"Logged in as …"', driver.timeoutMs, async () => (await driver.text(topbar.howdy)) || undefined);
  }

  async isLoggedIn(): Promise<boolean> {
    return (await this.ctx.driver.evaluate<string>('document.cookie')).split('; ').some((c) => c.startsWith('logged_in='));
  }

  basketLabel(): Promise<string> {
    return this.ctx.driver.text(navbar.basketCount);
  }

  /** Wait until the basket button shows n items (it is filled asynchronously). */
  async waitForBasketCount(n: number): Promise<void> {
    const { driver } = this.ctx;
    const wanted = basketLabel(n);
    let seen = '';
    try {
      await until(`the basket button to show "${wanted}"`, driver.timeoutMs, async () => ((seen = await this.basketLabel()) === wanted ? true : undefined));
    } catch (err) {
      throw new Error(`${(err as Error).message}; it shows "${seen}"`);
    }
  }

  /** The alert text in #user-message ('' when there is none). */
  async userMessage(): Promise<string> {
    return (await this.ctx.driver.texts(navbar.userMessage))[0] ?? '';
  }

  async waitForUserMessage(): Promise<string> {
    return until('a message to the user', this.ctx.driver.timeoutMs, async () => (await this.userMessage()) || undefined);
  }
}

import type { JourneyContext } from '../../core/journey.js';
import { messages, type DemoAccount } from '../../core/sockshop-catalog.js';
import { navbar, topbar } from '../../core/sockshop-locators.js';
import { until } from '../../core/wait.js';
import { watchRequests } from './settle.js';

/** "N items in cart" / "N item(s) in cart" / "You currently have N item(s) in your cart." → N (see sockshop-locators). */
export function parseBasketCount(text: string): number | undefined {
  const m = /(\d+) item(?:s|\(s\))? in (?:your )?cart/.exec(text.replace(/\s+/g, ' '));
  return m ? Number(m[1]) : undefined;
}

/** The text of an alert as read: client.js puts a close button "×" before the message. */
export function alertText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/^×\s*/, '').trim();
}

/** Whether the focus is in the login dialog: Bootstrap moves it there once the dialog has finished opening. */
const DIALOG_HAS_FOCUS_JS = "!!(document.activeElement && document.activeElement.closest('#login-modal'))";

/** The frame of every Sock Shop page: login modal, "Logged in as …", the basket button and the user message. */
export class Topbar {
  constructor(private readonly ctx: JourneyContext) {
    watchRequests(ctx.driver);
  }

  /** Log in through the modal; resolves once "Login successful." was shown. The page then reloads by itself (client.js: after 1.5 s). */
  async logIn(account: DemoAccount): Promise<void> {
    const { driver } = this.ctx;
    await driver.click(topbar.loginLink);
    await driver.waitFor(topbar.username);
    // The dialog slides in first; when it has, Bootstrap 3.3.7 moves the focus onto the dialog itself (as a modal
    // dialog should). Keys typed before that moment go to the field and then stop going anywhere: a half-typed name.
    await until('the login dialog to finish opening (it takes the focus)', driver.timeoutMs, async () => ((await driver.evaluate<boolean>(DIALOG_HAS_FOCUS_JS)) ? true : undefined));
    await driver.fill(topbar.username, account.username);
    await driver.fill(topbar.password, account.password);
    await driver.click(topbar.logInButton);
    const shown = await until('a message in the login modal', driver.timeoutMs, async () => (await driver.text(topbar.loginMessage)) || undefined);
    if (shown !== messages.loginOk) throw new Error(`logging in as "${account.username}" showed "${shown}", not "${messages.loginOk}"`);
  }

  /** "Logged in as …" once the reloaded page shows who is logged in. */
  async howdy(): Promise<string> {
    return this.ctx.driver.text(topbar.howdy);
  }

  /** client.js login() and topbar.html read the `logged_in` cookie (not HttpOnly, set by GET /login). */
  async isLoggedIn(): Promise<boolean> {
    return (await this.ctx.driver.evaluate<string>('document.cookie')).split('; ').some((c) => c.startsWith('logged_in='));
  }

  /** Whether the basket button can be seen now (false on a phone: collapsed navbar). */
  async basketVisible(): Promise<boolean> {
    return this.ctx.driver.isVisible(navbar.basketLink);
  }

  /**
   * The basket button's count as the shopper reads it. Below 768 px the button is in a collapsed navbar: a user opens
   * the menu with its toggle when the page has one; the real navbar.html has none, so there the count is read from the
   * hidden button's text (what the page would show).
   */
  async basketCount(): Promise<number | undefined> {
    const { driver } = this.ctx;
    if (!(await this.basketVisible()) && (await driver.isVisible(navbar.menuToggle))) {
      await driver.click(navbar.menuToggle);
      await driver.waitFor(navbar.basketLink).catch(() => undefined);
    }
    // Read without waiting: the button can be shown and hidden again in between (right after a reload, layout can run
    // before the stylesheet that collapses the navbar has arrived), and a waiting read would spend the whole budget
    // on a button that stays hidden.
    const [shown] = (await this.basketVisible()) ? await driver.texts(navbar.basketLink) : [];
    const text = shown ?? (await driver.evaluate<string>("(document.querySelector('#numItemsInCart') || {}).textContent || ''"));
    return parseBasketCount(text);
  }

  /** Wait until the basket button counts n items (it is filled asynchronously, also after a reload). */
  async waitForBasketCount(n: number): Promise<void> {
    const { driver } = this.ctx;
    let seen: number | undefined;
    try {
      await until(`the basket button to count ${n} item(s)`, driver.timeoutMs, async () => ((seen = await this.basketCount()) === n ? true : undefined));
    } catch (err) {
      throw new Error(`${(err as Error).message}; it counts ${seen ?? 'nothing'}`);
    }
  }

  /** The alert in #user-message without its close button ('' when there is none). */
  async userMessage(): Promise<string> {
    const texts = await this.ctx.driver.texts(navbar.alert.within(navbar.userMessage));
    return texts.length ? alertText(texts[texts.length - 1]) : '';
  }
}

/** The Driver contract over a Playwright Page, with a CDP session for throttling and metrics. */
import type { CDPSession, Page } from '@playwright/test';
import type { CdpSession, Driver, WaitOptions } from '../core/driver.js';
import { cdpNetworkConditions, type Profile } from '../core/profiles.js';

export class PlaywrightDriver implements Driver {
  readonly name = 'playwright' as const;
  private readonly errors: string[] = [];
  readonly cdp: CdpSession;

  private constructor(
    private readonly page: Page,
    private readonly session: CDPSession,
    private readonly profile: Profile,
    readonly timeoutMs: number,
  ) {
    this.cdp = { send: (method, params) => session.send(method as 'Performance.getMetrics', params as never) as never };
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(`console: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => this.errors.push(`uncaught: ${err.message}`));
    page.setDefaultTimeout(timeoutMs);
    page.setDefaultNavigationTimeout(timeoutMs);
  }

  /** Attach to a page: open a CDP session, enable metrics, apply the profile's network conditions. */
  static async attach(page: Page, profile: Profile, timeoutMs: number): Promise<PlaywrightDriver> {
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    await session.send('Network.enable');
    if (profile.network) await session.send('Network.emulateNetworkConditions', cdpNetworkConditions(profile.network));
    return new PlaywrightDriver(page, session, profile, timeoutMs);
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  async click(selector: string, nth = 0): Promise<void> {
    const target = this.page.locator(selector).nth(nth);
    if (this.profile.touch) await target.tap();
    else await target.click();
  }

  async select(selector: string, value: string): Promise<void> {
    await this.page.locator(selector).first().selectOption(value);
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.page.locator(selector).first().fill(value);
  }

  async text(selector: string, nth = 0): Promise<string> {
    return (await this.page.locator(selector).nth(nth).innerText()).trim();
  }

  async texts(selector: string): Promise<string[]> {
    return (await this.page.locator(selector).allInnerTexts()).map((t) => t.trim());
  }

  count(selector: string): Promise<number> {
    return this.page.locator(selector).count();
  }

  attribute(selector: string, name: string, nth = 0): Promise<string | null> {
    return this.page.locator(selector).nth(nth).getAttribute(name);
  }

  attributes(selector: string, name: string): Promise<Array<string | null>> {
    return this.page.locator(selector).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  async waitFor(selector: string, options: WaitOptions = {}): Promise<void> {
    await this.page.locator(selector).first().waitFor({ state: options.state ?? 'visible', timeout: options.timeoutMs ?? this.timeoutMs });
  }

  evaluate<T>(expression: string): Promise<T> {
    return this.page.evaluate(expression) as Promise<T>;
  }

  screenshot(): Promise<Buffer> {
    return this.page.screenshot({ fullPage: true });
  }

  html(): Promise<string> {
    return this.page.content();
  }

  consoleErrors(): string[] {
    return [...this.errors];
  }

  async clearCookies(): Promise<void> {
    await this.page.context().clearCookies();
  }

  async detach(): Promise<void> {
    await this.session.detach().catch((err: Error) => console.error(`[e2e] detaching the CDP session failed: ${err.message}`));
  }
}

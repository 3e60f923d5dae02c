/** The Driver contract over a Playwright Page, with a CDP session for throttling, metrics and failed requests. */
import type { CDPSession, Locator as PwLocator, Page } from '@playwright/test';
import { notFoundMessage, type CdpSession, type Driver, type ElementBox, type WaitOptions } from '../core/driver.js';
import type { Locator } from '../core/locator.js';
import { NetworkLog } from '../core/network-log.js';
import { cdpNetworkConditions, type Profile } from '../core/profiles.js';

export class PlaywrightDriver implements Driver {
  readonly name = 'playwright' as const;
  private readonly errors: string[] = [];
  private readonly network: NetworkLog;
  readonly cdp: CdpSession;

  private constructor(
    private readonly page: Page,
    private readonly session: CDPSession,
    private readonly profile: Profile,
    readonly timeoutMs: number,
  ) {
    this.cdp = {
      send: (method, params) => session.send(method as 'Performance.getMetrics', params as never) as never,
      on: (event, listener) => session.on(event as 'Network.loadingFailed', listener),
    };
    this.network = new NetworkLog(this.cdp);
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
    const driver = new PlaywrightDriver(page, session, profile, timeoutMs);
    await session.send('Performance.enable');
    await session.send('Network.enable');
    if (profile.network) await session.send('Network.emulateNetworkConditions', cdpNetworkConditions(profile.network));
    return driver;
  }

  /** Our locator as Playwright's own: getByRole / getByLabel / getByText / locator(css), scoped and filtered. */
  private resolve(target: Locator): PwLocator {
    const scope: Page | PwLocator = target.scope ? this.resolve(target.scope) : this.page;
    const q = target.query;
    let found: PwLocator;
    switch (q.by) {
      case 'role':
        found = scope.getByRole(q.role, { name: q.name, exact: q.exact, level: q.level });
        break;
      case 'label':
        found = scope.getByLabel(q.label, { exact: q.exact });
        break;
      case 'text':
        found = scope.getByText(q.text, { exact: q.exact });
        break;
      case 'css':
        found = scope.locator(q.css);
        break;
    }
    for (const f of target.filters) {
      found = found.filter({ hasText: f.hasText, has: f.has ? this.resolve(f.has) : undefined });
    }
    return target.index !== undefined ? found.nth(target.index) : found;
  }

  /** The first match, once visible; a timeout names the locator and the page. */
  private async visible(target: Locator, timeoutMs = this.timeoutMs): Promise<PwLocator> {
    const loc = this.resolve(target).first();
    await this.waitOn(loc, target, 'visible', timeoutMs);
    return loc;
  }

  private async waitOn(loc: PwLocator, target: Locator, state: NonNullable<WaitOptions['state']>, timeoutMs: number): Promise<void> {
    try {
      await loc.waitFor({ state, timeout: timeoutMs });
    } catch (err) {
      if ((err as Error).name !== 'TimeoutError') throw err;
      throw new Error(notFoundMessage(target, state, this.page.url(), timeoutMs));
    }
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
  }

  async click(target: Locator): Promise<void> {
    // Scroll to it first, as a user would: a link around a lazily loaded image has no height until it is near view.
    const first = this.resolve(target).first();
    await this.waitOn(first, target, 'attached', this.timeoutMs);
    await first.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' })).catch(() => undefined);
    const loc = await this.visible(target);
    if (this.profile.touch) await loc.tap();
    else await loc.click();
  }

  async select(target: Locator, option: string): Promise<void> {
    const loc = await this.visible(target);
    // A value or a label, as the user reads it.
    const values = await loc.evaluate(
      (el, want) => Array.from((el as HTMLSelectElement).options).filter((o) => o.value === want || o.label === want).map((o) => o.value),
      option,
    );
    if (!values.length) throw new Error(`${target.toString()} on ${this.page.url()} has no option "${option}"`);
    await loc.selectOption(values[0]);
  }

  async fill(target: Locator, value: string): Promise<void> {
    await (await this.visible(target)).fill(value);
  }

  async text(target: Locator): Promise<string> {
    return (await (await this.visible(target)).innerText()).trim();
  }

  async texts(target: Locator): Promise<string[]> {
    return (await this.resolve(target).allInnerTexts()).map((t) => t.trim());
  }

  count(target: Locator): Promise<number> {
    return this.resolve(target).count();
  }

  isVisible(target: Locator): Promise<boolean> {
    return this.resolve(target).first().isVisible();
  }

  async attribute(target: Locator, name: string): Promise<string | null> {
    const loc = this.resolve(target).first();
    await this.waitOn(loc, target, 'attached', this.timeoutMs);
    return loc.getAttribute(name);
  }

  attributes(target: Locator, name: string): Promise<Array<string | null>> {
    return this.resolve(target).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);
  }

  async value(target: Locator): Promise<string> {
    const loc = this.resolve(target).first();
    await this.waitOn(loc, target, 'attached', this.timeoutMs);
    return loc.inputValue();
  }

  async box(target: Locator): Promise<ElementBox> {
    const loc = this.resolve(target).first();
    await this.waitOn(loc, target, 'attached', this.timeoutMs);
    return loc.evaluate((el) => {
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      const root = document.documentElement;
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, viewportWidth: root.clientWidth, viewportHeight: Math.min(window.innerHeight, root.clientHeight) };
    });
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  async waitFor(target: Locator, options: WaitOptions = {}): Promise<void> {
    await this.waitOn(this.resolve(target).first(), target, options.state ?? 'visible', options.timeoutMs ?? this.timeoutMs);
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

  failedRequests() {
    return this.network.all();
  }

  async clearCookies(): Promise<void> {
    await this.page.context().clearCookies();
  }

  async detach(): Promise<void> {
    await this.session.detach().catch((err: Error) => console.error(`[e2e] detaching the CDP session failed: ${err.message}`));
  }
}

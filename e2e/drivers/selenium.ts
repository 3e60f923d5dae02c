/**
 * The Driver contract over selenium-webdriver (Chromium through Debian's chromedriver), with chrome-remote-interface
 * attached to the DevTools endpoint chromedriver reports (goog:chromeOptions.debuggerAddress) for throttling, metrics,
 * console errors and cookies.
 */
import { rmSync } from 'node:fs';
import CDP from 'chrome-remote-interface';
import { Builder, By, until as seleniumUntil, type WebDriver, type WebElement, error as seleniumError } from 'selenium-webdriver';
import { Select } from 'selenium-webdriver/lib/select.js';
import chrome from 'selenium-webdriver/chrome.js';
import type { CdpSession, Driver, WaitOptions } from '../core/driver.js';
import { baseUrlHosts, chromiumArgs, freshUserDataDir, requireBinary } from '../core/environment.js';
import { cdpNetworkConditions, type Profile } from '../core/profiles.js';
import { until } from '../core/wait.js';

export class SeleniumDriver implements Driver {
  readonly name = 'selenium' as const;
  readonly cdp: CdpSession;
  private readonly errors: string[] = [];

  private constructor(
    readonly webdriver: WebDriver,
    private readonly client: CDP.Client,
    private readonly userDataDir: string,
    readonly timeoutMs: number,
  ) {
    this.cdp = { send: (method, params) => client.send(method, params) as never };
    client.on('Runtime.exceptionThrown', (e: { exceptionDetails: { text: string; exception?: { description?: string } } }) =>
      this.errors.push(`uncaught: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`),
    );
    client.on('Runtime.consoleAPICalled', (e: { type: string; args: Array<{ value?: unknown; description?: string }> }) => {
      if (e.type === 'error') this.errors.push(`console: ${e.args.map((a) => a.value ?? a.description).join(' ')}`);
    });
    client.on('Log.entryAdded', (e: { entry: { level: string; text: string; url?: string } }) => {
      if (e.entry.level === 'error') this.errors.push(`console: ${e.entry.text}${e.entry.url ? ` (${e.entry.url})` : ''}`);
    });
  }

  /** Start a headless Chromium for the profile and attach to it over CDP. */
  static async start(profile: Profile, timeoutMs: number): Promise<SeleniumDriver> {
    const chromium = requireBinary('chromium');
    const chromedriver = requireBinary('chromedriver');
    // Selenium Manager must never be asked to fetch a driver or browser.
    process.env.SE_OFFLINE = 'true';
    process.env.SE_AVOID_STATS = 'true';
    const userDataDir = freshUserDataDir();
    const options = new chrome.Options().setChromeBinaryPath(chromium);
    options.addArguments(...chromiumArgs(baseUrlHosts()), `--user-data-dir=${userDataDir}`);
    if (profile.mobile) {
      // chromedriver 156 knows no "Pixel 5" device name: give its metrics (the typings lag behind chromedriver's format).
      const emulation = {
        deviceMetrics: { width: profile.viewport.width, height: profile.viewport.height, pixelRatio: profile.deviceScaleFactor, touch: profile.touch },
        userAgent: profile.userAgent,
      };
      options.setMobileEmulation(emulation as unknown as { deviceName: string });
    } else {
      options.windowSize(profile.viewport);
    }
    let webdriver: WebDriver | undefined;
    try {
      webdriver = await new Builder()
        .forBrowser('chrome')
        .setChromeOptions(options)
        .setChromeService(new chrome.ServiceBuilder(chromedriver))
        .build();
      await webdriver.manage().setTimeouts({ pageLoad: timeoutMs, script: timeoutMs, implicit: 0 });
      const client = await attachDevTools(webdriver);
      await client.send('Performance.enable');
      await client.send('Network.enable');
      await client.send('Runtime.enable');
      await client.send('Log.enable');
      if (profile.network) await client.send('Network.emulateNetworkConditions', cdpNetworkConditions(profile.network));
      return new SeleniumDriver(webdriver, client, userDataDir, timeoutMs);
    } catch (err) {
      await webdriver?.quit().catch((quitErr: Error) => console.error(`[e2e] quitting a half-started Chromium failed: ${quitErr.message}`));
      rmSync(userDataDir, { recursive: true, force: true });
      throw err;
    }
  }

  async quit(): Promise<void> {
    try {
      await this.client.close();
    } finally {
      await this.webdriver.quit();
      rmSync(this.userDataDir, { recursive: true, force: true });
    }
  }

  private async element(selector: string, nth = 0, timeoutMs = this.timeoutMs): Promise<WebElement> {
    return until(`"${selector}"${nth ? ` #${nth + 1}` : ''}`, timeoutMs, async () => {
      const found = await this.webdriver.findElements(By.css(selector));
      return found[nth];
    });
  }

  /** Retry an action whose element went stale because the page was replaced meanwhile. */
  private async onFresh<T>(selector: string, nth: number, action: (el: WebElement) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const el = await this.element(selector, nth);
      try {
        return await action(el);
      } catch (err) {
        if (!(err instanceof seleniumError.StaleElementReferenceError) || attempt >= 3) throw err;
      }
    }
  }

  async goto(url: string): Promise<void> {
    await this.webdriver.get(url);
  }

  async click(selector: string, nth = 0): Promise<void> {
    await this.onFresh(selector, nth, async (el) => {
      await this.webdriver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
      await this.webdriver.wait(seleniumUntil.elementIsVisible(el), this.timeoutMs);
      await el.click();
    });
  }

  async select(selector: string, value: string): Promise<void> {
    // Match an option by value or label, as Playwright's selectOption does (<option>3</option> has no value attribute).
    await this.onFresh(selector, 0, async (el) => {
      const index = await this.webdriver.executeScript<number>(
        'return Array.from(arguments[0].options).findIndex((o) => o.value === arguments[1] || o.label === arguments[1])',
        el,
        value,
      );
      if (index < 0) throw new Error(`"${selector}" has no option "${value}"`);
      await new Select(el).selectByIndex(index);
    });
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.onFresh(selector, 0, async (el) => {
      await el.clear();
      await el.sendKeys(value);
    });
  }

  async text(selector: string, nth = 0): Promise<string> {
    return this.onFresh(selector, nth, async (el) => (await el.getText()).trim());
  }

  async texts(selector: string): Promise<string[]> {
    const els = await this.webdriver.findElements(By.css(selector));
    return Promise.all(els.map(async (el) => (await el.getText()).trim()));
  }

  async count(selector: string): Promise<number> {
    return (await this.webdriver.findElements(By.css(selector))).length;
  }

  attribute(selector: string, name: string, nth = 0): Promise<string | null> {
    // getAttribute would return properties (e.g. an absolute href); read the attribute as written, like Playwright.
    return this.onFresh(selector, nth, (el) => this.webdriver.executeScript<string | null>('return arguments[0].getAttribute(arguments[1])', el, name));
  }

  attributes(selector: string, name: string): Promise<Array<string | null>> {
    return this.webdriver.executeScript<Array<string | null>>(
      'return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.getAttribute(arguments[1]))',
      selector,
      name,
    );
  }

  url(): Promise<string> {
    return this.webdriver.getCurrentUrl();
  }

  async waitFor(selector: string, options: WaitOptions = {}): Promise<void> {
    const state = options.state ?? 'visible';
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    await until(`"${selector}" to be ${state}`, timeoutMs, async () => {
      const els = await this.webdriver.findElements(By.css(selector));
      if (state === 'detached') return els.length === 0 ? true : undefined;
      if (els.length === 0) return undefined;
      if (state === 'attached') return true;
      for (const el of els) if (await el.isDisplayed()) return true;
      return undefined;
    });
  }

  evaluate<T>(expression: string): Promise<T> {
    return this.webdriver.executeScript<T>(`return (${expression});`);
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.webdriver.takeScreenshot(), 'base64');
  }

  html(): Promise<string> {
    return this.webdriver.getPageSource();
  }

  consoleErrors(): string[] {
    return [...this.errors];
  }

  async clearCookies(): Promise<void> {
    await this.client.send('Network.clearBrowserCookies');
  }
}

/** Connect chrome-remote-interface to the page chromedriver drives. */
async function attachDevTools(webdriver: WebDriver): Promise<CDP.Client> {
  const caps = await webdriver.getCapabilities();
  const chromeOptions = caps.get('goog:chromeOptions') as { debuggerAddress?: string } | undefined;
  const address = chromeOptions?.debuggerAddress;
  if (!address) throw new Error('chromedriver reported no goog:chromeOptions.debuggerAddress: cannot attach CDP');
  const [host, port] = address.split(':');
  return CDP({ host: host === 'localhost' ? '127.0.0.1' : host, port: Number(port), local: true, target: (targets) => {
    const page = targets.find((t) => t.type === 'page');
    if (!page) throw new Error(`no page target at ${address}`);
    return page;
  } });
}

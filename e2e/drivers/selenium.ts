/**
 * The Driver contract over selenium-webdriver (Chromium through Debian's chromedriver), with chrome-remote-interface
 * attached to the DevTools endpoint chromedriver reports (goog:chromeOptions.debuggerAddress) for throttling, metrics,
 * console errors and cookies.
 */
import CDP from 'chrome-remote-interface';
import { Builder, By, until as seleniumUntil, type WebDriver, type WebElement, error as seleniumError } from 'selenium-webdriver';
import { Select } from 'selenium-webdriver/lib/select.js';
import chrome from 'selenium-webdriver/chrome.js';
import { notFoundMessage, type CdpSession, type Driver, type ElementBox, type WaitOptions } from '../core/driver.js';
import { labelledCandidates, roleCandidates, textMatches, type Locator, type Query } from '../core/locator.js';
import { NetworkLog } from '../core/network-log.js';
import { until } from '../core/wait.js';
import { appUnderTest } from '../core/app.js';
import { chromiumArgs, networkPolicy, requireBinary } from '../core/environment.js';
import { cdpNetworkConditions, type Profile } from '../core/profiles.js';

export class SeleniumDriver implements Driver {
  readonly name = 'selenium' as const;
  readonly cdp: CdpSession;
  private readonly errors: string[] = [];
  private readonly network: NetworkLog;

  private constructor(
    readonly webdriver: WebDriver,
    private readonly client: CDP.Client,
    readonly timeoutMs: number,
  ) {
    this.cdp = { send: (method, params) => client.send(method, params) as never, on: (event, listener) => client.on(event, listener) };
    this.network = new NetworkLog(this.cdp);
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
    const options = new chrome.Options().setChromeBinaryPath(chromium);
    // No --user-data-dir: chromedriver gives every session a fresh profile of its own and deletes it at quit (and the
    // headless shell opens no page in a profile chromedriver did not make).
    options.addArguments(...chromiumArgs(networkPolicy(process.env, appUnderTest().assetHosts)));
    // Return from navigation at DOMContentLoaded: a user acts before every image has arrived (see core/usable.ts).
    options.setPageLoadStrategy('eager');
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
      return new SeleniumDriver(webdriver, client, timeoutMs);
    } catch (err) {
      await webdriver?.quit().catch((quitErr: Error) => console.error(`[e2e] quitting a half-started Chromium failed: ${quitErr.message}`));
      throw err;
    }
  }

  async quit(): Promise<void> {
    try {
      await this.client.close();
    } finally {
      await this.webdriver.quit();
    }
  }

  /** Every element the locator matches now (inside `root` when given), in document order; no waiting. */
  private async findAll(target: Locator, root?: WebElement): Promise<WebElement[]> {
    const scopes: Array<WebElement | undefined> = target.scope ? await this.findAll(target.scope, root) : [root];
    let found: WebElement[] = [];
    for (const scope of scopes) found.push(...(await this.query(target.query, scope)));
    for (const f of target.filters) {
      const kept: WebElement[] = [];
      for (const el of found) {
        if (f.hasText !== undefined && !textMatches(await this.webdriver.executeScript<string>('return arguments[0].textContent', el), f.hasText)) continue;
        if (f.has && (await this.findAll(f.has, el)).length === 0) continue;
        kept.push(el);
      }
      found = kept;
    }
    if (target.index !== undefined) return found[target.index] ? [found[target.index]] : [];
    return found;
  }

  private async query(q: Query, scope: WebElement | undefined): Promise<WebElement[]> {
    const within = (css: string) => (scope ? scope.findElements(By.css(css)) : this.webdriver.findElements(By.css(css)));
    switch (q.by) {
      case 'css':
        return within(q.css);
      case 'text':
        return this.webdriver.executeScript<WebElement[]>(FIND_BY_TEXT, scope ?? null, q.text instanceof RegExp ? q.text.source : q.text, q.text instanceof RegExp ? q.text.flags : null, Boolean(q.exact));
      case 'role': {
        const candidates = await this.webdriver.executeScript<WebElement[]>(SHOWN_TO_ASSISTIVE_TECH, await within(roleCandidates[q.role]));
        const kept: WebElement[] = [];
        for (const el of candidates) {
          if ((await el.getAriaRole()) !== q.role) continue;
          if (q.level !== undefined && (await this.webdriver.executeScript<number>(HEADING_LEVEL, el)) !== q.level) continue;
          if (q.name !== undefined && !textMatches(await el.getAccessibleName(), q.name, q.exact)) continue;
          kept.push(el);
        }
        return kept;
      }
      case 'label': {
        const candidates = await this.webdriver.executeScript<WebElement[]>(SHOWN_TO_ASSISTIVE_TECH, await within(labelledCandidates));
        const kept: WebElement[] = [];
        for (const el of candidates) if (textMatches(await el.getAccessibleName(), q.label, q.exact)) kept.push(el);
        return kept;
      }
    }
  }

  /** Poll until a match is in the wanted state; a timeout names the locator, the page and the time waited. */
  private async element(target: Locator, state: 'visible' | 'attached' = 'visible', timeoutMs = this.timeoutMs): Promise<WebElement> {
    const match = async (): Promise<WebElement | undefined> => {
      for (const el of await this.findAll(target)) {
        if (state === 'attached' || (await el.isDisplayed())) return el;
      }
      return undefined;
    };
    return until(target.toString(), timeoutMs, match, {
      retryIf: replacedMeanwhile,
      timedOut: async () => notFoundMessage(target, state, await this.url().catch(() => '(unknown page)'), timeoutMs),
    });
  }

  /** Retry an action whose element went stale because the page was replaced meanwhile. */
  private async onFresh<T>(target: Locator, state: 'visible' | 'attached', action: (el: WebElement) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const el = await this.element(target, state);
      try {
        return await action(el);
      } catch (err) {
        if (!replacedMeanwhile(err) || attempt >= 3) throw err;
      }
    }
  }

  async goto(url: string): Promise<void> {
    // pageLoadStrategy "eager": returns at DOMContentLoaded, as a user can act before every image has arrived.
    await this.webdriver.get(url);
  }

  async click(target: Locator): Promise<void> {
    // Scroll to it first, as a user would: a link around a lazily loaded image has no height until it is near view.
    await this.onFresh(target, 'attached', (el) => this.webdriver.executeScript('arguments[0].scrollIntoView({block: "center"})', el));
    await this.onFresh(target, 'visible', async (el) => {
      await this.webdriver.executeScript('arguments[0].scrollIntoView({block: "center"})', el);
      await this.webdriver.wait(seleniumUntil.elementIsVisible(el), this.timeoutMs);
      await el.click();
    });
  }

  async select(target: Locator, option: string): Promise<void> {
    // Match an option by value or label, as a user reads it (<option>3</option> has no value attribute).
    await this.onFresh(target, 'visible', async (el) => {
      const index = await this.webdriver.executeScript<number>(
        'return Array.from(arguments[0].options).findIndex((o) => o.value === arguments[1] || o.label === arguments[1])',
        el,
        option,
      );
      if (index < 0) throw new Error(`${target.toString()} on ${await this.url()} has no option "${option}"`);
      await new Select(el).selectByIndex(index);
    });
  }

  async fill(target: Locator, value: string): Promise<void> {
    await this.onFresh(target, 'visible', async (el) => {
      await el.clear();
      await el.sendKeys(value);
      // Keys are typed one by one; a page that moves the focus meanwhile (a dialog taking it when its animation ends)
      // silently drops the rest. Say so here rather than let a half-typed value fail a later step for another reason.
      const typed = await this.webdriver.executeScript<string>('return arguments[0].value', el);
      if (typed !== value) {
        throw new Error(`typing ${value.length} characters into ${target.toString()} left ${typed.length} in it: the focus moved away while typing`);
      }
    });
  }

  async text(target: Locator): Promise<string> {
    return this.onFresh(target, 'visible', async (el) => (await el.getText()).trim());
  }

  async texts(target: Locator): Promise<string[]> {
    const els = await this.findAll(target);
    return Promise.all(els.map(async (el) => (await el.getText()).trim()));
  }

  async count(target: Locator): Promise<number> {
    return (await this.findAll(target)).length;
  }

  async isVisible(target: Locator): Promise<boolean> {
    const [first] = await this.findAll(target.index === undefined ? target.first() : target);
    return first ? first.isDisplayed() : false;
  }

  attribute(target: Locator, name: string): Promise<string | null> {
    // getAttribute would return properties (e.g. an absolute href); read the attribute as written, like Playwright.
    return this.onFresh(target, 'attached', (el) => this.webdriver.executeScript<string | null>('return arguments[0].getAttribute(arguments[1])', el, name));
  }

  async attributes(target: Locator, name: string): Promise<Array<string | null>> {
    const els = await this.findAll(target);
    return Promise.all(els.map((el) => this.webdriver.executeScript<string | null>('return arguments[0].getAttribute(arguments[1])', el, name)));
  }

  value(target: Locator): Promise<string> {
    return this.onFresh(target, 'attached', (el) => this.webdriver.executeScript<string>('return arguments[0].value', el));
  }

  box(target: Locator): Promise<ElementBox> {
    return this.onFresh(target, 'attached', (el) => this.webdriver.executeScript<ElementBox>(MEASURE_BOX, el));
  }

  url(): Promise<string> {
    return this.webdriver.getCurrentUrl();
  }

  async waitFor(target: Locator, options: WaitOptions = {}): Promise<void> {
    const state = options.state ?? 'visible';
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    if (state === 'visible' || state === 'attached') {
      await this.element(target, state, timeoutMs);
      return;
    }
    const gone = async (): Promise<true | undefined> => {
      const els = await this.findAll(target);
      let shown = false;
      for (const el of els) if (await el.isDisplayed()) shown = true;
      return (state === 'detached' ? els.length === 0 : !shown) || undefined;
    };
    await until(target.toString(), timeoutMs, gone, {
      retryIf: replacedMeanwhile,
      timedOut: async () => notFoundMessage(target, state, await this.url(), timeoutMs),
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

  failedRequests() {
    return this.network.all();
  }

  consoleErrors(): string[] {
    return [...this.errors];
  }

  async clearCookies(): Promise<void> {
    await this.client.send('Network.clearBrowserCookies');
    // A fresh visitor, as Playwright's new context per journey: also no cached answers (a cached Sock Shop picture
    // would never hand the cookie-less browser its session, see e2e/pages/sockshop/settle.ts).
    await this.client.send('Network.clearBrowserCache');
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

/** Of the given elements, those an assistive technology is shown (Playwright's getByRole skips the hidden ones). */
const SHOWN_TO_ASSISTIVE_TECH = `return arguments[0].filter((el) =>
  !el.closest('[aria-hidden="true"]') && el.checkVisibility({ visibilityProperty: true }));`;

const HEADING_LEVEL = `const el = arguments[0];
  const m = /^H([1-6])$/.exec(el.tagName);
  return m ? Number(m[1]) : Number(el.getAttribute('aria-level') || 2);`;

/** Playwright's getByText: the innermost elements whose whitespace-folded text matches. */
const FIND_BY_TEXT = `const [root, source, flags, exact] = arguments;
  const fold = (t) => t.replace(/\\s+/g, ' ').trim();
  const re = flags === null ? null : new RegExp(source, flags);
  const want = re ? null : fold(source);
  const matches = (t) => re ? re.test(fold(t)) : exact ? fold(t) === want : fold(t).toLowerCase().includes(want.toLowerCase());
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE']);
  const all = Array.from((root || document).querySelectorAll('*')).filter((el) => !skip.has(el.tagName) && !el.closest('head'));
  const hits = all.filter((el) => matches(el.textContent || '') || (el.tagName === 'INPUT' && ['button', 'submit'].includes(el.type) && matches(el.value)));
  const set = new Set(hits);
  return hits.filter((el) => !Array.from(el.querySelectorAll('*')).some((d) => set.has(d)));`;

const MEASURE_BOX = `const el = arguments[0];
  el.scrollIntoView({ block: 'center', inline: 'nearest' });
  const r = el.getBoundingClientRect();
  const root = document.documentElement;
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, viewportWidth: root.clientWidth, viewportHeight: Math.min(window.innerHeight, root.clientHeight) };`;

/**
 * The page was replaced while an element of it was being looked at (a navigation between finding candidates and asking
 * for their computed role): WebDriver says stale element, a script error, or — from chromedriver's computed role/label
 * — an inspector error "Node with given id does not belong to the document". All mean "look again".
 */
function replacedMeanwhile(err: unknown): boolean {
  if (err instanceof seleniumError.StaleElementReferenceError || err instanceof seleniumError.JavascriptError) return true;
  return err instanceof seleniumError.WebDriverError && /does not belong to the document|No node with given id/i.test(err.message);
}

/**
 * What a journey needs from a browser, implemented once for Playwright (drivers/playwright.ts) and once for Selenium
 * WebDriver (drivers/selenium.ts). Selectors are CSS; every wait is bounded by the driver's profile-derived timeout
 * unless a call gives its own.
 */
export type DriverName = 'playwright' | 'selenium';

export interface WaitOptions {
  state?: 'visible' | 'attached' | 'detached';
  timeoutMs?: number;
}

/** A Chrome DevTools Protocol session on the page under test. */
export interface CdpSession {
  send<T = unknown>(method: string, params?: object): Promise<T>;
}

export interface Driver {
  readonly name: DriverName;
  /** Timeout used by every wait that does not give one (derived from the profile). */
  readonly timeoutMs: number;
  readonly cdp: CdpSession;
  goto(url: string): Promise<void>;
  /** Click (a tap on touch profiles) the nth match of a selector. */
  click(selector: string, nth?: number): Promise<void>;
  select(selector: string, value: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Visible text of the nth match, trimmed; waits for the element. */
  text(selector: string, nth?: number): Promise<string>;
  /** Visible text of every match, trimmed; does not wait. */
  texts(selector: string): Promise<string[]>;
  count(selector: string): Promise<number>;
  attribute(selector: string, name: string, nth?: number): Promise<string | null>;
  attributes(selector: string, name: string): Promise<Array<string | null>>;
  url(): Promise<string>;
  waitFor(selector: string, options?: WaitOptions): Promise<void>;
  /** Evaluate a JavaScript expression in the page (a returned promise is awaited). */
  evaluate<T>(expression: string): Promise<T>;
  screenshot(): Promise<Buffer>;
  html(): Promise<string>;
  /** Console errors and uncaught page errors seen so far. */
  consoleErrors(): string[];
  /** Forget cookies so the next journey starts a fresh shop session (new cart). */
  clearCookies(): Promise<void>;
}

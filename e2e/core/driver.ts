/**
 * What a journey needs from a browser, implemented once for Playwright (drivers/playwright.ts) and once for Selenium
 * WebDriver (drivers/selenium.ts). Elements are named by Locators (core/locator.ts: role, label, text, or a stable id
 * of the real shop); every wait is bounded by the driver's profile-derived timeout unless a call gives its own, and a
 * wait that runs out names the locator, the page URL and the timeout.
 */
import type { Locator } from './locator.js';

export type DriverName = 'playwright' | 'selenium';

export interface WaitOptions {
  state?: 'visible' | 'attached' | 'detached' | 'hidden';
  timeoutMs?: number;
}

/** A Chrome DevTools Protocol session on the page under test. */
export interface CdpSession {
  send<T = unknown>(method: string, params?: object): Promise<T>;
  on(event: string, listener: (params: any) => void): void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Where an element lies once scrolled into view, and the layout viewport it must fit in. */
export interface ElementBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
  viewportWidth: number;
  viewportHeight: number;
}

export interface Driver {
  readonly name: DriverName;
  /** Timeout used by every wait that does not give one (derived from the profile). */
  readonly timeoutMs: number;
  readonly cdp: CdpSession;
  /** Navigate and wait for the document (DOMContentLoaded), not for every image. */
  goto(url: string): Promise<void>;
  /** Click (a tap on touch profiles) the first match. */
  click(target: Locator): Promise<void>;
  /** Choose an option by its value or its visible label. */
  select(target: Locator, option: string): Promise<void>;
  fill(target: Locator, value: string): Promise<void>;
  /** Visible text of the first match, trimmed; waits for the element. */
  text(target: Locator): Promise<string>;
  /** Visible text of every match, trimmed; does not wait. */
  texts(target: Locator): Promise<string[]>;
  count(target: Locator): Promise<number>;
  /** Whether a match is visible now; does not wait. */
  isVisible(target: Locator): Promise<boolean>;
  attribute(target: Locator, name: string): Promise<string | null>;
  attributes(target: Locator, name: string): Promise<Array<string | null>>;
  /** The current value of a form control. */
  value(target: Locator): Promise<string>;
  /** Scroll the first match into view and measure it. */
  box(target: Locator): Promise<ElementBox>;
  url(): Promise<string>;
  waitFor(target: Locator, options?: WaitOptions): Promise<void>;
  /** Evaluate a JavaScript expression in the page (a returned promise is awaited). */
  evaluate<T>(expression: string): Promise<T>;
  screenshot(): Promise<Buffer>;
  html(): Promise<string>;
  /** Console errors and uncaught page errors seen so far. */
  consoleErrors(): string[];
  /** Requests the browser could not complete (blocked host, DNS, refused), with their URL and reason. */
  failedRequests(): FailedRequest[];
  /** Forget cookies so the next journey starts a fresh shop session (new cart). */
  clearCookies(): Promise<void>;
}

export interface FailedRequest {
  url: string;
  /** CDP's errorText, e.g. net::ERR_NAME_NOT_RESOLVED. */
  reason: string;
  /** CDP resource type: Document, Stylesheet, Font, Image, Script, … */
  type: string;
  blockedByPolicy: boolean;
}

/** The message of a wait that ran out: which element, on which page, for how long. */
export function notFoundMessage(target: Locator, state: string, url: string, timeoutMs: number): string {
  return `no ${state} element matches ${target.toString()} on ${url} after ${timeoutMs} ms`;
}

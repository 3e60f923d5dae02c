import type { JourneyContext } from '../core/journey.js';
import { errorPage } from '../core/locators.js';

/** The frontend's error page: "Uh, oh!", the HTTP status and the error text. */
export class ErrorPage {
  constructor(private readonly ctx: JourneyContext) {}

  async shown(): Promise<this> {
    await this.ctx.driver.waitFor(errorPage.heading);
    // The details can be taller than a phone's screen (a real gRPC error is long): the heading is what must be in reach.
    await this.ctx.arrived('error', [errorPage.heading]);
    return this;
  }

  heading(): Promise<string> {
    return this.ctx.driver.text(errorPage.heading);
  }

  /** e.g. "500 Internal Server Error", from "HTTP Status: 500 Internal Server Error". */
  async status(): Promise<string> {
    const body = await this.ctx.driver.text(errorPage.body);
    const m = /HTTP Status:\s*(\d{3}[^\n]*)/.exec(body);
    if (!m) throw new Error(`the error page shows no "HTTP Status:" line:\n${body}`);
    return m[1].trim();
  }

  details(): Promise<string> {
    return this.ctx.driver.text(errorPage.details);
  }
}

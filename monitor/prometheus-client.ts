/** A small client for the Prometheus HTTP API (embedded or a real cluster's). */
import { pWaitFor, TimeoutError } from '../kit/wait/poll.js';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Series {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

export class PrometheusError extends Error {}

export class PrometheusClient {
  constructor(readonly baseUrl: string) {}

  private async get<T>(path: string, params: Record<string, string>): Promise<T> {
    const url = new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (err) {
      throw new PrometheusError(`Prometheus at ${this.baseUrl} is unreachable: ${(err as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as { status?: string; data?: T; error?: string };
    if (!res.ok || body.status !== 'success') {
      throw new PrometheusError(`Prometheus ${path} failed (${res.status}): ${body.error ?? 'no error text'}${params.query ? ` — query: ${params.query}` : ''}`);
    }
    return body.data as T;
  }

  async query(promql: string, time?: Date): Promise<Sample[]> {
    const data = await this.get<{ resultType: string; result: Sample[] }>('api/v1/query', {
      query: promql,
      ...(time ? { time: String(time.getTime() / 1000) } : {}),
    });
    return data.result;
  }

  async queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<Series[]> {
    const data = await this.get<{ resultType: string; result: Series[] }>('api/v1/query_range', {
      query: promql,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    });
    return data.result;
  }

  /** The configuration Prometheus runs with, as the YAML text its status page shows. */
  async configYaml(): Promise<string> {
    return (await this.get<{ yaml: string }>('api/v1/status/config', {})).yaml;
  }

  /** Active scrape targets with their health ("up" | "down" | "unknown"). */
  async targets(): Promise<Array<{ job: string; instance: string; health: string; lastError: string }>> {
    const data = await this.get<{ activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> }>('api/v1/targets', {});
    return data.activeTargets.map((t) => ({ job: t.labels.job ?? '', instance: t.labels.instance ?? '', health: t.health, lastError: t.lastError }));
  }

  /** Wait until the query returns at least one sample (or the timeout passes); returns the samples. */
  async waitFor(promql: string, timeoutMs: number, accept: (s: Sample[]) => boolean = (s) => s.length > 0): Promise<Sample[]> {
    let last: Sample[] = [];
    const accepted = async (): Promise<boolean> => {
      last = await this.query(promql).catch(() => []);
      return accept(last);
    };
    try {
      await pWaitFor(accepted, { interval: 1000, timeout: timeoutMs });
      return last;
    } catch (err) {
      if (!(err instanceof TimeoutError)) throw err;
      throw new PrometheusError(`timed out after ${timeoutMs} ms waiting for ${promql} (last: ${JSON.stringify(last).slice(0, 300)})`);
    }
  }
}

/** Typed client of the mesh's control API (used by the supervisor and the local chaos backend). */
import { pWaitFor, TimeoutError } from '../../kit/wait/poll.js';
import type { ActiveFault, FaultRequest, MeshConfig } from './api.js';

export class MeshApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'MeshApiError';
  }
}

export class MeshControlClient {
  readonly baseUrl: string;

  /** `target`: the control port on 127.0.0.1, or a base URL such as `http://127.0.0.1:15000`. */
  constructor(target: number | string) {
    this.baseUrl = typeof target === 'number' ? `http://127.0.0.1:${target}` : target.replace(/\/+$/, '');
  }

  private async call(method: string, path: string, body?: unknown, okStatuses: number[] = [200]): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new MeshApiError(0, `mesh ${method} ${path}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
    }
    if (!okStatuses.includes(res.status)) {
      const text = await res.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        /* not JSON */
      }
      throw new MeshApiError(res.status, `mesh ${method} ${path}: ${res.status} ${message}`);
    }
    return res;
  }

  async putConfig(config: MeshConfig): Promise<void> {
    await (await this.call('PUT', '/v1/config', config, [204])).arrayBuffer();
  }

  async getConfig(): Promise<MeshConfig> {
    return (await (await this.call('GET', '/v1/config')).json()) as MeshConfig;
  }

  async addFault(fault: FaultRequest): Promise<ActiveFault> {
    return (await (await this.call('POST', '/v1/faults', fault, [201])).json()) as ActiveFault;
  }

  /** Active faults; `all` also returns recently recovered ones (with recoveredAt). */
  async listFaults(options: { label?: [string, string]; all?: boolean } = {}): Promise<ActiveFault[]> {
    const q = new URLSearchParams();
    if (options.label) q.set('label', `${options.label[0]}=${options.label[1]}`);
    if (options.all) q.set('all', '1');
    const qs = q.toString();
    return (await (await this.call('GET', `/v1/faults${qs ? `?${qs}` : ''}`)).json()) as ActiveFault[];
  }

  /** Removes a fault; undefined if it was not active (already expired or never set). */
  async removeFault(id: string): Promise<ActiveFault | undefined> {
    const res = await this.call('DELETE', `/v1/faults/${encodeURIComponent(id)}`, undefined, [200, 404]);
    if (res.status === 404) {
      await res.arrayBuffer();
      return undefined;
    }
    return (await res.json()) as ActiveFault;
  }

  /** Removes every active fault carrying label key=value; returns them with recoveredAt. */
  async sweep(labelKey: string, labelValue: string): Promise<ActiveFault[]> {
    const q = new URLSearchParams({ label: `${labelKey}=${labelValue}` });
    return (await (await this.call('DELETE', `/v1/faults?${q}`)).json()) as ActiveFault[];
  }

  async metricsText(): Promise<string> {
    return (await this.call('GET', '/metrics')).text();
  }

  /** Polls /healthz until it answers ok, or throws after timeoutMs. */
  async waitHealthy(timeoutMs = 10_000): Promise<void> {
    let last = '';
    const healthy = async () => {
      try {
        const res = await fetch(`${this.baseUrl}/healthz`);
        await res.arrayBuffer();
        last = `status ${res.status}`;
        return res.ok;
      } catch (err) {
        last = (err as Error).message;
        return false;
      }
    };
    try {
      await pWaitFor(healthy, { interval: 50, timeout: timeoutMs });
    } catch (err) {
      if (err instanceof TimeoutError) throw new MeshApiError(0, `mesh at ${this.baseUrl} not healthy after ${timeoutMs} ms (${last})`);
      throw err;
    }
  }
}

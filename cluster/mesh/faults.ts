/**
 * The mesh's fault table: active faults keyed by id, indexed by the pod they sit on, each removed by its own
 * timer at expiresAt (nobody has to call DELETE), and a short history of recovered faults so a chaos backend
 * can report the real recovery time.
 */
import type { ActiveFault, FaultRequest, PodRef } from './api.js';
import { TokenBucket } from './shaping.js';

/** How long recovered faults stay visible in GET /v1/faults?all=1. */
const HISTORY_MS = 15 * 60_000;
const HISTORY_MAX = 2000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The faults that apply to one exchange, split by the leg (direction of bytes) they shape. */
export interface ExchangeFaults {
  /** A fault of kind `unavailable` matches: reset the exchange. */
  unavailable: boolean;
  /** Network faults on the client → server bytes. */
  requestLeg: ActiveFault[];
  /** Network faults on the server → client bytes. */
  responseLeg: ActiveFault[];
  /** HTTPChaos faults sitting on the server pod. */
  http: ActiveFault[];
}

interface Entry {
  fault: ActiveFault;
  timer: NodeJS.Timeout;
  bucket?: TokenBucket;
}

export function podKey(ref: PodRef): string {
  return `${ref.namespace}/${ref.pod}`;
}

function peerMatches(fault: FaultRequest, peer: PodRef | null): boolean {
  if (!fault.peers) return true;
  for (const p of fault.peers) {
    if ('external' in p) {
      if (peer === null) return true;
    } else if (peer !== null && p.pod === peer.pod && p.namespace === peer.namespace) return true;
  }
  return false;
}

function isNetwork(fault: FaultRequest): boolean {
  const k = fault.action.kind;
  return k === 'delay' || k === 'loss' || k === 'bandwidth' || k === 'partition';
}

export function matchesLabel(fault: FaultRequest, label: [string, string] | undefined): boolean {
  return !label || fault.labels?.[label[0]] === label[1];
}

export class FaultStore {
  private readonly active = new Map<string, Entry>();
  private byPod = new Map<string, ActiveFault[]>();
  private history: ActiveFault[] = [];
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.active.size;
  }

  add(request: FaultRequest, now = Date.now()): ActiveFault {
    const previous = this.active.get(request.id);
    if (previous) clearTimeout(previous.timer);
    // Re-posting an active id is idempotent for injectedAt: the fault has been in effect since then.
    const fault: ActiveFault = { ...request, injectedAt: previous?.fault.injectedAt ?? now };
    const entry: Entry = { fault, timer: this.arm(fault) };
    if (fault.action.kind === 'bandwidth') entry.bucket = new TokenBucket(fault.action.bytesPerSecond, fault.action.bufferBytes);
    this.active.set(fault.id, entry);
    this.reindex();
    return fault;
  }

  private arm(fault: ActiveFault): NodeJS.Timeout {
    const wait = Math.min(Math.max(0, fault.expiresAt - Date.now()), MAX_TIMER_MS);
    return setTimeout(() => {
      const entry = this.active.get(fault.id);
      if (!entry || entry.fault !== fault) return;
      if (Date.now() < fault.expiresAt) entry.timer = this.arm(fault);
      else this.remove(fault.id, fault.expiresAt);
    }, wait);
  }

  remove(id: string, at = Date.now()): ActiveFault | undefined {
    const entry = this.active.get(id);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.active.delete(id);
    const recovered: ActiveFault = { ...entry.fault, recoveredAt: Math.max(at, entry.fault.injectedAt) };
    this.history.push(recovered);
    this.trimHistory();
    this.reindex();
    return recovered;
  }

  sweep(label: [string, string]): ActiveFault[] {
    const ids = [...this.active.values()].filter((e) => matchesLabel(e.fault, label)).map((e) => e.fault.id);
    return ids.map((id) => this.remove(id)!);
  }

  /** Active faults, or (all) active and recently recovered ones, optionally filtered by one label. */
  list(options: { label?: [string, string]; all?: boolean } = {}): ActiveFault[] {
    const result = [...this.active.values()].map((e) => e.fault).filter((f) => matchesLabel(f, options.label));
    if (options.all) {
      this.trimHistory();
      result.push(...this.history.filter((f) => matchesLabel(f, options.label)));
    }
    return result;
  }

  get(id: string): ActiveFault | undefined {
    return this.active.get(id)?.fault;
  }

  bucket(fault: ActiveFault): TokenBucket | undefined {
    return this.active.get(fault.id)?.bucket;
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  close(): void {
    for (const e of this.active.values()) clearTimeout(e.timer);
    this.active.clear();
    this.reindex();
  }

  /**
   * The faults that apply to an exchange client → server (client null = a caller outside the mesh).
   * Returns undefined when nothing applies, which is the common, fast path.
   */
  match(client: PodRef | null, server: PodRef): ExchangeFaults | undefined {
    if (this.active.size === 0) return undefined;
    const onClient = client ? this.byPod.get(podKey(client)) : undefined;
    const onServer = this.byPod.get(podKey(server));
    if (!onClient && !onServer) return undefined;
    const request = new Set<ActiveFault>();
    const response = new Set<ActiveFault>();
    const http = new Set<ActiveFault>();
    let unavailable = false;
    // A fault on the client: `to` shapes its egress (the request), `from` the peers' egress toward it (the response).
    for (const f of onClient ?? []) {
      if (!peerMatches(f, server)) continue;
      if (f.action.kind === 'unavailable') unavailable = true;
      else if (isNetwork(f)) {
        const dir = f.direction ?? 'to';
        if (dir !== 'from') request.add(f);
        if (dir !== 'to') response.add(f);
      }
    }
    // A fault on the server: `to` shapes its egress (the response), `from` the peers' egress toward it (the request).
    for (const f of onServer ?? []) {
      if (!peerMatches(f, client)) continue;
      if (f.action.kind === 'unavailable') unavailable = true;
      else if (isNetwork(f)) {
        const dir = f.direction ?? 'to';
        if (dir !== 'from') response.add(f);
        if (dir !== 'to') request.add(f);
      } else http.add(f);
    }
    if (!unavailable && request.size === 0 && response.size === 0 && http.size === 0) return undefined;
    return { unavailable, requestLeg: [...request], responseLeg: [...response], http: [...http] };
  }

  /** Resolves true once none of `ids` is active, false if `signal` aborts first. */
  waitUntilGone(ids: string[], signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (signal.aborted) return done(false);
        if (!ids.some((id) => this.active.has(id))) done(true);
      };
      const done = (value: boolean) => {
        this.waiters.delete(check);
        signal.removeEventListener('abort', check);
        resolve(value);
      };
      this.waiters.add(check);
      signal.addEventListener('abort', check);
      check();
    });
  }

  private reindex(): void {
    const byPod = new Map<string, ActiveFault[]>();
    for (const { fault } of this.active.values()) {
      const key = podKey(fault.target);
      const list = byPod.get(key);
      if (list) list.push(fault);
      else byPod.set(key, [fault]);
    }
    this.byPod = byPod;
    for (const w of [...this.waiters]) w();
  }

  private trimHistory(): void {
    const cutoff = Date.now() - HISTORY_MS;
    if (this.history.length > HISTORY_MAX) this.history = this.history.slice(-HISTORY_MAX);
    if (this.history.length && this.history[0]!.recoveredAt! < cutoff) this.history = this.history.filter((f) => f.recoveredAt! >= cutoff);
  }
}

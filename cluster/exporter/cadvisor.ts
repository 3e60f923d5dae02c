import type { MetricFamily } from './exposition.js';
import type { Owner, ProcessSample, ProcScanner } from './proc.js';

type Totals = { cpu: number; readBytes: number; writeBytes: number; readOps: number; writeOps: number };
const zero = (): Totals => ({ cpu: 0, readBytes: 0, writeBytes: 0, readOps: 0, writeOps: 0 });

/**
 * cAdvisor-named container metrics for the local cluster's pods. Counters stay monotonic while a pod lives: what a
 * process used is kept when it exits (a finished stressor, a restarted container), as a cgroup's counters are.
 */
export class CadvisorCollector {
  private lastSeen = new Map<string, ProcessSample>(); // pid:starttime → last sample
  private retired = new Map<string, Totals>(); // "<ns>/<pod>\0<container>" → totals of exited processes

  constructor(private readonly scanner: ProcScanner) {}

  /** livePods: "<ns>/<pod>" of existing pods; roots: pid → owner for container main pids and attached processes. */
  collect(livePods: Set<string>, roots: Map<number, Owner>): MetricFamily[] {
    const samples = this.scanner.scan(roots);
    const current = new Map(samples.map((s) => [`${s.pid}:${s.startTime}`, s]));
    for (const [key, old] of this.lastSeen) {
      if (current.has(key)) continue;
      const k = `${old.pod}\0${old.container}`;
      const t = this.retired.get(k) ?? zero();
      t.cpu += old.cpuSeconds;
      t.readBytes += old.readBytes;
      t.writeBytes += old.writeBytes;
      t.readOps += old.readOps;
      t.writeOps += old.writeOps;
      this.retired.set(k, t);
    }
    this.lastSeen = current;
    for (const k of this.retired.keys()) if (!livePods.has(k.split('\0')[0]!)) this.retired.delete(k);

    const containers = new Map<string, Totals & { rss: number }>();
    const add = (key: string, s: Partial<Totals & { rss: number }>) => {
      const c = containers.get(key) ?? { ...zero(), rss: 0 };
      c.cpu += s.cpu ?? 0;
      c.readBytes += s.readBytes ?? 0;
      c.writeBytes += s.writeBytes ?? 0;
      c.readOps += s.readOps ?? 0;
      c.writeOps += s.writeOps ?? 0;
      c.rss += s.rss ?? 0;
      containers.set(key, c);
    };
    for (const [k, t] of this.retired) add(k, t);
    for (const s of samples) {
      if (!livePods.has(s.pod)) continue;
      add(`${s.pod}\0${s.container}`, {
        cpu: s.cpuSeconds,
        readBytes: s.readBytes,
        writeBytes: s.writeBytes,
        readOps: s.readOps,
        writeOps: s.writeOps,
        rss: s.rssBytes,
      });
    }
    // Pod-level series (container=""), as cAdvisor reports the pod cgroup beside its containers.
    for (const [key, c] of [...containers]) add(`${key.split('\0')[0]}\0`, c);

    const fam = (name: string, help: string, type: 'counter' | 'gauge', pick: (c: Totals & { rss: number }) => number): MetricFamily => ({
      name,
      help,
      type,
      samples: [...containers].map(([key, c]) => {
        const [nsPod, container] = key.split('\0') as [string, string];
        const [namespace, pod] = nsPod.split('/') as [string, string];
        return { labels: { namespace, pod, container, image: '', name: container ? `${pod}_${container}` : '' }, value: pick(c) };
      }),
    });
    return [
      fam('container_cpu_usage_seconds_total', 'Cumulative cpu time consumed in seconds.', 'counter', (c) => c.cpu),
      // /proc gives RSS per process; the working set of a process tree is approximated by its RSS.
      fam('container_memory_working_set_bytes', 'Current working set in bytes.', 'gauge', (c) => c.rss),
      fam('container_memory_rss', 'Size of RSS in bytes.', 'gauge', (c) => c.rss),
      fam('container_fs_reads_bytes_total', 'Cumulative count of bytes read.', 'counter', (c) => c.readBytes),
      fam('container_fs_writes_bytes_total', 'Cumulative count of bytes written.', 'counter', (c) => c.writeBytes),
      // Per-process /proc/<pid>/io has no block-op count: read/write system calls stand in for I/O operations.
      fam('container_fs_reads_total', 'Cumulative count of reads completed.', 'counter', (c) => c.readOps),
      fam('container_fs_writes_total', 'Cumulative count of writes completed.', 'counter', (c) => c.writeOps),
    ];
  }
}

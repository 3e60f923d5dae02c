import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { MetricFamily } from './exposition.js';

const modes = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'];

/** node-exporter-named machine metrics (the local cluster has one node: this machine). */
export function nodeFamilies(): MetricFamily[] {
  const stat = readFileSync('/proc/stat', 'utf8');
  const cpuSamples: MetricFamily['samples'] = [];
  for (const line of stat.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const values = m[2]!.trim().split(/\s+/).map(Number);
    modes.forEach((mode, i) => cpuSamples.push({ labels: { cpu: m[1]!, mode }, value: (values[i] ?? 0) / 100 }));
  }
  const meminfo = Object.fromEntries(
    readFileSync('/proc/meminfo', 'utf8')
      .split('\n')
      .map((l) => /^(\w+):\s+(\d+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, Number(m[2]) * 1024]),
  );
  const [l1, l5, l15] = loadavg();
  return [
    { name: 'node_cpu_seconds_total', help: 'Seconds the CPUs spent in each mode.', type: 'counter', samples: cpuSamples },
    { name: 'node_memory_MemAvailable_bytes', help: 'Memory information field MemAvailable_bytes.', type: 'gauge', samples: [{ labels: {}, value: meminfo.MemAvailable ?? 0 }] },
    { name: 'node_memory_MemTotal_bytes', help: 'Memory information field MemTotal_bytes.', type: 'gauge', samples: [{ labels: {}, value: meminfo.MemTotal ?? 0 }] },
    { name: 'node_load1', help: '1m load average.', type: 'gauge', samples: [{ labels: {}, value: l1! }] },
    { name: 'node_load5', help: '5m load average.', type: 'gauge', samples: [{ labels: {}, value: l5! }] },
    { name: 'node_load15', help: '15m load average.', type: 'gauge', samples: [{ labels: {}, value: l15! }] },
  ];
}

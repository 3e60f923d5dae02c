import { readdirSync, readFileSync } from 'node:fs';

/** Per-process figures read from /proc, for one sampling pass. */
export interface ProcessSample {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: tells a reused pid from the process that had it before. */
  startTime: string;
  pod: string; // "<namespace>/<pod>"
  container: string;
  cpuSeconds: number;
  rssBytes: number;
  readBytes: number;
  writeBytes: number;
  readOps: number;
  writeOps: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE_SIZE = 4096;

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function parseStat(text: string): { ppid: number; utime: number; stime: number; startTime: string; rssPages: number } | null {
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); field n is fields[n - 3].
  return { ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]), startTime: fields[19] ?? '', rssPages: Number(fields[21]) };
}

function parseIo(text: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!text) return out;
  for (const line of text.split('\n')) {
    const [k, v] = line.split(':');
    if (k && v) out[k.trim()] = Number(v.trim());
  }
  return out;
}

export interface Owner {
  pod: string; // "<namespace>/<pod>"
  container: string;
}

/**
 * Finds the processes that belong to pods of the local cluster, as a cgroup would: the supervisor names each
 * container's main pid and every process attached to a pod later (a stressor), and their descendants count too.
 * Processes carrying RESILIENCE_POD in their environment are attributed as well (the supervisor sets it on every
 * container), which covers a process whose parent is already gone — unless it rewrote its environ block, as
 * stress-ng does for its process titles; hence the explicit roots.
 */
export class ProcScanner {
  /** pid:starttime → owner from the environment (null = none), so each process's environ is read once. */
  private fromEnviron = new Map<string, Owner | null>();

  constructor(private readonly procRoot = '/proc') {}

  private environOwner(pid: number, key: string): Owner | null {
    const known = this.fromEnviron.get(key);
    if (known !== undefined) return known;
    let found: Owner | null = null;
    const environ = readText(`${this.procRoot}/${pid}/environ`);
    if (environ !== null) {
      let pod = '';
      let container = '';
      for (const entry of environ.split('\0')) {
        if (entry.startsWith('RESILIENCE_POD=')) pod = entry.slice(15);
        else if (entry.startsWith('RESILIENCE_CONTAINER=')) container = entry.slice(21);
      }
      if (pod) found = { pod, container: container || 'server' };
    }
    // A process still exec'ing may show an empty environ for an instant: only cache definite answers.
    if (environ !== null && (found || environ.length > 0)) this.fromEnviron.set(key, found);
    return found;
  }

  /** Sample every process owned by a root (pid → owner) or by its environment, descendants included. */
  scan(roots: Map<number, Owner> = new Map()): ProcessSample[] {
    const procs = new Map<number, { ppid: number; key: string; stat: NonNullable<ReturnType<typeof parseStat>> }>();
    for (const entry of readdirSync(this.procRoot)) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      const statText = readText(`${this.procRoot}/${pid}/stat`);
      const stat = statText ? parseStat(statText) : null;
      if (stat) procs.set(pid, { ppid: stat.ppid, key: `${pid}:${stat.startTime}`, stat });
    }
    const owners = new Map<number, Owner | null>();
    const ownerOf = (pid: number, depth = 0): Owner | null => {
      if (owners.has(pid)) return owners.get(pid)!;
      const p = procs.get(pid);
      let owner: Owner | null = null;
      if (p) owner = roots.get(pid) ?? this.environOwner(pid, p.key) ?? (p.ppid > 1 && depth < 64 ? ownerOf(p.ppid, depth + 1) : null);
      owners.set(pid, owner);
      return owner;
    };
    const samples: ProcessSample[] = [];
    for (const [pid, p] of procs) {
      const who = ownerOf(pid);
      if (!who) continue;
      const io = parseIo(readText(`${this.procRoot}/${pid}/io`));
      samples.push({
        pid,
        startTime: p.stat.startTime,
        pod: who.pod,
        container: who.container,
        cpuSeconds: (p.stat.utime + p.stat.stime) / CLOCK_TICKS,
        rssBytes: p.stat.rssPages * PAGE_SIZE,
        readBytes: io.read_bytes ?? 0,
        writeBytes: io.write_bytes ?? 0,
        readOps: io.syscr ?? 0,
        writeOps: io.syscw ?? 0,
      });
    }
    const live = new Set([...procs.values()].map((p) => p.key));
    for (const key of this.fromEnviron.keys()) if (!live.has(key)) this.fromEnviron.delete(key);
    return samples;
  }
}

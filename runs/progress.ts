/**
 * Progress while a run goes: phase, time left in it and in the run, live error rate. On a terminal one status line is
 * redrawn in place; elsewhere (CI logs, pipes) a plain line is printed every `everyS` seconds. Event lines (phase
 * started, fault injected…) are always printed on their own line.
 */
export interface ProgressState {
  phase: string;
  kind: string;
  phaseRemainingS: number;
  runRemainingS: number;
  errorRate: number | null;
}

export class ProgressRenderer {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly everyS = 5,
  ) {}

  private get tty(): boolean {
    return Boolean(this.out.isTTY);
  }

  static format(s: ProgressState): string {
    const rate = s.errorRate === null ? 'error rate -' : `error rate ${(s.errorRate * 100).toFixed(1)}%`;
    return `[${s.kind} ${s.phase}] ${fmt(s.phaseRemainingS)} left in phase, ${fmt(s.runRemainingS)} left in run, ${rate}`;
  }

  update(s: ProgressState): void {
    const line = ProgressRenderer.format(s);
    if (this.tty) {
      this.out.write(`\r\x1b[2K${line}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= this.everyS * 1000) {
      this.lastPlain = now;
      this.out.write(`${line}\n`);
    }
  }

  /** A line that stays (an event), printed above the status line. */
  log(line: string): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
    this.out.write(`${line}\n`);
  }

  done(): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function fmt(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

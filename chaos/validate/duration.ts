/** Go's time.ParseDuration, which Chaos Mesh uses for duration, deadline, delay and timeOffset fields. */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const TERM = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/** Parses a Go duration ("300ms", "-1.5h", "2h45m") to milliseconds; returns an error message when invalid. */
export function parseGoDuration(text: string): { ms: number } | { error: string } {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { ms: 0 };
  if (rest === '') return { error: `invalid duration "${text}"` };
  let ns = 0;
  while (rest.length > 0) {
    const m = TERM.exec(rest);
    if (!m) {
      const hint = /^\d+(\.\d+)?$/.test(rest) ? ' (missing unit: ns, us, ms, s, m or h)' : '';
      return { error: `invalid duration "${text}"${hint}` };
    }
    ns += Number(m[1]) * UNIT_NS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return { ms: (sign * ns) / 1e6 };
}

export function isGoDuration(text: string): boolean {
  return 'ms' in parseGoDuration(text);
}

/** Milliseconds as a Go duration, in the largest units that keep it exact: 90000 → "1m30s", 1500 → "1.5s". */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  return `${sign}${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

// Reading the script's settings from `k6 run -e NAME=value` / the environment, with errors that name the variable.

export function envString(name: string, fallback?: string): string {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new Error(`environment variable ${name} is required`);
    return fallback;
  }
  return raw;
}

export function envNumber(name: string, fallback: number, opts: { min?: number; integer?: boolean } = {}): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`environment variable ${name}=${raw} is not a number`);
  if (opts.integer && !Number.isInteger(value)) throw new Error(`environment variable ${name}=${raw} must be an integer`);
  if (opts.min !== undefined && value < opts.min) throw new Error(`environment variable ${name}=${raw} must be >= ${opts.min}`);
  return value;
}

/** BASE_URL without a trailing slash, so routes can be appended as `${base}/cart`. */
export function baseUrlFromEnv(): string {
  const base = envString('BASE_URL');
  if (!/^https?:\/\/[^/]/.test(base)) throw new Error(`environment variable BASE_URL=${base} must be an http(s) URL`);
  return base.replace(/\/+$/, '');
}

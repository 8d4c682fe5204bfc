/**
 * Per-project fixed one-minute windows, in this API process. With several API processes the
 * limit applies per process; a shared store would be the next step.
 */
export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
}

export interface RateLimiter {
  take(key: string, limitPerMinute: number): RateVerdict;
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key, limit) {
      const t = now();
      const start = t - (t % 60_000);
      let w = windows.get(key);
      if (!w || w.start !== start) {
        w = { start, count: 0 };
        windows.set(key, w);
        if (windows.size > 10_000) for (const [k, v] of windows) if (v.start !== start) windows.delete(k);
      }
      w.count++;
      return {
        allowed: w.count <= limit,
        limit,
        remaining: Math.max(0, limit - w.count),
        resetEpochSeconds: Math.floor((start + 60_000) / 1000),
      };
    },
  };
}

/**
 * Runs before reads. Two guards on `GET`s under /v1, in each API process:
 * - at most `maxInflight` reads in flight at once (more answer 503 `overloaded`), so a flood
 *   queues nowhere and a burst cannot hold the event loop;
 * - while the workers report that runs start late (their worst lateness over the last seconds is
 *   past `behindMs`), each project may read at most `readsPerSecondWhenBehind`, and the rest answer
 *   503 `overloaded` with `Retry-After`: the CPU a read flood would take goes to the runs, and one
 *   project's flood is shed without touching another project's reads.
 * Changes (POST, PUT, DELETE) are never shed: they are few and what users wait for.
 *
 * A shed read costs as little as a refusal can: its answer is written here, with no error object
 * (no stack trace) and no line of its own in the failure log; the request log keeps it at `debug`
 * and `takeShedCount` lets the caller say once in a while how many were shed. Under a flood there are
 * hundreds a second, and each line would take CPU from the runs the shedding protects.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { errorBody } from './errors.js';
import type { AppEnv } from './openapi.js';

export interface OverloadOptions {
  maxInflight: number;
  readsPerSecondWhenBehind: number;
  behindMs: number;
}

export const OVERLOAD_DEFAULTS: OverloadOptions = { maxInflight: 64, readsPerSecondWhenBehind: 20, behindMs: 1_000 };

export interface LoadShedder {
  /** The workers' worst recent lateness, as last read. */
  readonly latenessMs: number;
  /** Whether reads are being limited (runs are late). */
  behind(): boolean;
  middleware: ReturnType<typeof createMiddleware<AppEnv>>;
  /** Reads shed since the last call (each process counts its own). */
  takeShedCount(): number;
  stop(): void;
}

/**
 * `lateness` reads the workers' worst recent lateness (a query in the API; a stub in tests); it
 * is polled every `pollMs`, never per request.
 */
export function createLoadShedder(
  lateness: () => Promise<number>,
  opts: Partial<OverloadOptions> & { pollMs?: number; onError?: (err: unknown) => void } = {},
): LoadShedder {
  const o = { ...OVERLOAD_DEFAULTS, ...opts };
  const perProject = new RateLimiterMemory({ points: o.readsPerSecondWhenBehind, duration: 1 });
  let latenessMs = 0;
  let inflight = 0;
  let shedCount = 0;
  const poll = async () => {
    try {
      latenessMs = await lateness();
    } catch (err) {
      o.onError?.(err);
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), opts.pollMs ?? 2_000);
  timer.unref();

  const shed = (c: Context<AppEnv>, why: string) => {
    shedCount++;
    c.set('shed', true);
    const message = `Too many reads right now (${why}); try again shortly.`;
    return c.json(errorBody(503, 'overloaded', message, [], c.get('requestId')), 503, { 'Retry-After': '1' });
  };

  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (inflight >= o.maxInflight) return shed(c, `${o.maxInflight} reads in flight`);
    if (latenessMs > o.behindMs) {
      const project = c.get('owner')?.project.id ?? 'anonymous';
      try {
        await perProject.consume(project);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        return shed(
          c,
          `runs are starting late; up to ${o.readsPerSecondWhenBehind} reads a second a project meanwhile`,
        );
      }
    }
    inflight++;
    try {
      await next();
    } finally {
      inflight--;
    }
  });

  return {
    get latenessMs() {
      return latenessMs;
    },
    behind: () => latenessMs > o.behindMs,
    middleware,
    takeShedCount: () => {
      const n = shedCount;
      shedCount = 0;
      return n;
    },
    stop: () => clearInterval(timer),
  };
}

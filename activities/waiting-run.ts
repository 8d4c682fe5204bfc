/**
 * A scheduled run that waits in the worker until it is due. The workflow schedules it up to 70 s
 * ahead (workflows/heartbeat.ts), so its start does not wait on the Temporal server's
 * timer, a workflow task and a local activity, each a hop through a busy machine: the worker
 * starts it on its own clock. While it waits, the workflow may withdraw it (a disable, a new
 * configuration, a delete, a trigger): the run's claim and the withdrawal are rows of one key,
 * and whichever is written first decides.
 */
import { Semaphore } from 'async-mutex';
import type { ExecuteRunResult, WaitingRunInput, WaitingRunResult } from '../contract/activities.js';
import { claimOf, claimRun, releaseClaim, withdrawRun } from '../db/queries/run-claims.js';
import { activityContext, withDbRetry } from './attempts.js';
import type { ActivityDeps } from './deps.js';
import { executeRun } from './execute.js';
import { REPORT_SPREAD_MS } from './options.js';

/**
 * An attempt that begins this long after the run was due did not wait in the worker (the attempt
 * before it died, or its worker was stopped): it starts only if an earlier attempt had started
 * the run; otherwise the workflow's catch-up applies the missed-runs policy.
 */
export const LAPSE_AFTER_MS = 10_000;

/** Waiting runs that start at once, per worker process (the rest wait for a slot). */
export type RunSlots = Semaphore;
export const runSlots = (n: number): RunSlots => new Semaphore(n);

/** A kept result goes this long before the next run is due, at the latest. */
const NEXT_RUN_MARGIN_MS = 20_000;

/** Held runs starting in one second, in one worker process, from which their results are paced. */
const BURST_STARTS_PER_SECOND = 20;

/**
 * Paces the results of held runs in a burst. When many runs start in the same second, each costs
 * the machine twice: the run, and Temporal's bookkeeping after it (the result, a workflow task,
 * the next held run). The runs must start on time; the bookkeeping need not, since a one-minute
 * heartbeat's next run is a minute away. So in a burst a result waits a random part of
 * REPORT_SPREAD_MS before it is reported, and the bookkeeping spreads over the seconds after the
 * burst, leaving the cores to the runs and the API. A result with notifications or alerts to
 * deliver is never kept back, and one the workflow asks for (a trigger, a message) goes at once.
 */
export class ReportPacer {
  private readonly starts: number[] = [];
  private readonly kept = new Map<string, () => void>();

  constructor(
    private readonly opts = {
      burstStartsPerSecond: BURST_STARTS_PER_SECOND,
      spreadMs: REPORT_SPREAD_MS,
      random: Math.random,
    },
  ) {}

  /** A held run starts now. */
  started(now = Date.now()): void {
    this.startsInLastSecond(now);
    this.starts.push(now);
  }

  /** Held runs started in the last second. */
  private startsInLastSecond(now: number): number {
    while (this.starts.length && this.starts[0]! <= now - 1_000) this.starts.shift();
    return this.starts.length;
  }

  /** Keeps a result back while a burst is on, ending `until` (epoch ms) at the latest. */
  async pace(key: string, until: number, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    if (this.startsInLastSecond(now) < this.opts.burstStartsPerSecond) return;
    const ms = Math.min(this.opts.random() * this.opts.spreadMs, until - now);
    if (ms <= 0 || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.kept.delete(key);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.kept.set(key, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Reports a kept result at once; false when none is kept under this key in this process. */
  release(key: string): boolean {
    const done = this.kept.get(key);
    done?.();
    return done !== undefined;
  }
}

export async function runWhenDue(
  deps: ActivityDeps,
  held: { slots: RunSlots; pacer: ReportPacer },
  input: WaitingRunInput,
): Promise<WaitingRunResult> {
  const ctx = activityContext();
  const due = Date.parse(input.due);
  const left = due - Date.now();
  if (left > 0) await (ctx ? ctx.sleep(left) : new Promise((resolve) => setTimeout(resolve, left)));
  const { run_key, token } = input;
  const signal = ctx?.cancellationSignal;
  const ran = await held.slots.runExclusive(async (): Promise<WaitingRunResult> => {
    const lapsed = Date.now() - due > LAPSE_AFTER_MS;
    const claimed = lapsed
      ? await withDbRetry(() => claimOf(deps.db, run_key, token), signal)
      : { withdrawn: !(await withDbRetry(() => claimRun(deps.db, run_key, token), signal)) };
    if (!claimed) return { not_run: 'lapsed' };
    if (claimed.withdrawn) {
      await withDbRetry(() => releaseClaim(deps.db, run_key, token), signal);
      return { not_run: 'withdrawn' };
    }
    held.pacer.started();
    const result: ExecuteRunResult = await executeRun(deps, input);
    await withDbRetry(() => releaseClaim(deps.db, run_key, token), signal);
    return { ran: result };
  });
  if ('ran' in ran && !ran.ran.notification_ids.length && !ran.ran.alert_ids?.length) {
    // Ends well inside the heartbeat timeout, which counts from the run's scheduling at the latest,
    // and well before the next run, which the workflow holds once it has the result.
    const next = input.next_run_at ? Date.parse(input.next_run_at) - NEXT_RUN_MARGIN_MS : Infinity;
    await held.pacer.pace(keyOf(input), Math.min(due + 10_000 + REPORT_SPREAD_MS - 5_000, next), signal);
  }
  return ran;
}

const keyOf = (input: { run_key: string; token: string }) => `${input.run_key} ${input.token}`;

/** The workflow withdraws a waiting run: true when it will never start. */
export async function withdrawWaitingRun(
  deps: Pick<ActivityDeps, 'db'>,
  pacer: ReportPacer,
  input: { run_key: string; token: string },
): Promise<{ withdrawn: boolean }> {
  // A run whose result is kept back in this process has ended: its result goes now.
  if (pacer.release(keyOf(input))) return { withdrawn: false };
  return { withdrawn: await withDbRetry(() => withdrawRun(deps.db, input.run_key, input.token)) };
}

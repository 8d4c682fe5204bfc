/**
 * A scheduled run that waits in the worker until it is due. The workflow schedules it up to two
 * minutes ahead (workflows/heartbeat.ts), so its start does not wait on the Temporal server's
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

/**
 * An attempt that begins this long after the run was due did not wait in the worker (the attempt
 * before it died, or its worker was stopped): it starts only if an earlier attempt had started
 * the run; otherwise the workflow's catch-up applies the missed-runs policy.
 */
export const LAPSE_AFTER_MS = 10_000;

/** Waiting runs that start at once, per worker process (the rest wait for a slot). */
export type RunSlots = Semaphore;
export const runSlots = (n: number): RunSlots => new Semaphore(n);

export async function runWhenDue(
  deps: ActivityDeps,
  slots: RunSlots,
  input: WaitingRunInput,
): Promise<WaitingRunResult> {
  const ctx = activityContext();
  const left = Date.parse(input.due) - Date.now();
  if (left > 0) await (ctx ? ctx.sleep(left) : new Promise((resolve) => setTimeout(resolve, left)));
  const { run_key, token } = input;
  const signal = ctx?.cancellationSignal;
  return slots.runExclusive(async () => {
    const lapsed = Date.now() - Date.parse(input.due) > LAPSE_AFTER_MS;
    const claimed = lapsed
      ? await withDbRetry(() => claimOf(deps.db, run_key, token), signal)
      : { withdrawn: !(await withDbRetry(() => claimRun(deps.db, run_key, token), signal)) };
    if (!claimed) return { not_run: 'lapsed' };
    if (claimed.withdrawn) {
      await withDbRetry(() => releaseClaim(deps.db, run_key, token), signal);
      return { not_run: 'withdrawn' };
    }
    const ran: ExecuteRunResult = await executeRun(deps, input);
    await withDbRetry(() => releaseClaim(deps.db, run_key, token), signal);
    return { ran };
  });
}

/** The workflow withdraws a waiting run: true when it will never start. */
export function withdrawWaitingRun(deps: Pick<ActivityDeps, 'db'>, input: { run_key: string; token: string }) {
  return withDbRetry(() => withdrawRun(deps.db, input.run_key, input.token)).then((withdrawn) => ({ withdrawn }));
}

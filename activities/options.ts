/** The activities' named timeout and retry profiles, plain data the workflow imports. */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';

/**
 * Named timeout and retry profiles for the heartbeat's activities. Plain data, so the workflow
 * can import it without pulling any I/O code into its bundle.
 */

/** Database writes: short, retried until the database answers again (never lose a run row). */
export const bookkeeping: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * The run. It heartbeats every 2 s, so a worker that dies mid-run is noticed within 10 s and the
 * run retried at once on another worker (the run key keeps it exactly once). Transient provider
 * faults are retried inside the run; permanent failures come back as results. The start-to-close
 * bound covers the agent's own 5-minute limit and database retries after it.
 */
export const agentRun: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
};

/**
 * A scheduled run, as a local activity: it runs inside the workflow task that its timer wakes, so
 * the server records one task and seven events instead of two tasks, an activity task and twelve
 * events. The worker runs it as it would the activity above, with the same limits and retries; a
 * worker that dies mid-run is noticed when the workflow task times out (10 s), and the run is taken
 * up by another worker, whose attempt reads what the last one noted (activities/attempts.ts). A run
 * longer than the workflow task's timeout keeps the task alive (the SDK extends it every 8 s).
 */
export const scheduledRun: LocalActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: agentRun.retry,
};

/**
 * How long a held run's result may be kept back when a burst of runs starts at once
 * (activities/waiting-run.ts): the run has started and ended on time; reporting it, and the
 * workflow task and next held run that follow, are spread over the seconds after the burst.
 */
export const REPORT_SPREAD_MS = 30_000;

/**
 * A scheduled run the worker holds until it is due, `waitMs` ahead (activities/waiting-run.ts):
 * the run's profile, its bounds stretched by the wait. It sends no heartbeat while it waits (each
 * costs the server a write), so a worker that dies while holding it is noticed 40 s after the run
 * was due (10 s, and the report's spread); the attempt that follows finds it lapsed and the
 * workflow's catch-up takes over.
 */
export const waitingRun = (waitMs: number): ActivityOptions => ({
  ...agentRun,
  startToCloseTimeout: waitMs + 10 * 60_000,
  heartbeatTimeout: waitMs + 10_000 + REPORT_SPREAD_MS,
});

/** Withdrawing a waiting run: one short write, retried until the database answers. */
export const withdrawal: LocalActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: bookkeeping.retry,
};

/** Webhook delivery: retried with backoff for about half an hour, then left as undelivered. */
export const webhookDelivery: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
};

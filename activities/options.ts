import type { ActivityOptions } from '@temporalio/common';

/**
 * Named timeout and retry profiles for the heartbeat's activities. Plain data, so the workflow
 * can import it without pulling any I/O code into its bundle.
 */

/** Database reads and writes: short, retried until the database answers again (never lose a run row). */
export const bookkeeping: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * The agent run. Transient provider faults are retried inside the run; the activity itself is
 * retried a few times for crashes and timeouts. Permanent failures come back as results.
 */
export const agentRun: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
};

/** Webhook delivery: retried with backoff for about half an hour, then left as undelivered. */
export const webhookDelivery: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
};

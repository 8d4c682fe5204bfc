/** In-memory activities for the workflow tests, deciding with the real run decision on the server clock. */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities/index.js';
import type {
  AgentRunInput,
  AgentRunOutcome,
  HeartbeatStatusInput,
  RecordRunInput,
} from '../../contract/activities.js';
import { agentInputOf, missedRecord, refusedRunResult, runRecord } from '../../contract/runs.js';
import { billingPeriod } from '../../domain/billing.js';
import { budgetRefusal, consequencesOf } from '../../domain/run-decision.js';

export interface RecordedRow extends RecordRunInput {
  /** Workflow time at which the row was written (time-skipping clock). */
  written_at: Date;
}

let serverClock: (() => Promise<number>) | undefined;

/** Where local activities read the time-skipping server's clock (createTimeSkippingEnv sets it). */
export function useServerClock(clock: () => Promise<number>): void {
  serverClock = clock;
}

/**
 * The time-skipping server's clock, as seen by an activity (wall-clock time would not skip). A
 * regular activity's attempt is scheduled by the server, on its clock; a local one by the worker,
 * on the wall clock, so it asks the server.
 */
export async function serverNow(): Promise<Date> {
  const info = Context.current().info;
  if (info.isLocal && serverClock) return new Date(await serverClock());
  return new Date(info.currentAttemptScheduledTimestampMs);
}

const success = (tokens = 1200): AgentRunOutcome => ({
  status: 'success',
  response: 'done',
  error_message: null,
  tokens_used: tokens,
  credits_charged: Math.ceil(tokens / 1000),
  duration_ms: 5,
});

/**
 * In-memory activities typed as the real ones, recording what the workflow asked for. Budget,
 * credits and the error streak are the real run decision's (monthly periods from `billingAnchor`),
 * on the server clock.
 */
export function fakeActivities(
  opts: {
    agent?: (input: AgentRunInput, call: number) => Promise<AgentRunOutcome> | AgentRunOutcome;
    billingAnchor?: Date;
    /** A webhook that fails: throw to make the delivery activity retry. */
    webhook?: (notificationId: string) => void;
  } = {},
) {
  const rows: RecordedRow[] = [];
  const statuses: HeartbeatStatusInput[] = [];
  const agentCalls: Array<AgentRunInput & { at: Date }> = [];
  const deliveries: string[] = [];
  const alertDeliveries: string[] = [];
  const anchor = opts.billingAnchor ?? new Date('2020-01-01T00:00:00Z');
  let budgetCalls = 0;

  const creditsInPeriod = (at: Date) => {
    const { start, end } = billingPeriod(anchor, at);
    return rows
      .filter((r) => r.written_at >= start && r.written_at < end)
      .reduce((sum, r) => sum + r.credits_charged, 0);
  };
  const write = (row: RecordRunInput, at: Date) => {
    if (rows.some((r) => r.run_key === row.run_key)) return false;
    rows.push({ ...row, written_at: at });
    return true;
  };

  const activities: Activities = {
    // The same run decision as the real activity, on the server clock, with rows kept in memory.
    async executeRun(input) {
      budgetCalls++;
      const now = await serverNow();
      const at = now.toISOString();
      const c = input.config;
      const run = { ...input, credits_used: creditsInPeriod(now), period: billingPeriod(anchor, now) };
      const keys = { run_key: input.run_key, type: input.type, scheduled_for: input.scheduled_for };
      const missed = () => input.missed && write(missedRecord(c, input.missed, at), now);
      const refusal = budgetRefusal(run, now);
      if (refusal) {
        missed();
        if (refusal.skip_message !== null) {
          write(
            runRecord(c, {
              ...keys,
              status: 'skipped',
              reason: 'budget_exhausted',
              error_message: refusal.skip_message,
              at,
            }),
            now,
          );
        }
        if (refusal.save_status) statuses.push(refusal.status);
        return refusedRunResult(refusal, run.credits_used);
      }
      const agentInput = agentInputOf(input);
      agentCalls.push({ ...agentInput, at: now });
      const outcome = opts.agent ? await opts.agent(agentInput, agentCalls.length) : success();
      const after = consequencesOf(run, outcome, now);
      missed();
      write(runRecord(c, { ...keys, ...outcome, at }), now);
      statuses.push(after.status);
      return {
        ...outcome,
        reason: null,
        credits_used: creditsInPeriod(now),
        notification_ids: outcome.notification_ids ?? [],
        // As the real activity does for a bot that subscribes to run.failed.
        alert_ids: after.alerts.filter((a) => a.event === 'run.failed').map((a) => a.key),
        saved_status: after.status,
        ...(outcome.report && { ...outcome.report }),
      };
    },
    // A held run sleeps on the worker's real clock, which the time-skipping server does not move:
    // workflow tests plan with timers (no `runsWaitInWorker`); held runs are tested on the real stack.
    async runWhenDue() {
      throw ApplicationFailure.nonRetryable(
        'held runs are not part of the time-skipping tests',
        'HeldRunInTimeSkipping',
      );
    },
    async withdrawWaitingRun() {
      throw ApplicationFailure.nonRetryable(
        'held runs are not part of the time-skipping tests',
        'HeldRunInTimeSkipping',
      );
    },
    async recordRun(input) {
      const now = input.at ? new Date(input.at) : await serverNow();
      const recorded = write(input, now);
      return { recorded, credits_used: creditsInPeriod(now) };
    },
    async saveHeartbeatStatus(input) {
      statuses.push(input);
    },
    async deliverNotification(input) {
      deliveries.push(input.notification_id);
      opts.webhook?.(input.notification_id);
      return 'delivered' as const;
    },
    async deliverAlert(input) {
      alertDeliveries.push(input.alert_id);
      return 'delivered' as const;
    },
  };
  return {
    activities,
    rows,
    statuses,
    agentCalls,
    deliveries,
    alertDeliveries,
    budgetCalls: () => budgetCalls,
    runs: () => rows.filter((r) => r.status !== 'skipped'),
    skipped: () => rows.filter((r) => r.status === 'skipped'),
  };
}

export { success };

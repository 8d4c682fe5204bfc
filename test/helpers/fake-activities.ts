import { Context } from '@temporalio/activity';
import type { Activities } from '../../activities/index.js';
import { statusOf } from '../../activities/execute.js';
import type {
  AgentRunInput,
  AgentRunOutcome,
  ExecuteRunResult,
  HeartbeatStatusInput,
  RecordRunInput,
} from '../../contract/activities.js';
import { billingPeriod } from '../../domain/billing.js';
import { plannedRun, streakAfter } from '../../domain/heartbeat.js';

export interface RecordedRow extends RecordRunInput {
  /** Workflow time at which the row was written (time-skipping clock). */
  written_at: Date;
}

/** The time-skipping server's clock, as seen by an activity (wall-clock time would not skip). */
export function serverNow(): Date {
  return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
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
 * credits and the error streak follow the real rules (monthly periods from `billingAnchor`), on
 * the server clock.
 */
export function fakeActivities(
  opts: {
    agent?: (input: AgentRunInput, call: number) => Promise<AgentRunOutcome> | AgentRunOutcome;
    billingAnchor?: Date;
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
    async executeRun(input) {
      budgetCalls++;
      const now = serverNow();
      const c = input.config;
      const base = {
        run_key: input.run_key,
        heartbeat_id: c.heartbeat_id,
        project_id: c.project_id,
        bot_id: c.bot_id,
        member_id: c.member_id,
        prompt: c.prompt,
        type: input.type,
        scheduled_for: input.scheduled_for,
        reason: null,
        missed_count: null,
        response: null,
        error_message: null,
        duration_ms: 0,
        tokens_used: 0,
        credits_charged: 0,
      };
      const missed = () =>
        input.missed &&
        write(
          {
            ...base,
            run_key: input.missed.run_key,
            type: 'heartbeat',
            status: 'skipped',
            reason: 'missed',
            missed_count: input.missed.count,
            scheduled_for: input.missed.from,
          },
          now,
        );
      const { start, end } = billingPeriod(anchor, now);
      const used = creditsInPeriod(now);
      if (c.credit_budget !== null && used >= c.credit_budget) {
        const scheduled = input.type === 'heartbeat';
        missed();
        if (!scheduled || input.budget_row_written_for !== start.toISOString()) {
          write({ ...base, status: 'skipped', reason: 'budget_exhausted' }, now);
        }
        const saved = {
          ...statusOf(input, input.streak, now),
          ...(scheduled && {
            state: 'budget_exhausted' as const,
            next_run_at: plannedRun(c, new Date(end.getTime() - 1))?.at.toISOString() ?? null,
          }),
        };
        if (scheduled) statuses.push(saved);
        const result: ExecuteRunResult = {
          ...base,
          status: 'skipped',
          reason: 'budget_exhausted',
          credits_used: used,
          budget: { period_start: start.toISOString(), period_end: end.toISOString() },
          notification_ids: [],
          saved_status: saved,
        };
        return result;
      }
      agentCalls.push({ ...base, at: now });
      const outcome = opts.agent ? await opts.agent(base, agentCalls.length) : success();
      const saved = statusOf(input, streakAfter(input.streak, outcome, c.max_consecutive_errors), now);
      missed();
      write({ ...base, ...outcome, reason: null }, now);
      statuses.push(saved);
      return {
        ...outcome,
        reason: null,
        credits_used: creditsInPeriod(now),
        notification_ids: outcome.notification_ids ?? [],
        // As the real activity does for a bot that subscribes to run.failed.
        alert_ids: outcome.status === 'error' ? [`${input.run_key}:run.failed`] : [],
        saved_status: saved,
      };
    },
    async recordRun(input) {
      const now = new Date(input.at ?? serverNow());
      const recorded = write(input, now);
      return { recorded, credits_used: creditsInPeriod(now) };
    },
    async saveHeartbeatStatus(input) {
      statuses.push(input);
    },
    async deliverNotification(input) {
      deliveries.push(input.notification_id);
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

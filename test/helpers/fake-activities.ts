import { Context } from '@temporalio/activity';
import type { Activities } from '../../activities/index.js';
import { billingPeriod } from '../../domain/billing.js';
import type {
  AgentRunInput,
  AgentRunOutcome,
  HeartbeatStatusInput,
  RecordRunInput,
} from '../../contract/activities.js';

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
 * In-memory activities typed as the real ones, recording what the workflow asked for. Budget
 * and credits follow the real rules (monthly periods from `billingAnchor`), on the server clock.
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
  const anchor = opts.billingAnchor ?? new Date('2020-01-01T00:00:00Z');
  let budgetCalls = 0;

  const creditsInPeriod = (at: Date) => {
    const { start, end } = billingPeriod(anchor, at);
    return rows
      .filter((r) => r.written_at >= start && r.written_at < end)
      .reduce((sum, r) => sum + r.credits_charged, 0);
  };

  const activities: Activities = {
    async checkBudget(input) {
      budgetCalls++;
      const now = new Date(input.at);
      const { start, end } = billingPeriod(anchor, now);
      const used = creditsInPeriod(now);
      return {
        allowed: input.credit_budget === null || used < input.credit_budget,
        credits_used: used,
        period_start: start.toISOString(),
        period_end: end.toISOString(),
      };
    },
    async runAgent(input) {
      agentCalls.push({ ...input, at: serverNow() });
      return opts.agent ? opts.agent(input, agentCalls.length) : success();
    },
    async recordRun(input) {
      const now = new Date(input.at);
      if (rows.some((r) => r.run_key === input.run_key)) return { recorded: false, credits_used: creditsInPeriod(now) };
      rows.push({ ...input, written_at: now });
      return { recorded: true, credits_used: creditsInPeriod(now) };
    },
    async saveHeartbeatStatus(input) {
      statuses.push(input);
    },
    async deliverNotification(input) {
      deliveries.push(input.notification_id);
      return 'delivered' as const;
    },
  };
  return {
    activities,
    rows,
    statuses,
    agentCalls,
    deliveries,
    budgetCalls: () => budgetCalls,
    runs: () => rows.filter((r) => r.status !== 'skipped'),
    skipped: () => rows.filter((r) => r.status === 'skipped'),
  };
}

export { success };

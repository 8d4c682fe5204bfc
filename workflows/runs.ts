/**
 * The run pipeline: budget check, agent run, run row, webhook deliveries. One run at a time:
 * callers hold the workflow's mutex.
 */
import { ActivityFailure, ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { agentRun, bookkeeping, webhookDelivery } from '../activities/options.js';
import type { AgentRunOutcome } from '../contract/activities.js';
import type { RunResult } from '../contract/workflow.js';
import type { RunType } from '../domain/heartbeat.js';
import { planCatchUp } from '../domain/schedule.js';
import { runKeys, runRecord } from './records.js';
import type { HeartbeatRuntime } from './state.js';

const { checkBudget, recordRun } = proxyActivities<Activities>(bookkeeping);
const { runAgent } = proxyActivities<Activities>(agentRun);
const { deliverNotification } = proxyActivities<Activities>(webhookDelivery);

export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof ApplicationFailure || err instanceof Error) return err.message;
  return String(err);
}

export class RunPipeline {
  /** Webhook deliveries under way: they do not hold up a run's result, but finish before the workflow moves on. */
  private readonly deliveries = new Set<Promise<unknown>>();

  constructor(private readonly hb: HeartbeatRuntime) {}

  /** Resolves when every delivery under way has settled. */
  async deliveriesSettled(): Promise<void> {
    await Promise.all([...this.deliveries]);
  }

  async run(type: RunType, runKey: string, scheduledFor: string | null): Promise<RunResult> {
    const { hb } = this;
    const config = hb.config;
    const budget = await checkBudget({
      heartbeat_id: config.heartbeat_id,
      project_id: config.project_id,
      credit_budget: config.credit_budget,
      at: hb.nowIso(),
    });
    hb.s.credits_used = budget.credits_used;
    if (!budget.allowed) {
      // One row per billing period for the schedule, however many ticks it sleeps through.
      if (type === 'manual' || hb.s.budget_exhausted_period !== budget.period_start) {
        await recordRun(
          runRecord(config, {
            run_key: runKey,
            type,
            status: 'skipped',
            reason: 'budget_exhausted',
            error_message: `credit budget of ${config.credit_budget} used up (${budget.credits_used} this period)`,
            scheduled_for: scheduledFor,
            at: hb.nowIso(),
          }),
        );
      }
      if (type === 'heartbeat') {
        hb.s.budget_exhausted_period = budget.period_start;
        hb.s.budget_sleep_until = budget.period_end;
      }
      return {
        status: 'skipped',
        response: null,
        duration_ms: 0,
        tokens_used: 0,
        credits_charged: 0,
        reason: 'budget_exhausted',
      };
    }

    let outcome: AgentRunOutcome;
    try {
      outcome = await runAgent({
        run_key: runKey,
        heartbeat_id: config.heartbeat_id,
        project_id: config.project_id,
        bot_id: config.bot_id,
        member_id: config.member_id,
        prompt: config.prompt,
      });
    } catch (err) {
      outcome = {
        status: 'error',
        response: null,
        error_message: failureMessage(err),
        tokens_used: 0,
        credits_charged: 0,
        duration_ms: 0,
      };
    }
    const recorded = await recordRun(
      runRecord(config, { ...outcome, run_key: runKey, type, scheduled_for: scheduledFor, at: hb.nowIso() }),
    );
    hb.s.credits_used = recorded.credits_used;
    for (const id of outcome.notification_ids ?? []) this.deliver(id);
    hb.afterRun(outcome);
    return {
      status: outcome.status,
      response: outcome.response,
      duration_ms: outcome.duration_ms,
      tokens_used: outcome.tokens_used,
      credits_charged: outcome.credits_charged,
      error_message: outcome.error_message,
    };
  }

  /**
   * What is missed when the heartbeat wakes late for `due`: one row for the occurrences that
   * will never run; returns the occurrence to run now, if any.
   */
  async catchUp(due: Date): Promise<Date | null> {
    const { hb } = this;
    const plan = planCatchUp(hb.config, due, new Date(hb.now()));
    hb.advanceCursor(plan.latest.toISOString());
    if (plan.missed > 0) {
      await recordRun(
        runRecord(hb.config, {
          run_key: runKeys.missed(hb.config, due.toISOString()),
          type: 'heartbeat',
          status: 'skipped',
          reason: 'missed',
          missed_count: plan.missed,
          error_message: `${plan.missed} scheduled run(s) from ${due.toISOString()} were missed while no run could start`,
          scheduled_for: due.toISOString(),
          at: hb.nowIso(),
        }),
      );
    }
    return plan.run;
  }

  private deliver(notificationId: string): void {
    const delivery: Promise<unknown> = deliverNotification({ notification_id: notificationId })
      .catch((err: unknown) =>
        log.warn('webhook delivery gave up', { notification_id: notificationId, error: failureMessage(err) }),
      )
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }
}

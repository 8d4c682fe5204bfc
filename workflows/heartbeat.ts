/**
 * One long-running workflow per heartbeat: sleeps until the next due time, checks the budget,
 * runs the agent, records the run, and answers enable / disable / configure / delete / trigger.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { agentRun, bookkeeping, webhookDelivery } from '../activities/options.js';
import type { AgentRunOutcome, HeartbeatStatusInput } from '../activities/types.js';
import {
  configureSignal,
  deleteSignal,
  disableSignal,
  enableSignal,
  stateQuery,
  triggerUpdate,
  type CarriedState,
  type HeartbeatConfig,
  type HeartbeatState,
  type HeartbeatStateView,
  type HeartbeatWorkflowInput,
  type HeartbeatWorkflowResult,
  type RunResult,
  scheduleSpecOf,
} from './definitions.js';
import { describeSchedule, isInWindow, nextDueTime, planCatchUp, type ScheduleSpec } from './schedule.js';
import { enabledKey, nextRunKey } from './search-attributes.js';

const { checkBudget, recordRun, saveHeartbeatStatus } = proxyActivities<Activities>(bookkeeping);
const { runAgent } = proxyActivities<Activities>(agentRun);
const { deliverNotification } = proxyActivities<Activities>(webhookDelivery);

export async function heartbeatWorkflow(input: HeartbeatWorkflowInput): Promise<HeartbeatWorkflowResult> {
  const config = input.config;
  const s: CarriedState = input.carried ?? {
    enabled: config.enabled,
    auto_paused: false,
    paused_reason: null,
    consecutive_errors: 0,
    credits_used: 0,
    cursor: new Date(Date.now()).toISOString(),
    budget_exhausted_period: null,
    budget_sleep_until: null,
    deleted: false,
  };
  let pendingConfig = input.pendingConfig;
  /** Bumped by every signal, so a sleep can wake for "something changed". */
  let generation = 0;
  let running = false;
  let nextRunAt: string | null = null;
  let published = '';
  let publishedNextRun: string | null | undefined;
  /** Webhook deliveries under way: they do not hold up the run's result, but finish before the workflow moves on. */
  const deliveries = new Set<Promise<unknown>>();

  const spec = (): ScheduleSpec => scheduleSpecOf(config);
  const now = () => Date.now();
  const nowIso = () => new Date(now()).toISOString();

  // Runs never overlap: each waits for the one before it (a FIFO chain of promises).
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(async () => {
      running = true;
      try {
        return await fn();
      } finally {
        running = false;
      }
    });
    tail = result.catch(() => undefined);
    return result;
  };

  function resume(): void {
    // Waking from a pause: what fell due meanwhile is neither run nor reported as missed.
    if (!s.enabled || s.auto_paused) s.cursor = later(s.cursor, nowIso());
    s.enabled = true;
    s.auto_paused = false;
    s.paused_reason = null;
    s.consecutive_errors = 0;
    s.budget_sleep_until = null;
  }

  setHandler(enableSignal, () => {
    resume();
    generation++;
  });
  setHandler(disableSignal, () => {
    s.enabled = false;
    s.auto_paused = false;
    s.paused_reason = null;
    generation++;
  });
  setHandler(configureSignal, (next: HeartbeatConfig) => {
    const newest = pendingConfig?.version ?? config.version;
    if (next.version > newest) pendingConfig = next;
    generation++;
  });
  setHandler(deleteSignal, () => {
    s.deleted = true;
    generation++;
  });
  setHandler(stateQuery, (): HeartbeatStateView => view());
  setHandler(
    triggerUpdate,
    async ({ trigger_id }) =>
      exclusive(() => performRun('manual', `${config.heartbeat_id}:manual:${trigger_id}`, null)),
    {
      validator: ({ trigger_id }) => {
        if (s.deleted) throw new Error('the heartbeat is being deleted');
        if (!trigger_id) throw new Error('trigger_id is required');
      },
    },
  );

  function currentState(): HeartbeatState {
    if (s.auto_paused) return 'auto_paused';
    if (!s.enabled) return 'disabled';
    if (s.budget_sleep_until && Date.parse(s.budget_sleep_until) > now()) return 'budget_exhausted';
    if (!isInWindow(spec(), new Date(now()))) return 'waiting_for_window';
    return 'active';
  }

  function view(): HeartbeatStateView {
    return {
      enabled: s.enabled && !s.auto_paused,
      state: currentState(),
      next_run_at: nextRunAt,
      consecutive_errors: s.consecutive_errors,
      credits_used: s.credits_used,
      paused_reason: s.paused_reason,
      version: config.version,
    };
  }

  /** Shows the current plan in the database, the search attributes and the Web UI's details. */
  async function publish(next: Date | null): Promise<void> {
    nextRunAt = next ? next.toISOString() : null;
    const v = view();
    if (nextRunAt !== publishedNextRun) {
      publishedNextRun = nextRunAt;
      upsertSearchAttributes([
        { key: enabledKey, value: v.enabled },
        { key: nextRunKey, value: next },
      ]);
      setCurrentDetails(
        `${describeSchedule(spec())}\n\nState: ${v.state}. Next run: ${v.next_run_at ?? 'none planned'}.` +
          (v.paused_reason ? `\nPaused: ${v.paused_reason}` : ''),
      );
    }
    // The database keeps what the API cannot work out from the configuration alone; the next
    // run time it computes itself, so a run costs no extra write for it.
    const status: HeartbeatStatusInput = {
      heartbeat_id: config.heartbeat_id,
      version: config.version,
      state: v.state,
      paused_reason: v.paused_reason,
      consecutive_errors: v.consecutive_errors,
      auto_paused: s.auto_paused,
    };
    const fingerprint = JSON.stringify(status);
    if (fingerprint === published) return;
    published = fingerprint;
    await saveHeartbeatStatus(status);
  }

  async function performRun(
    type: 'heartbeat' | 'manual',
    runKey: string,
    scheduledFor: string | null,
  ): Promise<RunResult> {
    const base = {
      run_key: runKey,
      heartbeat_id: config.heartbeat_id,
      project_id: config.project_id,
      bot_id: config.bot_id,
      member_id: config.member_id,
      prompt: config.prompt,
    };
    const budget = await checkBudget({
      heartbeat_id: config.heartbeat_id,
      project_id: config.project_id,
      credit_budget: config.credit_budget,
      at: nowIso(),
    });
    s.credits_used = budget.credits_used;
    if (!budget.allowed) {
      const skipped: RunResult = {
        status: 'skipped',
        response: null,
        duration_ms: 0,
        tokens_used: 0,
        credits_charged: 0,
        reason: 'budget_exhausted',
      };
      // One row per billing period for the schedule, however many ticks it sleeps through.
      if (type === 'manual' || s.budget_exhausted_period !== budget.period_start) {
        await recordRun({
          ...base,
          type,
          status: 'skipped',
          reason: 'budget_exhausted',
          missed_count: null,
          response: null,
          error_message: `credit budget of ${config.credit_budget} used up (${budget.credits_used} this period)`,
          duration_ms: 0,
          tokens_used: 0,
          credits_charged: 0,
          scheduled_for: scheduledFor,
          at: nowIso(),
        });
      }
      if (type === 'heartbeat') {
        s.budget_exhausted_period = budget.period_start;
        s.budget_sleep_until = budget.period_end;
      }
      return skipped;
    }

    let outcome: AgentRunOutcome;
    try {
      outcome = await runAgent(base);
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
    const { notification_ids: notificationIds, ...result } = outcome;
    const recorded = await recordRun({
      ...base,
      ...result,
      type,
      reason: null,
      missed_count: null,
      scheduled_for: scheduledFor,
      at: nowIso(),
    });
    s.credits_used = recorded.credits_used;
    for (const id of notificationIds ?? []) {
      const delivery: Promise<unknown> = deliverNotification({ notification_id: id })
        .catch((err: unknown) =>
          log.warn('webhook delivery gave up', { notification_id: id, error: failureMessage(err) }),
        )
        .finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    }
    if (outcome.status === 'success') {
      s.consecutive_errors = 0;
    } else {
      s.consecutive_errors++;
      if (s.enabled && s.consecutive_errors >= config.max_consecutive_errors) {
        s.auto_paused = true;
        s.enabled = false;
        s.paused_reason = `paused after ${s.consecutive_errors} consecutive errors; last: ${outcome.error_message ?? 'unknown error'}`;
      }
    }
    return {
      status: outcome.status,
      response: outcome.response,
      duration_ms: outcome.duration_ms,
      tokens_used: outcome.tokens_used,
      credits_charged: outcome.credits_charged,
      error_message: outcome.error_message,
    };
  }

  /** Handles the due time `due` (≤ now): one run at most, and one row for what was missed. */
  async function handleDue(due: Date): Promise<void> {
    const plan = planCatchUp(spec(), due, new Date(now()));
    s.cursor = later(s.cursor, plan.latest.toISOString());
    if (plan.missed > 0) {
      await recordRun({
        run_key: `${config.heartbeat_id}:missed:${due.toISOString()}`,
        heartbeat_id: config.heartbeat_id,
        project_id: config.project_id,
        bot_id: config.bot_id,
        member_id: config.member_id,
        prompt: config.prompt,
        type: 'heartbeat',
        status: 'skipped',
        reason: 'missed',
        missed_count: plan.missed,
        response: null,
        error_message: `${plan.missed} scheduled run(s) from ${due.toISOString()} were missed while no run could start`,
        duration_ms: 0,
        tokens_used: 0,
        credits_charged: 0,
        scheduled_for: due.toISOString(),
        at: nowIso(),
      });
    }
    if (plan.run) {
      const key = plan.run.toISOString();
      await exclusive(() => performRun('heartbeat', `${config.heartbeat_id}:${key}`, key));
    }
  }

  const historyLimitReached = () => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested ||
      (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents)
    );
  };

  for (;;) {
    if (s.deleted) {
      await condition(() => !running && allHandlersFinished());
      await Promise.all([...deliveries]);
      return { deleted: true };
    }
    if (pendingConfig || historyLimitReached()) {
      await condition(() => !running && allHandlersFinished());
      await Promise.all([...deliveries]);
      if (s.deleted) continue;
      const nextConfig = pendingConfig ?? config;
      const carried: CarriedState = { ...s };
      if (pendingConfig) {
        // A new configuration plans afresh from now: nothing in between counts as missed.
        carried.cursor = later(s.cursor, nowIso());
        carried.budget_sleep_until = null;
        carried.budget_exhausted_period = null;
        carried.enabled = nextConfig.enabled;
        if (nextConfig.enabled && (!s.enabled || s.auto_paused)) {
          carried.auto_paused = false;
          carried.paused_reason = null;
          carried.consecutive_errors = 0;
        }
      }
      return continueAsNew<typeof heartbeatWorkflow>({
        config: nextConfig,
        carried,
        continueAsNewAfterEvents: input.continueAsNewAfterEvents,
      });
    }

    const seen = generation;
    const changed = () => generation !== seen || s.deleted || pendingConfig !== undefined;

    if (!s.enabled || s.auto_paused) {
      await publish(null);
      await condition(changed);
      continue;
    }
    if (s.budget_sleep_until) {
      const until = Date.parse(s.budget_sleep_until);
      if (until > now()) {
        await publish(nextDueTime(spec(), new Date(until - 1)));
        if (await condition(changed, until - now())) continue;
      }
      // A new billing period: the ticks slept through were not runs; a tick due exactly at the
      // period's start runs.
      s.budget_sleep_until = null;
      s.cursor = later(s.cursor, new Date(Math.min(until, now()) - 1).toISOString());
    }

    const due = nextDueTime(spec(), new Date(s.cursor));
    await publish(due);
    if (!due) {
      await condition(changed);
      continue;
    }
    if (due.getTime() > now() && (await condition(changed, due.getTime() - now()))) continue;
    await handleDue(due);
  }
}

function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof ApplicationFailure || err instanceof Error) return err.message;
  return String(err);
}

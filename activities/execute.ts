import type {
  AgentRunOutcome,
  ExecuteRunInput,
  ExecuteRunResult,
  HeartbeatStatusInput,
} from '../contract/activities.js';
import { billingPeriod, creditsInPeriod } from '../domain/billing.js';
import { heartbeatState, plannedRun, streakAfter, type Streak } from '../domain/heartbeat.js';
import { runContext } from '../db/queries/heartbeats.js';
import { recordRunWithEffects } from '../db/queries/runs.js';
import type { NewHeartbeatRun } from '../db/database.js';
import { runAgent } from './agent/run.js';
import { alertsOfRun, raiseAlerts } from './alerts.js';
import { activityContext, AttemptLog, withDbRetry } from './attempts.js';
import type { ActivityDeps } from './deps.js';

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * One run, end to end: read its context (one statement), check the budget, run the agent, and
 * record the row, the charge, the counters, the daily totals and the heartbeat's new status
 * (one statement). Exactly once by run key: a retried attempt that finds the row returns it,
 * and one that inherits a finished outcome records it without running the agent again.
 */
export async function executeRun(deps: ActivityDeps, input: ExecuteRunInput): Promise<ExecuteRunResult> {
  const ctx = activityContext();
  const signal = ctx?.cancellationSignal;
  const log = new AttemptLog<AgentRunOutcome>(ctx);
  try {
    const config = input.config;
    const now = new Date();
    const context = await withDbRetry(
      () =>
        runContext(deps.db, {
          heartbeatId: config.heartbeat_id,
          since: startOfUtcDay(now),
          runKey: input.run_key,
          historyRuns: deps.limits?.historyRuns ?? 5,
        }),
      signal,
    );
    const anchor = context?.billing_anchor ?? new Date(0);
    const period = billingPeriod(anchor, now);
    let creditsUsed = context ? creditsInPeriod(context, anchor, now) : 0;

    if (context?.existing) {
      // An earlier attempt wrote the row: its result, unchanged.
      const e = context.existing;
      // Its alerts again (once by key): the attempt that wrote the row may have died before raising them.
      const ran = e.status !== 'skipped' ? { status: e.status, error_message: e.error_message } : undefined;
      const alert_ids = await raiseAlerts(
        deps,
        alertsOfRun(input, {
          status: e.status,
          error_message: e.error_message,
          streak: ran && streakAfter(input.streak, ran, config.max_consecutive_errors),
          missed: input.missed,
          budget:
            e.reason === 'budget_exhausted'
              ? {
                  period_start: period.start.toISOString(),
                  period_end: period.end.toISOString(),
                  credits_used: creditsUsed,
                }
              : undefined,
        }),
      );
      return {
        ...e,
        reason: e.reason as ExecuteRunResult['reason'],
        credits_used: creditsUsed,
        notification_ids: context.notifications.map((n) => n.id),
        alert_ids,
        saved_status: statusOf(input, input.streak, now),
      };
    }

    const base = {
      run_key: input.run_key,
      heartbeat_id: config.heartbeat_id,
      project_id: config.project_id,
      bot_id: config.bot_id,
      member_id: config.member_id,
      prompt: config.prompt,
      type: input.type,
      scheduled_for: input.scheduled_for,
    };
    const missed: (NewHeartbeatRun & { created_at: Date }) | undefined = input.missed && {
      ...base,
      run_key: input.missed.run_key,
      type: 'heartbeat',
      status: 'skipped',
      reason: 'missed',
      missed_count: input.missed.count,
      error_message: `${input.missed.count} scheduled run(s) from ${input.missed.from} were missed while no run could start`,
      scheduled_for: input.missed.from,
      created_at: now,
    };

    if (config.credit_budget !== null && creditsUsed >= config.credit_budget) {
      const budget = { period_start: period.start.toISOString(), period_end: period.end.toISOString() };
      const scheduled = input.type === 'heartbeat';
      // The schedule sleeps until the next billing period; a manual trigger changes nothing.
      const saved: HeartbeatStatusInput = scheduled
        ? {
            ...statusOf(input, input.streak, now),
            state: 'budget_exhausted',
            next_run_at: plannedRun(config, new Date(period.end.getTime() - 1))?.at.toISOString() ?? null,
          }
        : statusOf(input, input.streak, now);
      // One row per billing period for the schedule, however many ticks it sleeps through.
      const firstThisPeriod = !scheduled || input.budget_row_written_for !== budget.period_start;
      if (firstThisPeriod || missed) {
        const skipped = firstThisPeriod && {
          ...base,
          status: 'skipped' as const,
          reason: 'budget_exhausted',
          error_message: `credit budget of ${config.credit_budget} used up (${creditsUsed} this period)`,
          created_at: now,
        };
        const written = await withDbRetry(
          () =>
            recordRunWithEffects(deps.db, {
              run: skipped || missed!,
              missed: skipped ? missed : undefined,
              periodStart: period.start,
              status: scheduled ? toStatusWrite(saved) : undefined,
            }),
          signal,
        );
        if (written.inserted) {
          if (skipped) {
            deps.metrics?.runs.inc({ type: input.type, status: 'skipped', reason: 'budget_exhausted' });
            deps.runLog?.(skipLine(skipped));
          }
          if (missed) countMissed(deps, missed);
        }
      }
      const alert_ids = await raiseAlerts(
        deps,
        alertsOfRun(input, {
          status: 'skipped',
          error_message: null,
          missed: input.missed,
          budget: { ...budget, credits_used: creditsUsed },
        }),
      );
      return {
        status: 'skipped',
        reason: 'budget_exhausted',
        response: null,
        error_message: null,
        tokens_used: 0,
        credits_charged: 0,
        duration_ms: 0,
        credits_used: creditsUsed,
        budget,
        notification_ids: [],
        alert_ids,
        saved_status: saved,
      };
    }

    const startedAt = new Date();
    const outcome =
      log.carriedOutcome ??
      (await runAgent(
        deps,
        base,
        context && context.model !== null
          ? {
              model: context.model,
              instruction: context.instruction ?? '',
              // Header values are sealed at rest; opened only for the request that sends them.
              tools: context.tools.map((t) => ({
                ...t,
                headers: Object.fromEntries(Object.entries(t.headers).map(([k, v]) => [k, deps.secrets.open(v)])),
              })),
              history: context.history,
            }
          : undefined,
        { onProviderCall: () => log.providerCalled(), signal },
      ));
    log.reached(outcome);

    const streak = streakAfter(input.streak, outcome, config.max_consecutive_errors);
    const saved = statusOf(input, streak, new Date());
    const recorded = await withDbRetry(
      () =>
        recordRunWithEffects(deps.db, {
          run: {
            ...base,
            status: outcome.status,
            response: outcome.response,
            error_message: outcome.error_message,
            duration_ms: outcome.duration_ms,
            tokens_used: outcome.tokens_used,
            credits_charged: outcome.credits_charged,
            started_at: startedAt,
            attempts: log.attempt,
            interrupted_attempts: log.interrupted.length ? JSON.stringify(log.interrupted) : null,
            tool_calls: outcome.tool_calls?.length ? JSON.stringify(outcome.tool_calls) : null,
            created_at: new Date(),
          },
          missed,
          periodStart: period.start,
          status: toStatusWrite(saved),
        }),
      signal,
    );
    creditsUsed = recorded.credits_used ?? creditsUsed + (recorded.inserted ? outcome.credits_charged : 0);
    const m = deps.metrics;
    if (recorded.inserted) {
      const lateness = input.scheduled_for ? startedAt.getTime() - Date.parse(input.scheduled_for) : null;
      m?.runs.inc({ type: input.type, status: outcome.status, reason: '' });
      if (lateness !== null) m?.lateness.observe(lateness / 1000);
      m?.agentDuration.observe(outcome.duration_ms / 1000);
      m?.tokens.inc(outcome.tokens_used);
      m?.credits.inc(outcome.credits_charged);
      if (streak.auto_paused && !input.streak.auto_paused) m?.autoPauses.inc();
      deps.runLog?.({
        heartbeat_id: config.heartbeat_id,
        run_key: input.run_key,
        type: input.type,
        status: outcome.status,
        reason: null,
        lateness_ms: lateness,
        duration_ms: outcome.duration_ms,
        tokens: outcome.tokens_used,
        credits: outcome.credits_charged,
        error: outcome.error_message,
      });
      if (missed) countMissed(deps, missed);
    }
    const alert_ids = await raiseAlerts(
      deps,
      alertsOfRun(input, {
        status: outcome.status,
        error_message: outcome.error_message,
        streak,
        missed: input.missed,
      }),
    );
    return {
      status: outcome.status,
      reason: null,
      response: outcome.response,
      error_message: outcome.error_message,
      tokens_used: outcome.tokens_used,
      credits_charged: outcome.credits_charged,
      duration_ms: outcome.duration_ms,
      credits_used: creditsUsed,
      notification_ids: outcome.notification_ids ?? [],
      alert_ids,
      saved_status: saved,
    };
  } finally {
    log.stop();
  }
}

function countMissed(deps: ActivityDeps, row: NewHeartbeatRun) {
  deps.metrics?.runs.inc({ type: 'heartbeat', status: 'skipped', reason: 'missed' });
  deps.metrics?.missed.inc(row.missed_count ?? 1);
  deps.runLog?.(skipLine(row));
}

/** The run log's line for a run that was skipped (missed, or its budget used up). */
export function skipLine(row: Pick<NewHeartbeatRun, 'heartbeat_id' | 'run_key' | 'type' | 'reason' | 'error_message'>) {
  return {
    heartbeat_id: row.heartbeat_id,
    run_key: row.run_key,
    type: row.type,
    status: 'skipped',
    reason: row.reason ?? null,
    lateness_ms: null,
    duration_ms: 0,
    tokens: 0,
    credits: 0,
    error: row.error_message ?? null,
  };
}

/** The heartbeat's status with a given streak, as the row shows it. */
export function statusOf(input: ExecuteRunInput, streak: Streak, now: Date): HeartbeatStatusInput {
  return {
    heartbeat_id: input.config.heartbeat_id,
    version: input.config.version,
    state: heartbeatState(
      { enabled: streak.enabled, auto_paused: streak.auto_paused, budget_exhausted: false },
      input.config,
      now,
    ),
    paused_reason: streak.paused_reason,
    consecutive_errors: streak.consecutive_errors,
    enabled: streak.enabled && !streak.auto_paused,
    auto_paused: streak.auto_paused,
    next_run_at: streak.enabled && !streak.auto_paused ? input.next_run_at : null,
  };
}

function toStatusWrite(s: HeartbeatStatusInput) {
  return {
    version: s.version,
    state: s.state,
    paused_reason: s.paused_reason,
    consecutive_errors: s.consecutive_errors,
    enabled: s.enabled,
    next_run_at: s.next_run_at ? new Date(s.next_run_at) : null,
  };
}

/**
 * The run activity, end to end: read what the run needs (one statement), ask the run decision
 * (`domain/run-decision.ts`) what it means, run the agent, and write the row, the charge, the
 * counters, the daily totals and the heartbeat's new status (one statement). Exactly once by run
 * key: a retried attempt that finds the row returns it, and one that inherits a finished outcome
 * records it without running the agent again.
 */
import type { AgentRunOutcome, ExecuteRunInput, ExecuteRunResult, RecordRunInput } from '../contract/activities.js';
import { missedRecord, refusedRunResult, runRecord } from '../contract/runs.js';
import { billingPeriod, creditsInPeriod } from '../domain/billing.js';
import {
  budgetRefusal,
  consequencesOf,
  holdsNotifications,
  recordedAgain,
  type BudgetRefusal,
  type RunSituation,
} from '../domain/run-decision.js';
import { storableText, TEXT_LIMITS } from '../domain/text.js';
import { recordRunWithEffects, type RunWrite } from '../db/queries/runs.js';
import type { NewHeartbeatRun } from '../db/database.js';
import { agentColumns, agentOutcome, reportFields } from './agent-outcome.js';
import { raiseAlerts } from './alerts.js';
import {
  activityContext,
  AttemptLog,
  heartbeatLedger,
  tableLedger,
  withDbRetry,
  type AttemptNotes,
} from './attempts.js';
import type { ActivityDeps } from './deps.js';
import { loadContext, type RunContext } from './run-context.js';
import { countRun } from './run-telemetry.js';

export async function executeRun(deps: ActivityDeps, input: ExecuteRunInput): Promise<ExecuteRunResult> {
  const result = await runAndRecord(deps, input);
  // A scheduled run's answer (up to 100 KB) is in its row; the workflow never reads it, so its
  // history does not keep a copy of every answer. A trigger's caller gets the answer back.
  return input.type === 'heartbeat' ? { ...result, response: null } : result;
}

async function runAndRecord(deps: ActivityDeps, input: ExecuteRunInput): Promise<ExecuteRunResult> {
  const ctx = activityContext();
  const signal = ctx?.cancellationSignal;
  const now = new Date();
  const local = ctx?.info.isLocal === true;
  const context = await withDbRetry(() => loadContext(deps, input, now, { local }), signal);
  const attempts = new AttemptLog<AgentRunOutcome>(
    local
      ? tableLedger(deps.db, input.run_key, context?.attempt_notes as AttemptNotes<AgentRunOutcome> | null, ctx)
      : heartbeatLedger(ctx),
  );
  try {
    const run = situationOf(input, context, now);
    if (context?.existing) return resultOfRecorded(deps, run, context, now);

    const refusal = budgetRefusal(run, now);
    if (refusal) {
      await attempts.settle();
      return refuseForBudget(deps, input, run, refusal, now, { signal, forgetAttempts: attempts.leftNotes });
    }

    const startedAt = new Date();
    const outcome = attempts.carriedOutcome ?? (await agentOutcome(deps, input, run, context, attempts, signal));
    attempts.reached(outcome);
    return await recordOutcome(deps, input, run, { outcome, startedAt, attempts, signal });
  } finally {
    attempts.stop();
  }
}

/** What the run decision needs to know, from the workflow's input and the database. */
function situationOf(input: ExecuteRunInput, context: RunContext | undefined, now: Date): RunSituation {
  const anchor = context?.billing_anchor ?? new Date(0);
  return {
    ...input,
    credits_used: context ? creditsInPeriod(context, anchor, now) : 0,
    period: billingPeriod(anchor, now),
  };
}

/** An earlier attempt wrote the row: its result, unchanged. */
async function resultOfRecorded(
  deps: ActivityDeps,
  run: RunSituation,
  context: RunContext,
  now: Date,
): Promise<ExecuteRunResult> {
  const { outcome, summary, next_check_in_minutes, ...row } = context.existing!;
  const report = outcome && { outcome, summary, next_check_in_minutes };
  const again = recordedAgain(run, { ...row, report }, now);
  return {
    ...row,
    reason: row.reason as ExecuteRunResult['reason'],
    credits_used: run.credits_used,
    notification_ids: context.notifications.map((n) => n.id),
    alert_ids: await raiseAlerts(deps, again.alerts),
    saved_status: again.status,
    ...reportFields(report),
  };
}

/** The budget is spent: one `budget_exhausted` row per billing period for the schedule, one per trigger. */
async function refuseForBudget(
  deps: ActivityDeps,
  input: ExecuteRunInput,
  run: RunSituation,
  refusal: BudgetRefusal,
  now: Date,
  opts: { signal?: AbortSignal; forgetAttempts: boolean },
): Promise<ExecuteRunResult> {
  const at = now.toISOString();
  const skipped =
    refusal.skip_message !== null
      ? runRecord(input.config, {
          ...rowKeys(input),
          status: 'skipped',
          reason: 'budget_exhausted',
          error_message: refusal.skip_message,
          at,
        })
      : undefined;
  const missed = input.missed && missedRecord(input.config, input.missed, at);
  const main = skipped ?? missed;
  if (main) {
    const written = await write(
      deps,
      {
        run: rowOf(main),
        missed: skipped && missed ? rowOf(missed) : undefined,
        periodStart: run.period.start,
        status: refusal.save_status ? refusal.status : undefined,
        ...(opts.forgetAttempts && { forgetAttempts: true }),
      },
      opts.signal,
    );
    if (written.inserted) {
      if (skipped) countRun(deps, skipped);
      if (missed) countRun(deps, missed);
    }
  }
  return { ...refusedRunResult(refusal, run.credits_used), alert_ids: await raiseAlerts(deps, refusal.alerts) };
}

/**
 * The agent's outcome: its row with the charge and the heartbeat's new status, in one statement.
 * The charge includes what attempts cut short spent at the provider.
 */
async function recordOutcome(
  deps: ActivityDeps,
  input: ExecuteRunInput,
  run: RunSituation,
  done: { outcome: AgentRunOutcome; startedAt: Date; attempts: AttemptLog<AgentRunOutcome>; signal?: AbortSignal },
): Promise<ExecuteRunResult> {
  const { attempts } = done;
  const earlier = attempts.earlierSpending;
  const outcome = {
    ...done.outcome,
    tokens_used: done.outcome.tokens_used + earlier.tokens,
    credits_charged: done.outcome.credits_charged + earlier.credits,
  };
  const now = new Date();
  const report = outcome.report ?? null;
  const after = consequencesOf(run, { ...outcome, report }, now);
  const reason = outcome.status === 'skipped' ? ('nothing_changed' as const) : null;
  const record = runRecord(input.config, { ...rowKeys(input), ...outcome, reason, at: now.toISOString() });
  // The missed stretch came before the run: its row says so by time as well.
  const missed = input.missed && missedRecord(input.config, input.missed, done.startedAt.toISOString());
  const notificationIds = outcome.notification_ids ?? [];
  const held = notificationIds.length > 0 && holdsNotifications(run, report);
  const w: RunWrite = {
    run: {
      ...rowOf(record),
      error_code: outcome.error_code ?? null,
      started_at: done.startedAt,
      attempts: attempts.attempt,
      interrupted_attempts: attempts.interrupted.length ? JSON.stringify(attempts.interrupted) : null,
      tool_calls: outcome.tool_calls?.length ? JSON.stringify(outcome.tool_calls) : null,
      ...agentColumns(outcome),
    },
    missed: missed && rowOf(missed),
    periodStart: run.period.start,
    status: after.status,
    ...(held && { holdNotifications: true }),
  };
  await attempts.settle();
  if (attempts.leftNotes) w.forgetAttempts = true;
  const written = await writeOrRecordFailure(deps, w, done.signal);
  if (written.inserted) {
    const lateness_ms = input.scheduled_for ? done.startedAt.getTime() - Date.parse(input.scheduled_for) : null;
    countRun(deps, record, { lateness_ms, paused: after.paused });
    if (missed) countRun(deps, missed);
  }
  return {
    status: outcome.status,
    reason,
    response: outcome.response,
    error_message: outcome.error_message,
    tokens_used: outcome.tokens_used,
    credits_charged: outcome.credits_charged,
    duration_ms: outcome.duration_ms,
    credits_used: written.credits_used ?? run.credits_used + (written.inserted ? outcome.credits_charged : 0),
    // Held back by the notify_policy: stored, suppressed, not delivered.
    notification_ids: held ? [] : notificationIds,
    alert_ids: await raiseAlerts(deps, after.alerts),
    saved_status: after.status,
    ...reportFields(report),
  };
}

/**
 * Writes the run; if the database refuses the row itself (not a fault that passes), writes it
 * again without its texts, as an error that keeps the charge: a retry would call the model again
 * for an answer already paid for.
 */
async function writeOrRecordFailure(deps: ActivityDeps, w: RunWrite, signal?: AbortSignal) {
  try {
    return await write(deps, w, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    return write(
      deps,
      {
        ...w,
        run: {
          ...w.run,
          status: 'error',
          response: null,
          error_message: storableText(`the run's result could not be stored: ${reason}`, TEXT_LIMITS.error_message),
          tool_calls: null,
          summary: null,
        },
      },
      signal,
    );
  }
}

const rowKeys = (input: ExecuteRunInput) => ({
  run_key: input.run_key,
  type: input.type,
  scheduled_for: input.scheduled_for,
});

/** A log row as the database writes it. */
export function rowOf(record: RecordRunInput): NewHeartbeatRun & { created_at: Date } {
  const { at, ...row } = record;
  return { ...row, created_at: at ? new Date(at) : new Date() };
}

function write(deps: ActivityDeps, w: RunWrite, signal?: AbortSignal) {
  return withDbRetry(() => recordRunWithEffects(deps.db, w), signal);
}

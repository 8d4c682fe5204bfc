/**
 * The run pipeline: one activity runs a whole run (budget, agent, row, charge, status), then
 * webhook deliveries. One run at a time: callers hold the workflow's mutex.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  proxyLocalActivities,
  uuid4,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { agentRun, bookkeeping, scheduledRun, waitingRun, webhookDelivery, withdrawal } from '../activities/options.js';
import type { ExecuteRunInput, ExecuteRunResult, MissedOccurrences, WaitingRunResult } from '../contract/activities.js';
import type { PendingDeliveries, RunResult } from '../contract/workflow.js';
import { plannedRun, type RunType } from '../domain/heartbeat.js';
import { planMissedRuns } from '../domain/catch-up.js';
import { occurrencesBetween } from '../domain/schedule.js';
import type { OutcomeReport } from '../domain/outcome.js';
import type { Publisher } from './publish.js';
import { missedRecord, runKeys, runRecord } from '../contract/runs.js';
import { adaptiveInput, adaptiveStretch, afterScheduledRun } from './cadence.js';
import type { HeartbeatRuntime } from './state.js';

const { recordRun } = proxyActivities<Activities>(bookkeeping);
const { executeRun } = proxyActivities<Activities>(agentRun);
const { executeRun: executeScheduledRun } = proxyLocalActivities<Activities>(scheduledRun);
const { withdrawWaitingRun } = proxyLocalActivities<Activities>(withdrawal);
const { deliverNotification, deliverAlert } = proxyActivities<Activities>(webhookDelivery);

/** What a run reported, from its result (null: nothing). */
const reportOf = (r: ExecuteRunResult): OutcomeReport | null =>
  r.outcome
    ? { outcome: r.outcome, summary: r.summary ?? null, next_check_in_minutes: r.next_check_in_minutes ?? null }
    : null;

export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof ApplicationFailure || err instanceof Error) return err.message;
  return String(err);
}

export class RunPipeline {
  /** Webhook deliveries under way, by the notification's or alert's id: they do not hold up a run's result. */
  private readonly deliveries = new Map<string, { kind: 'notification' | 'alert'; done: Promise<unknown> }>();

  constructor(
    private readonly hb: HeartbeatRuntime,
    private readonly publisher: Publisher,
    private readonly opts: { localRuns: boolean } = { localRuns: false },
  ) {}

  /** Resolves when every delivery under way has settled. */
  async deliveriesSettled(): Promise<void> {
    await Promise.all([...this.deliveries.values()].map((d) => d.done));
  }

  /** The deliveries under way, for continue-as-new to carry over. */
  pendingDeliveries(): PendingDeliveries | null {
    if (this.deliveries.size === 0) return null;
    const of = (kind: 'notification' | 'alert') =>
      [...this.deliveries].filter(([, d]) => d.kind === kind).map(([id]) => id);
    return { notifications: of('notification'), alerts: of('alert') };
  }

  /** Starts again the deliveries the run before continue-as-new left under way (each is idempotent). */
  resumeDeliveries(pending: PendingDeliveries | null | undefined): void {
    for (const id of pending?.notifications ?? []) this.deliver(id);
    this.deliverAlerts(pending?.alerts);
  }

  /**
   * Runs once: `scheduledFor` is the occurrence's nominal time (null for a manual run), `missed`
   * the occurrences before it that will never run, recorded in the same statement. A manual run
   * takes the newest configuration received, even one not yet applied: it runs what was last saved.
   */
  async run(
    type: RunType,
    runKey: string,
    scheduledFor: string | null,
    missed?: MissedOccurrences,
  ): Promise<RunResult> {
    const input = this.inputOf(type, runKey, scheduledFor, missed);
    const execute = this.runsLocally(type) ? executeScheduledRun : executeRun;
    return this.settle(input, () => execute(input));
  }

  /**
   * A scheduled run held by the worker until `due` (activities/waiting-run.ts), so it starts on
   * the worker's clock. Until it starts, `interrupted` (a message, a trigger waiting its turn)
   * withdraws it. Null when it did not run: withdrawn, or lapsed (its worker died while it waited)
   * for the caller's catch-up to decide.
   */
  async runWhenDue(
    runKey: string,
    scheduledFor: string,
    due: Date,
    interrupted: () => boolean,
  ): Promise<RunResult | null> {
    const input = this.inputOf('heartbeat', runKey, scheduledFor);
    const token = uuid4();
    const { runWhenDue } = proxyActivities<Activities>(waitingRun(Math.max(0, due.getTime() - this.hb.now())));
    const wait: { settled?: { ok: WaitingRunResult } | { failed: unknown } } = {};
    const waiting = runWhenDue({ ...input, due: due.toISOString(), token }).then(
      (ok) => void (wait.settled = { ok }),
      (failed: unknown) => void (wait.settled = { failed }),
    );
    await condition(() => wait.settled !== undefined || interrupted());
    if (!wait.settled) {
      if ((await withdrawWaitingRun({ run_key: runKey, token })).withdrawn) return null;
      await waiting;
    }
    const outcome = wait.settled!;
    if ('failed' in outcome) return this.settle(input, () => Promise.reject(outcome.failed));
    if ('not_run' in outcome.ok) return null;
    const { ran } = outcome.ok;
    return this.settle(input, async () => ran);
  }

  /** The run activity's input. A manual run takes the newest configuration received (see run). */
  private inputOf(
    type: RunType,
    runKey: string,
    scheduledFor: string | null,
    missed?: MissedOccurrences,
  ): ExecuteRunInput {
    const { hb } = this;
    const config = type === 'manual' ? (hb.pendingConfig ?? hb.config) : hb.config;
    const scheduled = type === 'heartbeat' && scheduledFor !== null;
    const adaptive = adaptiveInput(hb);
    // An adaptive heartbeat's scheduled run plans its successor from what it reports.
    const next =
      scheduled && !adaptive
        ? (plannedRun(config, new Date(scheduledFor))?.at.toISOString() ?? null)
        : scheduled
          ? null
          : hb.nextRunAt;
    return {
      run_key: runKey,
      type,
      scheduled_for: scheduledFor,
      config,
      streak: hb.streak,
      budget_row_written_for: hb.carried.budget_exhausted_period,
      next_run_at: next,
      missed,
      ...(adaptive && { adaptive }),
    };
  }

  /** Applies what the run did (or its failure) to the heartbeat: streak, budget, deliveries. */
  private async settle(input: ExecuteRunInput, execute: () => Promise<ExecuteRunResult>): Promise<RunResult> {
    const { hb } = this;
    const { type, config, missed, run_key: runKey, scheduled_for: scheduledFor } = input;
    const scheduled = type === 'heartbeat' && scheduledFor !== null;
    let result: ExecuteRunResult;
    try {
      result = await execute();
    } catch (err) {
      // Every attempt failed (the agent kept crashing its worker, say): the run is an error.
      const error_message = failureMessage(err);
      const recorded = await recordRun(
        runRecord(config, {
          run_key: runKey,
          type,
          status: 'error',
          error_message,
          scheduled_for: scheduledFor,
          at: hb.nowIso(),
        }),
      );
      this.deliverAlerts(recorded.alert_ids);
      if (missed) await this.recordMissed(missed);
      hb.carried.credits_used = recorded.credits_used;
      hb.afterRun(type, { status: 'error', error_message });
      if (scheduled) afterScheduledRun(hb, scheduledFor, null);
      hb.carried.last_run = { at: hb.nowIso(), type, status: 'error', detail: error_message };
      this.publisher.showDetails();
      return { status: 'error', response: null, duration_ms: 0, tokens_used: 0, credits_charged: 0, error_message };
    }
    this.publisher.saved(result.saved_status);
    hb.carried.credits_used = result.credits_used;
    if (result.budget && type === 'heartbeat') {
      hb.carried.budget_exhausted_period = result.budget.period_start;
      hb.carried.budget_sleep_until = result.budget.period_end;
    }
    for (const id of result.notification_ids) this.deliver(id);
    this.deliverAlerts(result.alert_ids);
    if (result.status !== 'skipped') hb.afterRun(type, { status: result.status, error_message: result.error_message });
    if (scheduled && !result.budget) afterScheduledRun(hb, scheduledFor, reportOf(result));
    hb.carried.last_run = {
      at: hb.nowIso(),
      type,
      status: result.status,
      detail: result.status === 'skipped' ? (result.reason ?? null) : result.error_message,
    };
    this.publisher.showDetails();
    return {
      status: result.status,
      response: result.response,
      duration_ms: result.duration_ms,
      tokens_used: result.tokens_used,
      credits_charged: result.credits_charged,
      error_message: result.error_message,
      ...(result.reason && { reason: result.reason }),
      ...(result.outcome && {
        outcome: result.outcome,
        summary: result.summary ?? null,
        next_check_in_minutes: result.next_check_in_minutes ?? null,
      }),
    };
  }

  /**
   * A scheduled run is a local activity, which holds the workflow task while it runs: a message
   * reaches the workflow only when the run ends (or the SDK extends the task, every 8 s). A
   * heartbeat whose triggers must be refused while a run is in flight (overlap `skip`) runs its
   * scheduled runs as activities, so the workflow sees such a trigger at once.
   */
  private runsLocally(type: RunType): boolean {
    return type === 'heartbeat' && this.opts.localRuns && this.hb.config.overlap !== 'skip';
  }

  /**
   * What to do when the heartbeat wakes, possibly late, for the occurrence `due`: the occurrence
   * to run now (if any), and the earlier ones that will never run, by its `missed_runs` policy.
   */
  catchUp(due: Date): { run: Date | null; missed?: MissedOccurrences } {
    const { hb } = this;
    const plan = planMissedRuns(hb.config, due, new Date(hb.now()));
    hb.advanceCursor(plan.latest.toISOString());
    if (plan.missed === 0) return { run: plan.run };
    const from = due.toISOString();
    return {
      run: plan.run,
      missed: { run_key: runKeys.missed(hb.config.heartbeat_id, from), from, count: plan.missed },
    };
  }

  /**
   * Occurrences of the current schedule due in a stretch when a disable or a new configuration
   * arrived, that never ran because a run or its recording held the heartbeat up: recorded as
   * missed, never dropped silently. Those at or before the cursor were handled.
   */
  async recordMissedStretch(stretchOf: { after: string; until: string }): Promise<void> {
    const { hb } = this;
    const after = Date.parse(hb.carried.cursor) > Date.parse(stretchOf.after) ? hb.carried.cursor : stretchOf.after;
    const stretch =
      hb.config.adaptive && hb.carried.adaptive?.next
        ? adaptiveStretch(hb, after, stretchOf.until)
        : occurrencesBetween(hb.config, new Date(after), new Date(stretchOf.until));
    if (!stretch) return;
    hb.advanceCursor(stretchOf.until);
    const from = stretch.first.toISOString();
    await this.recordMissed({ run_key: runKeys.missed(hb.config.heartbeat_id, from), from, count: stretch.count });
  }

  /** A missed stretch with no run after it (the window closed meanwhile). */
  async recordMissed(missed: MissedOccurrences): Promise<void> {
    const { hb } = this;
    const recorded = await recordRun(missedRecord(hb.config, missed, hb.nowIso()));
    this.deliverAlerts(recorded.alert_ids);
  }

  private deliver(notificationId: string): void {
    this.track(
      'notification',
      notificationId,
      deliverNotification({ notification_id: notificationId }).catch((err: unknown) =>
        log.warn('webhook delivery gave up', { notification_id: notificationId, error: failureMessage(err) }),
      ),
    );
  }

  /** Alerts go to the same webhook, signed and retried the same way; absent from older histories. */
  private deliverAlerts(alertIds: string[] | undefined): void {
    for (const id of alertIds ?? []) {
      this.track(
        'alert',
        id,
        deliverAlert({ alert_id: id }).catch((err: unknown) =>
          log.warn('alert delivery gave up', { alert_id: id, error: failureMessage(err) }),
        ),
      );
    }
  }

  private track(kind: 'notification' | 'alert', id: string, work: Promise<unknown>): void {
    const done: Promise<unknown> = work.finally(() => this.deliveries.delete(id));
    this.deliveries.set(id, { kind, done });
  }
}

/**
 * The heartbeat workflow's state: its configuration, what it carries across continue-as-new,
 * and every transition the messages and runs make. Deterministic: time is the workflow's.
 */
import type { CarriedState, HeartbeatStateView, HeartbeatWorkflowInput } from '../contract/workflow.js';
import {
  heartbeatState,
  type HeartbeatConfig,
  type HeartbeatState,
  type RunType,
  type Streak,
} from '../domain/heartbeat.js';
import { streakOf } from '../domain/run-decision.js';

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

export class HeartbeatRuntime {
  config: HeartbeatConfig;
  /** What survives continue-as-new: the schedule's cursor, the streak, the budget sleep. */
  readonly carried: CarriedState;
  /** A configure received but not yet applied (newer than `config.version`). */
  pendingConfig: HeartbeatConfig | undefined;
  /** Bumped by every message, so a sleep can wake for "something changed". */
  generation = 0;
  /** The run key of the run under way (scheduled or manual), if one is. */
  runningKey: string | null = null;
  /** Manual triggers accepted and not yet finished, by run key, in arrival order. */
  readonly triggers: string[] = [];
  /** The next due time as last published (ISO), or null when none is planned. */
  nextRunAt: string | null = null;

  constructor(input: HeartbeatWorkflowInput) {
    this.config = input.config;
    this.pendingConfig = input.pendingConfig;
    this.carried = input.carried ?? {
      enabled: input.config.enabled,
      auto_paused: false,
      paused_reason: null,
      consecutive_errors: 0,
      credits_used: 0,
      cursor: this.nowIso(),
      budget_exhausted_period: null,
      budget_sleep_until: null,
      deleted: false,
    };
  }

  now(): number {
    return Date.now();
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** A run is under way (scheduled or manual). */
  get running(): boolean {
    return this.runningKey !== null;
  }

  /** Whether it should run on schedule now (enabled and not paused by errors). */
  get scheduled(): boolean {
    return this.carried.enabled && !this.carried.auto_paused;
  }

  /** Due times at or before `iso` count as handled. */
  advanceCursor(iso: string): void {
    this.carried.cursor = later(this.carried.cursor, iso);
  }

  /**
   * A run planned for `due` was withdrawn before it started: due times after `before` (the cursor
   * as it was) count as not handled again, unless a message has moved the cursor since.
   */
  reopen(due: string, before: string): void {
    if (this.carried.cursor === due) this.carried.cursor = before;
  }

  enable(): void {
    // Waking from a pause: what fell due meanwhile is neither run nor reported as missed.
    if (!this.scheduled) this.advanceCursor(this.nowIso());
    this.carried.enabled = true;
    this.carried.auto_paused = false;
    this.carried.paused_reason = null;
    this.carried.consecutive_errors = 0;
    this.carried.budget_sleep_until = null;
    // An adaptive heartbeat wakes at its interval, its quiet streak forgotten.
    if (this.carried.adaptive) this.carried.adaptive = null;
    this.generation++;
  }

  /** The schedule stops now: what fell due since the cursor and has not run is to be recorded as missed. */
  private stopSchedule(): void {
    if (this.scheduled && !this.carried.pending_missed)
      this.carried.pending_missed = { after: this.carried.cursor, until: this.nowIso() };
  }

  disable(): void {
    this.stopSchedule();
    this.carried.enabled = false;
    this.carried.auto_paused = false;
    this.carried.paused_reason = null;
    this.generation++;
  }

  /** Keeps the newest configuration received; older versions are ignored. */
  configure(next: HeartbeatConfig): void {
    const newest = this.pendingConfig?.version ?? this.config.version;
    if (next.version > newest) {
      if (!this.pendingConfig) this.stopSchedule();
      this.pendingConfig = next;
    }
    this.generation++;
  }

  delete(): void {
    this.carried.deleted = true;
    this.generation++;
  }

  get streak(): Streak {
    return {
      enabled: this.carried.enabled,
      auto_paused: this.carried.auto_paused,
      consecutive_errors: this.carried.consecutive_errors,
      paused_reason: this.carried.paused_reason,
    };
  }

  /**
   * The error streak after a run, pausing the heartbeat when it reaches the configured maximum;
   * a manual trigger leaves it as it is (the activity's rule, `streakOf`).
   */
  afterRun(type: RunType, outcome: { status: 'success' | 'error'; error_message: string | null }): void {
    Object.assign(this.carried, streakOf({ type, streak: this.streak, config: this.config }, outcome));
  }

  /**
   * The heartbeat as the workflow now means it to be: a configuration received and about to be
   * applied (by continue-as-new) already counts.
   */
  private get intended(): { config: HeartbeatConfig; enabled: boolean; auto_paused: boolean } {
    const next = this.pendingConfig;
    if (!next) return { config: this.config, enabled: this.carried.enabled, auto_paused: this.carried.auto_paused };
    const resumed = next.enabled && !this.scheduled;
    return { config: next, enabled: next.enabled, auto_paused: resumed ? false : this.carried.auto_paused };
  }

  state(): HeartbeatState {
    const { config, enabled, auto_paused } = this.intended;
    const budgetSleep = this.carried.budget_sleep_until;
    return heartbeatState(
      {
        enabled,
        auto_paused,
        budget_exhausted: budgetSleep !== null && Date.parse(budgetSleep) > this.now(),
      },
      config,
      new Date(this.now()),
    );
  }

  view(): HeartbeatStateView {
    const { config, enabled, auto_paused } = this.intended;
    return {
      enabled: enabled && !auto_paused,
      state: this.state(),
      next_run_at: this.nextRunAt,
      consecutive_errors: this.carried.consecutive_errors,
      credits_used: this.carried.credits_used,
      paused_reason: this.carried.paused_reason,
      version: config.version,
      ...(config.adaptive && { next_run_reason: this.carried.adaptive?.reason ?? null }),
    };
  }

  /** What the next run (after continue-as-new) starts from. */
  carryOver(): HeartbeatWorkflowInput & { carried: CarriedState } {
    const next = this.pendingConfig ?? this.config;
    const carried: CarriedState = { ...this.carried };
    if (this.pendingConfig) {
      // A new configuration plans afresh from now: nothing in between counts as missed.
      carried.cursor = later(this.carried.cursor, this.nowIso());
      carried.budget_sleep_until = null;
      carried.budget_exhausted_period = null;
      if (carried.adaptive) carried.adaptive = null;
      carried.enabled = next.enabled;
      if (next.enabled && !this.scheduled) {
        carried.auto_paused = false;
        carried.paused_reason = null;
        carried.consecutive_errors = 0;
      }
    }
    // The next run's input shows the heartbeat as it is, not as it was created.
    return { config: { ...next, enabled: carried.enabled }, carried };
  }
}

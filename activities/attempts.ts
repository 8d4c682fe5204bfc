/**
 * Liveness and memory across attempts of a long activity. Each attempt keeps what it has done
 * where the attempt after it can read it: whether it reached the model provider, what the provider
 * reported it spent, and its outcome once known. A retried attempt reports the attempts cut short
 * (each is charged what it spent) and never runs an agent twice for an outcome it already has.
 *
 * A manual run is a regular activity: its notes are its heartbeat details, and it heartbeats every
 * few seconds, so a dead worker is noticed within the heartbeat timeout. A scheduled run is a local
 * activity (it costs the server half the work), which has no heartbeat details: its notes go to
 * the `run_attempts` table, and the workflow task's own timeout notices a dead worker.
 */
import { Context, log } from '@temporalio/activity';
import { DatabaseBusyError, DatabaseUnavailableError, type Db } from '../db/client.js';
import type { InterruptedAttempt } from '../db/database.js';
import { noteRunAttempt } from '../db/queries/runs.js';

export const HEARTBEAT_EVERY_MS = 2_000;

/** What an attempt has done, as the attempt after it reads it. */
export interface AttemptNotes<T> {
  interrupted: InterruptedAttempt[];
  current: { attempt: number; provider_calls: number; tokens_used?: number; credits_charged?: number };
  outcome?: T;
  /** The attempt whose agent reached `outcome` (its spending is in the outcome). */
  outcome_attempt?: number;
}

/** Where an activity's attempts keep their notes. */
export interface AttemptLedger<T> {
  /** The notes the attempt before this one left, if any. */
  readonly previous: AttemptNotes<T> | undefined;
  /** This attempt's number (the first is 1). */
  readonly attempt: number;
  /** Beats every few seconds for liveness as well (a regular activity's heartbeat). */
  readonly beats: boolean;
  write(notes: AttemptNotes<T>): void;
  /** Resolves once every note written has landed; a ledger in the database takes no more. */
  close(): Promise<void>;
  /** Some attempt of this run left a note behind (the run's row removes it). */
  readonly leftNotes: boolean;
}

/** Inside an activity: its context. Outside (tests, scripts): undefined. */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** A regular activity's notes: its heartbeat details. */
export function heartbeatLedger<T>(ctx: Context | undefined): AttemptLedger<T> {
  return {
    previous: ctx?.info.heartbeatDetails as AttemptNotes<T> | undefined,
    attempt: ctx?.info.attempt ?? 1,
    beats: ctx !== undefined,
    write: (notes) => ctx?.heartbeat(notes),
    close: async () => undefined,
    leftNotes: false,
  };
}

/**
 * A local activity's notes: a row of `run_attempts`, read with the run's context. An attempt after
 * a crash starts again at attempt 1 in the SDK's count; the notes number it after the one before.
 */
export function tableLedger<T>(
  db: Db,
  runKey: string,
  previous: AttemptNotes<T> | null | undefined,
  ctx: Context | undefined,
): AttemptLedger<T> {
  let chain: Promise<void> = Promise.resolve();
  let open = true;
  let wrote = false;
  return {
    previous: previous ?? undefined,
    attempt: Math.max(ctx?.info.attempt ?? 1, (previous?.current.attempt ?? 0) + 1),
    beats: false,
    write(notes) {
      if (!open) return;
      wrote = true;
      // One write at a time, in order: a late write must never overwrite a newer note.
      chain = chain.then(() =>
        noteRunAttempt(db, runKey, notes).catch((err: unknown) =>
          log.warn('could not note the run attempt', { run_key: runKey, error: String(err) }),
        ),
      );
    },
    async close() {
      open = false;
      await chain;
    },
    get leftNotes() {
      return wrote || previous != null;
    },
  };
}

/**
 * A quick run notes nothing at all (each note costs the server or the database a write). A longer
 * one notes half a second into a model call, or after its outcome is known, so a worker killed
 * from then on leaves its progress behind; a regular activity also beats every 2 s for liveness
 * (the SDK sends the first heartbeat at once and throttles the rest to 80 % of the timeout).
 */
const NOTE_AFTER_MS = 500;

export class AttemptLog<T> {
  readonly attempt: number;
  readonly interrupted: InterruptedAttempt[];
  /** The outcome an earlier attempt reached before it was cut short. */
  readonly carriedOutcome: T | undefined;
  private providerCalls = 0;
  private spent = { tokens: 0, credits: 0 };
  private outcome: T | undefined;
  private outcomeAttempt: number | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly ledger: AttemptLedger<T>) {
    this.attempt = ledger.attempt;
    const previous = ledger.previous;
    this.interrupted = previous ? [...previous.interrupted] : [];
    if (previous && previous.current.attempt < this.attempt) {
      this.interrupted.push({
        attempt: previous.current.attempt,
        reached_provider: previous.current.provider_calls > 0,
        provider_calls: previous.current.provider_calls,
        tokens_used: previous.current.tokens_used ?? 0,
        credits_charged: previous.current.credits_charged ?? 0,
      });
    }
    this.carriedOutcome = previous?.outcome;
    this.outcome = previous?.outcome;
    this.outcomeAttempt = previous?.outcome_attempt ?? (previous?.outcome ? previous.current.attempt : undefined);
    if (ledger.beats) this.timers.push(setInterval(() => this.note(), HEARTBEAT_EVERY_MS));
  }

  providerCalled(): void {
    this.providerCalls++;
    this.noteSoon();
  }

  /** What this attempt has spent at the provider so far, as it reported it. */
  used(spent: { tokens: number; credits: number }): void {
    this.spent = spent;
    this.noteSoon();
  }

  /** The outcome is known: a later attempt records it instead of running again. */
  reached(outcome: T): void {
    if (this.outcome === undefined) this.outcomeAttempt = this.attempt;
    this.outcome = outcome;
    this.noteSoon();
  }

  /**
   * What attempts cut short spent at the provider, besides the one whose outcome is recorded:
   * every attempt that reached the provider is charged what it reported.
   */
  get earlierSpending(): { tokens: number; credits: number } {
    const others = this.interrupted.filter((a) => a.attempt !== this.outcomeAttempt);
    return {
      tokens: others.reduce((sum, a) => sum + (a.tokens_used ?? 0), 0),
      credits: others.reduce((sum, a) => sum + (a.credits_charged ?? 0), 0),
    };
  }

  /** Some attempt left a note that the run's row should remove. */
  get leftNotes(): boolean {
    return this.ledger.leftNotes;
  }

  /**
   * Notes kept in the database land before the run's row is written (the row removes them), and
   * none is written after it; heartbeat notes go on until `stop()`.
   */
  settle(): Promise<void> {
    return this.ledger.close();
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  private noteSoon(): void {
    this.timers.push(setTimeout(() => this.note(), NOTE_AFTER_MS));
  }

  private note(): void {
    this.ledger.write({
      interrupted: this.interrupted,
      current: {
        attempt: this.attempt,
        provider_calls: this.providerCalls,
        tokens_used: this.spent.tokens,
        credits_charged: this.spent.credits,
      },
      ...(this.outcome !== undefined && { outcome: this.outcome, outcome_attempt: this.outcomeAttempt }),
    });
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason));
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Retries a database call while the database is unavailable or busy, backing off up to 5 s, for
 * as long as the activity runs (it keeps heartbeating meanwhile) or, outside an activity, about
 * half a minute. Other errors are not retried.
 */
export async function withDbRetry<T>(fn: () => Promise<T>, signal?: AbortSignal, budgetMs = 30_000): Promise<T> {
  const inActivity = activityContext() !== undefined;
  const started = Date.now();
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await fn();
    } catch (err) {
      const transient = err instanceof DatabaseUnavailableError || err instanceof DatabaseBusyError;
      if (!transient || signal?.aborted || (!inActivity && Date.now() - started > budgetMs)) throw err;
      await sleep(delay, signal);
    }
  }
}

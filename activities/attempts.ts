/**
 * Liveness and memory across attempts of a long activity. The activity heartbeats every few
 * seconds (so a dead worker is noticed within the heartbeat timeout, not the start-to-close
 * timeout), and each heartbeat carries what the attempt has done: whether it reached the model
 * provider, and its outcome once known. A retried attempt reads the last attempt's details, so
 * it reports the attempts cut short and never runs an agent twice for an outcome it already has.
 */
import { Context } from '@temporalio/activity';
import { DatabaseBusyError, DatabaseUnavailableError } from '../db/client.js';
import type { InterruptedAttempt } from '../db/database.js';

export const HEARTBEAT_EVERY_MS = 2_000;

interface Details<T> {
  interrupted: InterruptedAttempt[];
  current: { attempt: number; provider_calls: number; tokens_used?: number; credits_charged?: number };
  outcome?: T;
  /** The attempt whose agent reached `outcome` (its spending is in the outcome). */
  outcome_attempt?: number;
}

/** Inside an activity: its context. Outside (tests, scripts): undefined. */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * A quick run sends no heartbeat at all (each costs the server a write). A longer one beats every
 * 2 s for liveness, and half a second into a model call or after its outcome is known, so a worker
 * killed from then on leaves its progress behind (the SDK sends the first heartbeat at once and
 * throttles the rest to 80 % of the heartbeat timeout).
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

  constructor(private readonly ctx: Context | undefined) {
    this.attempt = ctx?.info.attempt ?? 1;
    const previous = ctx?.info.heartbeatDetails as Details<T> | undefined;
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
    if (ctx) this.timers.push(setInterval(() => this.beat(), HEARTBEAT_EVERY_MS));
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

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  private noteSoon(): void {
    if (this.ctx) this.timers.push(setTimeout(() => this.beat(), NOTE_AFTER_MS));
  }

  private beat(): void {
    const details: Details<T> = {
      interrupted: this.interrupted,
      current: {
        attempt: this.attempt,
        provider_calls: this.providerCalls,
        tokens_used: this.spent.tokens,
        credits_charged: this.spent.credits,
      },
      ...(this.outcome !== undefined && { outcome: this.outcome, outcome_attempt: this.outcomeAttempt }),
    };
    this.ctx?.heartbeat(details);
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

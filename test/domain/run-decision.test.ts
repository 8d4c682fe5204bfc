/** The run decision: the budget check and what each outcome records, charges and raises. */
import { describe, expect, it } from 'vitest';
import type { HeartbeatConfig, Streak } from '../../domain/heartbeat.js';
import { heartbeatConfig } from '../helpers/config.js';
import {
  budgetRefusal,
  consequencesOf,
  creditCeiling,
  holdsNotifications,
  recordedAgain,
  type RunSituation,
} from '../../domain/run-decision.js';

const config: HeartbeatConfig = heartbeatConfig('2026-01-01T00:00:00Z', {
  credit_budget: 10,
  max_consecutive_errors: 3,
  version: 4,
});
const running: Streak = { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null };
const period = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') };
const now = new Date('2026-03-10T12:00:00Z');

function situation(over: Partial<RunSituation> = {}): RunSituation {
  return {
    config,
    run_key: 'hb-1:2026-03-10T12:00:00.000Z',
    type: 'heartbeat',
    streak: running,
    next_run_at: '2026-03-10T13:00:00.000Z',
    budget_row_written_for: null,
    credits_used: 3,
    period,
    ...over,
  };
}

describe('the budget check', () => {
  it('lets a run go while credits remain, and with no budget at all', () => {
    expect(budgetRefusal(situation({ credits_used: 9 }), now)).toBeNull();
    expect(budgetRefusal(situation({ config: { ...config, credit_budget: null }, credits_used: 1e6 }), now)).toBeNull();
  });

  it('turns the schedule away once the budget is spent: one row per period, sleeping until the next', () => {
    const first = budgetRefusal(situation({ credits_used: 10 }), now)!;
    expect(first.skip_message).toBe('credit budget of 10 used up (10 this period)');
    expect(first.save_status).toBe(true);
    expect(first.status).toMatchObject({ state: 'budget_exhausted', next_run_at: '2026-04-01T00:00:00.000Z' });
    expect(first.budget).toEqual({ period_start: '2026-03-01T00:00:00.000Z', period_end: '2026-04-01T00:00:00.000Z' });
    expect(first.alerts.map((a) => a.key)).toEqual(['hb-1:2026-03-01T00:00:00.000Z:heartbeat.budget_exhausted']);

    const later = budgetRefusal(
      situation({ credits_used: 12, budget_row_written_for: '2026-03-01T00:00:00.000Z' }),
      now,
    )!;
    expect(later.skip_message).toBeNull();
  });

  it('answers every trigger on a spent budget with its own row and leaves the status alone', () => {
    const refusal = budgetRefusal(
      situation({ type: 'manual', credits_used: 10, budget_row_written_for: '2026-03-01T00:00:00.000Z' }),
      now,
    )!;
    expect(refusal.skip_message).not.toBeNull();
    expect(refusal.save_status).toBe(false);
    expect(refusal.status.state).toBe('active');
  });
});

describe('what an outcome does to the heartbeat', () => {
  it('a success resets the streak and raises nothing', () => {
    const after = consequencesOf(
      situation({ streak: { ...running, consecutive_errors: 2 } }),
      { status: 'success', error_message: null },
      now,
    );
    expect(after.streak.consecutive_errors).toBe(0);
    expect(after.alerts).toEqual([]);
    expect(after.status).toMatchObject({ version: 4, state: 'active', next_run_at: '2026-03-10T13:00:00.000Z' });
  });

  it('the error that reaches the maximum pauses the heartbeat, once, with the reason', () => {
    const run = situation({ streak: { ...running, consecutive_errors: 2 } });
    const after = consequencesOf(run, { status: 'error', error_message: 'provider down' }, now);
    expect(after.paused).toBe(true);
    expect(after.status).toMatchObject({
      state: 'auto_paused',
      enabled: false,
      next_run_at: null,
      consecutive_errors: 3,
    });
    expect(after.status.paused_reason).toBe('paused after 3 consecutive errors; last: provider down');
    expect(after.alerts.map((a) => a.event)).toEqual(['run.failed', 'heartbeat.auto_paused']);
  });

  it('a missed stretch before the run raises its alert with the run', () => {
    const missed = { run_key: 'hb-1:missed:2026-03-10T10:00:00.000Z', from: '2026-03-10T10:00:00.000Z', count: 2 };
    const after = consequencesOf(situation({ missed }), { status: 'success', error_message: null }, now);
    expect(after.alerts).toEqual([
      expect.objectContaining({
        event: 'run.missed',
        key: `${missed.run_key}:run.missed`,
        data: { count: 2, from: missed.from },
      }),
    ]);
  });
});

describe('a row an earlier attempt wrote', () => {
  it('raises the same alerts again (stored once by key) and keeps the streak the workflow sent', () => {
    const run = situation({ streak: { ...running, consecutive_errors: 2 } });
    const again = recordedAgain(run, { status: 'error', error_message: 'boom', reason: null }, now);
    const first = consequencesOf(run, { status: 'error', error_message: 'boom' }, now);
    expect(again.alerts).toEqual(first.alerts);
    expect(again.status.consecutive_errors).toBe(2);
  });
});

describe('outcomes', () => {
  const quiet = { outcome: 'nothing_to_report' as const, summary: 'all quiet', next_check_in_minutes: null };
  const attention = { outcome: 'needs_attention' as const, summary: 'disk full', next_check_in_minutes: 10 };

  it('a nothing_to_report run is a success for the error streak', () => {
    const run = situation({ streak: { ...running, consecutive_errors: 2 } });
    const after = consequencesOf(run, { status: 'success', error_message: null, report: quiet }, now);
    expect(after.streak.consecutive_errors).toBe(0);
    expect(after.alerts).toEqual([]);
  });

  it('a run the precheck skipped leaves the error streak as it was', () => {
    const run = situation({ streak: { ...running, consecutive_errors: 2 } });
    const after = consequencesOf(run, { status: 'skipped', error_message: null, report: quiet }, now);
    expect(after.streak.consecutive_errors).toBe(2);
    expect(after.paused).toBe(false);
  });

  it('needs_attention raises run.needs_attention, keyed by run, with what the run reported', () => {
    const after = consequencesOf(situation(), { status: 'success', error_message: null, report: attention }, now);
    expect(after.alerts).toEqual([
      expect.objectContaining({
        event: 'run.needs_attention',
        key: 'hb-1:2026-03-10T12:00:00.000Z:run.needs_attention',
        data: { type: 'heartbeat', ...attention },
      }),
    ]);
    const again = recordedAgain(
      situation(),
      { status: 'success', error_message: null, reason: null, report: attention },
      now,
    );
    expect(again.alerts).toEqual(after.alerts);
  });

  it('run.failed carries the outcome (none for an error)', () => {
    const after = consequencesOf(situation(), { status: 'error', error_message: 'boom' }, now);
    expect(after.alerts[0]!.data).toMatchObject({ outcome: null, error_message: 'boom' });
  });

  it("the heartbeat's notify_policy decides which runs' notifications are held back", () => {
    const withPolicy = (notify_policy?: 'always' | 'needs_attention') =>
      situation({ config: { ...config, agent: notify_policy && { notify_policy } } });
    expect(holdsNotifications(withPolicy(), quiet)).toBe(true);
    expect(holdsNotifications(withPolicy(), null)).toBe(false);
    expect(holdsNotifications(withPolicy('always'), quiet)).toBe(false);
    expect(holdsNotifications(withPolicy('needs_attention'), undefined)).toBe(true);
  });
});

describe('the run credit ceiling', () => {
  const ceiling = (credit_budget: number | null, max_credits_per_run: number | undefined, credits_used = 3) =>
    creditCeiling(
      situation({
        config: { ...config, credit_budget, agent: max_credits_per_run ? { max_credits_per_run } : undefined },
        credits_used,
      }),
    );

  it('is the budget left, or max_credits_per_run when that is lower; never more than the budget left', () => {
    expect(ceiling(null, undefined)).toBeNull();
    expect(ceiling(10, undefined)).toBe(7);
    expect(ceiling(null, 4)).toBe(4);
    expect(ceiling(10, 4)).toBe(4);
    expect(ceiling(10, 50)).toBe(7);
    expect(ceiling(10, 4, 12)).toBe(0);
  });
});

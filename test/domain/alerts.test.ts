/** Which alerts a run raises, each keyed once. */
import { describe, expect, it } from 'vitest';
import { alertsOfRun } from '../../domain/alerts.js';

const run = {
  config: { project_id: 'p', bot_id: 'b', heartbeat_id: 'hb', max_consecutive_errors: 3, credit_budget: 5 },
  run_key: 'hb:2026-03-10T12:00:00.000Z',
  type: 'heartbeat' as const,
  streak: { enabled: true, auto_paused: false, consecutive_errors: 0, paused_reason: null },
};

describe('alertsOfRun', () => {
  it('keys each alert so that a retried attempt raises it once', () => {
    const budget = {
      period_start: '2026-03-01T00:00:00.000Z',
      period_end: '2026-04-01T00:00:00.000Z',
      credits_used: 5,
    };
    const alerts = alertsOfRun(run, { status: 'skipped', error_message: null, budget });
    expect(alerts).toEqual([
      expect.objectContaining({
        event: 'heartbeat.budget_exhausted',
        key: 'hb:2026-03-01T00:00:00.000Z:heartbeat.budget_exhausted',
        data: { credit_budget: 5, ...budget },
      }),
    ]);
    // Another run in the same period: the same key, so the alert is stored once.
    expect(
      alertsOfRun({ ...run, run_key: 'hb:other' }, { status: 'skipped', error_message: null, budget })[0]!.key,
    ).toBe(alerts[0]!.key);
  });

  it('reports an error with the streak, and a pause only when the run caused it', () => {
    const paused = { enabled: false, auto_paused: true, consecutive_errors: 3, paused_reason: 'r' };
    const events = (streakBefore: typeof paused | typeof run.streak) =>
      alertsOfRun({ ...run, streak: streakBefore }, { status: 'error', error_message: 'x', streak: paused }).map(
        (a) => a.event,
      );
    expect(events(run.streak)).toEqual(['run.failed', 'heartbeat.auto_paused']);
    expect(events(paused)).toEqual(['run.failed']);
  });
});

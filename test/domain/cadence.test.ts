/** Adaptive cadence: the interval a run's outcome asks for, and the next run it leads to. */
import { describe, expect, it } from 'vitest';
import { adaptedAfter, adaptedInterval } from '../../domain/cadence.js';
import type { OutcomeReport } from '../../domain/outcome.js';
import { heartbeatConfig } from '../helpers/config.js';

const config = heartbeatConfig('2026-03-02T00:00:00Z', {
  interval_minutes: 15,
  adaptive: { max_interval_minutes: 120 },
});
const report = (outcome: OutcomeReport['outcome'], next_check_in_minutes: number | null = null): OutcomeReport => ({
  outcome,
  summary: null,
  next_check_in_minutes,
});

describe('the adapted interval', () => {
  it('honours a hint within [interval, maximum], saying so when it had to bound it', () => {
    expect(adaptedInterval(config, 0, report('progress', 40))).toMatchObject({ minutes: 40, quiet_runs: 0 });
    expect(adaptedInterval(config, 0, report('progress', 5))).toMatchObject({
      minutes: 15,
      reason: 'the last run asked to look again in 5 min (kept within 15–120 min)',
    });
    expect(adaptedInterval(config, 0, report('progress', 600)).minutes).toBe(120);
  });

  it('doubles with each quiet run in a row, up to the maximum; a hint on a quiet run still counts it', () => {
    const minutes = [0, 1, 2, 3, 4].map(
      (before) => adaptedInterval(config, before, report('nothing_to_report')).minutes,
    );
    expect(minutes).toEqual([30, 60, 120, 120, 120]);
    expect(adaptedInterval(config, 2, report('nothing_to_report', 20))).toMatchObject({ minutes: 20, quiet_runs: 3 });
    // However long the streak, the interval stays at the maximum.
    expect(adaptedInterval(config, 5000, report('nothing_to_report')).minutes).toBe(120);
  });

  it('returns to the interval after any other outcome, or none, and forgets the streak', () => {
    for (const r of [report('progress'), report('needs_attention'), null]) {
      expect(adaptedInterval(config, 3, r)).toMatchObject({ minutes: 15, quiet_runs: 0 });
    }
  });

  it('defaults the maximum to 4 × interval', () => {
    const plain = { ...config, adaptive: undefined };
    expect(adaptedInterval(plain, 5, report('nothing_to_report')).minutes).toBe(60);
  });
});

describe('the adapted next run', () => {
  it('lands on the adapted time inside the window, and on the next opening outside it', () => {
    const windowed = { ...config, active_hours_start: '09:00', active_hours_end: '17:00', timezone: 'Europe/Berlin' };
    const inside = adaptedAfter(windowed, new Date('2026-03-02T10:00:00Z'), 0, report('progress', 50));
    expect(inside.next?.nominal).toBe('2026-03-02T10:50:00.000Z');
    // 15:30 Berlin + 120 min is past 17:00: the next day's 09:00 Berlin (08:00 UTC).
    const outside = adaptedAfter(windowed, new Date('2026-03-02T14:30:00Z'), 2, report('nothing_to_report'));
    expect(outside.next?.nominal).toBe('2026-03-03T08:00:00.000Z');
    expect(outside.quiet_runs).toBe(3);
  });
});

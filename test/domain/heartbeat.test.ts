/** A heartbeat's state and its error streak. */
import { describe, expect, it } from 'vitest';
import { shortestCronGapMinutes } from '../../domain/cron.js';
import {
  heartbeatState,
  plannedRun,
  streakAfter,
  upcomingRuns,
  wakesOften,
  type HeartbeatConfig,
} from '../../domain/heartbeat.js';

const spec = { timezone: 'UTC', anchor: '2026-01-01T00:00:00Z', interval_minutes: 60 };
const config: HeartbeatConfig = {
  ...spec,
  heartbeat_id: 'hb-1',
  project_id: 'p',
  bot_id: 'b',
  member_id: null,
  prompt: 'x',
  cron_pattern: null,
  active_hours_start: '09:00',
  active_hours_end: '17:00',
  active_days: null,
  enabled: true,
  credit_budget: null,
  max_consecutive_errors: 3,
  version: 1,
};

describe('heartbeatState', () => {
  const inside = new Date('2026-03-10T10:00:00Z');
  const outside = new Date('2026-03-10T20:00:00Z');
  it('ranks a pause by errors over a disable, a spent budget over the window', () => {
    expect(heartbeatState({ enabled: false, auto_paused: true, budget_exhausted: true }, config, inside)).toBe(
      'auto_paused',
    );
    expect(heartbeatState({ enabled: false, auto_paused: false, budget_exhausted: true }, config, inside)).toBe(
      'disabled',
    );
    expect(heartbeatState({ enabled: true, auto_paused: false, budget_exhausted: true }, config, outside)).toBe(
      'budget_exhausted',
    );
  });
  it('waits for the window outside it', () => {
    expect(heartbeatState({ enabled: true, auto_paused: false, budget_exhausted: false }, config, inside)).toBe(
      'active',
    );
    expect(heartbeatState({ enabled: true, auto_paused: false, budget_exhausted: false }, config, outside)).toBe(
      'waiting_for_window',
    );
  });
});

describe('streakAfter', () => {
  const running = { enabled: true, auto_paused: false, consecutive_errors: 1, paused_reason: null };
  it('counts errors and resets on success', () => {
    expect(streakAfter(running, { status: 'error', error_message: 'x' }, 3).consecutive_errors).toBe(2);
    expect(streakAfter(running, { status: 'success', error_message: null }, 3).consecutive_errors).toBe(0);
  });
  it('does not pause a heartbeat that is already disabled, however long the streak', () => {
    const disabled = { ...running, enabled: false, consecutive_errors: 9 };
    expect(streakAfter(disabled, { status: 'error', error_message: 'x' }, 3)).toMatchObject({
      auto_paused: false,
      consecutive_errors: 10,
    });
  });
});

describe('plannedRun and upcomingRuns', () => {
  it('give the next occurrences inside the window, jitter within the gap', () => {
    const runs = upcomingRuns(config, new Date('2026-03-10T15:30:00Z'), 3).map((d) => d.toISOString());
    expect(runs).toEqual(['2026-03-10T16:00:00.000Z', '2026-03-11T09:00:00.000Z', '2026-03-11T10:00:00.000Z']);
    const jittered = plannedRun({ ...config, jitter_seconds: 600 }, new Date('2026-03-10T15:30:00Z'))!;
    expect(jittered.nominal.toISOString()).toBe('2026-03-10T16:00:00.000Z');
    const delay = jittered.at.getTime() - jittered.nominal.getTime();
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(600_000);
    // Deterministic: the same occurrence gets the same delay in every replay.
    expect(plannedRun({ ...config, jitter_seconds: 600 }, new Date('2026-03-10T15:30:00Z'))!.at).toEqual(jittered.at);
  });
});

describe('wakesOften: which heartbeats a worker keeps cached between runs', () => {
  const cron = (cron_pattern: string) => wakesOften({ interval_minutes: null, cron_pattern });
  it('by interval: up to every 10 minutes', () => {
    expect(wakesOften({ interval_minutes: 1, cron_pattern: null })).toBe(true);
    expect(wakesOften({ interval_minutes: 10, cron_pattern: null })).toBe(true);
    expect(wakesOften({ interval_minutes: 11, cron_pattern: null })).toBe(false);
    expect(wakesOften({ interval_minutes: 60, cron_pattern: null })).toBe(false);
  });
  it("by a cron pattern's shortest gap, whatever days it fires on", () => {
    expect(cron('*/5 * * * *')).toBe(true);
    expect(cron('*/5 9-17 * * 1-5')).toBe(true);
    expect(cron('0,5 9 * * 6')).toBe(true); // twice on Saturday mornings, five minutes apart
    expect(cron('*/15 * * * *')).toBe(false);
    expect(cron('0 9 * * 1-5')).toBe(false);
    expect(cron('0 9 1 * *')).toBe(false);
  });
  it('shortestCronGapMinutes', () => {
    expect(shortestCronGapMinutes('*/5 * * * *')).toBe(5);
    expect(shortestCronGapMinutes('0 9,17 * * *')).toBe(480);
    expect(shortestCronGapMinutes('0 9 * * 1')).toBeNull();
  });
});

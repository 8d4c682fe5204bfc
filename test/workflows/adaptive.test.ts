/**
 * Adaptive cadence on the time-skipping server: the next run follows the run's hint within the
 * interval and the maximum, backs off after quiet runs and returns to the interval after any other
 * outcome, inside the active window; exact due times.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { AgentRunOutcome } from '../../contract/activities.js';
import { stateQuery, triggerUpdate } from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import type { OutcomeReport } from '../../domain/outcome.js';
import { heartbeatConfig } from '../helpers/config.js';
import { fakeActivities, success } from '../helpers/fake-activities.js';
import { uniqueId } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const MINUTE = 60_000;

const suite = timeSkippingSuite();

const reporting = (
  outcome: OutcomeReport['outcome'],
  next_check_in_minutes: number | null = null,
): AgentRunOutcome => ({
  ...success(),
  report: { outcome, summary: outcome, next_check_in_minutes },
});

async function adaptive(overrides: Partial<HeartbeatConfig> = {}): Promise<HeartbeatConfig> {
  return heartbeatConfig(new Date(await suite.env.currentTimeMs()).toISOString(), {
    heartbeat_id: uniqueId(),
    interval_minutes: 10,
    adaptive: { max_interval_minutes: 80 },
    ...overrides,
  });
}

const minutesAfter = (anchor: string, iso: string | null) => (Date.parse(iso!) - Date.parse(anchor)) / MINUTE;

describe('adaptive cadence', () => {
  it('follows the hint within bounds, doubles after quiet runs up to the maximum, and returns after news', async () => {
    // What each run reports, in turn, and so when the next is due (minutes after the run).
    const script: AgentRunOutcome[] = [
      reporting('progress', 25), // → +25
      reporting('nothing_to_report'), // 1 quiet → +20
      reporting('nothing_to_report'), // 2 quiet → +40
      reporting('nothing_to_report'), // 3 quiet → +80 (the maximum)
      reporting('nothing_to_report'), // 4 quiet → +80
      reporting('needs_attention'), // → back to +10
      reporting('progress', 3), // below the interval → +10
      reporting('progress', 500), // above the maximum → +80
      success(), // no outcome → +10
    ];
    const fake = fakeActivities({ agent: (_input, call) => script[call - 1] ?? success() });
    let statusWrites = 0;
    const save = fake.activities.saveHeartbeatStatus;
    fake.activities.saveHeartbeatStatus = async (input) => {
      statusWrites++;
      return save(input);
    };
    const config = await adaptive();
    const view = await suite.run(fake, config, async (handle) => {
      await suite.env.sleep(360 * MINUTE);
      return handle.query(stateQuery);
    });
    const due = fake.runs().map((r) => minutesAfter(config.anchor, r.scheduled_for));
    expect(due).toEqual([10, 35, 55, 95, 175, 255, 265, 275, 355]);
    expect(fake.skipped()).toEqual([]);
    // The row and the query show the adapted next run and why.
    const last = fake.statuses.at(-1)!;
    expect(minutesAfter(config.anchor, last.next_run_at)).toBe(365);
    expect(last.next_run_reason).toBe('back to every 10 min after a run with no outcome reported');
    expect(view).toMatchObject({ next_run_at: last.next_run_at, next_run_reason: last.next_run_reason });
    const reasons = fake.statuses.map((s) => s.next_run_reason);
    expect(reasons).toContain('3 quiet run(s) in a row: 80 min, the maximum');
    expect(reasons).toContain('the last run asked to look again in 500 min (kept within 10–80 min)');
    // Each run saved the heartbeat's status with its row: no status write beyond the first.
    expect(statusWrites).toBe(1);
  }, 120_000);

  it('keeps to the active window: a time past its close waits for the next opening', async () => {
    const now = DateTime.fromMillis(await suite.env.currentTimeMs(), { zone: 'utc' });
    let at = now.set({ hour: 9, minute: 30, second: 0, millisecond: 0 });
    if (at <= now) at = at.plus({ days: 1 });
    await suite.env.sleep(at.toMillis() - now.toMillis());
    const script = [
      reporting('progress', 150), // 10:00 → 12:30, off the hourly grid
      reporting('nothing_to_report', 240), // 12:30 → 16:30
      reporting('nothing_to_report'), // 16:30, two quiet: 240 min → 20:30, past 17:00
      success(), // the next day's opening, then the interval
    ];
    const fake = fakeActivities({ agent: (_input, call) => script[call - 1] ?? success() });
    const config = await adaptive({
      interval_minutes: 60,
      adaptive: { max_interval_minutes: 240 },
      active_hours_start: '09:00',
      active_hours_end: '17:00',
    });
    await suite.run(fake, config, async () => suite.env.sleep(25 * 60 * MINUTE));
    const times = fake.runs().map((r) => DateTime.fromISO(r.scheduled_for!, { zone: 'utc' }).toFormat('HH:mm'));
    expect(times).toEqual(['10:00', '12:30', '16:30', '09:00', '10:00']);
  }, 120_000);

  it('a trigger neither runs the cadence nor moves it', async () => {
    const script = [reporting('nothing_to_report'), reporting('needs_attention', 5), success()];
    const fake = fakeActivities({ agent: (_input, call) => script[call - 1] ?? success() });
    const config = await adaptive();
    await suite.run(fake, config, async (handle) => {
      await suite.env.sleep(11 * MINUTE); // the first run, quiet: the next in 20 min
      await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: 'now' }] });
      await suite.env.sleep(20 * MINUTE);
    });
    const scheduled = fake.runs().filter((r) => r.type === 'heartbeat');
    expect(scheduled.map((r) => minutesAfter(config.anchor, r.scheduled_for))).toEqual([10, 30]);
  }, 120_000);
});

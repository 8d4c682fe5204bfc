/**
 * dst_policy in the workflow, on the time-skipping server moved to each clock change of 2027:
 * cron heartbeats in Europe/Berlin, America/New_York, Australia/Lord_Howe (a 30-minute change)
 * and Pacific/Chatham (at 02:45), one per policy value, run at exactly the times the policy says.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { DstPolicy } from '../../domain/dst.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { heartbeatConfig } from '../helpers/config.js';
import { fakeActivities } from '../helpers/fake-activities.js';
import { uniqueId } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const suite = timeSkippingSuite();

/**
 * From `from` (local time in `zone`) until `until`, runs the heartbeats (a schedule and a
 * dst_policy each); answers each one's runs as local "MM-dd HH:mm ZZ". The tests go forward in time.
 */
async function runsAcross(
  zone: string,
  from: string,
  until: string,
  heartbeats: Array<Partial<HeartbeatConfig>>,
): Promise<string[][]> {
  const start = DateTime.fromISO(from, { zone }).toMillis();
  const now = await suite.env.currentTimeMs();
  expect(start, 'the tests go forward in time').toBeGreaterThan(now);
  await suite.env.sleep(start - now);
  const fake = fakeActivities();
  const configs = heartbeats.map((heartbeat) =>
    heartbeatConfig(new Date(start).toISOString(), {
      heartbeat_id: uniqueId(),
      interval_minutes: null,
      timezone: zone,
      ...heartbeat,
    }),
  );
  await suite.runAll(fake, configs, async () => {
    await suite.env.sleep(DateTime.fromISO(until, { zone }).toMillis() - start);
  });
  const local = (iso: string | null) => DateTime.fromISO(iso!, { zone }).toFormat('MM-dd HH:mm ZZ');
  return configs.map((c) =>
    fake
      .runs()
      .filter((r) => r.heartbeat_id === c.heartbeat_id)
      .map((r) => local(r.scheduled_for)),
  );
}

const FIRST_SHIFT: DstPolicy = { repeated_hour: 'first', skipped_hour: 'shift' };
const FIRST_SKIP: DstPolicy = { repeated_hour: 'first', skipped_hour: 'skip' };
const BOTH_SHIFT: DstPolicy = { repeated_hour: 'both', skipped_hour: 'shift' };
/** One heartbeat on `schedule` per policy. */
const withPolicies = (schedule: Partial<HeartbeatConfig>, ...policies: DstPolicy[]) =>
  policies.map((dst_policy) => ({ ...schedule, dst_policy }));

describe('dst_policy in the workflow', () => {
  it('America/New_York, 14 March: 02:30 runs at 03:00 (shift) or not at all (skip)', async () => {
    const [shift, skip] = await runsAcross(
      'America/New_York',
      '2027-03-13T12:00',
      '2027-03-15T12:00',
      withPolicies({ cron_pattern: '30 2 * * *' }, FIRST_SHIFT, FIRST_SKIP),
    );
    expect(shift).toEqual(['03-14 03:00 -04:00', '03-15 02:30 -04:00']);
    expect(skip).toEqual(['03-15 02:30 -04:00']);
  });

  it('Europe/Berlin, 28 March: three times in the gap run once at 03:00 or not at all; a window opening in it', async () => {
    const window = { interval_minutes: 60, active_hours_start: '02:30', active_hours_end: '06:00' };
    const [cronShift, cronSkip, windowShift, windowSkip] = await runsAcross(
      'Europe/Berlin',
      '2027-03-28T01:20',
      '2027-03-28T06:05',
      [
        ...withPolicies({ cron_pattern: '10,30,50 2 * * *' }, FIRST_SHIFT, FIRST_SKIP),
        ...withPolicies(window, FIRST_SHIFT, FIRST_SKIP),
      ],
    );
    expect(cronShift).toEqual(['03-28 03:00 +02:00']);
    expect(cronSkip).toEqual([]);
    // shift: the window opens at 03:00 and counts from there; skip: the day's usual times.
    expect(windowShift).toEqual(['03-28 03:00 +02:00', '03-28 04:00 +02:00', '03-28 05:00 +02:00']);
    expect(windowSkip).toEqual(['03-28 03:30 +02:00', '03-28 04:30 +02:00', '03-28 05:30 +02:00']);
  });

  it('Australia/Lord_Howe, 4 April: the repeated half hour runs once (first) or twice (both)', async () => {
    const [first, both] = await runsAcross(
      'Australia/Lord_Howe',
      '2027-04-04T01:00',
      '2027-04-04T03:00',
      withPolicies({ cron_pattern: '45 1 * * *' }, FIRST_SHIFT, BOTH_SHIFT),
    );
    expect(first).toEqual(['04-04 01:45 +11:00']);
    expect(both).toEqual(['04-04 01:45 +11:00', '04-04 01:45 +10:30']);
  });

  it('Pacific/Chatham, 26 September: 03:00 falls in the gap from 02:45 to 03:45', async () => {
    const [shift, skip] = await runsAcross(
      'Pacific/Chatham',
      '2027-09-25T12:00',
      '2027-09-27T12:00',
      withPolicies({ cron_pattern: '0 3 * * *' }, FIRST_SHIFT, FIRST_SKIP),
    );
    expect(shift).toEqual(['09-26 03:45 +13:45', '09-27 03:00 +13:45']);
    expect(skip).toEqual(['09-27 03:00 +13:45']);
  });

  it('Australia/Lord_Howe, 3 October: a 30-minute gap', async () => {
    const [shift, skip] = await runsAcross(
      'Australia/Lord_Howe',
      '2027-10-02T12:00',
      '2027-10-04T12:00',
      withPolicies({ cron_pattern: '15 2 * * *' }, FIRST_SHIFT, FIRST_SKIP),
    );
    expect(shift).toEqual(['10-03 02:30 +11:00', '10-04 02:15 +11:00']);
    expect(skip).toEqual(['10-04 02:15 +11:00']);
  });

  it('Europe/Berlin, 31 October: every 20 minutes through the repeated hour', async () => {
    const [first, both] = await runsAcross(
      'Europe/Berlin',
      '2027-10-31T01:50',
      '2027-10-31T03:05',
      withPolicies({ cron_pattern: '*/20 * * * *' }, FIRST_SHIFT, BOTH_SHIFT),
    );
    expect(first).toEqual(['10-31 02:00 +02:00', '10-31 02:20 +02:00', '10-31 02:40 +02:00', '10-31 03:00 +01:00']);
    expect(both).toEqual([
      '10-31 02:00 +02:00',
      '10-31 02:20 +02:00',
      '10-31 02:40 +02:00',
      '10-31 02:00 +01:00',
      '10-31 02:20 +01:00',
      '10-31 02:40 +01:00',
      '10-31 03:00 +01:00',
    ]);
  });

  it('America/New_York, 7 November: 01:30 once (first) or twice (both)', async () => {
    const [first, both] = await runsAcross(
      'America/New_York',
      '2027-11-06T12:00',
      '2027-11-08T12:00',
      withPolicies({ cron_pattern: '30 1 * * *' }, FIRST_SHIFT, BOTH_SHIFT),
    );
    expect(first).toEqual(['11-07 01:30 -04:00', '11-08 01:30 -05:00']);
    expect(both).toEqual(['11-07 01:30 -04:00', '11-07 01:30 -05:00', '11-08 01:30 -05:00']);
  });

  it('Pacific/Chatham, 2 April 2028: 03:00 in the repeated hour from 02:45 runs once (first) or twice (both)', async () => {
    const [first, both] = await runsAcross(
      'Pacific/Chatham',
      '2028-04-02T01:00',
      '2028-04-02T05:00',
      withPolicies({ cron_pattern: '0 3 * * *' }, FIRST_SHIFT, BOTH_SHIFT),
    );
    expect(first).toEqual(['04-02 03:00 +13:45']);
    expect(both).toEqual(['04-02 03:00 +13:45', '04-02 03:00 +12:45']);
  });
});

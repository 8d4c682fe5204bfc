/** dst_policy for cron patterns across clock changes. */
import { Cron } from 'croner';
import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DST_POLICY, type DstPolicy } from '../../domain/dst.js';
import { nextDueTime, type ScheduleSpec } from '../../domain/schedule.js';
import { dueTimes as dueTimesIn } from '../helpers/due-times.js';

/** Due times formatted with their offset unless told otherwise. */
const dueTimes = (spec: ScheduleSpec, from: string, to: string, format = 'MM-dd HH:mm ZZ') =>
  dueTimesIn(spec, from, to, format);

const policy = (repeated_hour: DstPolicy['repeated_hour'], skipped_hour: DstPolicy['skipped_hour']) => ({
  repeated_hour,
  skipped_hour,
});
const cron = (timezone: string, cron_pattern: string, dst_policy: DstPolicy | null = DEFAULT_DST_POLICY) => ({
  timezone,
  cron_pattern,
  anchor: '2026-01-01T00:00:00Z',
  dst_policy,
});

describe('dst_policy for cron patterns', () => {
  it('Europe/Berlin, 02:30 daily: shift runs at 03:00 on the March day, skip leaves it out', () => {
    const shift = cron('Europe/Berlin', '30 2 * * *', policy('first', 'shift'));
    expect(dueTimes(shift, '2026-03-27T12:00', '2026-03-30T12:00')).toEqual([
      '03-28 02:30 +01:00',
      '03-29 03:00 +02:00',
      '03-30 02:30 +02:00',
    ]);
    const skip = cron('Europe/Berlin', '30 2 * * *', policy('first', 'skip'));
    expect(dueTimes(skip, '2026-03-27T12:00', '2026-03-30T12:00')).toEqual([
      '03-28 02:30 +01:00',
      '03-30 02:30 +02:00',
    ]);
  });

  it('Europe/Berlin, 02:30 daily: first runs once on the October day, both runs at each 02:30', () => {
    const first = cron('Europe/Berlin', '30 2 * * *', policy('first', 'shift'));
    expect(dueTimes(first, '2026-10-24T12:00', '2026-10-26T12:00')).toEqual([
      '10-25 02:30 +02:00',
      '10-26 02:30 +01:00',
    ]);
    const both = cron('Europe/Berlin', '30 2 * * *', policy('both', 'shift'));
    expect(dueTimes(both, '2026-10-24T12:00', '2026-10-26T12:00')).toEqual([
      '10-25 02:30 +02:00',
      '10-25 02:30 +01:00',
      '10-26 02:30 +01:00',
    ]);
  });

  it('Europe/Berlin, every 20 minutes through the repeated hour: first runs its readings once, both twice', () => {
    const from = '2026-10-25T01:50';
    const to = '2026-10-25T03:00';
    expect(dueTimes(cron('Europe/Berlin', '*/20 * * * *', policy('first', 'shift')), from, to, 'HH:mm ZZ')).toEqual([
      '02:00 +02:00',
      '02:20 +02:00',
      '02:40 +02:00',
      '03:00 +01:00',
    ]);
    expect(dueTimes(cron('Europe/Berlin', '*/20 * * * *', policy('both', 'shift')), from, to, 'HH:mm ZZ')).toEqual([
      '02:00 +02:00',
      '02:20 +02:00',
      '02:40 +02:00',
      '02:00 +01:00',
      '02:20 +01:00',
      '02:40 +01:00',
      '03:00 +01:00',
    ]);
    // Looking on from inside the second pass: `first` waits for the hour after it.
    const inside = DateTime.fromISO('2026-10-25T02:10+01:00').toJSDate();
    const next = nextDueTime(cron('Europe/Berlin', '*/20 * * * *', policy('first', 'shift')), inside);
    expect(DateTime.fromJSDate(next!, { zone: 'Europe/Berlin' }).toFormat('HH:mm ZZ')).toBe('03:00 +01:00');
  });

  it('Europe/Berlin, matches inside the gap: shift runs them once at 03:00, skip drops them', () => {
    const from = '2026-03-29T01:30';
    const to = '2026-03-29T03:30';
    expect(dueTimes(cron('Europe/Berlin', '10,30,50 * * * *', policy('first', 'shift')), from, to, 'HH:mm')).toEqual([
      '01:50',
      '03:00',
      '03:10',
      '03:30',
    ]);
    expect(dueTimes(cron('Europe/Berlin', '10,30,50 * * * *', policy('first', 'skip')), from, to, 'HH:mm')).toEqual([
      '01:50',
      '03:10',
      '03:30',
    ]);
  });

  it('America/New_York: 02:30 in March and 01:30 in November', () => {
    expect(
      dueTimes(
        cron('America/New_York', '30 2 * * *', policy('first', 'shift')),
        '2026-03-07T12:00',
        '2026-03-09T12:00',
      ),
    ).toEqual(['03-08 03:00 -04:00', '03-09 02:30 -04:00']);
    expect(
      dueTimes(cron('America/New_York', '30 2 * * *', policy('first', 'skip')), '2026-03-07T12:00', '2026-03-09T12:00'),
    ).toEqual(['03-09 02:30 -04:00']);
    expect(
      dueTimes(cron('America/New_York', '30 1 * * *', policy('both', 'shift')), '2026-10-31T12:00', '2026-11-01T12:00'),
    ).toEqual(['11-01 01:30 -04:00', '11-01 01:30 -05:00']);
    expect(
      dueTimes(
        cron('America/New_York', '30 1 * * *', policy('first', 'shift')),
        '2026-10-31T12:00',
        '2026-11-01T12:00',
      ),
    ).toEqual(['11-01 01:30 -04:00']);
  });

  it('Australia/Lord_Howe: a 30-minute gap and a 30-minute repeat', () => {
    // 2026-10-04: 02:00 → 02:30 (+10:30 → +11:00); 2026-04-05: 02:00 → 01:30 (+11:00 → +10:30).
    expect(
      dueTimes(
        cron('Australia/Lord_Howe', '15 2 * * *', policy('first', 'shift')),
        '2026-10-03T12:00',
        '2026-10-05T12:00',
      ),
    ).toEqual(['10-04 02:30 +11:00', '10-05 02:15 +11:00']);
    expect(
      dueTimes(
        cron('Australia/Lord_Howe', '15 2 * * *', policy('first', 'skip')),
        '2026-10-03T12:00',
        '2026-10-05T12:00',
      ),
    ).toEqual(['10-05 02:15 +11:00']);
    expect(
      dueTimes(
        cron('Australia/Lord_Howe', '45 1 * * *', policy('both', 'shift')),
        '2026-04-04T12:00',
        '2026-04-05T12:00',
      ),
    ).toEqual(['04-05 01:45 +11:00', '04-05 01:45 +10:30']);
    expect(
      dueTimes(
        cron('Australia/Lord_Howe', '45 1 * * *', policy('first', 'shift')),
        '2026-04-04T12:00',
        '2026-04-05T12:00',
      ),
    ).toEqual(['04-05 01:45 +11:00']);
    // 01:15 is before the repeated half hour: once, whatever the policy.
    expect(
      dueTimes(
        cron('Australia/Lord_Howe', '15 1 * * *', policy('both', 'shift')),
        '2026-04-04T12:00',
        '2026-04-05T12:00',
      ),
    ).toEqual(['04-05 01:15 +11:00']);
  });

  it('Pacific/Chatham: a gap from 02:45 to 03:45 and the same hour repeated in April', () => {
    expect(
      dueTimes(cron('Pacific/Chatham', '0 3 * * *', policy('first', 'shift')), '2026-09-26T12:00', '2026-09-28T12:00'),
    ).toEqual(['09-27 03:45 +13:45', '09-28 03:00 +13:45']);
    expect(
      dueTimes(cron('Pacific/Chatham', '0 3 * * *', policy('first', 'skip')), '2026-09-26T12:00', '2026-09-28T12:00'),
    ).toEqual(['09-28 03:00 +13:45']);
    expect(
      dueTimes(cron('Pacific/Chatham', '0 3 * * *', policy('both', 'shift')), '2026-04-04T12:00', '2026-04-05T12:00'),
    ).toEqual(['04-05 03:00 +13:45', '04-05 03:00 +12:45']);
    expect(
      dueTimes(cron('Pacific/Chatham', '0 3 * * *', policy('first', 'shift')), '2026-04-04T12:00', '2026-04-05T12:00'),
    ).toEqual(['04-05 03:00 +13:45']);
  });

  it('matches croner on days without a clock change, and keeps croner for configurations without a policy', () => {
    const patterns = ['*/7 * * * *', '0 9 * * 1-5', '15,45 8-18 * * *', '0 0 1 * *', '30 2 * * 0'];
    for (const pattern of patterns) {
      for (const zone of ['Europe/Berlin', 'America/New_York', 'Pacific/Chatham']) {
        const withPolicy = dueTimes(cron(zone, pattern), '2026-06-01T00:00', '2026-06-04T00:00');
        const croner = dueTimes(cron(zone, pattern, null), '2026-06-01T00:00', '2026-06-04T00:00');
        expect(withPolicy, `${pattern} ${zone}`).toEqual(croner);
      }
    }
    // Without a policy (a configuration saved before it existed): croner's own rule, which runs
    // the repeated hour's readings twice for a pattern that fires more often than hourly.
    expect(
      dueTimes(cron('Europe/Berlin', '*/30 * * * *', null), '2026-10-25T01:50', '2026-10-25T03:00', 'HH:mm ZZ'),
    ).toEqual(['02:00 +02:00', '02:30 +02:00', '02:00 +01:00', '02:30 +01:00', '03:00 +01:00']);
  });

  it('searches once per window on ordinary days, with a policy as without', () => {
    const spec = {
      ...cron('Europe/Berlin', '*/5 * * * *'),
      active_hours_start: '10:01',
      active_hours_end: '10:04',
    };
    const searches = vi.spyOn(Cron.prototype, 'nextRun');
    expect(nextDueTime(spec, new Date('2026-06-01T00:00:00Z'))).toBeNull();
    expect(searches.mock.calls.length).toBeLessThanOrEqual(410);
    searches.mockRestore();
  });
});

describe('dst_policy for an active window that opens in the gap', () => {
  const spec = (skipped_hour: DstPolicy['skipped_hour']) => ({
    timezone: 'Europe/Berlin',
    interval_minutes: 60,
    active_hours_start: '02:30',
    active_hours_end: '06:00',
    anchor: '2026-01-01T00:00:00Z',
    dst_policy: policy('first', skipped_hour),
  });

  it('shift: the window opens at the end of the gap and its runs count from there', () => {
    expect(dueTimes(spec('shift'), '2026-03-29T00:00', '2026-03-29T12:00', 'HH:mm')).toEqual([
      '03:00',
      '04:00',
      '05:00',
    ]);
  });

  it("skip: the run that falls in the gap does not happen, the others keep the day's usual times", () => {
    expect(dueTimes(spec('skip'), '2026-03-29T00:00', '2026-03-29T12:00', 'HH:mm')).toEqual([
      '03:30',
      '04:30',
      '05:30',
    ]);
    expect(dueTimes(spec('skip'), '2026-03-30T00:00', '2026-03-30T12:00', 'HH:mm')).toEqual([
      '02:30',
      '03:30',
      '04:30',
      '05:30',
    ]);
  });

  it('an interval keeps elapsed spacing through the repeated hour, whatever the policy', () => {
    const both = { ...spec('shift'), active_hours_start: '01:00', dst_policy: policy('both', 'shift') };
    const first = { ...both, dst_policy: policy('first', 'shift') };
    const expected = ['01:00 +02:00', '02:00 +02:00', '02:00 +01:00', '03:00 +01:00', '04:00 +01:00', '05:00 +01:00'];
    expect(dueTimes(both, '2026-10-25T00:00', '2026-10-25T12:00', 'HH:mm ZZ')).toEqual(expected);
    expect(dueTimes(first, '2026-10-25T00:00', '2026-10-25T12:00', 'HH:mm ZZ')).toEqual(expected);
  });
});

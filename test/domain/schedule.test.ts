/**
 * Schedule math: next due times with and without an active window, across DST and with cron
 * patterns; catch-up plans; schedule descriptions.
 */
import { Cron } from 'croner';
import { IANAZone } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import {
  describeSchedule,
  describeWindow,
  isInWindow,
  localToInstant,
  minimumCronGapMinutes,
  nextDueTime,
  planCatchUp,
} from '../../domain/schedule.js';
import { dueTimes } from '../helpers/due-times.js';

const utcIso = (t: Date | null) => t?.toISOString();
const base = { timezone: 'UTC', anchor: '2026-01-01T00:00:00Z' };
/** Every `interval_minutes` inside a daily window in `timezone`. */
const windowed = (timezone: string, interval_minutes: number, start: string, end: string) => ({
  ...base,
  timezone,
  interval_minutes,
  active_hours_start: start,
  active_hours_end: end,
});

describe('nextDueTime without a window', () => {
  it('counts whole intervals from the anchor, strictly after the given time', () => {
    const spec = { ...base, interval_minutes: 45, anchor: '2026-03-01T10:07:00Z' };
    expect(utcIso(nextDueTime(spec, new Date('2026-03-01T10:07:00Z')))).toBe('2026-03-01T10:52:00.000Z');
    expect(utcIso(nextDueTime(spec, new Date('2026-03-01T10:52:00Z')))).toBe('2026-03-01T11:37:00.000Z');
    expect(utcIso(nextDueTime(spec, new Date('2026-03-01T09:00:00Z')))).toBe('2026-03-01T10:52:00.000Z');
    expect(utcIso(nextDueTime(spec, new Date('2026-03-08T10:07:30Z')))).toBe('2026-03-08T10:52:00.000Z');
  });

  it('keeps absolute spacing across a DST change (no window: no local time involved)', () => {
    const spec = { interval_minutes: 60, timezone: 'America/New_York', anchor: '2026-03-08T05:00:00Z' };
    expect(dueTimes(spec, '2026-03-08T00:00', '2026-03-08T05:00', 'HH:mm')).toEqual([
      '01:00',
      '03:00',
      '04:00',
      '05:00',
    ]);
  });
});

describe('nextDueTime with an active window', () => {
  it('runs from the window opening every interval until its close (end exclusive)', () => {
    const spec = { ...base, interval_minutes: 60, active_hours_start: '09:00', active_hours_end: '17:00' };
    expect(dueTimes(spec, '2026-06-01T00:00', '2026-06-01T23:59', 'HH:mm')).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
  });

  it('America/New_York spring forward: 01:00–04:00 is two hours long, one run fewer', () => {
    const spec = windowed('America/New_York', 60, '01:00', '04:00');
    expect(dueTimes(spec, '2026-03-08T00:00', '2026-03-08T23:00', 'HH:mm ZZZZ')).toEqual(['01:00 EST', '03:00 EDT']);
    expect(dueTimes(spec, '2026-03-09T00:00', '2026-03-09T23:00', 'HH:mm')).toEqual(['01:00', '02:00', '03:00']);
  });

  it('America/New_York fall back: 01:00–04:00 is four hours long, one run more', () => {
    const spec = windowed('America/New_York', 60, '01:00', '04:00');
    expect(dueTimes(spec, '2026-11-01T00:00', '2026-11-01T23:00', 'HH:mm ZZZZ')).toEqual([
      '01:00 EDT',
      '01:00 EST',
      '02:00 EST',
      '03:00 EST',
    ]);
  });

  it('a window edge inside the spring-forward gap moves to the end of the gap', () => {
    const spec = windowed('America/New_York', 30, '02:30', '04:00');
    expect(dueTimes(spec, '2026-03-08T00:00', '2026-03-08T23:00', 'HH:mm')).toEqual(['03:00', '03:30']);
    expect(new Date(localToInstant(2026, 3, 8, 150, 'America/New_York')).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  it('a repeated local time means its first occurrence', () => {
    expect(new Date(localToInstant(2026, 11, 1, 90, 'America/New_York')).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('Europe/Berlin: every 90 min, 08:00–12:00, across the March change', () => {
    const spec = windowed('Europe/Berlin', 90, '08:00', '12:00');
    expect(dueTimes(spec, '2026-03-28T00:00', '2026-03-29T23:00', 'dd HH:mm ZZZZ')).toEqual([
      '28 08:00 GMT+1',
      '28 09:30 GMT+1',
      '28 11:00 GMT+1',
      '29 08:00 GMT+2',
      '29 09:30 GMT+2',
      '29 11:00 GMT+2',
    ]);
  });

  it('Australia/Lord_Howe: a 30-minute DST shift', () => {
    // 2026-10-04 02:00 → 02:30 local (offset +10:30 → +11:00).
    const spec = windowed('Australia/Lord_Howe', 30, '01:30', '03:30');
    expect(dueTimes(spec, '2026-10-04T00:00', '2026-10-04T12:00', 'HH:mm')).toEqual(['01:30', '02:30', '03:00']);
    expect(dueTimes(spec, '2026-10-05T00:00', '2026-10-05T12:00', 'HH:mm')).toEqual([
      '01:30',
      '02:00',
      '02:30',
      '03:00',
    ]);
  });

  it('an overnight window belongs to, and is filtered by, the day it opens', () => {
    // Fri and Sat nights, 22:00–02:00.
    const spec = {
      ...base,
      interval_minutes: 120,
      active_hours_start: '22:00',
      active_hours_end: '02:00',
      active_days: '5,6',
    };
    expect(dueTimes(spec, '2026-06-04T00:00', '2026-06-08T12:00')).toEqual([
      'Fri 05 22:00',
      'Sat 06 00:00',
      'Sat 06 22:00',
      'Sun 07 00:00',
    ]);
  });

  it('active_days alone means those whole days', () => {
    const spec = { ...base, interval_minutes: 720, active_days: '7' };
    expect(dueTimes(spec, '2026-06-05T00:00', '2026-06-14T23:00')).toEqual([
      'Sun 07 00:00',
      'Sun 07 12:00',
      'Sun 14 00:00',
      'Sun 14 12:00',
    ]);
  });

  it('an interval longer than the window runs once per window, at its opening', () => {
    const spec = { ...base, interval_minutes: 600, active_hours_start: '09:00', active_hours_end: '11:00' };
    expect(dueTimes(spec, '2026-06-01T00:00', '2026-06-03T23:00')).toEqual([
      'Mon 01 09:00',
      'Tue 02 09:00',
      'Wed 03 09:00',
    ]);
  });

  it('start == end is the whole day, and "24:00" is midnight at the end of the day', () => {
    const whole = { ...base, interval_minutes: 480, active_hours_start: '06:00', active_hours_end: '06:00' };
    expect(dueTimes(whole, '2026-06-01T05:00', '2026-06-02T05:59', 'dd HH:mm')).toEqual([
      '01 06:00',
      '01 14:00',
      '01 22:00',
    ]);
    const late = { ...base, interval_minutes: 60, active_hours_start: '22:00', active_hours_end: '24:00' };
    expect(dueTimes(late, '2026-06-01T00:00', '2026-06-01T23:59', 'HH:mm')).toEqual(['22:00', '23:00']);
  });

  it('leap day: a Feb 29 window exists in 2028, and Monday-only skips it in 2028 where it is a Tuesday', () => {
    const spec = { ...base, interval_minutes: 60, active_hours_start: '10:00', active_hours_end: '12:00' };
    expect(dueTimes(spec, '2028-02-29T00:00', '2028-03-01T00:00', 'MM-dd HH:mm')).toEqual([
      '02-29 10:00',
      '02-29 11:00',
    ]);
    const tuesday = { ...spec, active_days: '2' };
    expect(dueTimes(tuesday, '2028-02-27T00:00', '2028-03-06T00:00', 'MM-dd HH:mm')).toEqual([
      '02-29 10:00',
      '02-29 11:00',
    ]);
  });
});

describe('nextDueTime with a cron pattern', () => {
  it('evaluates the pattern in the time zone', () => {
    const spec = { ...base, cron_pattern: '0 9 * * 1-5', timezone: 'America/New_York' };
    expect(dueTimes(spec, '2026-06-05T10:00', '2026-06-09T10:00')).toEqual(['Mon 08 09:00', 'Tue 09 09:00']);
  });

  it('a window further filters its matches', () => {
    const spec = { ...base, cron_pattern: '*/30 * * * *', active_hours_start: '10:00', active_hours_end: '11:30' };
    expect(dueTimes(spec, '2026-06-01T00:00', '2026-06-01T23:59', 'HH:mm')).toEqual(['10:00', '10:30', '11:00']);
  });

  it('answers null when the window never admits a match', () => {
    const spec = { ...base, cron_pattern: '0 3 * * *', active_hours_start: '09:00', active_hours_end: '17:00' };
    expect(nextDueTime(spec, new Date('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('costs a few searches and one zone table, however many matches fall outside the window', () => {
    // Patterns whose matches all miss their windows: a search over the whole year either way.
    const never = [
      // Every five minutes, a window without a five-minute mark, every day, in a zone with clock changes.
      {
        cron_pattern: '*/5 * * * *',
        active_hours_start: '10:01',
        active_hours_end: '10:04',
        timezone: 'Europe/Berlin',
      },
      { cron_pattern: '*/15 * * * *', active_hours_start: '10:01', active_hours_end: '10:14', active_days: '3' },
      // Mondays at nine, a window on Tuesdays only.
      { cron_pattern: '0 9 * * 1', active_days: '2', timezone: 'America/New_York' },
    ];
    const searches = vi.spyOn(Cron.prototype, 'nextRun');
    const zoneReads = vi.spyOn(IANAZone.prototype, 'offset');
    for (const spec of never) {
      for (const dst_policy of [null, { repeated_hour: 'both', skipped_hour: 'skip' } as const]) {
        searches.mockClear();
        zoneReads.mockClear();
        const zone = { timezone: 'America/New_York', ...spec };
        expect(nextDueTime({ ...base, ...zone, dst_policy }, new Date('2026-06-01T00:00:00Z'))).toBeNull();
        // Only the days around the two clock changes are searched; the zone is read once per
        // stretch of 128 days (a sample every 4 days and each change to the second).
        expect(searches.mock.calls.length, JSON.stringify(spec)).toBeLessThanOrEqual(30);
        expect(zoneReads.mock.calls.length, JSON.stringify(spec)).toBeLessThanOrEqual(250);
      }
    }
    // A pattern that matches once a year: one search to find it, not one per window before it.
    searches.mockClear();
    const yearly = { ...base, cron_pattern: '0 10 1 1 *', active_hours_start: '09:00', active_hours_end: '11:00' };
    expect(utcIso(nextDueTime(yearly, new Date('2026-01-02T00:00:00Z')))).toBe('2027-01-01T10:00:00.000Z');
    expect(searches.mock.calls.length).toBeLessThanOrEqual(3);
    searches.mockRestore();
    zoneReads.mockRestore();
  });

  it('finds the smallest gap between firings', () => {
    expect(minimumCronGapMinutes('*/10 * * * *', new Date('2026-06-01T00:00:00Z'))).toBe(10);
    expect(minimumCronGapMinutes('0 9,10 * * *', new Date('2026-06-01T00:00:00Z'))).toBe(60);
  });
});

describe('planCatchUp', () => {
  const spec = { ...base, interval_minutes: 10, anchor: '2026-06-01T00:00:00Z' };
  it('on time: runs the due occurrence, nothing missed', () => {
    const plan = planCatchUp(spec, new Date('2026-06-01T00:10:00Z'), new Date('2026-06-01T00:10:00.050Z'));
    expect(plan).toEqual({
      run: new Date('2026-06-01T00:10:00Z'),
      missed: 0,
      latest: new Date('2026-06-01T00:10:00Z'),
    });
  });

  it('after workers were down for 5 intervals: one catch-up run for the latest, 4 missed', () => {
    const plan = planCatchUp(spec, new Date('2026-06-01T00:30:00Z'), new Date('2026-06-01T01:15:00Z'));
    expect(plan).toEqual({
      run: new Date('2026-06-01T01:10:00Z'),
      missed: 4,
      latest: new Date('2026-06-01T01:10:00Z'),
    });
  });

  it('no catch-up once the window has closed: all are missed', () => {
    const windowed = { ...spec, active_hours_start: '00:00', active_hours_end: '01:00' };
    const plan = planCatchUp(windowed, new Date('2026-06-01T00:30:00Z'), new Date('2026-06-01T01:15:00Z'));
    expect(plan).toEqual({ run: null, missed: 3, latest: new Date('2026-06-01T00:50:00Z') });
    expect(isInWindow(windowed, new Date('2026-06-01T00:59:59Z'))).toBe(true);
    expect(isInWindow(windowed, new Date('2026-06-01T01:00:00Z'))).toBe(false);
  });
});

describe('describeSchedule', () => {
  it("names the window's days, as the schedule card shows them", () => {
    expect(describeWindow({ active_hours_start: '09:00', active_hours_end: '17:00', active_days: '1,2,3,4,5' })).toBe(
      '09:00–17:00 Mon–Fri',
    );
    expect(describeWindow({ active_hours_start: null, active_hours_end: null, active_days: '6,7' })).toBe(
      'on Sat, Sun',
    );
    expect(describeWindow({ active_hours_start: null, active_hours_end: null, active_days: null })).toBe('');
  });

  it('says the schedule in words', () => {
    expect(
      describeSchedule({
        ...base,
        interval_minutes: 60,
        active_hours_start: '09:00',
        active_hours_end: '17:00',
        active_days: '1,2,3,4,5',
        timezone: 'America/New_York',
      }),
    ).toBe('Every 60 minutes, 09:00–17:00 Mon–Fri, America/New_York');
    expect(describeSchedule({ ...base, cron_pattern: '0 9 * * 1' })).toBe('At 09:00, only on Monday, UTC');
  });
});

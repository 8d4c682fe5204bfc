/** Clock changes found and described, 30- and 45-minute offsets included. */
import { describe, expect, it } from 'vitest';
import { clockChangeOn, clockChangesBetween, effectOf, runNote } from '../../domain/clock-changes.js';
import type { DstPolicy } from '../../domain/dst.js';
import type { ScheduleSpec } from '../../domain/schedule.js';

const policy = (repeated_hour: DstPolicy['repeated_hour'], skipped_hour: DstPolicy['skipped_hour']) => ({
  repeated_hour,
  skipped_hour,
});
const cron = (timezone: string, cron_pattern: string, dst_policy: DstPolicy): ScheduleSpec => ({
  timezone,
  cron_pattern,
  anchor: '2026-01-01T00:00:00Z',
  dst_policy,
});
const firstChange = (zone: string, from: string, to: string) =>
  clockChangesBetween(zone, Date.parse(from), Date.parse(to))[0]!;

describe('clockChangeOn', () => {
  it('says when and how the clocks move, 30- and 45-minute offsets included', () => {
    expect(clockChangeOn(new Date('2026-03-29T10:00:00Z'), 'Europe/Berlin')?.words).toBe(
      'clocks go forward 60 min at 02:00 local time: 02:00–03:00 does not exist this day',
    );
    expect(clockChangeOn(new Date('2026-11-01T12:00:00Z'), 'America/New_York')?.words).toBe(
      'clocks go back 60 min at 02:00 local time: 01:00–02:00 happens twice this day',
    );
    expect(clockChangeOn(new Date('2026-10-03T20:00:00Z'), 'Australia/Lord_Howe')?.words).toBe(
      'clocks go forward 30 min at 02:00 local time: 02:00–02:30 does not exist this day',
    );
    expect(clockChangeOn(new Date('2026-04-04T20:00:00Z'), 'Australia/Lord_Howe')?.words).toBe(
      'clocks go back 30 min at 02:00 local time: 01:30–02:00 happens twice this day',
    );
    expect(clockChangeOn(new Date('2026-09-26T20:00:00Z'), 'Pacific/Chatham')).toMatchObject({
      at: new Date('2026-09-26T14:00:00Z'),
      shiftMinutes: 60,
      words: 'clocks go forward 60 min at 02:45 local time: 02:45–03:45 does not exist this day',
    });
    expect(clockChangeOn(new Date('2026-04-04T20:00:00Z'), 'Pacific/Chatham')?.words).toBe(
      'clocks go back 60 min at 03:45 local time: 02:45–03:45 happens twice this day',
    );
    expect(clockChangeOn(new Date('2026-06-01T12:00:00Z'), 'Europe/Berlin')).toBeNull();
  });
});

describe('clockChangesBetween', () => {
  it('finds both changes of a year, to the minute', () => {
    const changes = clockChangesBetween(
      'Europe/Berlin',
      Date.parse('2026-01-01T00:00:00Z'),
      Date.parse('2027-01-01T00:00:00Z'),
    );
    expect(changes.map((c) => [new Date(c.at).toISOString(), c.shift])).toEqual([
      ['2026-03-29T01:00:00.000Z', 60],
      ['2026-10-25T01:00:00.000Z', -60],
    ]);
    expect(clockChangesBetween('UTC', 0, Date.parse('2027-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('effectOf', () => {
  const march = firstChange('Europe/Berlin', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
  const october = firstChange('Europe/Berlin', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z');
  it('says what each policy makes of a cron run in the gap or the repeated hour', () => {
    expect(effectOf(cron('Europe/Berlin', '30 2 * * *', policy('first', 'shift')), march)).toBe(
      'the 02:30 run runs at 03:00 instead (skipped_hour: shift)',
    );
    expect(effectOf(cron('Europe/Berlin', '30 2 * * *', policy('first', 'skip')), march)).toBe(
      'the 02:30 run does not run this day (skipped_hour: skip)',
    );
    expect(effectOf(cron('Europe/Berlin', '*/15 * * * *', policy('first', 'shift')), march)).toBe(
      'the runs at 02:00, 02:15, 02:30… run once at 03:00 instead (skipped_hour: shift)',
    );
    expect(effectOf(cron('Europe/Berlin', '30 2 * * *', policy('first', 'shift')), october)).toBe(
      'the 02:30 run runs once, at the first pass (repeated_hour: first)',
    );
    expect(effectOf(cron('Europe/Berlin', '30 2 * * *', policy('both', 'shift')), october)).toBe(
      'the 02:30 run runs at both passes (repeated_hour: both)',
    );
    expect(effectOf(cron('Europe/Berlin', '0 9 * * *', policy('both', 'skip')), october)).toBe(
      'no run falls in 02:00–03:00: nothing changes',
    );
  });

  it('says what happens to a window that opens in the gap', () => {
    const window = (skipped_hour: DstPolicy['skipped_hour']): ScheduleSpec => ({
      timezone: 'Europe/Berlin',
      interval_minutes: 60,
      active_hours_start: '02:30',
      active_hours_end: '06:00',
      anchor: '2026-01-01T00:00:00Z',
      dst_policy: policy('first', skipped_hour),
    });
    expect(effectOf(window('shift'), march)).toContain('it opens at 03:00 and its runs count from there');
    expect(effectOf(window('skip'), march)).toContain('runs before 03:00 do not happen');
  });
});

describe('runNote', () => {
  it('marks a run moved out of the gap and each pass of a repeated time', () => {
    const shift = cron('Pacific/Chatham', '0 3 * * *', policy('both', 'shift'));
    expect(runNote(shift, new Date('2026-09-26T14:00:00Z'))).toBe(
      'runs at 03:45 for 03:00, which the clocks skip this day',
    );
    // 03:00 on 5 April happens at +13:45 and again at +12:45.
    expect(runNote(shift, new Date('2026-04-04T13:15:00Z'))).toBe(
      '03:00 happens twice this day: this run is at the first',
    );
    expect(runNote(shift, new Date('2026-04-04T14:15:00Z'))).toBe(
      '03:00 happens twice this day: this run is at the second',
    );
    expect(runNote(shift, new Date('2026-06-01T15:00:00Z'))).toBeNull();
  });
});

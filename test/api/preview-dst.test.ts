/** Preview across clock changes: `from` looks ahead, each affected day says what its dst_policy does. */
import { describe, expect, it } from 'vitest';
import { stackSuite } from '../helpers/stack.js';

const s = stackSuite();

const preview = async (body: Record<string, unknown>) => {
  const res = await s.api.post('/v1/bot/heartbeat/preview', {
    project_id: s.seed.projectId,
    bot_id: s.seed.botId,
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.preview as {
    runs: Array<{ at: string; local: string; clock_change: string | null; dst_note: string | null }>;
    clock_changes: Array<{ date: string; at: string; shift_minutes: number; clock_change: string; effect: string }>;
  };
};
const locals = (p: Awaited<ReturnType<typeof preview>>) => p.runs.map((r) => r.local);

describe('preview across clock changes', () => {
  it('Europe/Berlin, 02:30 daily next March: shift runs at 03:00 that day, skip leaves the day out', async () => {
    const body = { cron_pattern: '30 2 * * *', timezone: 'Europe/Berlin', from: '2027-03-26T12:00:00Z', count: 4 };
    const shift = await preview(body);
    expect(locals(shift)).toEqual([
      '2027-03-27T02:30:00+01:00',
      '2027-03-28T03:00:00+02:00',
      '2027-03-29T02:30:00+02:00',
      '2027-03-30T02:30:00+02:00',
    ]);
    expect(shift.runs.map((r) => r.dst_note)).toEqual([
      null,
      'runs at 03:00 for 02:30, which the clocks skip this day',
      null,
      null,
    ]);
    expect(shift.runs[1]!.clock_change).toBe(
      'clocks go forward 60 min at 02:00 local time: 02:00–03:00 does not exist this day',
    );
    expect(shift.clock_changes).toEqual([
      {
        date: '2027-03-28',
        at: '2027-03-28T01:00:00.000Z',
        shift_minutes: 60,
        clock_change: 'clocks go forward 60 min at 02:00 local time: 02:00–03:00 does not exist this day',
        effect: 'the 02:30 run runs at 03:00 instead (skipped_hour: shift)',
      },
    ]);
    const skip = await preview({ ...body, dst_policy: { skipped_hour: 'skip' } });
    expect(locals(skip)).toEqual([
      '2027-03-27T02:30:00+01:00',
      '2027-03-29T02:30:00+02:00',
      '2027-03-30T02:30:00+02:00',
      '2027-03-31T02:30:00+02:00',
    ]);
    expect(skip.clock_changes.map((c) => c.effect)).toEqual([
      'the 02:30 run does not run this day (skipped_hour: skip)',
    ]);
  });

  it('America/New_York, 01:30 daily next November: first runs once, both at each 01:30', async () => {
    const body = { cron_pattern: '30 1 * * *', timezone: 'America/New_York', from: '2027-11-06T12:00:00Z', count: 2 };
    const first = await preview(body);
    expect(locals(first)).toEqual(['2027-11-07T01:30:00-04:00', '2027-11-08T01:30:00-05:00']);
    expect(first.clock_changes.map((c) => [c.date, c.shift_minutes, c.effect])).toEqual([
      ['2027-11-07', -60, 'the 01:30 run runs once, at the first pass (repeated_hour: first)'],
    ]);
    const both = await preview({ ...body, dst_policy: { repeated_hour: 'both' } });
    expect(locals(both)).toEqual(['2027-11-07T01:30:00-04:00', '2027-11-07T01:30:00-05:00']);
    expect(both.runs.map((r) => r.dst_note)).toEqual([
      '01:30 happens twice this day: this run is at the first',
      '01:30 happens twice this day: this run is at the second',
    ]);
  });

  it('Australia/Lord_Howe, a 30-minute gap: 02:15 runs at 02:30', async () => {
    const p = await preview({
      cron_pattern: '15 2 * * *',
      timezone: 'Australia/Lord_Howe',
      from: '2027-10-01T12:00:00Z',
      count: 3,
    });
    expect(locals(p)).toEqual(['2027-10-02T02:15:00+10:30', '2027-10-03T02:30:00+11:00', '2027-10-04T02:15:00+11:00']);
    expect(p.runs[1]!.dst_note).toBe('runs at 02:30 for 02:15, which the clocks skip this day');
    expect(p.clock_changes.map((c) => [c.date, c.shift_minutes, c.clock_change])).toEqual([
      ['2027-10-03', 30, 'clocks go forward 30 min at 02:00 local time: 02:00–02:30 does not exist this day'],
    ]);
  });

  it('Pacific/Chatham, a gap from 02:45 to 03:45: skip leaves 03:00 out that day', async () => {
    const p = await preview({
      cron_pattern: '0 3 * * *',
      timezone: 'Pacific/Chatham',
      from: '2027-09-24T12:00:00Z',
      count: 3,
      dst_policy: { skipped_hour: 'skip' },
    });
    expect(locals(p)).toEqual(['2027-09-25T03:00:00+12:45', '2027-09-27T03:00:00+13:45', '2027-09-28T03:00:00+13:45']);
    expect(p.clock_changes).toMatchObject([
      {
        date: '2027-09-26',
        shift_minutes: 60,
        clock_change: 'clocks go forward 60 min at 02:45 local time: 02:45–03:45 does not exist this day',
        effect: 'the 03:00 run does not run this day (skipped_hour: skip)',
      },
    ]);
  });

  it('refuses a from that is not an ISO instant', async () => {
    const res = await s.api.post('/v1/bot/heartbeat/preview', {
      project_id: s.seed.projectId,
      bot_id: s.seed.botId,
      interval_minutes: 60,
      from: 'next March',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'from' });
  });
});

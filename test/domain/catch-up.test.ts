/** The missed-runs policies: which missed occurrences run and which are recorded as missed. */
import { describe, expect, it } from 'vitest';
import { planMissedRuns } from '../../domain/catch-up.js';
import { plannedRun } from '../../domain/heartbeat.js';
import { heartbeatConfig } from '../helpers/config.js';

const at = (hhmmss: string) => new Date(`2026-06-01T${hhmmss}Z`);
// Every 10 minutes from midnight: 00:10, 00:20, …
const config = heartbeatConfig('2026-06-01T00:00:00Z', { interval_minutes: 10 });

describe('planMissedRuns', () => {
  it('run_once (the default): the latest runs, the earlier ones are missed', () => {
    const expected = { run: at('01:10:00'), missed: 4, latest: at('01:10:00') };
    expect(planMissedRuns(config, at('00:30:00'), at('01:15:00'))).toEqual(expected);
    expect(planMissedRuns({ ...config, missed_runs: 'run_once' }, at('00:30:00'), at('01:15:00'))).toEqual(expected);
  });

  it('skip: an occurrence on time runs; one started more than a minute late is missed with the rest', () => {
    const skip = { ...config, missed_runs: 'skip' as const };
    expect(planMissedRuns(skip, at('00:10:00'), at('00:10:00.050'))).toEqual({
      run: at('00:10:00'),
      missed: 0,
      latest: at('00:10:00'),
    });
    expect(planMissedRuns(skip, at('00:30:00'), at('01:15:00'))).toEqual({
      run: null,
      missed: 5,
      latest: at('01:10:00'),
    });
    expect(planMissedRuns(skip, at('00:30:00'), at('01:10:30'))).toEqual({
      run: at('01:10:00'),
      missed: 4,
      latest: at('01:10:00'),
    });
  });

  it('skip: on time counts from the jittered start', () => {
    const skip = { ...config, missed_runs: 'skip' as const, jitter_seconds: 300 };
    const planned = plannedRun(skip, at('00:00:00'))!;
    const late = new Date(planned.at.getTime() + 30_000);
    expect(planMissedRuns(skip, planned.nominal, late).run).toEqual(planned.nominal);
  });

  it('run_all: the oldest runs first, one at a time, while within the catch-up window', () => {
    const all = { ...config, missed_runs: 'run_all' as const };
    // Down from 00:25 to 01:15, window 60: 00:30 is 45 minutes old and runs first.
    expect(planMissedRuns(all, at('00:30:00'), at('01:15:00'))).toEqual({
      run: at('00:30:00'),
      missed: 0,
      latest: at('00:30:00'),
    });
    // Window 20: 00:30, 00:40 and 00:50 are too old; 01:00 runs, then 01:10.
    const narrow = { ...all, catch_up_window_minutes: 20 };
    expect(planMissedRuns(narrow, at('00:30:00'), at('01:15:00'))).toEqual({
      run: at('01:00:00'),
      missed: 3,
      latest: at('01:00:00'),
    });
    expect(planMissedRuns(narrow, at('01:10:00'), at('01:16:00'))).toEqual({
      run: at('01:10:00'),
      missed: 0,
      latest: at('01:10:00'),
    });
  });

  it('run_all: everything too old is missed; a catch-up never runs after its active window closed', () => {
    const all = { ...config, missed_runs: 'run_all' as const, catch_up_window_minutes: 5 };
    expect(planMissedRuns(all, at('00:30:00'), at('01:16:00'))).toEqual({
      run: null,
      missed: 5,
      latest: at('01:10:00'),
    });
    const windowed = {
      ...all,
      catch_up_window_minutes: 15,
      active_hours_start: '00:00',
      active_hours_end: '01:00',
    };
    // 00:50 is within 15 minutes at 01:02, but the window closed at 01:00.
    expect(planMissedRuns(windowed, at('00:20:00'), at('01:02:00'))).toEqual({
      run: null,
      missed: 4,
      latest: at('00:50:00'),
    });
  });

  it('run_all: the catch-up window allows for the jitter', () => {
    const all = { ...config, missed_runs: 'run_all' as const, catch_up_window_minutes: 5, jitter_seconds: 600 };
    // 00:30 is 14 minutes old: within 5 minutes plus the 10 minutes of jitter.
    expect(planMissedRuns(all, at('00:30:00'), at('00:44:00')).run).toEqual(at('00:30:00'));
  });
});

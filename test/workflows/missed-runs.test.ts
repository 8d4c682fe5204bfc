/**
 * `missed_runs` in the workflow, on the time-skipping server: a heartbeat held up for three and a
 * half intervals (its first bookkeeping write failing, as while the database or workers are down)
 * wakes late, and each policy decides what runs and what is recorded as missed.
 */
import { describe, expect, it } from 'vitest';
import { stateQuery } from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { heartbeatConfig } from '../helpers/config.js';
import { fakeActivities, serverNow, success, type RecordedRow } from '../helpers/fake-activities.js';
import { uniqueId } from '../helpers/temporal.js';
import { timeSkippingSuite } from '../helpers/workflow-suite.js';

const MINUTE = 60_000;

const suite = timeSkippingSuite();

/**
 * Runs a 10-minute heartbeat whose first status write fails until 35 minutes after its anchor
 * (occurrences at 10, 20 and 30 fall due meanwhile), for `minutes` in all; its rows, in minutes
 * after the anchor: "run 30", "missed 10 ×2", "skipped 30 budget_exhausted".
 */
async function heldUp(overrides: Partial<HeartbeatConfig>, minutes = 56, agent = success) {
  const fake = fakeActivities({ agent: () => agent() });
  const anchor = await suite.env.currentTimeMs();
  const save = fake.activities.saveHeartbeatStatus;
  fake.activities.saveHeartbeatStatus = async (input) => {
    if ((await serverNow()).getTime() < anchor + 35 * MINUTE) throw new Error('the database is unreachable');
    return save(input);
  };
  const config = heartbeatConfig(new Date(anchor).toISOString(), {
    heartbeat_id: uniqueId(),
    interval_minutes: 10,
    ...overrides,
  });
  const state = await suite.run(fake, config, async (handle) => {
    await suite.env.sleep(minutes * MINUTE);
    return handle.query(stateQuery);
  });
  const at = (iso: string | null) => (Date.parse(iso!) - anchor) / MINUTE;
  const label = (r: RecordedRow) =>
    r.reason === 'missed'
      ? `missed ${at(r.scheduled_for)} ×${r.missed_count}`
      : r.status === 'skipped'
        ? `skipped ${at(r.scheduled_for)} ${r.reason}`
        : `run ${at(r.scheduled_for)}`;
  return { rows: fake.rows.map(label), state, fake, anchor };
}

describe('missed_runs', () => {
  it('run_once (the default): the latest missed occurrence runs, the two before it are one missed row', async () => {
    const { rows } = await heldUp({});
    expect(rows).toEqual(['missed 10 ×2', 'run 30', 'run 40', 'run 50']);
  });

  it('skip: none of the late occurrences runs; all three are one missed row, and the schedule goes on', async () => {
    const { rows } = await heldUp({ missed_runs: 'skip' });
    expect(rows).toEqual(['missed 10 ×3', 'run 40', 'run 50']);
  });

  it('run_all: each runs, oldest first, one at a time, at its own occurrence, before the schedule goes on', async () => {
    const { rows, fake, anchor } = await heldUp({ missed_runs: 'run_all' });
    expect(rows).toEqual(['run 10', 'run 20', 'run 30', 'run 40', 'run 50']);
    // The catch-up ran when the heartbeat woke (about 35 minutes in), the rest on time.
    const startedAt = fake.agentCalls.map((c) => Math.floor((c.at.getTime() - anchor) / MINUTE));
    expect(startedAt.slice(0, 3).every((m) => m >= 35 && m < 37)).toBe(true);
    expect(startedAt.slice(3)).toEqual([40, 50]);
  });

  it('run_all within catch_up_window_minutes: older occurrences are missed, the rest run', async () => {
    const { rows } = await heldUp({ missed_runs: 'run_all', catch_up_window_minutes: 20 });
    expect(rows).toEqual(['missed 10 ×1', 'run 20', 'run 30', 'run 40', 'run 50']);
  });

  it('run_all is capped by the budget: the catch-up stops where the budget is spent', async () => {
    // 2 credits a run, a budget of 3: the second run spends it, the third is refused.
    const { rows, state } = await heldUp({ missed_runs: 'run_all', credit_budget: 3 }, 56, () => success(1500));
    expect(rows).toEqual(['run 10', 'run 20', 'skipped 30 budget_exhausted']);
    expect(state.state).toBe('budget_exhausted');
  });
});
